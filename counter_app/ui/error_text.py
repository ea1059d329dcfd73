"""Every error code the domain and services raise, as a message in the user's language."""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from hall_domain.errors import DomainError
from hall_domain.money import format_fen

log = logging.getLogger(__name__)

CONTEXT = "ErrorText"

# Placeholders name the error's params; `*_fen` params are shown as money, datetimes as time.
MESSAGES: dict[str, str] = {
    # money (domain.money.parse_yuan)
    "money.empty": QT_TRANSLATE_NOOP("ErrorText", "Enter an amount."),
    "money.negative": QT_TRANSLATE_NOOP("ErrorText", "The amount may not be negative."),
    "money.format": QT_TRANSLATE_NOOP("ErrorText", "“{text}” is not an amount. Type yuan, for example 120.50."),
    "money.not_a_number": QT_TRANSLATE_NOOP("ErrorText", "“{text}” is not a number."),
    "money.exponent": QT_TRANSLATE_NOOP("ErrorText", "Write the amount in full, without an exponent (not “{text}”)."),
    "money.too_precise": QT_TRANSLATE_NOOP("ErrorText", "At most two decimals: the smallest unit is one fen (not “{text}”)."),
    "money.zero": QT_TRANSLATE_NOOP("ErrorText", "The amount must be more than zero."),
    "money.over_limit": QT_TRANSLATE_NOOP("ErrorText", "The amount is over the limit of {limit_fen} for one payment."),
    "money.grouping": QT_TRANSLATE_NOOP("ErrorText", "Thousands separators go in groups of three digits, like 1,234.50 (not “{text}”)."),
    "money": QT_TRANSLATE_NOOP("ErrorText", "The amount is not valid."),
    # accounts and bills
    "account.empty": QT_TRANSLATE_NOOP("ErrorText", "Enter an account number."),
    "account.not_digits": QT_TRANSLATE_NOOP("ErrorText", "An account number has digits only."),
    "account.length": QT_TRANSLATE_NOOP("ErrorText", "An account number has {length} digits."),
    "account.not_found": QT_TRANSLATE_NOOP("ErrorText", "No customer with account number {account_no}."),
    "contact.invalid_phone": QT_TRANSLATE_NOOP("ErrorText", "A mainland mobile number has 11 digits and starts with 13 to 19."),
    "account": QT_TRANSLATE_NOOP("ErrorText", "The account number is not valid."),
    # setup (hall_domain.setup_code)
    "setup_code.invalid": QT_TRANSLATE_NOOP("ErrorText", "This is not a setup code of this program (or it is incomplete): print it again with counter-ledger terminal add --qr."),
    "bill.period": QT_TRANSLATE_NOOP("ErrorText", "A billing period is written YYYY-MM."),
    # payments and allocation
    "payment.duplicate_bill": QT_TRANSLATE_NOOP("ErrorText", "A bill was listed twice. Look the customer up again."),
    "payment.not_positive": QT_TRANSLATE_NOOP("ErrorText", "The payment must be more than zero."),
    "payment.wrong_bill": QT_TRANSLATE_NOOP("ErrorText", "The bills changed meanwhile. Look the customer up again."),
    "payment.overpaid_bill": QT_TRANSLATE_NOOP("ErrorText", "The bills changed meanwhile. Look the customer up again."),
    "payment.over_limit": QT_TRANSLATE_NOOP("ErrorText", "The payment is over the limit of {limit_fen}."),
    "payment.negative_allocation": QT_TRANSLATE_NOOP("ErrorText", "The bills changed meanwhile. Look the customer up again."),
    "payment": QT_TRANSLATE_NOOP("ErrorText", "The payment could not be taken."),
    # tenders
    "tender.cash_not_positive": QT_TRANSLATE_NOOP("ErrorText", "The cash part must be more than zero."),
    "tender.cash_short": QT_TRANSLATE_NOOP("ErrorText", "Cash tendered {tendered_fen} is less than {amount_fen}."),
    "tender.card_not_positive": QT_TRANSLATE_NOOP("ErrorText", "The card part must be more than zero."),
    "tender.card_reference": QT_TRANSLATE_NOOP("ErrorText", "The reference number (RRN) has 6 to 20 letters or digits."),
    "tender.card_auth_code": QT_TRANSLATE_NOOP("ErrorText", "The authorisation code has 6 letters or digits."),
    "tender.card_mask_empty": QT_TRANSLATE_NOOP("ErrorText", "Enter the masked card number from the bank slip."),
    "tender.card_reference_digits": QT_TRANSLATE_NOOP("ErrorText", "A reference number (RRN) may not hold 13 or more digits in a row: that could be a card number. Enter the reference number from the bank slip (12 digits on UnionPay)."),
    "tender.full_card_number": QT_TRANSLATE_NOOP("ErrorText", "That looks like a full card number. Enter only the masked number from the bank slip, for example 622848******1234."),
    "tender.card_mask_format": QT_TRANSLATE_NOOP("ErrorText", "The masked card number looks like 622848******1234."),
    "tender.card_mask_length": QT_TRANSLATE_NOOP("ErrorText", "The masked card number has 13 to 19 characters."),
    "tender.none": QT_TRANSLATE_NOOP("ErrorText", "Choose how the customer pays."),
    "tender.two_cash": QT_TRANSLATE_NOOP("ErrorText", "Only one cash part per payment."),
    "tender.sum_mismatch": QT_TRANSLATE_NOOP("ErrorText", "The parts add up to {total_fen}, but the payment is {amount_fen}."),
    "tender.not_fen": QT_TRANSLATE_NOOP("ErrorText", "Amounts are counted in whole fen."),
    "tender.rounding": QT_TRANSLATE_NOOP("ErrorText", "The change rounding does not follow the hall's rule."),
    "tender": QT_TRANSLATE_NOOP("ErrorText", "The tender is not valid."),
    # shifts
    "shift.denomination": QT_TRANSLATE_NOOP("ErrorText", "Unknown note or coin."),
    "shift.count": QT_TRANSLATE_NOOP("ErrorText", "Counts are whole numbers, zero or more."),
    "session.ended": QT_TRANSLATE_NOOP("ErrorText", "The counter was locked: this action was not carried out."),
    "shift.not_open": QT_TRANSLATE_NOOP("ErrorText", "No shift is open on this counter. Open a shift with its float first."),
    "shift.refund": QT_TRANSLATE_NOOP("ErrorText", "A refund must be more than zero."),
    "shift.other_terminal": QT_TRANSLATE_NOOP("ErrorText", "That shift belongs to another counter."),
    "shift.already_open": QT_TRANSLATE_NOOP("ErrorText", "A shift is already open on this counter (opened by {opened_by})."),
    "shift.unknown": QT_TRANSLATE_NOOP("ErrorText", "There is no shift {shift_id}."),
    "shift.amount": QT_TRANSLATE_NOOP("ErrorText", "The amount must be whole fen above zero."),
    "shift.movement": QT_TRANSLATE_NOOP("ErrorText", "A drawer movement must be more than zero."),
    "shift.reason_missing": QT_TRANSLATE_NOOP("ErrorText", "Give a reason."),
    "shift.reason_long": QT_TRANSLATE_NOOP("ErrorText", "The reason is too long (at most 200 characters)."),
    "shift.closing": QT_TRANSLATE_NOOP("ErrorText", "The shift is being closed: no more drawer movements."),
    "shift.close_not_begun": QT_TRANSLATE_NOOP("ErrorText", "Begin closing the shift before counting."),
    "shift.already_counted": QT_TRANSLATE_NOOP("ErrorText", "The count was already entered."),
    "shift.blind_count_pending": QT_TRANSLATE_NOOP("ErrorText", "The blind count is in progress: no report until it is entered."),
    "shift.changed_after_count": QT_TRANSLATE_NOOP("ErrorText", "Payments or drawer movements changed after the count; count again."),
    "shift.not_counted": QT_TRANSLATE_NOOP("ErrorText", "The blind count has not been entered."),
    "shift.not_signed_off": QT_TRANSLATE_NOOP("ErrorText", "A supervisor must sign the count off first."),
    "shift.not_closed": QT_TRANSLATE_NOOP("ErrorText", "Shift {shift_id} is not closed; print an X report instead."),
    "shift.payments_unsent": QT_TRANSLATE_NOOP("ErrorText", "{count} payments of this shift are still queued for the central ledger."),
    "shift.bad_payment": QT_TRANSLATE_NOOP("ErrorText", "A payment of this shift does not add up (cash tendered minus change). Call the technician."),
    "shift.settlement": QT_TRANSLATE_NOOP("ErrorText", "The bank terminal's settlement total must be whole fen, zero or more."),
    "shift.keep_float": QT_TRANSLATE_NOOP("ErrorText", "The float to keep must be zero or more."),
    "shift": QT_TRANSLATE_NOOP("ErrorText", "The shift could not be changed."),
    # sign-in and permissions
    "auth.pin_format": QT_TRANSLATE_NOOP("ErrorText", "A PIN has 4 to 8 digits."),
    "auth.unknown_user": QT_TRANSLATE_NOOP("ErrorText", "Unknown user ID."),
    "auth.wrong_pin": QT_TRANSLATE_NOOP("ErrorText", "Wrong PIN. {attempts_left} attempts left before the account is locked."),
    "auth.locked": QT_TRANSLATE_NOOP("ErrorText", "Too many wrong PINs. This user is locked until {until}."),
    "auth.disabled": QT_TRANSLATE_NOOP("ErrorText", "This user is disabled. Ask the administrator."),
    "auth": QT_TRANSLATE_NOOP("ErrorText", "Sign-in failed."),
    "permission.disabled": QT_TRANSLATE_NOOP("ErrorText", "This user is disabled. Ask the administrator."),
    "permission.denied": QT_TRANSLATE_NOOP("ErrorText", "Your role may not do this. Ask a supervisor."),
    "permission.reprint_limit": QT_TRANSLATE_NOOP("ErrorText", "This receipt was already reprinted {reprints} times; a supervisor must approve another reprint."),
    "permission.drawer_no_sale": QT_TRANSLATE_NOOP("ErrorText", "Opening the cash drawer without a sale needs a supervisor's approval."),
    "permission.drawer_reason": QT_TRANSLATE_NOOP("ErrorText", "Give a reason for opening the drawer without a sale."),
    "permission.same_person": QT_TRANSLATE_NOOP("ErrorText", "The approver must be another person, not the one asking."),
    "permission.approver": QT_TRANSLATE_NOOP("ErrorText", "That user may not approve this. Ask a supervisor."),
    # approvals, voids, refunds, late-fee waivers
    "approval.required": QT_TRANSLATE_NOOP("ErrorText", "A supervisor must approve this first."),
    "approval.self": QT_TRANSLATE_NOOP("ErrorText", "The approver must be another person, not the one asking."),
    "approval.not_allowed": QT_TRANSLATE_NOOP("ErrorText", "That user may not approve this. Ask a supervisor."),
    "approval.mismatch": QT_TRANSLATE_NOOP("ErrorText", "The approval is for another action, person or item."),
    "approval.used": QT_TRANSLATE_NOOP("ErrorText", "That approval was already used; approve again."),
    "approval": QT_TRANSLATE_NOOP("ErrorText", "The approval was refused."),
    "void.unknown_payment": QT_TRANSLATE_NOOP("ErrorText", "There is no such payment."),
    "void.already_void": QT_TRANSLATE_NOOP("ErrorText", "This receipt is already void."),
    "void.other_shift": QT_TRANSLATE_NOOP("ErrorText", "This receipt belongs to a closed shift or another counter; only its prepaid credit can be refunded now."),
    "void.credit_spent": QT_TRANSLATE_NOOP("ErrorText", "The prepaid credit of this payment was already used."),
    "void.later_payment": QT_TRANSLATE_NOOP("ErrorText", "A later payment went to the same bills; void that one first."),
    "void.no_before_image": QT_TRANSLATE_NOOP("ErrorText", "This payment was taken before voids were possible here."),
    "void.reason": QT_TRANSLATE_NOOP("ErrorText", "Give a reason (1 to 200 characters)."),
    "void": QT_TRANSLATE_NOOP("ErrorText", "The payment could not be voided."),
    "refund.amount": QT_TRANSLATE_NOOP("ErrorText", "The refund must be more than zero."),
    "refund.over_credit": QT_TRANSLATE_NOOP("ErrorText", "At most {refundable_fen} of prepaid credit can be refunded."),
    "refund.void_payment": QT_TRANSLATE_NOOP("ErrorText", "This receipt is void."),
    "refund.use_void": QT_TRANSLATE_NOOP("ErrorText", "The payment's shift is still open: void the payment instead."),
    "refund": QT_TRANSLATE_NOOP("ErrorText", "The credit could not be refunded."),
    "waiver.no_bill": QT_TRANSLATE_NOOP("ErrorText", "That bill is not open on this account."),
    "waiver.already": QT_TRANSLATE_NOOP("ErrorText", "This bill's late fee is already waived."),
    "waiver.reason": QT_TRANSLATE_NOOP("ErrorText", "Give a reason (1 to 200 characters)."),
    "waiver": QT_TRANSLATE_NOOP("ErrorText", "The late fee could not be waived."),
    "permission": QT_TRANSLATE_NOOP("ErrorText", "Your role may not do this. Ask a supervisor."),
    "user.exists": QT_TRANSLATE_NOOP("ErrorText", "User {user_id} already exists."),
    "user.id_format": QT_TRANSLATE_NOOP("ErrorText", "A user ID has 1 to 32 letters, digits, “.”, “_” or “-”."),
    "user.name": QT_TRANSLATE_NOOP("ErrorText", "A user name has 1 to 64 characters."),
    "user.role": QT_TRANSLATE_NOOP("ErrorText", "Unknown role."),
    "user.self_disable": QT_TRANSLATE_NOOP("ErrorText", "You cannot disable your own user."),
    "user.self_role": QT_TRANSLATE_NOOP("ErrorText", "You cannot change your own role."),
    "user": QT_TRANSLATE_NOOP("ErrorText", "The user could not be changed."),
    # the local store (adapters.storage.StoreError, shaped like a DomainError)
    "store.missing": QT_TRANSLATE_NOOP("ErrorText", "The local store file is missing. Call the technician."),
    "store.is_folder": QT_TRANSLATE_NOOP("ErrorText", "The local store path is a folder, not a file. Call the technician."),
    "store.unwritable": QT_TRANSLATE_NOOP("ErrorText", "The local store cannot be written (disk full or no permission). Nothing was saved; call the technician."),
    "store.corrupt": QT_TRANSLATE_NOOP("ErrorText", "The local store is damaged. Stop taking payments and call the technician."),
    "store.pragma": QT_TRANSLATE_NOOP("ErrorText", "The local store is not set up for safe writing. Call the technician."),
    "store.no_row": QT_TRANSLATE_NOOP("ErrorText", "A record changed meanwhile. Nothing was saved; look the customer up again."),
    "store.read_only_tx": QT_TRANSLATE_NOOP("ErrorText", "Internal error: a change was attempted while reading. Nothing was saved."),
    "store.busy": QT_TRANSLATE_NOOP("ErrorText", "The local store is busy (another program is writing). Nothing was saved; try again."),
    "store.conflict": QT_TRANSLATE_NOOP("ErrorText", "The local store refused the change as a conflict. Nothing was saved; look the customer up again."),
    "store.error": QT_TRANSLATE_NOOP("ErrorText", "The local store failed. Nothing was saved; try again, or call the technician."),
    "store": QT_TRANSLATE_NOOP("ErrorText", "The local store could not be used. Nothing was saved; call the technician."),
    "import.refused": QT_TRANSLATE_NOOP("ErrorText", "The file was not imported: {count} problems found. Nothing was changed."),
    "sync.clock_skew": QT_TRANSLATE_NOOP("ErrorText", "This counter's clock differs too much from the central ledger's. Set the clock, or call the technician."),
    "sync.review": QT_TRANSLATE_NOOP("ErrorText", "The item on the review list could not be corrected."),
    "sync.review_reason": QT_TRANSLATE_NOOP("ErrorText", "Give a reason for the correction (1 to 200 characters)."),
    "sync.review_not_listed": QT_TRANSLATE_NOOP("ErrorText", "This payment is not on the review list (any more)."),
    "sync.review_which_tender": QT_TRANSLATE_NOOP("ErrorText", "This payment has several card parts: choose the one to correct."),
    "sync.review_not_card": QT_TRANSLATE_NOOP("ErrorText", "That part of the payment is not a card part."),
    "sync.review_unchanged": QT_TRANSLATE_NOOP("ErrorText", "The new reference is the same as the old one."),
    "backup": QT_TRANSLATE_NOOP("ErrorText", "The backup could not be used."),
    "backup.damaged": QT_TRANSLATE_NOOP("ErrorText", "The backup {file} is damaged and was not restored. Choose an older backup."),
    "backup.would_lose_queued": QT_TRANSLATE_NOOP("ErrorText", "Restoring this backup would lose {count} item(s) not yet at the central ledger. A supervisor must confirm."),
    # collections (催费): the ledger's answers (services/collections.py)
    "collections": QT_TRANSLATE_NOOP("ErrorText", "The central ledger refused this collections request: {detail}"),
    "collections.refused": QT_TRANSLATE_NOOP("ErrorText", "The central ledger refused this collections request: {detail}"),
    "collections.auth": QT_TRANSLATE_NOOP("ErrorText", "The central ledger does not accept this counter's token. Call the technician."),
    "collections.no_ledger": QT_TRANSLATE_NOOP("ErrorText", "No central ledger is connected: collections work needs the ledger."),
    "collections.offline": QT_TRANSLATE_NOOP("ErrorText", "The central ledger cannot be reached, and nothing of this was synced before."),
    "collections.reason": QT_TRANSLATE_NOOP("ErrorText", "Give a reason."),
    "collections.same_person": QT_TRANSLATE_NOOP("ErrorText", "The approver must be another person, not the one asking."),
    "collections.no_answer": QT_TRANSLATE_NOOP("ErrorText", "The central ledger did not answer: this may or may not have been done. Refresh and look before trying again."),
    "collections.stop_supply.four_eyes": QT_TRANSLATE_NOOP("ErrorText", "A stop-supply request is approved by another person than the one who raised it."),
    "collections.stop_supply.status": QT_TRANSLATE_NOOP("ErrorText", "The request is no longer in a state that allows this. Refresh the list."),
    "collections.dunning.run_not_proposal": QT_TRANSLATE_NOOP("ErrorText", "This run was already executed or reversed: it can no longer be changed."),
    "collections.dunning.run_reversed": QT_TRANSLATE_NOOP("ErrorText", "This run was already reversed."),
    "collections.notices.delivered_before_issue": QT_TRANSLATE_NOOP("ErrorText", "The delivery time is before the notice was issued."),
    "collections.notices.delivered_in_future": QT_TRANSLATE_NOOP("ErrorText", "The delivery time may not be in the future."),
    "collections.notices.not_pending": QT_TRANSLATE_NOOP("ErrorText", "This notice is no longer waiting for delivery."),
    "collections.reconnections.closed": QT_TRANSLATE_NOOP("ErrorText", "This reconnection task is already closed."),
    "collections.sms.template.same_person": QT_TRANSLATE_NOOP("ErrorText", "A template is approved by another person than the one who drafted it."),
    "collections.sms.template.not_draft": QT_TRANSLATE_NOOP("ErrorText", "This template is not a draft: there is nothing to approve."),
    "collections.stop_supply.gates": QT_TRANSLATE_NOOP("ErrorText", "A condition for stopping supply does not hold; see the conditions listed with the request."),
    # ids and free text (domain/inputs.py)
    "id.terminal": QT_TRANSLATE_NOOP("ErrorText", "A terminal id has 1 to 32 ASCII letters, digits, '-' or '_', and starts with a letter or digit."),
    "id.hall": QT_TRANSLATE_NOOP("ErrorText", "A hall id has 1 to 32 ASCII letters, digits, '-' or '_', and starts with a letter or digit."),
    "text.card_number": QT_TRANSLATE_NOOP("ErrorText", "The text holds what looks like a full card number. Take it out: a card number may not be typed into a reason, name, address or note."),
    "text.control_character": QT_TRANSLATE_NOOP("ErrorText", "The text holds a control character (a line break, tab or direction mark): write it on one line of plain text."),
    "input": QT_TRANSLATE_NOOP("ErrorText", "The input is not valid."),
    "domain": QT_TRANSLATE_NOOP("ErrorText", "The request was refused."),
}

