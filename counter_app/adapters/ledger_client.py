"""HTTP client of the central ledger (httpx, synchronous): the port the outbox relay uses.

Errors say what the relay may conclude:
- LedgerOutcomeUnknown: timeout, connection reset, 5xx, 429, an answer lost or garbled.
  The ledger may or may not have recorded the batch: keep the items, resend the same UUIDs
  (after `retry_after` seconds when the ledger said so). LedgerUnreachable (a subclass)
  means no connection was made at all.
- LedgerRefused: the ledger answered 4xx for the whole request and recorded nothing
  (LedgerAuthError for 401/403: token unknown or revoked). Keep the items; fix the cause.
- A batch that was answered gives one ItemResult per item, in order: 201/200 acknowledged
  (the item may leave the outbox), 422 refused for good (put it on the review list).
"""

from __future__ import annotations

import json
import ssl
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx

API = "/v1"
DEFAULT_TIMEOUT = 15.0


class LedgerError(Exception):
    """Base of the ledger client's errors; never carries the token."""

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.retry_after = retry_after


class LedgerOutcomeUnknown(LedgerError):
    """The request may or may not have been applied: resend the same items later."""


class LedgerUnreachable(LedgerOutcomeUnknown):
    """No connection could be made (nothing was sent)."""


class LedgerRefused(LedgerError):
    """The ledger refused the whole request (4xx); it recorded nothing."""


class LedgerAuthError(LedgerRefused):
    """401/403: the token is missing, unknown, revoked, or not allowed here."""


@dataclass(frozen=True, slots=True)
class ItemResult:
    key: str
    status: int  # 201 recorded now, 200 recorded before (same answer), 422 refused
    outcome: str  # recorded | duplicate | refused
    result: dict[str, Any] | None = None
    error_code: str | None = None
    error_message: str | None = None
    details: tuple[dict[str, Any], ...] = ()

    @property
    def acknowledged(self) -> bool:
        """The ledger holds this item: it may leave the outbox."""
        return self.status in (200, 201)

    @property
    def refused(self) -> bool:
        """Refused for good (malformed, conflicting UUID, ...): for the review list."""
        return self.status == 422


@dataclass(frozen=True, slots=True)
class Health:
    server_time: datetime  # aware, UTC
    clock_skew: timedelta  # server clock minus ours (positive: ours is behind)
    hall_id: str
    terminal_id: str
    channel: str
    version: str


@dataclass(frozen=True, slots=True)
class SnapshotPage:
    customers: list[dict[str, Any]]
    bills: list[dict[str, Any]]
    next_page: str | None  # None on the last page
    changes_cursor: str  # pull_changes(changes_cursor) once every page is stored
    customers_total: int | None = None  # first page only: the whole snapshot's customers


@dataclass(frozen=True, slots=True)
class Changes:
    customers: list[dict[str, Any]]
    bills: list[dict[str, Any]]
    cursor: str  # store it with the rows, in the same transaction
    has_more: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _verify(verify: bool | str | Path | ssl.SSLContext) -> bool | ssl.SSLContext:
    if isinstance(verify, str | Path):
        return ssl.create_default_context(cafile=str(verify))
    return verify


