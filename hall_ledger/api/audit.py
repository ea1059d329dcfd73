"""GET /v1/audit-head: where this terminal's audit trail stands at the ledger."""

from fastapi import APIRouter

from ..services.items import latest_audit_head
from .auth import Counter, LedgerEngine

router = APIRouter(tags=["items"])


@router.get("/v1/audit-head")
def audit_head(p: Counter, engine: LedgerEngine) -> dict:
    """The newest audit-trail entry (seq, hash) this terminal sent; null before the first."""
    return {"terminal_id": p.terminal_id, "head": latest_audit_head(engine, p)}
