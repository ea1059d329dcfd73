"""SMS payment reminders (短信缴费提醒): the rules shared by the ledger and the counter.

- Templates name their variables `${name}`; a message is the approved text with every variable
  filled, nothing else (`render`). Only the variables in VARIABLES may be used.
- Wording: a payment reminder (缴费提醒). Texts with collection words the providers refuse
  (催款, 催收, 讨债 ...) are refused (`check_wording`).
- Length: counted in UTF-16 code units with the signature 【...】, as the operators do for a
  Chinese (UCS-2) SMS: up to 70 is one message, longer ones go in parts of 67 (`count_parts`).
- Sending window: default 08:00-20:00 local time of the hall (`in_window`).
- Frequency caps: default at most 1 a local day and 4 in 30 days per account (`cap_problem`).
- Opt-out replies: TD, T, R, N, 退订 ... (`is_opt_out_reply`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .errors import DomainError

SINGLE_LIMIT = 70  # UCS-2 characters in one SMS
PART_LIMIT = 67  # per part of a concatenated SMS (3 characters go to the UDH)
MAX_PARTS = 5  # a reminder longer than five parts is refused (cost, and phones drop parts)
MAX_TEMPLATE_CHARS = 500

# Variables a reminder template may use, with what they hold.
VARIABLES = {
    "name": "the customer's name (masked: 张*三)",
    "account_no": "the account number, last four digits shown (****0001)",
    "amount": "the amount due in yuan, e.g. 120.50",
    "months": "the number of unpaid bills",
    "oldest_period": "the oldest unpaid billing period, YYYY-MM",
    "due_date": "the oldest unpaid bill's due date, YYYY-MM-DD",
    "hall": "the hall's name or id",
}
_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")

# Words that make a text a debt-collection message (providers refuse those templates): a
# reminder says 缴费提醒 instead. Compared after NFKC and with spaces removed.
FORBIDDEN_WORDS = ("催款", "催收", "催缴欠款", "讨债", "追债", "追讨", "欠债", "逾期不还", "黑名单",
                   "起诉", "法院")

# Replies that mean "no more messages" (the operators' 退订 convention: TD, T, R, N, 0000 ...).
OPT_OUT_REPLIES = frozenset({"TD", "T", "R", "N", "Q", "QX", "TDQX", "0000", "00000", "退订",
                             "退", "取消", "取消订阅", "拒收", "STOP", "UNSUBSCRIBE"})

_MOBILE = re.compile(r"1[3-9]\d{9}")


class SmsRuleError(DomainError):
    code = "sms"


@dataclass(frozen=True, slots=True)
class SmsLength:
    chars: int  # UTF-16 code units, signature included
    parts: int


@dataclass(frozen=True, slots=True)
class SmsPolicy:
    """A hall's sending rules."""

    window_start: time = time(8, 0)
    window_end: time = time(20, 0)
    day_cap: int = 1
    month_cap: int = 4  # in any 30 days
    month_days: int = 30


def template_variables(text: str) -> list[str]:
    """The variables a template uses, in order of first use."""
    seen: list[str] = []
    for name in _VARIABLE.findall(text):
        if name not in seen:
            seen.append(name)
    return seen


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def check_wording(text: str) -> None:
    """SmsRuleError (sms.forbidden_wording) when the text reads as debt collection."""
    flat = normalise(text)
    found = [w for w in FORBIDDEN_WORDS if w in flat]
    if found:
        raise SmsRuleError(
            f"the text uses wording SMS providers refuse ({', '.join(found)}): write a payment "
            "reminder (缴费提醒)", code="sms.forbidden_wording", words=",".join(found))


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def count_parts(text: str, signature: str = "") -> SmsLength:
    """The length operators bill: text plus 【signature】, one SMS up to 70, parts of 67."""
    chars = utf16_len(text) + (utf16_len(f"【{signature}】") if signature else 0)
    parts = 1 if chars <= SINGLE_LIMIT else math.ceil(chars / PART_LIMIT)
    return SmsLength(chars, parts)


def check_template(text: str, signature: str) -> SmsLength:
    """A template's text checked: not empty, one line per paragraph of plain text, known
    variables only, allowed wording, signature 2-12 characters; returns its length with the
    variables as written (the sent length is counted again on each message)."""
    if not text or not text.strip():
        raise SmsRuleError("the template text is empty", code="sms.template_empty")
    if len(text) > MAX_TEMPLATE_CHARS:
        raise SmsRuleError(f"the template is over {MAX_TEMPLATE_CHARS} characters",
                           code="sms.template_too_long")
    if any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in text):
        raise SmsRuleError("the template holds a control character", code="sms.template_control")
    unknown = [v for v in template_variables(text) if v not in VARIABLES]
    if unknown:
        raise SmsRuleError(f"unknown variable(s): {', '.join(unknown)}; known: "
                           f"{', '.join(VARIABLES)}", code="sms.unknown_variable",
                           names=",".join(unknown))
    if "${" in _VARIABLE.sub("", text) or "【" in text or "】" in text:
        raise SmsRuleError("a '${' that is not a variable, or 【】 (the signature is added by "
                           "the provider) in the text", code="sms.template_syntax")
    sig = signature.strip()
    if (not 2 <= len(sig) <= 12 or any(c in sig for c in "【】[]") or normalise(sig) != sig
            or any(unicodedata.category(c)[0] == "C" for c in sig)):
        raise SmsRuleError("the signature has 2-12 characters, without brackets or spaces",
                           code="sms.signature")
    check_wording(text + sig)
    length = count_parts(text, sig)
    if length.parts > MAX_PARTS:
        raise SmsRuleError(f"the text needs {length.parts} parts; at most {MAX_PARTS}",
                           code="sms.too_many_parts")
    return length