_STORAGE = QT_TRANSLATE_NOOP("ErrorText", "The local store could not be read or written ({kind}). Nothing was changed; try again, or call the technician.")
_UNKNOWN = QT_TRANSLATE_NOOP("ErrorText", "Something went wrong ({kind}). Nothing was changed; try again.")


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def _shown(key: str, value: Any) -> str:
    if key.endswith("_fen") and isinstance(value, int) and not isinstance(value, bool):
        return format_fen(value)
    if isinstance(value, datetime):
        return value.strftime("%H:%M") if value.date() == datetime.now().date() else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def message_for_code(code: str, params: dict[str, Any] | None = None) -> str:
    """The translated message for `code`; an unknown dotted code falls back to its family."""
    template = MESSAGES.get(code)
    if template is None:
        template = MESSAGES.get(code.split(".", 1)[0], MESSAGES["domain"])
    shown = _Params({k: _shown(k, v) for k, v in (params or {}).items()})
    return _tr(template).format_map(shown)


def error_message(exc: BaseException) -> str:
    """What to tell the cashier about `exc`, in the UI language."""
    # DomainError, and errors shaped like it (the store's StoreError): code + params.
    code = getattr(exc, "code", None)
    if isinstance(exc, DomainError) or (isinstance(code, str) and isinstance(getattr(exc, "params", None), dict)):
        if exc.code not in MESSAGES:
            log.warning("no translated message for error code %s: %s", exc.code, exc)
        return message_for_code(exc.code, exc.params)
    kind = type(exc).__name__
    log.error("unexpected error shown to the user", exc_info=exc)
    if isinstance(exc, OSError) or type(exc).__module__.startswith(("sqlalchemy", "sqlite3")):
        return _tr(_STORAGE).format(kind=kind)
    return _tr(_UNKNOWN).format(kind=kind)
