"""Notices to customers in arrears: 催费通知单 (kind "reminder") and 停电通知书 (kind
"stop_warning").

A notice is frozen as issued (payload_json: the customer, the overdue bills, principal and
late fee as of the issue date AND as of the deadline — the counter's own code path,
hall_domain.allocation.quote — the ways to pay and the legal basis); its status follows its
delivery and the customer's payments: pending → delivered, or settled (the arrears were paid),
or superseded (a newer notice of the same kind). Numbers are gapless per hall, kind and year:
H001-CF-2026-000123 (CF 催费, TD 停电).

Rule text and article numbers come from hall_ledger/data/legal_basis.json (versioned: the
2024 revision of 供电营业规则 renumbered the articles); the ways to pay, the notice window and
the deadlines are a hall's settings (notice_settings) over the data file's defaults.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.dialects import postgresql, sqlite

from hall_domain.accounts import BillStatus, UserType
from hall_domain.allocation import quote
from hall_domain.collections import customer_class
from hall_domain.late_fees import LateFeeRuleSet
from hall_domain.stop_supply import GATES, NoticeWindow

from ..store.db import is_sqlite, lock_accounts
from ..store.models import Bill, Customer, Notice, NoticeDelivery, NoticeSequence, NoticeSettings
from .collections_audit import SYSTEM, record_action
from .posting import bill_from_row, customer_from_row

KINDS = ("reminder", "stop_warning")
PREFIX = {"reminder": "CF", "stop_warning": "TD"}
TITLE = {"reminder": "电费催费通知单", "stop_warning": "停电通知书"}
STATUSES = ("pending", "delivered", "settled", "superseded")
# How a notice reached the customer; "refused" is an attempt the customer refused (not delivered).
METHODS = ("in_person", "posted", "left_at_door", "refused")
DELIVERED_METHODS = ("in_person", "posted", "left_at_door")
METHOD_TEXT = {"in_person": "当面签收", "posted": "邮寄送达", "left_at_door": "留置送达",
               "refused": "拒收"}


class NoticeError(Exception):
    """A refusal: HTTP status, error code (collections.notices.*), message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


# --- legal basis and settings ------------------------------------------------------------------


@cache
def legal_data() -> dict[str, Any]:
    text = resources.files("hall_ledger.data").joinpath("legal_basis.json").read_text("utf-8")
    return json.loads(text)


@dataclass(frozen=True)
class NoticeConfig:
    hall_id: str
    province: str
    legal_version: str
    window: NoticeWindow
    reconnect_hours: int
    reminder_days: int
    stop_warning_days: int
    hall_name: str
    hall_phone: str
    pay_ways: tuple[str, ...]
    basis: dict[str, dict[str, str]] = field(default_factory=dict)  # gate -> {article, text}
    law_title: str = ""

    def basis_text(self, gate: str) -> str:
        b = self.basis.get(gate)
        if not b:
            return ""
        return f"{self.law_title}{b['article']}：{b['text']}"

    def gate_basis(self) -> dict[str, str]:
        return {g: self.basis_text(g) for g in GATES}

    def as_dict(self) -> dict[str, Any]:
        return {
            "hall_id": self.hall_id, "province": self.province,
            "legal_version": self.legal_version,
            "notice_window_min_days": self.window.min_days,
            "notice_window_max_days": self.window.max_days,
            "reconnect_hours": self.reconnect_hours, "reminder_days": self.reminder_days,
            "stop_warning_days": self.stop_warning_days, "hall_name": self.hall_name,
            "hall_phone": self.hall_phone, "pay_ways": list(self.pay_ways),
            "legal_title": self.law_title,
        }


