"""Field collection (上门催费): a hall's areas (台区) assigned to collectors (台区经理), a
collector's worklist (the accounts of their areas with arrears, in walking order by address),
and visit records (date, outcome, note)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from hall_domain.dunning import natural_key

from ..store.db import among, utcnow
from ..store.models import CollectorArea, Customer, FieldVisit
from .dunning import arrears_items
from .dunning_accounts import DunningRefused, Who, check_actor, check_text, chunks, customer_row
from .dunning_state import dunning_columns

OUTCOMES = ("paid", "promised", "refused", "not_at_home")
ArrearsSource = Callable[..., Iterable[Any]]


def assign_area(conn: Connection, who: Who, area: str, collector: str | None) -> dict[str, Any]:
    """Give the hall's area to a collector (None: take it from whoever has it)."""
    area = check_text(area, "area", required=True, limit=100)
    known = conn.execute(select(Customer.area).where(Customer.hall_id == who.hall_id,
                                                     Customer.area == area).limit(1)).first()
    if known is None:
        raise DunningRefused(404, "collections.dunning.no_area", f"no area {area} in this hall")
    before = conn.execute(select(CollectorArea.collector).where(
        CollectorArea.hall_id == who.hall_id, CollectorArea.area == area)).scalar_one_or_none()
    conn.execute(delete(CollectorArea).where(CollectorArea.hall_id == who.hall_id,
                                             CollectorArea.area == area))
    if collector is not None:
        check_actor(collector, "collector")
        conn.execute(insert(CollectorArea).values(hall_id=who.hall_id, area=area,
                                                  collector=collector, assigned_at=utcnow(),
                                                  assigned_by=who.actor))
    who.record(conn, "dunning.field.area_assigned", f"area:{area}"[:64],
               {"area": area, "collector": collector, "before": before})
    return {"area": area, "collector": collector}


def list_areas(conn: Connection, hall_id: str, collector: str | None = None) -> list[dict]:
    q = select(CollectorArea).where(CollectorArea.hall_id == hall_id)
    if collector is not None:
        q = q.where(CollectorArea.collector == collector)
    return [{"area": r.area, "collector": r.collector, "assigned_by": r.assigned_by,
             "assigned_at": r.assigned_at.isoformat()}
            for r in conn.execute(q.order_by(CollectorArea.area))]


def last_visits(conn: Connection, hall_id: str, accounts: list[str]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for chunk in chunks(accounts):
        q = (select(FieldVisit).where(FieldVisit.hall_id == hall_id,
                                      among(conn, FieldVisit.account_no, chunk))
             .order_by(FieldVisit.visited_on, FieldVisit.visit_id))
        for v in conn.execute(q):
            out[v.account_no] = _visit_json(v)
    return out


def _visit_json(v) -> dict[str, Any]:
    return {"visit_id": v.visit_id, "account_no": v.account_no, "collector": v.collector,
            "visited_on": v.visited_on.isoformat(), "outcome": v.outcome, "note": v.note,
            "recorded_by": v.recorded_by}


def worklist(conn: Connection, hall_id: str, collector: str, as_of: date,
             arrears: ArrearsSource | None = None) -> dict[str, Any]:
    """The accounts with arrears in the collector's areas, area by area, each in walking
    order (addresses compared with their numbers as numbers), with the dunning state and the
    last visit."""
    check_actor(collector, "collector")
    if arrears is None:
        from .arrears import account_arrears as arrears
    areas = [a["area"] for a in list_areas(conn, hall_id, collector)]
    items: list[dict[str, Any]] = []
    for area in areas:
        for a in arrears_items(arrears, conn, as_of=as_of, hall_id=hall_id, area=area):
            items.append({"account_no": a.account_no, "name": a.name, "area": a.area,
                          "phone": a.phone, "overdue_days": a.overdue_days, "bills": a.bills,
                          "total_fen": a.total_fen})
    accounts = [i["account_no"] for i in items]
    addresses: dict[str, str] = {}
    for chunk in chunks(accounts):
        addresses.update(conn.execute(select(Customer.account_no, Customer.address).where(
            among(conn, Customer.account_no, chunk))).all())
    cols = dunning_columns(conn, hall_id, accounts, as_of)
    visits = last_visits(conn, hall_id, accounts)
    for i in items:
        i["address"] = addresses.get(i["account_no"], "")
        c = cols.get(i["account_no"], {})
        i.update(dunning_level=c.get("dunning_level", 0), lock=c.get("lock"),
                 promise=c.get("promise"), repeat_defaulter=c.get("repeat_defaulter", False),
                 last_visit=visits.get(i["account_no"]))
    items.sort(key=lambda i: (areas.index(i["area"]), natural_key(i["address"]),
                              i["account_no"]))
    return {"collector": collector, "as_of": as_of.isoformat(), "areas": areas,
            "accounts": items, "total_fen": sum(i["total_fen"] for i in items)}


def record_visit(conn: Connection, who: Who, account_no: str, visited_on: date, outcome: str,
                 today: date, *, collector: str | None = None,
                 note: str | None = None) -> dict[str, Any]:
    """A visit's outcome: paid, promised (record the promise itself too), refused or
    not_at_home; on a day not after today and at most a year back."""
    customer_row(conn, who.hall_id, account_no)
    if outcome not in OUTCOMES:
        raise DunningRefused(422, "collections.dunning.visit_outcome",
                             f"the outcome is one of {list(OUTCOMES)}")
    if not today - timedelta(days=366) <= visited_on <= today:
        raise DunningRefused(422, "collections.dunning.visit_date",
                             "the visit date is today or in the past year")
    collector = check_actor(collector or who.actor, "collector")
    note = check_text(note, "note")
    vid = conn.execute(insert(FieldVisit).values(
        hall_id=who.hall_id, account_no=account_no, collector=collector, visited_on=visited_on,
        outcome=outcome, note=note, recorded_at=utcnow(), recorded_by=who.actor,
    ).returning(FieldVisit.visit_id)).scalar_one()
    who.record(conn, "dunning.field.visit", account_no, {
        "visit_id": vid, "collector": collector, "visited_on": visited_on.isoformat(),
        "outcome": outcome, "note": note})
    return _visit_json(conn.execute(select(FieldVisit).where(FieldVisit.visit_id == vid)).one())


def visits(conn: Connection, hall_id: str, account_no: str | None = None,
           collector: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    q = select(FieldVisit).where(FieldVisit.hall_id == hall_id)
    if account_no is not None:
        q = q.where(FieldVisit.account_no == account_no)
    if collector is not None:
        q = q.where(FieldVisit.collector == collector)
    return [_visit_json(v) for v in conn.execute(
        q.order_by(FieldVisit.visited_on.desc(), FieldVisit.visit_id.desc()).limit(limit))]
