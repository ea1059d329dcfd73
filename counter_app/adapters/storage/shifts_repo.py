"""Shifts on SQLite (services.ports.Shifts): opening, finding, closing, the close record."""

from __future__ import annotations

import json
from datetime import date, datetime

from counter_app.services.ports import CloseRecord, CloseState
from hall_domain.shifts import DenominationCount, Shift

from .errors import StoreError
from .rows import SHIFT_COLS, SqliteRepo, dt, iso, shift_of

_CLOSE_COLS = ("shift_id, state, begun_by, begun_at, counted_json, counted_cash_fen, "
               "bank_settlement_fen, expected_cash_fen, card_total_fen, over_short_cash_fen, "
               "over_short_card_fen, payment_count, counted_by, counted_at, signed_off_by, "
               "signed_off_at, override_reason, override_by, unsent_at_sign_off, closed_by, "
               "closed_at, report_item_key")


def _close(row: tuple) -> CloseRecord:
    counted = None if row[4] is None else DenominationCount.from_dict(json.loads(row[4]))
    return CloseRecord(
        shift_id=row[0], state=CloseState(row[1]), begun_by=row[2],
        begun_at=datetime.fromisoformat(row[3]), counted=counted, bank_settlement_fen=row[6],
        expected_cash_fen=row[7], card_total_fen=row[8], payment_count=row[11],
        counted_by=row[12], counted_at=dt(row[13]), signed_off_by=row[14],
        signed_off_at=dt(row[15]), override_reason=row[16], override_by=row[17],
        unsent_at_sign_off=row[18], closed_by=row[19], closed_at=dt(row[20]),
        report_item_key=row[21],
    )


class SqliteShifts(SqliteRepo):
    """The shifts and shift_closes tables, in one open transaction."""

    __slots__ = ()

    def open_shift_for(self, terminal_id: str) -> Shift | None:
        row = self._one(
            f"SELECT {SHIFT_COLS} FROM shifts WHERE terminal_id = ? AND status = 'open'",
            (terminal_id,),
        )
        return None if row is None else shift_of(row)

    def get_shift(self, shift_id: int) -> Shift | None:
        row = self._one(f"SELECT {SHIFT_COLS} FROM shifts WHERE id = ?", (shift_id,))
        return None if row is None else shift_of(row)

    def shifts_opened_on(self, day: date, terminal_id: str | None = None) -> list[Shift]:
        lo, hi = day.isoformat(), day.isoformat() + "T99"
        sql = f"SELECT {SHIFT_COLS} FROM shifts WHERE opened_at >= ? AND opened_at < ?"
        params: tuple = (lo, hi)
        if terminal_id is not None:
            sql += " AND terminal_id = ?"
            params += (terminal_id,)
        return [shift_of(r) for r in self._q(sql + " ORDER BY id", params)]

    def insert_shift(
        self,
        *,
        terminal_id: str,
        opened_by: str,
        opened_at: datetime,
        opening_float: DenominationCount,
    ) -> Shift:
        cur = self._w(
            "INSERT INTO shifts (terminal_id, opened_by, opened_at, opening_float_json, status) "
            "VALUES (?, ?, ?, ?, 'open')",
            (
                terminal_id,
                opened_by,
                opened_at.isoformat(),
                json.dumps(opening_float.as_dict(), sort_keys=True),
            ),
        )
        return Shift(
            shift_id=cur.lastrowid,
            terminal_id=terminal_id,
            opened_by=opened_by,
            opened_at=opened_at,
            opening_float=DenominationCount.from_dict(opening_float.as_dict()),
        )

    def mark_shift_closed(self, shift_id: int, *, closed_at: datetime) -> None:
        cur = self._w("UPDATE shifts SET status = 'closed', closed_at = ? WHERE id = ? "
                      "AND status = 'open'", (closed_at.isoformat(), shift_id))
        if cur.rowcount != 1:
            raise StoreError(f"Shift {shift_id} is not open.", code="store.no_row")

    def shift_close_state(self, shift_id: int) -> str | None:
        """'counting', 'counted', 'signed_off', 'closed' (table shift_closes), None: not closing."""
        row = self._one("SELECT state FROM shift_closes WHERE shift_id = ?", (shift_id,))
        return None if row is None else row[0]

    def get_shift_close(self, shift_id: int) -> CloseRecord | None:
        row = self._one(f"SELECT {_CLOSE_COLS} FROM shift_closes WHERE shift_id = ?", (shift_id,))
        return None if row is None else _close(row)

    def save_shift_close(self, record: CloseRecord) -> None:
        c = record
        counted = c.counted
        cash_os = None if counted is None or c.expected_cash_fen is None else (
            counted.total_fen - c.expected_cash_fen)
        card_os = None if c.bank_settlement_fen is None or c.card_total_fen is None else (
            c.bank_settlement_fen - c.card_total_fen)
        marks = ", ".join("?" * 22)
        self._w(
            f"INSERT OR REPLACE INTO shift_closes ({_CLOSE_COLS}) VALUES ({marks})",
            (c.shift_id, CloseState(c.state).value, c.begun_by, c.begun_at.isoformat(),
             None if counted is None else json.dumps(counted.as_dict(), sort_keys=True),
             None if counted is None else counted.total_fen, c.bank_settlement_fen,
             c.expected_cash_fen, c.card_total_fen, cash_os, card_os, c.payment_count,
             c.counted_by, iso(c.counted_at), c.signed_off_by, iso(c.signed_off_at),
             c.override_reason, c.override_by, c.unsent_at_sign_off, c.closed_by,
             iso(c.closed_at), c.report_item_key),
        )
