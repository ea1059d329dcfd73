"""Users on SQLite (services.ports.Users): accounts, roles, PIN state."""

from __future__ import annotations

from datetime import datetime

from hall_domain.security import Role, User

from .errors import StoreError
from .rows import USER_COLS, SqliteRepo, iso, user_of


class SqliteUsers(SqliteRepo):
    """The users table, in one open transaction."""

    __slots__ = ()

    def get_user(self, user_id: str) -> User | None:
        row = self._one(f"SELECT {USER_COLS} FROM users WHERE user_id = ?", (user_id,))
        return None if row is None else user_of(row)

    def list_users(self) -> list[User]:
        return [user_of(r) for r in self._q(f"SELECT {USER_COLS} FROM users ORDER BY user_id")]

    def count_users(self) -> int:
        return self._one("SELECT count(*) FROM users")[0]

    def insert_user(self, user: User) -> None:
        self._w(
            f"INSERT INTO users ({USER_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                user.user_id,
                user.name,
                Role(user.role).value,
                user.pin_hash,
                user.failed_pins,
                iso(user.locked_until),
                int(user.active),
            ),
        )

    def set_user_pin_state(
        self, user_id: str, *, failed_pins: int, locked_until: datetime | None
    ) -> None:
        cur = self._w(
            "UPDATE users SET failed_pins = ?, locked_until = ? WHERE user_id = ?",
            (failed_pins, iso(locked_until), user_id),
        )
        if cur.rowcount != 1:
            raise StoreError(f"No user {user_id} to update.", code="store.no_row")

    def set_user_active(self, user_id: str, active: bool) -> None:
        cur = self._w("UPDATE users SET active = ? WHERE user_id = ?", (int(active), user_id))
        if cur.rowcount != 1:
            raise StoreError(f"No user {user_id} to update.", code="store.no_row")

    def set_user_role(self, user_id: str, role: Role) -> None:
        cur = self._w("UPDATE users SET role = ? WHERE user_id = ?", (Role(role).value, user_id))
        if cur.rowcount != 1:
            raise StoreError(f"No user {user_id} to update.", code="store.no_row")

    def set_user_pin_hash(self, user_id: str, pin_hash: str) -> None:
        """A new PIN also clears the failure count and any lockout."""
        cur = self._w("UPDATE users SET pin_hash = ?, failed_pins = 0, locked_until = NULL "
                      "WHERE user_id = ?", (pin_hash, user_id))
        if cur.rowcount != 1:
            raise StoreError(f"No user {user_id} to update.", code="store.no_row")
