"""Terminals and their bearer tokens: issued once, stored as SHA-256, revoked at once."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import Engine, insert, select, update

from hall_domain.errors import DomainError
from hall_domain.inputs import validate_hall_id, validate_terminal_id

from ..store.db import reader, statement_reader, utcnow
from ..store.models import HallCursor, Terminal, Token

TOKEN_PREFIX = "hcl_"  # makes a leaked token easy to find with grep (and to scrub)
CHANNELS = ("counter", "bank", "online")


class TerminalError(ValueError):
    """A terminal command cannot be done as asked (exists, unknown, ambiguous)."""


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: a terminal of one hall (or another channel's gateway)."""

    hall_id: str
    terminal_id: str
    channel: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def add_terminal(engine: Engine, *, hall_id: str, terminal_id: str, channel: str = "counter") -> str:
    """Register a terminal (or re-enable a revoked one) and return its new token, once."""
    if channel not in CHANNELS:
        raise TerminalError(f"channel must be one of {', '.join(CHANNELS)}, not {channel!r}")
    try:  # the same id rule as the counter's config and the wire (domain/inputs.py)
        validate_hall_id(hall_id)
        validate_terminal_id(terminal_id)
    except DomainError as exc:
        raise TerminalError(exc.message) from None
    token = new_token()
    now = utcnow()
    with engine.begin() as conn:
        row = conn.execute(
            select(Terminal).where(Terminal.hall_id == hall_id, Terminal.terminal_id == terminal_id)
        ).first()
        if row is not None and row.revoked_at is None:
            raise TerminalError(
                f"terminal {terminal_id} of hall {hall_id} already exists and is active; "
                "revoke it first to issue a new token"
            )
        if row is None:
            conn.execute(insert(Terminal).values(
                hall_id=hall_id, terminal_id=terminal_id, channel=channel, created_at=now
            ))
        else:
            conn.execute(
                update(Terminal)
                .where(Terminal.hall_id == hall_id, Terminal.terminal_id == terminal_id)
                .values(revoked_at=None, channel=channel)
            )
        conn.execute(insert(Token).values(
            token_hash=hash_token(token), hall_id=hall_id, terminal_id=terminal_id, created_at=now
        ))
        if conn.execute(select(HallCursor.hall_id).where(HallCursor.hall_id == hall_id)).first() is None:
            conn.execute(insert(HallCursor).values(hall_id=hall_id, seq=0))
    return token


def revoke_terminal(engine: Engine, *, terminal_id: str, hall_id: str | None = None) -> tuple[str, int]:
    """Revoke every token of a terminal; returns (hall id, tokens revoked)."""
    now = utcnow()
    with engine.begin() as conn:
        query = select(Terminal.hall_id).where(Terminal.terminal_id == terminal_id)
        if hall_id is not None:
            query = query.where(Terminal.hall_id == hall_id)
        halls = conn.execute(query).scalars().all()
        if not halls:
            raise TerminalError(f"no terminal {terminal_id}" + (f" in hall {hall_id}" if hall_id else ""))
        if len(halls) > 1:
            raise TerminalError(
                f"terminal {terminal_id} exists in halls {', '.join(sorted(halls))}; name one with --hall"
            )
        hall = halls[0]
        conn.execute(
            update(Terminal)
            .where(Terminal.hall_id == hall, Terminal.terminal_id == terminal_id)
            .values(revoked_at=now)
        )
        count = conn.execute(
            update(Token)
            .where(Token.hall_id == hall, Token.terminal_id == terminal_id, Token.revoked_at.is_(None))
            .values(revoked_at=now)
        ).rowcount
    return hall, count


def authenticate(engine: Engine, token: str) -> Principal | None:
    """The principal holding `token`, or None when it is unknown or revoked (no caching)."""
    if not token or len(token) > 200:
        return None
    digest = hash_token(token)
    with statement_reader(engine).connect() as conn:
        row = conn.execute(
            select(Token.token_hash, Token.revoked_at, Terminal.hall_id, Terminal.terminal_id,
                   Terminal.channel, Terminal.revoked_at.label("terminal_revoked_at"))
            .join(Terminal, (Terminal.hall_id == Token.hall_id)
                  & (Terminal.terminal_id == Token.terminal_id))
            .where(Token.token_hash == digest)
        ).first()
    if row is None or row.revoked_at is not None or row.terminal_revoked_at is not None:
        return None
    if not hmac.compare_digest(row.token_hash, digest):
        return None
    return Principal(hall_id=row.hall_id, terminal_id=row.terminal_id, channel=row.channel)


def list_terminals(engine: Engine) -> list[dict]:
    with reader(engine).connect() as conn:
        rows = conn.execute(select(Terminal).order_by(Terminal.hall_id, Terminal.terminal_id)).all()
    return [
        {"hall_id": r.hall_id, "terminal_id": r.terminal_id, "channel": r.channel,
         "revoked": r.revoked_at is not None}
        for r in rows
    ]