def settings_for(conn: Connection, hall_id: str) -> NoticeConfig:
    data = legal_data()
    row = conn.execute(select(NoticeSettings).where(NoticeSettings.hall_id == hall_id)).first()
    province = row.province if row is not None else "default"
    prov = data["provinces"].get(province) or data["provinces"]["default"]
    version = (row.legal_version if row is not None and row.legal_version else
               data["default_version"])
    law = data["versions"][version]

    def pick(attr: str) -> int:
        value = getattr(row, attr, None) if row is not None else None
        return int(prov[attr] if value is None else value)

    pay_ways = (json.loads(row.pay_ways_json) if row is not None and row.pay_ways_json
                else data["pay_ways"])
    return NoticeConfig(
        hall_id=hall_id, province=province, legal_version=version,
        window=NoticeWindow(pick("notice_window_min_days"), pick("notice_window_max_days")),
        reconnect_hours=pick("reconnect_hours"),
        reminder_days=row.reminder_days if row is not None else 15,
        stop_warning_days=row.stop_warning_days if row is not None else 7,
        hall_name=row.hall_name if row is not None and row.hall_name else f"{hall_id} 营业厅",
        hall_phone=row.hall_phone if row is not None else "",
        pay_ways=tuple(pay_ways), basis=law["articles"], law_title=law["title"],
    )


SETTING_FIELDS = ("province", "legal_version", "notice_window_min_days",
                  "notice_window_max_days", "reconnect_hours", "reminder_days",
                  "stop_warning_days", "hall_name", "hall_phone", "pay_ways")


def change_settings(conn: Connection, hall_id: str, *, actor: str, terminal_id: str | None,
                    now: datetime, changes: dict[str, Any]) -> NoticeConfig:
    """Set some of a hall's settings (None leaves one as it is); recorded as an action."""
    data = legal_data()
    unknown = set(changes) - set(SETTING_FIELDS)
    if unknown:
        raise NoticeError(422, "collections.notices.setting", f"unknown setting {sorted(unknown)}")
    changes = {k: v for k, v in changes.items() if v is not None}
    if "legal_version" in changes and changes["legal_version"] not in data["versions"]:
        raise NoticeError(422, "collections.notices.setting",
                          f"legal version must be one of {sorted(data['versions'])}")
    if "province" in changes and changes["province"] not in data["provinces"]:
        raise NoticeError(422, "collections.notices.setting",
                          f"province must be one of {sorted(k for k in data['provinces'] if not k.startswith('_'))}")
    values = {k: v for k, v in changes.items() if k != "pay_ways"}
    if "pay_ways" in changes:
        values["pay_ways_json"] = json.dumps(list(changes["pay_ways"]), ensure_ascii=False)
    current = conn.execute(select(NoticeSettings).where(NoticeSettings.hall_id == hall_id)).first()
    if current is None:
        base = {"hall_id": hall_id, "province": "default", "reminder_days": 15,
                "stop_warning_days": 7, "hall_name": "", "hall_phone": ""}
        conn.execute(NoticeSettings.__table__.insert().values(
            **{**base, **values, "updated_at": now, "updated_by": actor}))
    else:
        conn.execute(update(NoticeSettings).where(NoticeSettings.hall_id == hall_id)
                     .values(**values, updated_at=now, updated_by=actor))
    try:
        config = settings_for(conn, hall_id)  # validates the window
    except ValueError as exc:  # the caller's transaction rolls the change back
        raise NoticeError(422, "collections.notices.setting", str(exc)) from exc
    record_action(conn, hall_id=hall_id, terminal_id=terminal_id, actor=actor,
                  action="notices.settings.changed", subject=hall_id, detail=changes, at=now)
    return config


# --- issuing -----------------------------------------------------------------------------------


def _next_number(conn: Connection, hall_id: str, prefix: str, year: int) -> int:
    dialect = sqlite if is_sqlite(conn) else postgresql
    stmt = dialect.insert(NoticeSequence).values(hall_id=hall_id, prefix=prefix, year=year, seq=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=["hall_id", "prefix", "year"],
        set_={"seq": NoticeSequence.__table__.c.seq + 1},
    ).returning(NoticeSequence.seq)
    return int(conn.execute(stmt).scalar_one())


