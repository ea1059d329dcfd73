"""services.ports.CollectionsAccess over the ledger's HTTP client: `/v1/collections/...`.

One client per request (opened by `connect`, e.g. ledger_link.LedgerAccess.connect), so it may
be called from any worker thread. The ledger's refusals (4xx) become CollectionsError with the
ledger's code; no answer (no connection, timeout, 5xx, 429) becomes ports.OutcomeUnknown.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from counter_app.services.ports import CollectionsError, OutcomeUnknown

from .ledger_client import LedgerClient, LedgerError, LedgerOutcomeUnknown

_TIMEOUT = 20.0  # an arrears page over a big hall takes seconds on the ledger


class HttpCollections:
    def __init__(self, connect: Callable[..., LedgerClient]) -> None:
        self._connect = connect

    def _call(self, fn: Callable[[LedgerClient], Any], path: str = "") -> Any:
        try:
            with self._connect(timeout=_TIMEOUT) as client:
                return fn(client)
        except LedgerOutcomeUnknown as exc:
            raise OutcomeUnknown(str(exc), status=exc.status, retry_after=exc.retry_after) from exc
        except LedgerError as exc:
            code = exc.code or ""
            if code and not code.startswith(("collections.", "http.", "request.")) \
                    and path.startswith("/collections/sms"):
                code = "collections.sms." + code  # the SMS routes' codes are their own
            if not code.startswith("collections."):
                code = "collections.auth" if exc.status in (401, 403) else "collections.refused"
            text = str(exc)
            detail = text.split("): ", 1)[1] if "): " in text else text  # the ledger's words
            raise CollectionsError(text, code=code, status=exc.status,
                                   ledger_code=exc.code or "", detail=detail) from exc

    @staticmethod
    def _params(params: Mapping[str, Any] | None) -> dict | None:
        if not params:
            return None
        return {k: (str(v).lower() if isinstance(v, bool) else v) for k, v in params.items()}

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return self._call(lambda c: c.request_json("GET", path, params=self._params(params)),
                          path)

    def get_bytes(self, path: str, params: Mapping[str, Any] | None = None) -> bytes:
        return self._call(lambda c: c.request_bytes("GET", path, params=self._params(params)),
                          path)

    def post(self, path: str, body: Mapping[str, Any]) -> Any:
        return self._call(lambda c: c.request_json("POST", path, body=dict(body)), path)

    def post_bytes(self, path: str, body: Mapping[str, Any]) -> bytes:
        content = json.dumps(dict(body), ensure_ascii=False).encode("utf-8")
        return self._call(lambda c: c.request_bytes("POST", path, content=content), path)

    def put(self, path: str, body: Mapping[str, Any]) -> Any:
        return self._call(lambda c: c.request_json("PUT", path, body=dict(body)), path)
