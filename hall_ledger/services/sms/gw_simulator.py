"""The gateway adapter for the local simulator's own JSON (POST /sim/send, GET /sim/query)."""

from __future__ import annotations

from datetime import date

import httpx

from .gateway import GatewayUnavailable, QueryResult, SendRequest, SendResult


class SimulatorGateway:
    name = "simulator"

    def __init__(self, url: str, *, timeout: float = 5.0, pool: int = 16) -> None:
        limits = httpx.Limits(max_connections=pool, max_keepalive_connections=pool)
        self._http = httpx.Client(base_url=url.rstrip("/"), timeout=timeout, limits=limits)

    def send(self, request: SendRequest) -> SendResult:
        try:
            r = self._http.post("/sim/send", json={
                "out_id": request.out_id, "phone": request.phone, "sign": request.signature,
                "template_code": request.template_code, "params": request.params,
                "text": request.text})
            r.raise_for_status()
            body = r.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise GatewayUnavailable(f"simulator: {type(exc).__name__}: {exc}") from exc
        result = body.get("result")
        if result == "accepted":
            return SendResult("accepted", body.get("biz_id"), "OK")
        if result == "rate_limited":
            return SendResult("rate_limited", None, "RATE_LIMITED")
        return SendResult("rejected", None, str(result), "refused by the simulator")

    def query(self, out_id: str, phone: str, sent_on: date) -> QueryResult:
        try:
            r = self._http.get("/sim/query", params={"out_id": out_id})
            r.raise_for_status()
            body = r.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise GatewayUnavailable(f"simulator: {type(exc).__name__}: {exc}") from exc
        if not body.get("found"):
            return QueryResult(False)
        return QueryResult(True, body.get("status") or "sent", body.get("biz_id"),
                           body.get("code") or "")

    def close(self) -> None:
        self._http.close()