def overdue_bills(conn: Connection, account_no: str, as_of: date):
    """The account's open bills that fell due before `as_of`, as domain Bills."""
    rows = conn.execute(select(Bill).where(Bill.account_no == account_no,
                                           Bill.status != BillStatus.PAID.value,
                                           Bill.due_date < as_of))
    return [b for b in map(bill_from_row, rows) if b.is_open]


def _customer(conn: Connection, hall_id: str, account_no: str):
    row = conn.execute(select(Customer).where(Customer.account_no == account_no)).first()
    if row is None or row.hall_id != hall_id:
        raise NoticeError(404, "collections.notices.unknown_account",
                          f"no account {account_no} in hall {hall_id}")
    return row


def issue_notice(conn: Connection, hall_id: str, account_no: str, kind: str, as_of: date,
                 source: str, *, actor: str = SYSTEM, terminal_id: str | None = None,
                 now: datetime | None = None, rules: LateFeeRuleSet | None = None) -> dict:
    """Issue a notice of `kind` for the account's overdue bills as of `as_of` (the dunning
    sink calls this). Issuing again on the same day while the last one is pending answers
    that one; an older pending notice of the kind is superseded. Returns the notice (JSON)."""
    if kind not in KINDS:
        raise NoticeError(422, "collections.notices.kind", f"kind must be one of {KINDS}")
    now = now or datetime.combine(as_of, datetime.min.time())
    rules = rules or LateFeeRuleSet()
    lock_accounts(conn, [account_no])  # one pending notice per day, amounts not mid-payment
    row = _customer(conn, hall_id, account_no)
    t = Notice.__table__
    same = conn.execute(select(t.c.notice_no).where(
        t.c.hall_id == hall_id, t.c.account_no == account_no, t.c.kind == kind,
        t.c.status == "pending", t.c.issued_on == as_of)).scalar()
    if same is not None:
        return get_notice(conn, hall_id, same)
    bills = overdue_bills(conn, account_no, as_of)
    if not bills:
        raise NoticeError(409, "collections.notices.nothing_overdue",
                          f"account {account_no} has no overdue bill on {as_of.isoformat()}")
    config = settings_for(conn, hall_id)
    days = config.reminder_days if kind == "reminder" else config.stop_warning_days
    deadline = as_of + timedelta(days=days)
    customer = customer_from_row(row)
    today = quote(customer, bills, as_of, rules)
    at_deadline = quote(customer, bills, deadline, rules)
    by_id = {line.bill.bill_id: line for line in at_deadline.lines}
    number = (f"{hall_id}-{PREFIX[kind]}-{as_of.year}-"
              f"{_next_number(conn, hall_id, PREFIX[kind], as_of.year):06d}")
    payload = {
        "notice_no": number, "kind": kind, "title": TITLE[kind], "hall_id": hall_id,
        "hall_name": config.hall_name, "hall_phone": config.hall_phone,
        "account_no": account_no, "name": row.name, "address": row.address, "area": row.area,
        "user_type": row.user_type,
        "customer_class": customer_class(row.user_type, row.customer_class).value,
        "issued_on": as_of.isoformat(), "deadline": deadline.isoformat(),
        "periods": [{
            "period": line.bill.period, "due_date": line.bill.due_date.isoformat(),
            "kwh": line.bill.kwh, "principal_fen": line.principal_fen,
            "days_overdue": line.days_overdue, "late_fee_fen": line.late_fee_fen,
            "late_fee_deadline_fen": by_id[line.bill.bill_id].late_fee_fen,
        } for line in today.lines],
        "principal_fen": today.principal_total_fen,
        "late_fee_fen": today.late_fee_total_fen,
        "total_fen": today.total_due_fen,
        "late_fee_deadline_fen": at_deadline.late_fee_total_fen,
        "total_deadline_fen": at_deadline.total_due_fen,
        "late_fee_rate": ("每日1‰" if customer.user_type == UserType.RESIDENTIAL else
                          "当年部分每日2‰，跨年部分每日3‰"),
        "pay_ways": list(config.pay_ways),
        "legal": {"version": config.legal_version, "title": config.law_title,
                  "articles": _notice_articles(config, kind)},
        "source": source,
    }
    if kind == "stop_warning":
        payload["planned_stop_on"] = deadline.isoformat()
    conn.execute(update(Notice).where(
        t.c.hall_id == hall_id, t.c.account_no == account_no, t.c.kind == kind,
        t.c.status == "pending").values(status="superseded"))
    conn.execute(t.insert().values(
        hall_id=hall_id, notice_no=number, kind=kind, account_no=account_no, area=row.area,
        address=row.address, issued_on=as_of, deadline=deadline,
        principal_fen=today.principal_total_fen, late_fee_fen=today.late_fee_total_fen,
        late_fee_deadline_fen=at_deadline.late_fee_total_fen, source=source[:64],
        status="pending", delivered_at=None, issued_at=now,
        payload_json=json.dumps(payload, ensure_ascii=False, sort_keys=True)))
    record_action(conn, hall_id=hall_id, terminal_id=terminal_id, actor=actor,
                  action="notices.issued", subject=number,
                  detail={"account_no": account_no, "kind": kind, "source": source,
                          "total_fen": today.total_due_fen}, at=now)
    return get_notice(conn, hall_id, number)


