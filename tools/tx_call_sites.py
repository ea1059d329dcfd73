"""Rewrite calls on a store transaction to its repositories: `tx.get_customer(` becomes
`tx.customers.get_customer(` (issue #12: SqliteTx split into repositories).

For merging branches written against the old flat transaction; run it on the files given
(or the whole tree) and read the diff: `python tools/tx_call_sites.py [PATH ...]`. Only the
receiver names `tx` is rewritten (every transaction in the tree is called that). Method names
are unchanged; `tx.approvals()` and `tx.print_jobs()` became the attributes `tx.approvals` and
`tx.print_jobs`, and `approvals().audit_rows` moved to `tx.audit.audit_rows`.
Delete this tool once no branch needs it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPOS: dict[str, tuple[str, ...]] = {
    "customers": ("get_customer", "customers_by_phone", "customers_named",
                  "customers_name_starting", "customers_name_containing",
                  "customers_address_containing", "customers_pinyin",
                  "customers_pinyin_starting", "existing_accounts", "upsert_customers",
                  "set_customer_phone", "add_customer_credit", "count_customers"),
    "bills": ("open_bills", "open_bills_for", "existing_bill_keys", "insert_bills",
              "update_bill", "count_open_bills"),
    "users": ("get_user", "list_users", "count_users", "insert_user", "set_user_pin_state",
              "set_user_active", "set_user_role", "set_user_pin_hash"),
    "shifts": ("open_shift_for", "get_shift", "shifts_opened_on", "insert_shift",
               "mark_shift_closed", "shift_close_state", "get_shift_close", "save_shift_close"),
    "payments": ("next_receipt_number", "last_receipt_numbers", "insert_payment",
                 "insert_tenders", "insert_allocations", "get_payment", "last_payment",
                 "set_card_reference"),
    "outbox": ("add_outbox", "take_unsealed_outbox", "seal_outbox", "all_outbox",
               "outbox_counts", "due_outbox", "delete_outbox", "retry_outbox_later",
               "outbox_to_review", "sendable_outbox", "next_outbox_due", "pending_outbox_stats",
               "review_outbox", "get_outbox_item", "requeue_outbox", "accounts_with_pending",
               "outbox_holds"),
    "audit": ("last_audit", "insert_audit", "audit_entries", "outbox_seals"),
    "meta": ("get_meta", "set_meta"),
    "cash": ("add_cash_movement", "cash_movements", "shift_refund_lines",
             "credit_payment_lines", "shift_payment_lines", "payment_lines_on",
             "unsent_payment_count", "reprint_count", "drawer_openings"),
    "answers": ("save_ledger_answer", "get_ledger_answer", "answers_for_review",
                "count_review_answers", "delete_ledger_answer"),
    "reference": ("apply_reference", "apply_deferred_reference"),
}
REPO_OF = {m: repo for repo, methods in REPOS.items() for m in methods}
_CALL = re.compile(r"\btx\.(" + "|".join(sorted(REPO_OF, key=len, reverse=True)) + r")\b")
_ACCESSOR = re.compile(r"\btx\.(approvals|print_jobs)\(\)")


def rewrite(text: str) -> str:
    text = text.replace("tx.approvals().audit_rows(", "tx.audit.audit_rows(")
    text = _ACCESSOR.sub(r"tx.\1", text)
    return _CALL.sub(lambda m: f"tx.{REPO_OF[m.group(1)]}.{m.group(1)}", text)


def main(argv: list[str]) -> int:
    roots = [Path(a) for a in argv] or [Path(".")]
    changed = 0
    for root in roots:
        files = [root] if root.is_file() else sorted(root.rglob("*.py"))
        for path in files:
            if ".venv" in path.parts or path.name == "tx_call_sites.py":
                continue
            old = path.read_text(encoding="utf-8")
            new = rewrite(old)
            if new != old:
                path.write_text(new, encoding="utf-8")
                changed += 1
                print(path)
    print(f"{changed} files rewritten", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
