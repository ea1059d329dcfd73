"""The meta table on SQLite (services.ports.Meta): small named values the store keeps."""

from __future__ import annotations

from .rows import SqliteRepo


class SqliteMeta(SqliteRepo):
    __slots__ = ()

    def get_meta(self, key: str) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else row[0]

    def set_meta(self, key: str, value: str) -> None:
        self._w(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
