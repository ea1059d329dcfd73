"""The audit trail in words: one sentence per action code (and outcome), the names of actions,
outcomes and the codes found in details, in the user's language (context "AuditText").

Keys: "action" or "action:outcome" (tried first). Placeholders are the names audit_params gives
(services/audit_query.py): the target's kind (`shift`, `account`, `user`, `payment`, `file`), each
detail field (`amount` for `amount_fen`, as money), `user_id`, `outcome`.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from counter_app.services.audit_query import audit_sentence
from hall_domain.audit import AuditEntry

CONTEXT = "AuditText"

SENTENCES: dict[str, str] = {
    "auth.login": QT_TRANSLATE_NOOP("AuditText", "Sign-in of {user}: {outcome}"),
    "auth.login:ok": QT_TRANSLATE_NOOP("AuditText", "{user} signed in"),
    "payment.take": QT_TRANSLATE_NOOP("AuditText", "Payment of {amount} for account {account_no}, receipt {receipt_no} ({tenders})"),
    "payment.void": QT_TRANSLATE_NOOP("AuditText", "Receipt {receipt_no} ({amount}) voided, approved by {approved_by}: {reason}"),
    "credit.refund": QT_TRANSLATE_NOOP("AuditText", "Credit of {amount} refunded to account {account_no} (receipt {receipt_no}), approved by {approved_by}: {reason}"),
    "late_fee.waive": QT_TRANSLATE_NOOP("AuditText", "Late fee {waived} of period {period} waived, approved by {approved_by}: {reason}"),
    "approval.grant": QT_TRANSLATE_NOOP("AuditText", "{approver_id} approved: {action} ({reason})"),
    "approval.refused": QT_TRANSLATE_NOOP("AuditText", "Approval by {approver_id} for {action} refused: {outcome}"),
    "approval.override": QT_TRANSLATE_NOOP("AuditText", "{approver_id} ({approver_role}) approved by exception ({basis}): {action} ({reason})"),
    "shift.open": QT_TRANSLATE_NOOP("AuditText", "Shift {shift} opened with a float of {float}"),
    "shift.close_begin": QT_TRANSLATE_NOOP("AuditText", "Close of shift {shift} begun: blind count"),
    "shift.count": QT_TRANSLATE_NOOP("AuditText", "Shift {shift} counted: cash {counted}, cash over/short {over_short_cash}"),
    "shift.sign_off": QT_TRANSLATE_NOOP("AuditText", "Shift {shift} signed off ({unsent_payments} payments not yet sent)"),
    "shift.close": QT_TRANSLATE_NOOP("AuditText", "Shift {shift} closed: takings {payment_total}, over/short {over_short}"),
    "report.x": QT_TRANSLATE_NOOP("AuditText", "X report of shift {shift} (takings {payment_total})"),
    "drawer.cash_in": QT_TRANSLATE_NOOP("AuditText", "Cash in of {amount} to shift {shift}: {reason}"),
    "drawer.cash_out": QT_TRANSLATE_NOOP("AuditText", "Cash out of {amount} from shift {shift}: {reason}"),
    "drawer.open": QT_TRANSLATE_NOOP("AuditText", "Cash drawer opened for a payment"),
    "drawer.open:failed": QT_TRANSLATE_NOOP("AuditText", "Cash drawer did not open: {error}"),
    "drawer.open_no_sale": QT_TRANSLATE_NOOP("AuditText", "Cash drawer opened without a sale"),
    "drawer.open_no_sale:failed": QT_TRANSLATE_NOOP("AuditText", "Cash drawer did not open (no sale): {error}"),
    "contact.update_phone": QT_TRANSLATE_NOOP("AuditText", "Phone of account {account} changed from {old} to {new}"),
    "contact.verify_phone": QT_TRANSLATE_NOOP("AuditText", "Phone {new} of account {account} verified with the customer"),
    "user.create": QT_TRANSLATE_NOOP("AuditText", "User {user} added: {name}, {role}"),
    "user.enable": QT_TRANSLATE_NOOP("AuditText", "User {user} enabled"),
    "user.disable": QT_TRANSLATE_NOOP("AuditText", "User {user} disabled"),
    "user.reset_pin": QT_TRANSLATE_NOOP("AuditText", "PIN of user {user} reset"),
    "user.set_role": QT_TRANSLATE_NOOP("AuditText", "Role of user {user} changed from {from} to {to}"),
    "import.customers": QT_TRANSLATE_NOOP("AuditText", "Customers imported from {file}: {rows} rows, {inserted} new, {updated} updated"),
    "import.bills": QT_TRANSLATE_NOOP("AuditText", "Bills imported from {file}: {rows} rows, {inserted} new, {updated} updated"),
    "sync.offline_limit": QT_TRANSLATE_NOOP("AuditText", "Offline too long: card payments refused ({queued} payments queued, {hours_offline} h offline)"),
    "sync.offline_cleared": QT_TRANSLATE_NOOP("AuditText", "Back within the offline limits: card payments allowed again"),
    "sync.refused": QT_TRANSLATE_NOOP("AuditText", "The ledger refused {target_kind} {target_id}: on the review list"),
    "sync.ledger_review": QT_TRANSLATE_NOOP("AuditText", "The ledger flagged {target_kind} {target_id} for review"),
    "sync.corrected": QT_TRANSLATE_NOOP("AuditText", "Card reference of {target_kind} {target_id} corrected from {old} to {new} and sent again: {reason}"),
    "outbox.seal": QT_TRANSLATE_NOOP("AuditText", "Queued items sealed into the audit trail"),
    "collections.run_create": QT_TRANSLATE_NOOP("AuditText", "Dunning run proposed as of {as_of} ({customer_class}): {outcome}"),
    "collections.run_line": QT_TRANSLATE_NOOP("AuditText", "Dunning run {run_id}: line of account {account_no} changed: {outcome}"),
    "collections.run_execute": QT_TRANSLATE_NOOP("AuditText", "Dunning run {run_id} executed: {outcome}"),
    "collections.run_reverse": QT_TRANSLATE_NOOP("AuditText", "Dunning run {run_id} reversed ({reason}): {outcome}"),
    "collections.notice_delivery": QT_TRANSLATE_NOOP("AuditText", "Delivery of notice {number} recorded ({method}, signed by {signed_by}): {outcome}"),
    "collections.stop_approve": QT_TRANSLATE_NOOP("AuditText", "Stop-supply request {request_id} approved by {approver_id}: {outcome}"),
    "collections.stop_cancel": QT_TRANSLATE_NOOP("AuditText", "Stop-supply request {request_id} cancelled ({reason}): {outcome}"),
    "collections.reconnection_close": QT_TRANSLATE_NOOP("AuditText", "Reconnection task {task_id} closed: {outcome}"),
    "collections.sms_template": QT_TRANSLATE_NOOP("AuditText", "SMS template {name} drafted: {outcome}"),
    "collections.sms_approve": QT_TRANSLATE_NOOP("AuditText", "SMS template {template_id} approved: {outcome}"),
    "store.restored": QT_TRANSLATE_NOOP("AuditText", "Store restored from backup {backup} (previous store kept as {previous_store}); {lost} queued item(s) dropped"),
}

# Names for the codes an entry carries: outcomes, target kinds, roles, tenders, approved actions.
NAMES: dict[str, str] = {
    "ok": QT_TRANSLATE_NOOP("AuditText", "done"),
    "failed": QT_TRANSLATE_NOOP("AuditText", "failed"),
    "review": QT_TRANSLATE_NOOP("AuditText", "for review"),
    "alert": QT_TRANSLATE_NOOP("AuditText", "alert"),
    "wrong_pin": QT_TRANSLATE_NOOP("AuditText", "wrong PIN"),
    "unknown_user": QT_TRANSLATE_NOOP("AuditText", "unknown user"),
    "disabled": QT_TRANSLATE_NOOP("AuditText", "user disabled"),
    "locked": QT_TRANSLATE_NOOP("AuditText", "locked"),
    "locked_now": QT_TRANSLATE_NOOP("AuditText", "wrong PIN, now locked"),
    "refused": QT_TRANSLATE_NOOP("AuditText", "refused"),
    "payment": QT_TRANSLATE_NOOP("AuditText", "payment"),
    "void": QT_TRANSLATE_NOOP("AuditText", "void"),
    "refund": QT_TRANSLATE_NOOP("AuditText", "refund"),
    "shift_report": QT_TRANSLATE_NOOP("AuditText", "shift report"),
    "audit_head": QT_TRANSLATE_NOOP("AuditText", "audit head"),
    "cash": QT_TRANSLATE_NOOP("AuditText", "cash"),
    "card": QT_TRANSLATE_NOOP("AuditText", "bank card"),
    "cashier": QT_TRANSLATE_NOOP("AuditText", "cashier"),
    "supervisor": QT_TRANSLATE_NOOP("AuditText", "supervisor"),
    "technician": QT_TRANSLATE_NOOP("AuditText", "technician"),
    "admin": QT_TRANSLATE_NOOP("AuditText", "administrator"),
    "void_payment": QT_TRANSLATE_NOOP("AuditText", "void a payment"),
    "waive_late_fee": QT_TRANSLATE_NOOP("AuditText", "waive a late fee"),
    "cash_out": QT_TRANSLATE_NOOP("AuditText", "cash out"),
    "close_shift": QT_TRANSLATE_NOOP("AuditText", "close a shift"),
    "refund_credit": QT_TRANSLATE_NOOP("AuditText", "refund credit"),
    "second_approver": QT_TRANSLATE_NOOP("AuditText", "the hall's named second approver"),
    "admin_override": QT_TRANSLATE_NOOP("AuditText", "administrator override"),
    "open_drawer_no_sale": QT_TRANSLATE_NOOP("AuditText", "open the drawer without a sale"),
    "reprint_beyond_limit": QT_TRANSLATE_NOOP("AuditText", "reprint beyond the limit"),
    "close_with_queued": QT_TRANSLATE_NOOP("AuditText", "close with unsent payments"),
    "exceed_offline_limit": QT_TRANSLATE_NOOP("AuditText", "exceed the offline limit"),
    "approve_stop_supply": QT_TRANSLATE_NOOP("AuditText", "approve a stop-supply request"),
    "work_collections": QT_TRANSLATE_NOOP("AuditText", "work the arrears"),
    "unknown": QT_TRANSLATE_NOOP("AuditText", "outcome unknown"),
    "card_payments_offline": QT_TRANSLATE_NOOP("AuditText", "card payments offline"),
    "hours": QT_TRANSLATE_NOOP("AuditText", "hours offline"),
    "queued": QT_TRANSLATE_NOOP("AuditText", "payments queued"),
}

# The action column: a short name per action code.
ACTIONS: dict[str, str] = {
    "auth.login": QT_TRANSLATE_NOOP("AuditText", "Sign-in"),
    "payment.take": QT_TRANSLATE_NOOP("AuditText", "Payment"),
    "payment.void": QT_TRANSLATE_NOOP("AuditText", "Void"),
    "credit.refund": QT_TRANSLATE_NOOP("AuditText", "Credit refund"),
    "late_fee.waive": QT_TRANSLATE_NOOP("AuditText", "Late fee waiver"),
    "approval.grant": QT_TRANSLATE_NOOP("AuditText", "Approval"),
    "approval.refused": QT_TRANSLATE_NOOP("AuditText", "Approval refused"),
    "approval.override": QT_TRANSLATE_NOOP("AuditText", "Approval by exception"),
    "shift.open": QT_TRANSLATE_NOOP("AuditText", "Shift opened"),
    "shift.close_begin": QT_TRANSLATE_NOOP("AuditText", "Close begun"),
    "shift.count": QT_TRANSLATE_NOOP("AuditText", "Blind count"),
    "shift.sign_off": QT_TRANSLATE_NOOP("AuditText", "Sign-off"),
    "shift.close": QT_TRANSLATE_NOOP("AuditText", "Shift closed"),
    "report.x": QT_TRANSLATE_NOOP("AuditText", "X report"),
    "drawer.cash_in": QT_TRANSLATE_NOOP("AuditText", "Cash in"),
    "drawer.cash_out": QT_TRANSLATE_NOOP("AuditText", "Cash out"),
    "drawer.open": QT_TRANSLATE_NOOP("AuditText", "Cash drawer"),
    "drawer.open_no_sale": QT_TRANSLATE_NOOP("AuditText", "Cash drawer, no sale"),
    "contact.update_phone": QT_TRANSLATE_NOOP("AuditText", "Phone changed"),
    "contact.verify_phone": QT_TRANSLATE_NOOP("AuditText", "Phone verified"),
    "user.create": QT_TRANSLATE_NOOP("AuditText", "User added"),
    "user.enable": QT_TRANSLATE_NOOP("AuditText", "User enabled"),
    "user.disable": QT_TRANSLATE_NOOP("AuditText", "User disabled"),
    "user.reset_pin": QT_TRANSLATE_NOOP("AuditText", "PIN reset"),
    "user.set_role": QT_TRANSLATE_NOOP("AuditText", "Role changed"),
    "import.customers": QT_TRANSLATE_NOOP("AuditText", "Customer import"),
    "import.bills": QT_TRANSLATE_NOOP("AuditText", "Bill import"),
    "sync.offline_limit": QT_TRANSLATE_NOOP("AuditText", "Offline limit"),
    "sync.offline_cleared": QT_TRANSLATE_NOOP("AuditText", "Offline limit cleared"),
    "sync.refused": QT_TRANSLATE_NOOP("AuditText", "Refused by the ledger"),
    "sync.ledger_review": QT_TRANSLATE_NOOP("AuditText", "Ledger review"),
    "sync.corrected": QT_TRANSLATE_NOOP("AuditText", "Corrected and resent"),
    "store.restored": QT_TRANSLATE_NOOP("AuditText", "Store restored"),
    "outbox.seal": QT_TRANSLATE_NOOP("AuditText", "Queue sealed"),
    "collections.run_create": QT_TRANSLATE_NOOP("AuditText", "Dunning run"),
    "collections.run_line": QT_TRANSLATE_NOOP("AuditText", "Dunning line"),
    "collections.run_execute": QT_TRANSLATE_NOOP("AuditText", "Dunning executed"),
    "collections.run_reverse": QT_TRANSLATE_NOOP("AuditText", "Dunning reversed"),
    "collections.notice_delivery": QT_TRANSLATE_NOOP("AuditText", "Notice delivered"),
    "collections.stop_approve": QT_TRANSLATE_NOOP("AuditText", "Stop supply approved"),
    "collections.stop_cancel": QT_TRANSLATE_NOOP("AuditText", "Stop supply cancelled"),
    "collections.reconnection_close": QT_TRANSLATE_NOOP("AuditText", "Reconnection closed"),
    "collections.sms_template": QT_TRANSLATE_NOOP("AuditText", "SMS template"),
    "collections.sms_approve": QT_TRANSLATE_NOOP("AuditText", "SMS template approved"),
}

# The action filter's families.
FAMILIES: dict[str, str] = {
    "payment": QT_TRANSLATE_NOOP("AuditText", "Payments and voids"),
    "approval": QT_TRANSLATE_NOOP("AuditText", "Approvals"),
    "auth": QT_TRANSLATE_NOOP("AuditText", "Sign-ins"),
    "user": QT_TRANSLATE_NOOP("AuditText", "Users"),
    "drawer": QT_TRANSLATE_NOOP("AuditText", "Cash drawer and cash in/out"),
    "shift": QT_TRANSLATE_NOOP("AuditText", "Shifts"),
    "credit": QT_TRANSLATE_NOOP("AuditText", "Credit refunds"),
    "late_fee": QT_TRANSLATE_NOOP("AuditText", "Late fee waivers"),
    "report": QT_TRANSLATE_NOOP("AuditText", "Reports"),
    "contact": QT_TRANSLATE_NOOP("AuditText", "Phone numbers"),
    "import": QT_TRANSLATE_NOOP("AuditText", "Imports"),
    "sync": QT_TRANSLATE_NOOP("AuditText", "Ledger and offline"),
    "outbox": QT_TRANSLATE_NOOP("AuditText", "Upload queue"),
}


def family_name(family: str) -> str:
    source = FAMILIES.get(family)
    return _tr(source) if source is not None else family


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def name_of(code: str) -> str:
    """A code found in an entry (outcome, role, tender, approved action), in words; an unknown
    code is shown as it is."""
    source = NAMES.get(code)
    return _tr(source) if source is not None else code


def action_name(action: str) -> str:
    source = ACTIONS.get(action)
    return _tr(source) if source is not None else action


def sentence(entry: AuditEntry) -> str:
    templates = {key: _tr(text) for key, text in SENTENCES.items()}
    return audit_sentence(entry, templates, name_of)
