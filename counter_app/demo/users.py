"""The demo users every demo store gets: one per role, with PINs printed in the README."""

from __future__ import annotations

from dataclasses import dataclass

from hall_domain.security import Role


@dataclass(frozen=True, slots=True)
class DemoUser:
    user_id: str
    name: str
    role: Role
    pin: str  # demo only: a real store never holds a PIN, only its scrypt hash


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("1001", "张收费", Role.CASHIER, "1111"),
    DemoUser("2001", "李值班", Role.SUPERVISOR, "2222"),
    DemoUser("3001", "王运维", Role.TECHNICIAN, "3333"),
    DemoUser("9001", "系统管理员", Role.ADMIN, "9999"),
)