def _notice_articles(config: NoticeConfig, kind: str) -> list[dict[str, str]]:
    gates = (("late_fee", "overdue") if kind == "reminder" else
             ("late_fee", "overdue", "notice_window", "renotice", "reconnection"))
    return [{"gate": g, **config.basis[g]} for g in gates if g in config.basis]


class NoticeSink:
    """The notices side of the dunning runs' action sink (DunningActionSink): `notice`
    issues the notice; `stop_request` records that the run proposes a stop-supply request
    (a person raises it, through the gates); `sms` goes to the SMS sink when one is given."""

    def __init__(self, sms_sink: Any | None = None) -> None:
        self.sms_sink = sms_sink

    def sms(self, conn, hall_id, account_no, run_id, level, as_of):
        if self.sms_sink is not None:
            return self.sms_sink.sms(conn, hall_id, account_no, run_id, level, as_of)
        return None

    def notice(self, conn, hall_id, account_no, run_id, level, kind, as_of):
        """The notice issued (or None when the account owes nothing overdue any more: a
        payment came in after the proposal; the run goes on)."""
        try:
            return issue_notice(conn, hall_id, account_no, kind, as_of,
                                f"dunning run {run_id} level {level}")
        except NoticeError as exc:
            if exc.code != "collections.notices.nothing_overdue":
                raise
            return None

    def stop_request(self, conn, hall_id, account_no, run_id, level, as_of):
        record_action(conn, hall_id=hall_id, terminal_id=None, actor=SYSTEM,
                      action="stop_supply.proposed", subject=account_no,
                      detail={"run_id": str(run_id), "level": level,
                              "as_of": as_of.isoformat()})


# --- reading -----------------------------------------------------------------------------------


def _summary(r) -> dict[str, Any]:
    payload = json.loads(r.payload_json)
    return {
        "notice_no": r.notice_no, "kind": r.kind, "account_no": r.account_no,
        "name": payload["name"], "address": r.address, "area": r.area,
        "issued_on": r.issued_on.isoformat(), "deadline": r.deadline.isoformat(),
        "principal_fen": r.principal_fen, "late_fee_fen": r.late_fee_fen,
        "total_fen": r.principal_fen + r.late_fee_fen,
        "late_fee_deadline_fen": r.late_fee_deadline_fen,
        "total_deadline_fen": r.principal_fen + r.late_fee_deadline_fen,
        "status": r.status,
        "delivered_at": r.delivered_at.isoformat() if r.delivered_at else None,
        "source": r.source,
    }


