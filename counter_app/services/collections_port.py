"""The counter's port to the ledger's collections (催费) API, and the plain data it answers with.

Re-exported by services.ports (adapters import it from there). The ledger owns arrears,
dunning, notices, SMS and stop-supply (hall_ledger, `/v1/collections/...`); the counter only
reads and asks, hall-scoped by its token, every mutation carrying the signed-in person's id as
`actor` (services.collections adds the counter's own audit entry).

Errors: a request the ledger refused raises CollectionsError (a DomainError: its `code` is the
ledger's, e.g. `collections.stop_supply.gates`, or `collections.refused`); no connection, a
timeout or a 5xx raises ports.OutcomeUnknown (the caller may show what it last synced).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, Protocol, TypeVar

from hall_domain.errors import DomainError

T = TypeVar("T")


class CollectionsError(DomainError):
    """The ledger refused a collections request, or the counter cannot ask it."""

    code = "collections.refused"


@dataclass(frozen=True, slots=True)
class ArrearsFilter:
    """The arrears list's filters (None: any); `as_of` the day overdue days count to."""

    as_of: date
    area: str | None = None
    bucket: str | None = None
    user_type: str | None = None
    level: int | None = None
    limit: int = 200

    def params(self) -> dict[str, Any]:
        out: dict[str, Any] = {"as_of": self.as_of.isoformat(), "limit": self.limit}
        for key in ("area", "bucket", "user_type", "level"):
            value = getattr(self, key)
            if value not in (None, ""):
                out[key] = value
        return out

    def cache_key(self) -> str:
        p = self.params()
        p.pop("as_of")  # offline, the last list fetched for these filters, whatever its day
        return "arrears?" + "&".join(f"{k}={p[k]}" for k in sorted(p))


@dataclass(frozen=True, slots=True)
class ArrearsLine:
    """One account of the arrears list (GET /v1/collections/arrears)."""

    account_no: str
    name: str
    user_type: str
    area: str
    phone: str
    phone_status: str
    oldest_due_date: str
    overdue_days: int
    bills: int
    principal_fen: int
    late_fee_fen: int
    total_fen: int
    bucket: str
    dunning_level: int
    repeat_defaulter: bool
    lock: dict | None = None
    promise: dict | None = None
    customer_class: str = ""

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ArrearsLine:
        return cls(
            account_no=str(d.get("account_no", "")), name=str(d.get("name") or ""),
            user_type=str(d.get("user_type") or ""), area=str(d.get("area") or ""),
            phone=str(d.get("phone") or ""), phone_status=str(d.get("phone_status") or ""),
            oldest_due_date=str(d.get("oldest_due_date") or ""),
            overdue_days=int(d.get("overdue_days") or 0), bills=int(d.get("bills") or 0),
            principal_fen=int(d.get("principal_fen") or 0),
            late_fee_fen=int(d.get("late_fee_fen") or 0), total_fen=int(d.get("total_fen") or 0),
            bucket=str(d.get("bucket") or ""), dunning_level=int(d.get("dunning_level") or 0),
            repeat_defaulter=bool(d.get("repeat_defaulter")), lock=d.get("lock") or None,
            promise=d.get("promise") or None, customer_class=str(d.get("customer_class") or ""),
        )


@dataclass(frozen=True, slots=True)
class BucketTotal:
    key: str  # the bucket, area or user type
    accounts: int
    principal_fen: int
    late_fee_fen: int
    total_fen: int

    @classmethod
    def from_json(cls, d: Mapping[str, Any], key: str) -> BucketTotal:
        return cls(str(d.get(key, "")), int(d.get("accounts") or 0),
                   int(d.get("principal_fen") or 0), int(d.get("late_fee_fen") or 0),
                   int(d.get("total_fen") or 0))