def render(text: str, values: dict[str, str]) -> str:
    """The template text with every variable filled; SmsRuleError when one has no value or a
    value holds a variable, a control character or a bracket of the signature."""
    missing = [v for v in template_variables(text) if v not in values]
    if missing:
        raise SmsRuleError(f"no value for variable(s) {', '.join(missing)}",
                           code="sms.missing_value", names=",".join(missing))
    for name, value in values.items():
        if ("${" in value or "【" in value or "】" in value
                or any(unicodedata.category(ch) == "Cc" for ch in value)):
            raise SmsRuleError(f"the value of {name} cannot go in a message",
                               code="sms.bad_value", name=name)
    return _VARIABLE.sub(lambda m: values[m.group(1)], text)


def mask_name(name: str) -> str:
    """张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明: enough to recognise, not to identify."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_account(account_no: str) -> str:
    return "****" + account_no[-4:]


def reminder_values(*, name: str, account_no: str, amount_fen: int, months: int,
                    oldest_period: str, due_date: date, hall: str) -> dict[str, str]:
    """The variables of a reminder for one account (money in yuan with two decimals)."""
    if not isinstance(amount_fen, int) or isinstance(amount_fen, bool) or amount_fen < 0:
        raise SmsRuleError("amount must be non-negative int fen", code="sms.bad_value",
                           name="amount")
    yuan, fen = divmod(amount_fen, 100)
    return {"name": mask_name(name), "account_no": mask_account(account_no),
            "amount": f"{yuan}.{fen:02d}", "months": str(months), "oldest_period": oldest_period,
            "due_date": due_date.isoformat(), "hall": hall}


def mobile_number(phone: str | None) -> str | None:
    """The 11-digit mainland mobile number in `phone` (+86 / 0086 / spaces / dashes allowed),
    or None when it is not one (a landline cannot get an SMS)."""
    if not phone:
        return None
    digits = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", phone))
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits if _MOBILE.fullmatch(digits) else None


def is_opt_out_reply(text: str) -> bool:
    """Whether an inbound reply asks for no more messages (TD, R, 退订 ...)."""
    flat = normalise(text).upper().strip(".。!！")
    return flat in OPT_OUT_REPLIES


def in_window(local: datetime, policy: SmsPolicy) -> bool:
    """Whether `local` (the hall's wall-clock time) is inside [start, end)."""
    t = local.time()
    start, end = policy.window_start, policy.window_end
    if start <= end:
        return start <= t < end
    return t >= start or t < end  # a window across midnight (unusual, but allowed)


def next_window_start(local: datetime, policy: SmsPolicy) -> datetime:
    """The first moment at or after `local` inside the window."""
    if in_window(local, policy):
        return local
    today = datetime.combine(local.date(), policy.window_start)
    return today if today > local else today + timedelta(days=1)


def cap_problem(local_now: datetime, previous_local: list[datetime], policy: SmsPolicy,
                ) -> tuple[str, datetime] | None:
    """Why one more message to an account at `local_now` would break a cap, with the earliest
    local time it would not: ("day", ...) or ("month", ...); None when it may go.
    `previous_local`: the local send times of the account's earlier messages that counted."""
    today = [t for t in previous_local if t.date() == local_now.date()]
    if len(today) >= policy.day_cap:
        return "day", datetime.combine(local_now.date() + timedelta(days=1), time(0, 0))
    since = local_now - timedelta(days=policy.month_days)
    recent = sorted(t for t in previous_local if t > since)
    if len(recent) >= policy.month_cap:
        # the oldest that counts drops out of the 30 days
        free_at = recent[len(recent) - policy.month_cap] + timedelta(days=policy.month_days)
        return "month", free_at
    return None


def check_policy(policy: SmsPolicy) -> SmsPolicy:
    if policy.window_start == policy.window_end:
        raise SmsRuleError("the sending window is empty", code="sms.window")
    if not 1 <= policy.day_cap <= 10 or not 1 <= policy.month_cap <= 60:
        raise SmsRuleError("caps: 1-10 a day, 1-60 in 30 days", code="sms.caps")
    if policy.month_cap < policy.day_cap:
        raise SmsRuleError("the 30-day cap is below the daily cap", code="sms.caps")
    return policy