class LedgerClient:
    """One terminal's connection to the ledger. Not thread-safe; one per relay."""

    def __init__(
        self, base_url: str, token: str, *, timeout: float = DEFAULT_TIMEOUT,
        verify: bool | str | Path | ssl.SSLContext = True,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(
            base_url=self.base_url, timeout=timeout, verify=_verify(verify), transport=transport,
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
        )

    def __repr__(self) -> str:
        return f"LedgerClient({self.base_url!r})"  # never the token

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> LedgerClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- requests -----------------------------------------------------------------------------

    def _request(self, method: str, path: str, *, params: dict | None = None,
                 content: bytes | None = None) -> Any:
        response = self._send(method, path, params=params, content=content)
        try:
            return response.json()
        except ValueError as exc:
            raise LedgerOutcomeUnknown(f"the ledger's answer ({response.status_code}) is not JSON",
                                       status=response.status_code) from exc

    def request_bytes(self, method: str, path: str, *, params: dict | None = None,
                      content: bytes | None = None) -> bytes:
        """A route that answers a file (a PDF): its bytes, errors mapped as for JSON."""
        return self._send(method, path, params=params, content=content).content

    def request_json(self, method: str, path: str, *, params: dict | None = None,
                     body: Any = None) -> Any:
        """Any JSON route under /v1 (the collections routes): body sent as JSON."""
        content = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        return self._request(method, path, params=params, content=content)

    def _send(self, method: str, path: str, *, params: dict | None = None,
              content: bytes | None = None) -> httpx.Response:
        headers = {"Content-Type": "application/json"} if content is not None else None
        try:
            response = self._http.request(method, API + path, params=params, content=content,
                                          headers=headers)
        except httpx.ConnectError as exc:
            raise LedgerUnreachable(f"cannot connect to the ledger: {type(exc).__name__}") from exc
        except httpx.TimeoutException as exc:
            raise LedgerOutcomeUnknown(f"the ledger did not answer in time ({type(exc).__name__})"
                                       ) from exc
        except httpx.TransportError as exc:
            raise LedgerOutcomeUnknown(f"the connection failed: {type(exc).__name__}") from exc
        status = response.status_code
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        code, message = _error_of(response)
        if status >= 500 or status == 429:
            raise LedgerOutcomeUnknown(f"the ledger answered {status}: {message}", status=status,
                                       code=code, retry_after=retry_after)
        if status in (401, 403):
            raise LedgerAuthError(f"the ledger refused the token ({status}): {message}",
                                  status=status, code=code, retry_after=retry_after)
        if status >= 400:
            raise LedgerRefused(f"the ledger refused the request ({status}): {message}",
                                status=status, code=code, retry_after=retry_after)
        return response

    def health(self) -> Health:
        before = time.time()
        body = self._request("GET", "/health")
        after = time.time()
        try:
            server = datetime.fromisoformat(body["server_time"].replace("Z", "+00:00"))
            midpoint = datetime.fromtimestamp((before + after) / 2, UTC)
            return Health(server_time=server, clock_skew=server - midpoint,
                          hall_id=body["hall_id"], terminal_id=body["terminal_id"],
                          channel=body["channel"], version=body["version"])
        except (KeyError, TypeError, ValueError) as exc:
            raise LedgerOutcomeUnknown("the ledger's health answer is malformed") from exc

    def pull_snapshot(self, page: str | None = None, *, limit: int | None = None) -> SnapshotPage:
        """One page of the hall's customers and open bills (first page: page=None)."""
        params = {k: v for k, v in (("page", page), ("limit", limit)) if v is not None}
        body = self._request("GET", "/reference/snapshot", params=params)
        try:
            total = body.get("customers_total")  # older ledgers leave it out
            return SnapshotPage(customers=body["customers"], bills=body["bills"],
                                next_page=body["next_page"],
                                changes_cursor=body["changes_cursor"],
                                customers_total=total if isinstance(total, int) else None)
        except (KeyError, TypeError) as exc:
            raise LedgerOutcomeUnknown("the ledger's snapshot page is malformed") from exc

    def iter_snapshot(self, *, limit: int | None = None) -> Iterator[SnapshotPage]:
        page = self.pull_snapshot(limit=limit)
        yield page
        while page.next_page:
            page = self.pull_snapshot(page.next_page, limit=limit)
            yield page

    def pull_changes(self, cursor: str, *, limit: int | None = None) -> Changes:
        params: dict[str, Any] = {"cursor": cursor}
        if limit is not None:
            params["limit"] = limit
        body = self._request("GET", "/reference/changes", params=params)
        try:
            return Changes(customers=body["customers"], bills=body["bills"],
                           cursor=body["cursor"], has_more=bool(body["has_more"]))
        except (KeyError, TypeError) as exc:
            raise LedgerOutcomeUnknown("the ledger's changes answer is malformed") from exc

    def post_payments(self, batch: Sequence[Mapping[str, Any] | str], *,
                      digests: Sequence[str] | None = None) -> list[ItemResult]:
        """Send payments (dicts, or the outbox's payload_json text as is). `digests`: each
        item's SHA-256 (hex) over its canonical JSON, checked by the ledger."""
        parts = [p if isinstance(p, str) else json.dumps(p, ensure_ascii=False) for p in batch]
        content = ('{"payments":[' + ",".join(parts) + "]" + _digests(digests, len(parts))
                   + "}").encode("utf-8")
        keys = [_payment_key(p) for p in batch]
        return self._results(self._request("POST", "/payments", content=content), keys)

    def post_items(
        self, kind: str, batch: Sequence[tuple[str, Mapping[str, Any] | str]], *,
        digests: Sequence[str] | None = None,
    ) -> list[ItemResult]:
        """Send outbox items of one kind as (item_key, payload dict or payload_json) pairs;
        `digests` as for post_payments (over each payload)."""
        parts = []
        for key, payload in batch:
            text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
            parts.append('{"item_key":' + json.dumps(key) + ',"payload":' + text + "}")
        content = ('{"items":[' + ",".join(parts) + "]" + _digests(digests, len(parts))
                   + "}").encode("utf-8")
        body = self._request("POST", f"/items/{kind}", content=content)
        return self._results(body, [key for key, _ in batch])

    def post_channel_payments(self, batch: Sequence[Mapping[str, Any]]) -> list[ItemResult]:
        """For bank/online gateways (and tests): payments the ledger allocates itself."""
        content = json.dumps({"payments": list(batch)}, ensure_ascii=False).encode("utf-8")
        return self._results(self._request("POST", "/channel-payments", content=content),
                             [str(p.get("payment_uuid")) for p in batch])

    def payments(self, business_date: date | str) -> list[dict[str, Any]]:
        """The ledger's own payment lines of the date (receipt_number, payment_uuid,
        amount_fen, shift_id, voided): reconciliation names the receipt that differs."""
        day = business_date.isoformat() if isinstance(business_date, date) else business_date
        return self._request("GET", "/reconciliation/payments", params={"date": day})["payments"]

    def audit_head(self) -> dict[str, Any] | None:
        """The newest audit entry (seq, hash, at) this terminal sent, as the ledger keeps it."""
        return self._request("GET", "/audit-head").get("head")

    def reconciliation(self, business_date: date | str) -> dict[str, Any]:
        day = business_date.isoformat() if isinstance(business_date, date) else business_date
        return self._request("GET", "/reconciliation", params={"date": day})

    def hall_day(self, business_date: date | str) -> dict[str, Any]:
        """The day of this terminal's hall for the daily hall report: shifts, cashiers,
        tenders and totals (GET /v1/reports/hall-day)."""
        day = business_date.isoformat() if isinstance(business_date, date) else business_date
        return self._request("GET", "/reports/hall-day", params={"date": day})

    @staticmethod
    def _results(body: Any, keys: list[str | None]) -> list[ItemResult]:
        """Per-item results; an answer that does not match the batch is treated as lost."""
        try:
            raw = body["results"]
            if len(raw) != len(keys):
                raise ValueError("result count differs from the batch")
            out = []
            for key, r in zip(keys, raw, strict=True):
                if key is not None and str(r["key"]).lower() != key.lower():
                    raise ValueError("results out of order")
                error = r.get("error") or {}
                out.append(ItemResult(
                    key=r["key"], status=int(r["status"]), outcome=r["outcome"],
                    result=r.get("result"), error_code=error.get("code"),
                    error_message=error.get("message"), details=tuple(error.get("details") or ()),
                ))
            return out
        except (KeyError, TypeError, ValueError) as exc:
            raise LedgerOutcomeUnknown(f"the ledger's batch answer is malformed: {exc}") from exc


def _digests(digests: Sequence[str] | None, count: int) -> str:
    """The batch's `payload_sha256` member (empty without digests)."""
    if digests is None:
        return ""
    if len(digests) != count:
        raise ValueError("one digest per item")
    return ',"payload_sha256":' + json.dumps(list(digests))


def _payment_key(payment: Mapping[str, Any] | str) -> str | None:
    if isinstance(payment, str):
        try:
            payment = json.loads(payment)
        except ValueError:
            return None
    key = payment.get("payment_uuid") if isinstance(payment, Mapping) else None
    return key if isinstance(key, str) else None


def _error_of(response: httpx.Response) -> tuple[str | None, str]:
    if response.status_code < 400:
        return None, ""
    try:
        error = response.json().get("error") or {}
        return error.get("code"), str(error.get("message", ""))[:300]
    except (ValueError, AttributeError):
        return None, response.reason_phrase
