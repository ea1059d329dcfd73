"""The print_jobs table: its model and the repository (services.print_jobs.PrintJobs) on SQLite."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, LargeBinary, Text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.services.ports import JobKind, JobState, PrintJob

from .models import Base


class PrintJobRow(Base):
    __tablename__ = "print_jobs"
    __table_args__ = (
        CheckConstraint("kind IN ('receipt', 'reprint', 'void', 'test')", name="kind"),
        CheckConstraint("state IN ('pending', 'printed', 'failed')", name="state"),
        CheckConstraint("attempts >= 0 AND partial_prints >= 0", name="counts"),
        Index("ix_print_jobs_state", "state"),
        Index("ix_print_jobs_payment_uuid", "payment_uuid"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_uuid: Mapped[str | None] = mapped_column(
        Text, ForeignKey("payments.payment_uuid"), nullable=True
    )
    kind: Mapped[str] = mapped_column(Text, nullable=False)
    printer_uri: Mapped[str] = mapped_column(Text, nullable=False)
    payload: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    state: Mapped[str] = mapped_column(Text, nullable=False, server_default="pending")
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    partial_prints: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[str] = mapped_column(Text, nullable=False)
    printed_at: Mapped[str | None] = mapped_column(Text, nullable=True)


_COLS = ("id, payment_uuid, kind, printer_uri, payload, state, attempts, last_error, created_at, "
         "printed_at, partial_prints")


def _job(row: tuple) -> PrintJob:
    (id_, uuid, kind, uri, payload, state, attempts, error, created, printed, partial) = row
    return PrintJob(
        id=id_, payment_uuid=uuid, kind=JobKind(kind), printer_uri=uri, payload=bytes(payload),
        state=JobState(state), attempts=attempts, last_error=error,
        created_at=datetime.fromisoformat(created),
        printed_at=datetime.fromisoformat(printed) if printed else None, partial_prints=partial,
    )


class SqlitePrintJobs:
    """Print-job rows over the sqlite3 connection of an open store transaction (`tx.print_jobs`)."""

    def __init__(self, raw: sqlite3.Connection, writable: bool = True) -> None:
        self._raw = raw

    def add_print_job(self, *, payment_uuid: str | None, kind: str, printer_uri: str,
                      payload: bytes, created_at: datetime) -> int:
        cur = self._raw.execute(
            "INSERT INTO print_jobs (payment_uuid, kind, printer_uri, payload, state, attempts, "
            "partial_prints, created_at) VALUES (?, ?, ?, ?, 'pending', 0, 0, ?)",
            (payment_uuid, kind, printer_uri, payload, created_at.isoformat()),
        )
        return int(cur.lastrowid)

    def get_print_job(self, job_id: int) -> PrintJob | None:
        row = self._raw.execute(f"SELECT {_COLS} FROM print_jobs WHERE id = ?", (job_id,)).fetchone()
        return None if row is None else _job(row)

    def print_jobs_for(self, payment_uuid: str) -> list[PrintJob]:
        rows = self._raw.execute(
            f"SELECT {_COLS} FROM print_jobs WHERE payment_uuid = ? ORDER BY id", (payment_uuid,)
        ).fetchall()
        return [_job(r) for r in rows]

    def unprinted_jobs(self, *, limit: int) -> list[PrintJob]:
        rows = self._raw.execute(
            f"SELECT {_COLS} FROM print_jobs WHERE state IN ('pending', 'failed') ORDER BY id LIMIT ?",
            (limit,),
        ).fetchall()
        return [_job(r) for r in rows]

    def _update(self, sql: str, params: tuple, job_id: int) -> None:
        if self._raw.execute(sql, (*params, job_id)).rowcount != 1:
            raise LookupError(f"no print job {job_id}")

    def start_print_attempt(self, job_id: int, *, printer_uri: str) -> None:
        self._update("UPDATE print_jobs SET attempts = attempts + 1, partial_prints = partial_prints + 1, "
                     "printer_uri = ? WHERE id = ? AND state != 'printed'", (printer_uri,), job_id)

    def mark_printed(self, job_id: int, *, at: datetime) -> None:
        self._update("UPDATE print_jobs SET state = 'printed', printed_at = ?, last_error = NULL, "
                     "partial_prints = MAX(partial_prints - 1, 0) WHERE id = ?", (at.isoformat(),), job_id)

    def mark_failed(self, job_id: int, *, error: str, output_possible: bool) -> None:
        drop = 0 if output_possible else 1
        self._update("UPDATE print_jobs SET state = 'failed', last_error = ?, "
                     "partial_prints = MAX(partial_prints - ?, 0) WHERE id = ?", (error[:500], drop), job_id)


class SqlitePrintJobStore:
    """services.print_jobs.PrintJobStore over the counter store (same file, same transactions)."""

    def __init__(self, store) -> None:
        self._store = store

    @contextmanager
    def write(self) -> Iterator[SqlitePrintJobs]:
        with self._store.write() as tx:
            yield tx.print_jobs

    @contextmanager
    def read(self) -> Iterator[SqlitePrintJobs]:
        with self._store.read() as tx:
            yield tx.print_jobs
