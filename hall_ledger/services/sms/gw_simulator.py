"""The gateway adapter for the local simulator's own JSON (POST /sim/send, GET /sim/query).

One keep-alive connection per sending thread through the standard library's http.client:
the dispatcher's threads share one process with it, and a send is a few hundred bytes, so a
light client leaves the GIL to the dispatcher (httpx costs about three times the CPU here)."""

from __future__ import annotations

import http.client
import json
import threading
from datetime import date
from urllib.parse import quote, urlsplit

from .gateway import GatewayUnavailable, QueryResult, SendRequest, SendResult


class SimulatorGateway:
    name = "simulator"

    def __init__(self, url: str, *, timeout: float = 5.0, pool: int = 16) -> None:
        parts = urlsplit(url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"the simulator is served over http://host:port, not {url!r}")
        self._host, self._port = parts.hostname, parts.port or 80
        self._timeout = timeout
        self._local = threading.local()
        self._all: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()

    def _conn(self) -> http.client.HTTPConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = http.client.HTTPConnection(self._host, self._port, timeout=self._timeout)
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        conn = self._conn()
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        headers = {"Content-Type": "application/json"} if data is not None else {}
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            raw = response.read()
            if response.status != 200:
                raise GatewayUnavailable(f"simulator: HTTP {response.status}")
            return json.loads(raw)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            conn.close()  # a fresh connection next time
            raise GatewayUnavailable(f"simulator: {type(exc).__name__}: {exc}") from exc

    def send(self, request: SendRequest) -> SendResult:
        body = self._call("POST", "/sim/send", {
            "out_id": request.out_id, "phone": request.phone, "sign": request.signature,
            "template_code": request.template_code, "params": request.params,
            "text": request.text})
        result = body.get("result")
        if result == "accepted":
            return SendResult("accepted", body.get("biz_id"), "OK")
        if result == "rate_limited":
            return SendResult("rate_limited", None, "RATE_LIMITED")
        return SendResult("rejected", None, str(result), "refused by the simulator")

    def query(self, out_id: str, phone: str, sent_on: date) -> QueryResult:
        body = self._call("GET", f"/sim/query?out_id={quote(out_id)}")
        if not body.get("found"):
            return QueryResult(False)
        return QueryResult(True, body.get("status") or "sent", body.get("biz_id"),
                           body.get("code") or "")

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