def list_notices(conn: Connection, hall_id: str, *, kind: str | None = None,
                 status: str | None = None, area: str | None = None,
                 account_no: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
    t = Notice.__table__
    q = select(t).where(t.c.hall_id == hall_id)
    for col, value in ((t.c.kind, kind), (t.c.status, status), (t.c.area, area),
                       (t.c.account_no, account_no)):
        if value is not None:
            q = q.where(col == value)
    q = q.order_by(t.c.notice_id.desc()).limit(limit)
    return [_summary(r) for r in conn.execute(q)]


def _row(conn: Connection, hall_id: str, number: str):
    t = Notice.__table__
    row = conn.execute(select(t).where(t.c.hall_id == hall_id, t.c.notice_no == number)).first()
    if row is None:
        raise NoticeError(404, "collections.notices.unknown", f"no notice {number} in this hall")
    return row


def get_notice(conn: Connection, hall_id: str, number: str) -> dict[str, Any]:
    """The notice as JSON: what it says, its status, its deliveries and the lines a counter
    prints on its receipt printer."""
    row = _row(conn, hall_id, number)
    payload = json.loads(row.payload_json)
    d = NoticeDelivery.__table__
    deliveries = [{
        "method": r.method, "signed_by": r.signed_by,
        "delivered_at": r.delivered_at.isoformat(), "delivered_by": r.delivered_by,
    } for r in conn.execute(select(d).where(d.c.notice_id == row.notice_id)
                            .order_by(d.c.delivery_id))]
    return {**payload, **_summary(row), "deliveries": deliveries,
            "print_lines": print_lines(payload)}


def _yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100:,}.{fen % 100:02d}"


def print_lines(p: dict[str, Any]) -> list[str]:
    """The notice as short lines for a receipt printer (the counter adds its own header)."""
    lines = [p["title"], f"编号：{p['notice_no']}", f"户号：{p['account_no']}",
             f"户名：{p['name']}", f"地址：{p['address']}", f"开具日期：{p['issued_on']}",
             "欠费月份  应缴电费  违约金"]
    for period in p["periods"]:
        lines.append(f"{period['period']}  {_yuan(period['principal_fen'])}  "
                     f"{_yuan(period['late_fee_fen'])}")
    lines += [
        f"欠费本金：{_yuan(p['principal_fen'])} 元",
        f"违约金（截至{p['issued_on']}）：{_yuan(p['late_fee_fen'])} 元",
        f"合计：{_yuan(p['total_fen'])} 元",
        f"请于{p['deadline']}前缴清；届时违约金 {_yuan(p['late_fee_deadline_fen'])} 元，"
        f"合计 {_yuan(p['total_deadline_fen'])} 元",
    ]
    if p["kind"] == "stop_warning":
        lines.append(f"逾期未缴，将于{p['planned_stop_on']}起依法中止供电")
    lines.append("缴费方式：")
    lines += [f"· {w}" for w in p["pay_ways"]]
    legal = p["legal"]
    lines.append("依据：" + legal["title"] + "、".join(a["article"] for a in legal["articles"]))
    lines.append(p["hall_name"] + (f" 电话 {p['hall_phone']}" if p.get("hall_phone") else ""))
    return lines


_DIGITS = re.compile(r"(\d+)")


