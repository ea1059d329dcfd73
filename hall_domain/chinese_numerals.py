"""Amounts in Chinese capital numerals (大写金额) as written on receipts: 壹佰贰拾元肆角整.

Rules follow the PBOC "正确填写票据和结算凭证的基本规定":
- a zero, or a run of zeros, between two non-zero digits is written as one 零
  (¥1,409.50 → 壹仟肆佰零玖元伍角整, ¥325.04 → 叁佰贰拾伍元零肆分, ¥1,005 → 壹仟零伍元整);
- where the rules make that 零 optional (the run ends at 元位 before a non-zero 角, or at
  万位/亿位 before a non-zero 仟) we leave it out, as the issue's example does
  (¥120.40 → 壹佰贰拾元肆角整, ¥1,680.32 → 壹仟陆佰捌拾元叁角贰分,
  ¥107,000.53 → 壹拾万柒仟元伍角叁分) — but only when the run stays inside one group of four
  digits; a run over a whole empty group keeps its 零 (¥1,0000,1000 → 壹亿零壹仟元整,
  ¥100,000.50 → 壹拾万元零伍角整), the form people expect there;
- 整 follows an amount that ends at 元 or 角; never after 分;
- the leading ten is written 壹拾 (not 拾) so nothing can be written in front of it;
- no 元 for amounts under one yuan (¥0.05 → 伍分); zero is 零元整.
"""

from __future__ import annotations

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("仟", "佰", "拾", "")  # within a group of four digits, most significant first
_GROUPS = ("亿", "万", "")  # groups of four digits, most significant first
MAX_FEN = 10**14 - 1  # 9,999 亿 yuan and 99 fen: far beyond any bill, still exact


def amount_in_words(fen: int) -> str:
    """Write `fen` (non-negative int) in capital numerals, e.g. 12040 → 壹佰贰拾元肆角整."""
    if not isinstance(fen, int) or isinstance(fen, bool):
        raise TypeError(f"money must be int fen, not {type(fen).__name__}")
    if fen < 0:
        raise ValueError("amount in words is for non-negative amounts")
    if fen > MAX_FEN:
        raise ValueError(f"amount {fen} fen is too large for capital numerals")
    if fen == 0:
        return "零元整"
    yuan, rest = divmod(fen, 100)
    jiao, fen_digit = divmod(rest, 10)

    out: list[str] = []
    started = False  # a non-zero digit has been written
    zero_pending = False  # zeros seen since the last non-zero digit
    last_group = -1  # group (0 亿, 1 万, 2 units, 3 角分) of the last non-zero digit

    def digit(d: int, unit: str, group: int, *, leads_group: bool) -> None:
        nonlocal started, zero_pending, last_group
        if d == 0:
            zero_pending = started
            return
        # The optional 零: the zeros were the tail of the group just before this one.
        optional = leads_group and last_group == group - 1
        if zero_pending and not optional:
            out.append("零")
        out.append(DIGITS[d] + unit)
        started, zero_pending, last_group = True, False, group

    groups = (yuan // 10**8, yuan // 10**4 % 10**4, yuan % 10**4)
    for g, (value, group_unit) in enumerate(zip(groups, _GROUPS, strict=True)):
        for i, place in enumerate(_PLACES):
            digit(value // 10 ** (3 - i) % 10, place, g, leads_group=i == 0)
        if value:
            # Trailing zeros of this group are still pending: they come out as 零 before the
            # next non-zero digit, after the group's unit (壹亿零壹拾万: 1,0010,0000).
            out.append(group_unit)
    if yuan:
        out.append("元")
    digit(jiao, "角", 3, leads_group=True)
    digit(fen_digit, "分", 3, leads_group=False)
    if fen_digit == 0:
        out.append("整")
    return "".join(out)


def amount_in_words_rmb(fen: int) -> str:
    """The same with the currency named in front, as on bank slips: 人民币壹佰贰拾元肆角整."""
    return "人民币" + amount_in_words(fen)
