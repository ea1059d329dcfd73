"""A hall's SMS settings: sending window in its local time zone, caps, default signature."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, insert, select, update

from hall_domain.errors import DomainError
from hall_domain.sms import SmsPolicy, check_policy

from ...store.models import SmsSettings
from ..collections_audit import record_action
from .errors import SmsError

DEFAULT_TZ = "Asia/Shanghai"
DEFAULT_SIGNATURE = "国网供电"


@dataclass(frozen=True, slots=True)
class HallSms:
    hall_id: str
    policy: SmsPolicy
    tz: ZoneInfo
    signature: str

    def local(self, utc_naive: datetime) -> datetime:
        """A stored (naive UTC) time as the hall's naive wall-clock time."""
        from datetime import UTC

        return utc_naive.replace(tzinfo=UTC).astimezone(self.tz).replace(tzinfo=None)

    def utc(self, local_naive: datetime) -> datetime:
        from datetime import UTC

        return local_naive.replace(tzinfo=self.tz).astimezone(UTC).replace(tzinfo=None)

    def as_dict(self) -> dict:
        p = self.policy
        return {"hall_id": self.hall_id, "window_start": p.window_start.strftime("%H:%M"),
                "window_end": p.window_end.strftime("%H:%M"), "day_cap": p.day_cap,
                "month_cap": p.month_cap, "tz": self.tz.key, "signature": self.signature}


def _hhmm(text: str) -> time:
    try:
        t = time.fromisoformat(text)
    except ValueError as exc:
        raise SmsError(422, "settings", f"not a time HH:MM: {text!r}") from exc
    return t.replace(second=0, microsecond=0)


def hall_sms(conn: Connection, hall_id: str) -> HallSms:
    row = conn.execute(select(SmsSettings).where(SmsSettings.hall_id == hall_id)).first()
    if row is None:
        return HallSms(hall_id, SmsPolicy(), ZoneInfo(DEFAULT_TZ), DEFAULT_SIGNATURE)
    return HallSms(hall_id, SmsPolicy(window_start=_hhmm(row.window_start),
                                      window_end=_hhmm(row.window_end), day_cap=row.day_cap,
                                      month_cap=row.month_cap),
                   ZoneInfo(row.tz), row.signature)


def set_settings(conn: Connection, hall_id: str, *, actor: str, now: datetime,
                 terminal_id: str | None = None, window_start: str | None = None,
                 window_end: str | None = None, day_cap: int | None = None,
                 month_cap: int | None = None, tz: str | None = None,
                 signature: str | None = None) -> HallSms:
    """Change a hall's settings (only the ones given), checked, recorded as sms.settings.changed."""
    old = hall_sms(conn, hall_id)
    p = old.policy
    policy = SmsPolicy(
        window_start=_hhmm(window_start) if window_start else p.window_start,
        window_end=_hhmm(window_end) if window_end else p.window_end,
        day_cap=p.day_cap if day_cap is None else day_cap,
        month_cap=p.month_cap if month_cap is None else month_cap)
    try:
        check_policy(policy)
        zone = ZoneInfo(tz) if tz else old.tz
    except DomainError as exc:
        raise SmsError(422, "settings", exc.message) from exc
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SmsError(422, "settings", f"unknown time zone {tz!r}") from exc
    sig = old.signature if signature is None else signature.strip()
    if (not 2 <= len(sig) <= 12 or any(c in sig for c in "【】[] ")
            or any(unicodedata.category(c)[0] in "CZ" for c in sig)):
        raise SmsError(422, "settings", "the signature has 2-12 characters, no brackets or spaces")
    new = HallSms(hall_id, policy, zone, sig)
    values = {"window_start": policy.window_start.strftime("%H:%M"),
              "window_end": policy.window_end.strftime("%H:%M"), "day_cap": policy.day_cap,
              "month_cap": policy.month_cap, "tz": zone.key, "signature": sig,
              "updated_at": now, "updated_by": actor}
    exists = conn.execute(select(SmsSettings.hall_id).where(SmsSettings.hall_id == hall_id)).first()
    if exists:
        conn.execute(update(SmsSettings).where(SmsSettings.hall_id == hall_id).values(**values))
    else:
        conn.execute(insert(SmsSettings).values(hall_id=hall_id, **values))
    record_action(conn, hall_id=hall_id, terminal_id=terminal_id, actor=actor,
                  action="sms.settings.changed", subject=hall_id,
                  detail={"before": old.as_dict(), "after": new.as_dict()}, at=now)
    return new
