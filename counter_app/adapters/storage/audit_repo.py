"""The audit log on SQLite (services.ports.AuditLog): append-only, hash-chained entries."""

from __future__ import annotations

from datetime import datetime

from hall_domain.audit import AuditEntry, hashed_fields

from .rows import AUDIT_COLS, SqliteRepo, audit_of, chunks


class SqliteAudit(SqliteRepo):
    """The audit_log table, in one open transaction."""

    __slots__ = ()

    def last_audit(self) -> AuditEntry | None:
        row = self._one(f"SELECT {AUDIT_COLS} FROM audit_log ORDER BY seq DESC LIMIT 1")
        return None if row is None else audit_of(row)

    def insert_audit(self, entry: AuditEntry) -> None:
        self._w(f"INSERT INTO audit_log ({AUDIT_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*hashed_fields(entry), entry.hash))

    def audit_entries(self, *, after_seq: int = 0, limit: int = 1000) -> list[AuditEntry]:
        rows = self._q(
            f"SELECT {AUDIT_COLS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
            (after_seq, limit),
        )
        return [audit_of(r) for r in rows]

    def outbox_seals(self, seqs: list[int]) -> dict[int, tuple[AuditEntry, str | None]]:
        """seq -> (audit entry, prev_hash of the entry after it, None for the newest)."""
        cols = ", ".join(f"a.{c.strip()}" for c in AUDIT_COLS.split(","))
        out: dict[int, tuple[AuditEntry, str | None]] = {}
        for part in chunks(sorted(set(seqs))):
            rows = self._q(
                f"SELECT {cols}, n.prev_hash FROM audit_log a LEFT JOIN audit_log n "
                f"ON n.seq = a.seq + 1 WHERE a.seq IN ({','.join('?' * len(part))})", part)
            out.update({r[0]: (audit_of(r[:10]), r[10]) for r in rows})
        return out

    def audit_rows(self, *, user_id: str | None, action: str | None, since: datetime | None,
                   until: datetime | None, limit: int) -> list[tuple]:
        where, params = [], []
        if user_id:
            where.append("user_id = ?")
            params.append(user_id)
        if action:
            where.append("(action = ? OR action LIKE ?)")
            params += [action, action + ".%"]
        if since is not None:
            where.append("at >= ?")
            params.append(since.isoformat())
        if until is not None:
            where.append("at < ?")
            params.append(until.isoformat())
        sql = ("SELECT seq, at, terminal_id, user_id, action, target, outcome, detail, prev_hash, "
               "hash FROM audit_log" + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY seq DESC LIMIT ?")
        return self._q(sql, (*params, limit))
