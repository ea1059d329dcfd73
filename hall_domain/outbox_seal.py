"""The wire form of a queued item and its seal: pure rules shared by the counter's relay, its
audit trail and the store's migrations (the checks against the audit chain are in
counter_app/services/outbox_seal.py)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

PAYMENT = "payment"
SEAL_KEY = "outbox"
# Fields a payment keeps at the counter (its receipt, the change) that the ledger does not take.
_PAYMENT_LOCAL = ("change_fen", "receipt_no")
_ALLOCATION_LOCAL = ("settles_bill",)


def wire_payload(kind: str, payload_json: str) -> str:
    """The outbox payload as the ledger's API takes it; deterministic, so resends are identical."""
    data = json.loads(payload_json)
    if kind == PAYMENT:
        data = {k: v for k, v in data.items() if k not in _PAYMENT_LOCAL}
        data["allocations"] = [{k: v for k, v in a.items() if k not in _ALLOCATION_LOCAL}
                               for a in data.get("allocations", [])]
    elif kind == "contact_change" and "new" in data:
        data = {"account_no": data["account_no"], "terminal_id": data["terminal_id"],
                "phone": data["new"], "changed_at": data["changed_at"],
                "changed_by": data["user_id"]}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def payload_digest(kind: str, payload_json: str) -> str:
    """SHA-256 (hex) of the item as the ledger receives it."""
    return hashlib.sha256(wire_payload(kind, payload_json).encode("utf-8")).hexdigest()


def seal(kind: str, item_key: str, payload_json: str) -> dict[str, str]:
    return {"item": f"{kind}:{item_key}", "sha256": payload_digest(kind, payload_json)}


def with_seals(detail: Mapping[str, Any] | str | None,
               seals: list[dict[str, str]]) -> Mapping[str, Any] | str | None:
    """The audit detail with the seals added (a str detail is JSON of an object)."""
    if not seals:
        return detail
    if detail is None or detail == "":
        base: dict[str, Any] = {}
    elif isinstance(detail, str):
        base = dict(json.loads(detail))
    else:
        base = dict(detail)
    base[SEAL_KEY] = [*base.get(SEAL_KEY, []), *seals]
    return base
