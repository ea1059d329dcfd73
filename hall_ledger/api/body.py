"""Request bodies within the wire's bounds (size, depth, UTF-8 JSON) and the batch answers."""

import json
import re
from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from ..wire import MAX_BATCH, MAX_BODY_BYTES, MAX_JSON_DEPTH
from .errors import ApiError


def server_time() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def body_schema(model: type[BaseModel]) -> dict:
    """openapi_extra naming `model` as the request body (the routes read the body themselves)."""
    return {"requestBody": {"required": True, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}}}


async def read_body(request: Request) -> bytes:
    """The request body, refused (413) past MAX_BODY_BYTES without reading the rest."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise ApiError(413, "request.too_large", f"the body is over {MAX_BODY_BYTES} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise ApiError(413, "request.too_large", f"the body is over {MAX_BODY_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST = re.compile(r"\[\]|\{\}")


def json_depth_exceeds(text: str, limit: int) -> bool:
    """Whether arrays and objects in `text` nest deeper than `limit` (before parsing it, so a
    body nested 100,000 deep never reaches the recursive parser). Strings are dropped, then
    each pass removes the innermost bracket pairs; after `limit` passes a well-formed body
    of that depth or less has none left. Malformed bodies are left to the parser."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    for _ in range(limit):
        brackets, removed = _INNERMOST.subn("", brackets)
        if not removed:
            break
    if not brackets:
        return False
    # Left over: pairs nested deeper than `limit`, or more than `limit` brackets opened in a
    # row (an unclosed body); anything else is unbalanced, and the parser says so.
    return bool(_INNERMOST.search(brackets)) or re.search(
        f"[\\[{{]{{{limit + 1},}}", brackets) is not None


def parse_body(raw: bytes) -> Any:
    """JSON from a body that must be UTF-8 (no BOM, no UTF-16/32), nested at most
    MAX_JSON_DEPTH deep; anything else is a 400 with its own code."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "request.encoding", "the body must be JSON in UTF-8") from exc
    if "\x00" in text or text.startswith("\ufeff"):  # UTF-16/32 read as UTF-8, or a BOM
        raise ApiError(400, "request.encoding", "the body must be JSON in UTF-8 (no BOM)")
    if json_depth_exceeds(text, MAX_JSON_DEPTH):
        raise ApiError(400, "request.too_deep",
                       f"the body nests arrays and objects more than {MAX_JSON_DEPTH} deep")
    try:
        return json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:  # RecursionError: cannot happen after the check
        raise ApiError(400, "request.json", "the body is not JSON") from exc


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


async def read_batch(request: Request, field: str) -> list:
    """The list `field` of the body (at most MAX_BATCH items); the body's payload_sha256 is
    kept on request.state for the per-item digest check."""
    body = parse_body(await read_body(request))
    items = body.get(field) if isinstance(body, dict) else None
    if not isinstance(items, list):
        raise ApiError(422, "request.invalid", f"the body must be an object with a list '{field}'")
    if len(items) > MAX_BATCH:
        raise ApiError(413, "request.batch_too_large", f"at most {MAX_BATCH} items per batch")
    request.state.payload_sha256 = body.get("payload_sha256")  # checked per item (ingest)
    return items


def batch_answer(results: list, request: Request | None = None) -> JSONResponse:
    """The batch's answer; with `request`, its outcomes counted for the metrics and the log."""
    if request is not None:
        counts: dict[str, int] = {}
        for r in results:
            outcome = r.get("outcome", "unknown") if isinstance(r, dict) else "unknown"
            counts[outcome] = counts.get(outcome, 0) + 1
        request.state.batch_counts = counts
    return JSONResponse({"server_time": server_time(), "results": results})
