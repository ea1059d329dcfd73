"""Reports on the hall's data (none yet; see GET /v1/reports/hall-day)."""

from fastapi import APIRouter

router = APIRouter(tags=["reports"])