def walking_key(address: str) -> tuple:
    """Address order for a walk down the street: numbers compared as numbers (2号 before 10号)."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                 for part in _DIGITS.split(address) if part)


def batch_notices(conn: Connection, hall_id: str, kind: str, area: str) -> list[dict[str, Any]]:
    """The area's pending notices of `kind`, full, in walking order (address, then number)."""
    if kind not in KINDS:
        raise NoticeError(422, "collections.notices.kind", f"kind must be one of {KINDS}")
    t = Notice.__table__
    numbers = conn.execute(select(t.c.notice_no, t.c.address).where(
        t.c.hall_id == hall_id, t.c.kind == kind, t.c.area == area,
        t.c.status == "pending")).all()
    numbers = sorted(numbers, key=lambda r: (walking_key(r.address), r.notice_no))
    return [get_notice(conn, hall_id, n.notice_no) for n in numbers]


# --- delivery and settlement -------------------------------------------------------------------


def record_delivery(conn: Connection, hall_id: str, number: str, *, actor: str,
                    terminal_id: str | None, method: str, signed_by: str | None,
                    delivered_at: datetime, now: datetime) -> dict[str, Any]:
    """Record one delivery attempt; any method but "refused" makes the notice delivered."""
    if method not in METHODS:
        raise NoticeError(422, "collections.notices.method", f"method must be one of {METHODS}")
    row = _row(conn, hall_id, number)
    if row.status != "pending":
        raise NoticeError(409, "collections.notices.not_pending",
                          f"notice {number} is {row.status}: no delivery can be recorded")
    if delivered_at > now + timedelta(minutes=5):
        raise NoticeError(422, "collections.notices.delivered_in_future",
                          "the delivery time is later than now")
    if delivered_at.date() < row.issued_on:
        raise NoticeError(422, "collections.notices.delivered_before_issue",
                          f"notice {number} was issued on {row.issued_on.isoformat()}")
    if method == "in_person" and not signed_by:
        raise NoticeError(422, "collections.notices.signed_by",
                          "a notice handed over in person needs the name of who signed")
    conn.execute(NoticeDelivery.__table__.insert().values(
        notice_id=row.notice_id, method=method, signed_by=signed_by, delivered_at=delivered_at,
        delivered_by=actor, recorded_at=now))
    if method in DELIVERED_METHODS:
        conn.execute(update(Notice).where(Notice.notice_id == row.notice_id)
                     .values(status="delivered", delivered_at=delivered_at))
    record_action(conn, hall_id=hall_id, terminal_id=terminal_id, actor=actor,
                  action="notices.delivery.recorded", subject=number,
                  detail={"method": method, "signed_by": signed_by,
                          "delivered_at": delivered_at.isoformat()}, at=now)
    return get_notice(conn, hall_id, number)


def settle_pending(conn: Connection, hall_id: str, account_no: str, now: datetime) -> list[str]:
    """Mark the account's pending notices settled (its arrears were paid); their numbers."""
    t = Notice.__table__
    numbers = list(conn.execute(select(t.c.notice_no).where(
        t.c.hall_id == hall_id, t.c.account_no == account_no, t.c.status == "pending"))
        .scalars())
    if numbers:
        conn.execute(update(Notice).where(t.c.hall_id == hall_id, t.c.notice_no.in_(numbers))
                     .values(status="settled"))
        for number in numbers:
            record_action(conn, hall_id=hall_id, terminal_id=None, actor=SYSTEM,
                          action="notices.settled", subject=number,
                          detail={"account_no": account_no}, at=now)
    return numbers


def delivered_notices(conn: Connection, hall_id: str, account_no: str, kind: str,
                      since: date, until: datetime) -> list[tuple[str, datetime]]:
    """(number, delivered_at) of the account's notices of `kind` delivered on or after
    `since` and by `until`, newest first."""
    t = Notice.__table__
    rows = conn.execute(select(t.c.notice_no, t.c.delivered_at).where(
        t.c.hall_id == hall_id, t.c.account_no == account_no, t.c.kind == kind,
        t.c.delivered_at.is_not(None), t.c.delivered_at <= until,
        t.c.delivered_at >= datetime.combine(since, datetime.min.time()))
        .order_by(t.c.delivered_at.desc()))
    return [(r.notice_no, r.delivered_at) for r in rows]
