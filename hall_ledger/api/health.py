"""GET /v1/health: the token works; the server's clock."""

from fastapi import APIRouter
from pydantic import BaseModel

from .. import __version__
from .auth import Authenticated
from .body import server_time

router = APIRouter(tags=["health"])


class HealthOut(BaseModel):
    status: str
    server_time: str
    hall_id: str
    terminal_id: str
    channel: str
    version: str
    api: int


@router.get("/v1/health", response_model=HealthOut)
def health(p: Authenticated) -> dict:
    """The token works; the server's clock (UTC), to detect clock skew."""
    return {"status": "ok", "server_time": server_time(), "hall_id": p.hall_id,
            "terminal_id": p.terminal_id, "channel": p.channel, "version": __version__,
            "api": 1}