@dataclass(frozen=True, slots=True)
class ArrearsPage:
    as_of: str
    accounts: list[ArrearsLine]
    total: BucketTotal
    by_bucket: list[BucketTotal]
    by_area: list[BucketTotal]
    by_user_type: list[BucketTotal]
    current_year_fen: int
    prior_year_fen: int
    next_cursor: str | None

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ArrearsPage:
        totals = d.get("totals") or {}
        return cls(
            as_of=str(d.get("as_of") or ""),
            accounts=[ArrearsLine.from_json(a) for a in d.get("accounts") or []],
            total=BucketTotal.from_json(totals.get("all") or {}, "all"),
            by_bucket=[BucketTotal.from_json(b, "bucket") for b in totals.get("by_bucket") or []],
            by_area=[BucketTotal.from_json(b, "area") for b in totals.get("by_area") or []],
            by_user_type=[BucketTotal.from_json(b, "user_type")
                          for b in totals.get("by_user_type") or []],
            current_year_fen=int(totals.get("current_year_fen") or 0),
            prior_year_fen=int(totals.get("prior_year_fen") or 0),
            next_cursor=d.get("next_cursor") or None,
        )


@dataclass(frozen=True, slots=True)
class RatePoint:
    key: str  # the period YYYY-MM, the area or the user type
    billed_fen: int
    collected_fen: int
    rate: float  # 0..1, as the ledger rounded it (display only; money stays in fen)


@dataclass(frozen=True, slots=True)
class Recovery:
    periods: list[RatePoint]
    by_area: list[RatePoint]
    by_user_type: list[RatePoint]
    top_debtors: list[dict]

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Recovery:
        def points(rows, key: str) -> list[RatePoint]:
            return [RatePoint(str(r.get(key, "")), int(r.get("billed_fen") or 0),
                              int(r.get("collected_fen") or 0), float(r.get("rate") or 0))
                    for r in rows or []]
        return cls(points(d.get("periods"), "period"), points(d.get("by_area"), "area"),
                   points(d.get("by_user_type"), "user_type"), list(d.get("top_debtors") or []))


@dataclass(frozen=True, slots=True)
class DunningState:
    """An account's collections state as the cashier sees it (GET /v1/collections/accounts/N)."""

    account_no: str
    dunning_level: int = 0
    level_name: str = ""
    lock: dict | None = None
    promise: dict | None = None
    repeat_defaulter: bool = False
    notices: list[dict] = field(default_factory=list)
    stop_supply: dict | None = None
    reconnection: dict | None = None
    phone: dict | None = None

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> DunningState:
        return cls(account_no=str(d.get("account_no", "")),
                   dunning_level=int(d.get("dunning_level") or 0),
                   level_name=str(d.get("level_name") or ""), lock=d.get("lock") or None,
                   promise=d.get("promise") or None,
                   repeat_defaulter=bool(d.get("repeat_defaulter")),
                   notices=list(d.get("notices") or []), stop_supply=d.get("stop_supply") or None,
                   reconnection=d.get("reconnection") or None, phone=d.get("phone") or None)

    @property
    def stop_supply_status(self) -> str:
        return str((self.stop_supply or {}).get("status") or "")

    @property
    def pending_notices(self) -> list[dict]:
        """Notices in force: issued and not yet delivered, or delivered (not settled by a
        payment nor superseded by a later one)."""
        return [n for n in self.notices if str(n.get("status", "")) in ("pending", "delivered")]

    @property
    def quiet(self) -> bool:
        """Nothing for the cashier to mention."""
        return (self.dunning_level == 0 and not self.repeat_defaulter
                and not self.pending_notices and self.stop_supply_status in ("", "cancelled",
                                                                             "reconnected")
                and self.reconnection is None)


@dataclass(frozen=True, slots=True)
class Synced(Generic[T]):
    """An answer and when it was fetched; `offline`: the ledger could not be asked and this is
    what the counter last synced (at `synced_at`)."""

    value: T
    synced_at: datetime
    offline: bool = False


class CollectionsAccess(Protocol):
    """The ledger's `/v1/collections/...` routes (adapters.collections_client.HttpCollections).

    Answers are the ledger's JSON (dicts/lists); services.collections makes data of them.
    """

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any: ...
    def get_bytes(self, path: str, params: Mapping[str, Any] | None = None) -> bytes: ...
    def post(self, path: str, body: Mapping[str, Any]) -> Any: ...
    def post_bytes(self, path: str, body: Mapping[str, Any]) -> bytes: ...
    def put(self, path: str, body: Mapping[str, Any]) -> Any: ...


class CollectionsCache(Protocol):
    """The last answers fetched, kept in the data folder for offline use
    (adapters.collections_cache.FileCollectionsCache)."""

    def put(self, key: str, payload: Any, at: datetime) -> None: ...
    def get(self, key: str) -> tuple[Any, datetime] | None: ...
