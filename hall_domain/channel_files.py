"""Channel files as text: bank agency files by profile (a bank's layout as data), WeChat Pay's
trade bill and Alipay's business detail file. Pure parsing of text given to it, no I/O.

Every parser checks the file's own control totals FIRST and refuses the whole file (with the
figures) when they disagree, then refuses the whole file at its first bad line. Amounts are
integer fen; a line's amount is signed (money in positive, a refund or reversal negative).
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .money import fen_to_plain

UTF8_BOM = "\ufeff"
KINDS = ("payment", "refund", "reversal")

# Strict yuan: digits, optionally one or two decimals; a sign only where the format has one.
_YUAN = re.compile(r"^(-?)([0-9]{1,13})(?:\.([0-9]{1,2}))?$")
_YUAN_TWO = re.compile(r"^(-?)([0-9]{1,13})\.([0-9]{2})$")


class ChannelFileError(ValueError):
    """The file is refused whole. `line` is the 1-based line (None: the file as a whole);
    `figures` carries the numbers that disagreed (control totals)."""

    def __init__(self, message: str, *, line: int | None = None,
                 figures: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.figures = figures or {}

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True, slots=True)
class ChannelLine:
    line_no: int
    kind: str  # payment | refund | reversal
    txn_date: date
    txn_id: str
    amount_fen: int  # signed
    account_no: str | None = None
    order_ref: str | None = None
    original_txn_id: str | None = None
    txn_at: datetime | None = None
    fee_fen: int = 0
    branch: str | None = None


@dataclass(slots=True)
class ParsedFile:
    lines: list[ChannelLine]
    control: dict[str, Any] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.lines)

    @property
    def total_fen(self) -> int:
        return sum(line.amount_fen for line in self.lines)

    @property
    def fee_fen(self) -> int:
        return sum(line.fee_fen for line in self.lines)

    def usual_date(self) -> date | None:
        """The date most lines carry (ties: the latest): the file's date when none is given."""
        if not self.lines:
            return None
        counts = Counter(line.txn_date for line in self.lines)
        return max(counts, key=lambda d: (counts[d], d))

    def content_digest(self) -> str:
        """SHA-256 of the parsed lines (used where the normalised text is not at hand)."""
        h = hashlib.sha256()
        for ln in self.lines:
            h.update(f"{ln.kind}|{ln.txn_date}|{ln.txn_at}|{ln.txn_id}|{ln.order_ref}|"
                     f"{ln.original_txn_id}|{ln.account_no}|{ln.amount_fen}|{ln.fee_fen}|"
                     f"{ln.branch}\n".encode())
        return h.hexdigest()


def text_digest(text: str) -> str:
    """SHA-256 of decoded, normalised text (no BOM, LF line ends, no trailing blank lines):
    the same content re-saved in another encoding, with CRLF or a BOM, digests the same."""
    return hashlib.sha256(text.rstrip("\n").encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- text


def decode(data: bytes, encoding: str) -> str:
    """Bytes to text: a UTF-8 BOM dropped, GBK read as GB18030 (its superset), CRLF and CR
    line ends made LF."""
    enc = encoding.lower().replace("_", "-")
    if enc in ("gbk", "gb2312", "cp936"):
        enc = "gb18030"
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ChannelFileError(f"not {encoding} text (byte {exc.start})", line=line) from exc
    except LookupError as exc:
        raise ChannelFileError(f"unknown encoding {encoding!r}") from exc
    if text.startswith(UTF8_BOM):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _fen_two(text: str) -> int | None:
    """The common case fast: unsigned ASCII digits, a point, two digits; else None."""
    whole, point, cents = text.partition(".")
    if point and len(cents) == 2 and 0 < len(whole) <= 13 and text.isascii() \
            and whole.isdigit() and cents.isdigit():
        return int(whole) * 100 + int(cents)
    return None


def yuan_to_fen(text: str, *, line: int | None, what: str, signed: bool = False,
                two_decimals: bool = False) -> int:
    if two_decimals:
        fen = _fen_two(text)
        if fen is not None:
            return fen
    m = (_YUAN_TWO if two_decimals else _YUAN).match(text)
    if not m or (m.group(1) and not signed):
        shape = "yuan with two decimals" if two_decimals else "yuan"
        raise ChannelFileError(f"{what} {text!r} is not an amount in {shape}", line=line)
    fen = int(m.group(2)) * 100 + int((m.group(3) or "").ljust(2, "0"))
    return -fen if m.group(1) else fen


def _figures_refusal(what: str, figures: dict[str, Any]) -> ChannelFileError:
    shown = ", ".join(f"{k} {v}" for k, v in figures.items())
    return ChannelFileError(f"control totals do not match ({what}): {shown}; nothing imported",
                            figures=figures)


# ---------------------------------------------------------------- profiles (bank layouts)

BANK_PIPE: dict[str, Any] = {
    "id": "bank-pipe",
    "description": "bank agency collection file (代收): 笔数|总金额, then 日期|银行流水号|户号|"
                   "金额|网点|类型[|原银行流水号]",
    "encoding": "utf-8",
    "separator": "|",
    "control": {"position": "first", "count": 0, "total": 1, "total_rule": "as_written"},
    "fields": {"date": 0, "txn_id": 1, "account_no": 2, "amount": 3, "branch": 4, "type": 5,
               "original_txn_id": 6},
    "min_fields": 6,
    "max_fields": 7,
    "date_format": "%Y%m%d",
    "types": {"01": "payment", "02": "reversal"},
}

PROFILE_KEYS = {"id", "description", "encoding", "separator", "widths", "control", "fields",
                "min_fields", "max_fields", "date_format", "types", "skip_lines"}
REQUIRED_FIELDS = ("date", "txn_id", "amount")


def check_profile(spec: dict[str, Any]) -> dict[str, Any]:
    """A profile an admin wrote, checked before it is stored or used; returned unchanged."""
    def bad(why: str) -> ChannelFileError:
        return ChannelFileError(f"profile {spec.get('id', '?')!r}: {why}")

    if not isinstance(spec, dict):
        raise ChannelFileError("a profile is a JSON object")
    unknown = set(spec) - PROFILE_KEYS
    if unknown:
        raise bad(f"unknown keys {sorted(unknown)}")
    if not isinstance(spec.get("id"), str) or not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,31}",
                                                               spec["id"]):
        raise bad("id: 1-32 lowercase letters, digits, - or _")
    if ("separator" in spec) == ("widths" in spec):
        raise bad("give either separator or widths (fixed widths in bytes)")
    if "widths" in spec and not (isinstance(spec["widths"], list) and spec["widths"]
                                 and all(isinstance(w, int) and w > 0 for w in spec["widths"])):
        raise bad("widths: a list of positive byte counts")
    if "separator" in spec and not (isinstance(spec["separator"], str) and spec["separator"]):
        raise bad("separator: a non-empty string")
    fields = spec.get("fields")
    if not isinstance(fields, dict) or not all(k in fields for k in REQUIRED_FIELDS):
        raise bad(f"fields: a map naming at least {list(REQUIRED_FIELDS)} by column index")
    known = {"date", "txn_id", "account_no", "amount", "branch", "type", "original_txn_id",
             "order_ref", "fee"}
    if set(fields) - known or not all(isinstance(v, int) and v >= 0 for v in fields.values()):
        raise bad(f"fields: names among {sorted(known)}, values column indexes")
    control = spec.get("control", {"position": "none"})
    if control.get("position") not in ("first", "last", "none"):
        raise bad("control.position: first, last or none")
    if control.get("position") != "none":
        if not all(isinstance(control.get(k), int) for k in ("count", "total")):
            raise bad("control: count and total column indexes")
        if control.get("total_rule", "as_written") not in ("as_written", "net"):
            raise bad("control.total_rule: as_written or net")
    types = spec.get("types", {})
    if not isinstance(types, dict) or not all(v in KINDS for v in types.values()):
        raise bad(f"types: code -> one of {list(KINDS)}")
    try:
        datetime.strptime("20260101", "%Y%m%d").strftime(spec.get("date_format", "%Y%m%d"))
    except (TypeError, ValueError) as exc:
        raise bad("date_format: a strftime pattern") from exc
    return spec


def _splitter(spec: dict[str, Any], encoding: str):
    if "separator" in spec:
        sep = spec["separator"]

        def split(text: str) -> list[str]:
            parts = text.split(sep)
            if " " in text or "\t" in text or "\u3000" in text:
                return [v.strip() for v in parts]
            return parts
        return split
    widths = spec["widths"]
    enc = "gb18030" if encoding.lower() in ("gbk", "gb2312", "cp936") else encoding

    def fixed(text: str) -> list[str]:
        raw = text.encode(enc)
        out, at = [], 0
        for w in widths:
            out.append(raw[at:at + w].decode(enc, errors="strict").strip())
            at += w
        if raw[at:].strip():
            out.append(raw[at:].decode(enc).strip())
        return out
    return fixed


def parse_profile_text(text: str, spec: dict[str, Any], *, encoding: str = "utf-8"
                       ) -> ParsedFile:
    """A bank file in the layout `spec` describes (see BANK_PIPE), text already decoded."""
    rows = text.split("\n")
    while rows and not rows[-1].strip():
        rows.pop()
    first = int(spec.get("skip_lines", 0))
    split = _splitter(spec, encoding)
    control_spec = spec.get("control", {"position": "none"})
    position = control_spec.get("position", "none")
    numbered = list(enumerate(rows, start=1))[first:]
    control: dict[str, Any] = {}
    if position != "none":
        if not numbered:
            raise ChannelFileError("empty file: no control totals line")
        line_no, raw = numbered[0] if position == "first" else numbered[-1]
        numbered = numbered[1:] if position == "first" else numbered[:-1]
        parts = split(raw)
        try:
            count_text = parts[control_spec["count"]]
            total_text = parts[control_spec["total"]]
        except IndexError:
            raise ChannelFileError("the control totals line has too few fields",
                                   line=line_no) from None
        if not count_text.isdigit():
            raise ChannelFileError(f"control count {count_text!r} is not a number", line=line_no)
        control = {"count": int(count_text),
                   "total_fen": yuan_to_fen(total_text, line=line_no, what="control total",
                                            signed=True, two_decimals=True),
                   "total_rule": control_spec.get("total_rule", "as_written")}
    fields = spec["fields"]
    f_date, f_txn, f_amount = fields["date"], fields["txn_id"], fields["amount"]
    f_acct, f_branch, f_type = fields.get("account_no"), fields.get("branch"), fields.get("type")
    f_orig, f_ref = fields.get("original_txn_id"), fields.get("order_ref")
    f_fee = fields.get("fee")
    min_fields = int(spec.get("min_fields", max(fields.values()) + 1))
    max_fields = int(spec.get("max_fields", 10**6))
    types = spec.get("types", {})
    date_format = spec.get("date_format", "%Y%m%d")
    dates: dict[str, date] = {}
    split_rows = []
    for line_no, raw in numbered:
        if not raw.strip():
            raise ChannelFileError("empty line inside the file", line=line_no)
        parts = split(raw)
        if not min_fields <= len(parts) <= max_fields:
            raise ChannelFileError(
                f"{len(parts)} fields, expected {min_fields}"
                + (f" to {max_fields}" if max_fields != min_fields and max_fields < 10**6 else ""),
                line=line_no)
        split_rows.append((line_no, parts))
    # control totals first: count and sum as written, before any line is judged further
    amounts = [yuan_to_fen(parts[f_amount], line=line_no, what="amount", signed=True,
                           two_decimals=True) for line_no, parts in split_rows]
    if control:
        written = sum(amounts)
        if control["total_rule"] == "net":
            written = 0
            for (_, parts), fen in zip(split_rows, amounts, strict=True):
                kind = types.get(parts[f_type], "payment") if f_type is not None else "payment"
                written += fen if kind == "payment" else -abs(fen)
        if control["count"] != len(split_rows) or control["total_fen"] != written:
            raise _figures_refusal("count or sum", {
                "control count": control["count"], "lines": len(split_rows),
                "control total": fen_to_plain(control["total_fen"]),
                "sum of lines": fen_to_plain(written)})
    lines: list[ChannelLine] = []
    for (line_no, parts), fen in zip(split_rows, amounts, strict=True):
        date_text = parts[f_date]
        on = dates.get(date_text)
        if on is None:
            try:
                on = datetime.strptime(date_text, date_format).date()
            except ValueError:
                raise ChannelFileError(f"date {date_text!r} is not {date_format}",
                                       line=line_no) from None
            dates[date_text] = on
        kind = "payment"
        if f_type is not None:
            kind = types.get(parts[f_type]) if types else parts[f_type]
            if kind not in KINDS:
                raise ChannelFileError(f"type {parts[f_type]!r} is not one of {sorted(types)}",
                                       line=line_no)
        if fen <= 0:
            raise ChannelFileError(f"amount {parts[f_amount]} is not more than zero",
                                   line=line_no)
        txn_id = parts[f_txn]
        if not txn_id:
            raise ChannelFileError("no transaction id", line=line_no)
        original = parts[f_orig] if f_orig is not None and f_orig < len(parts) else ""
        if kind != "payment" and not original:
            raise ChannelFileError(f"a {kind} names no original transaction", line=line_no)
        # positional (the dataclass's order): a million lines make keyword passing count
        lines.append(ChannelLine(
            line_no, kind, on, txn_id, fen if kind == "payment" else -fen,
            (parts[f_acct] or None) if f_acct is not None else None,
            (parts[f_ref] or None) if f_ref is not None else None,
            original or None, None,
            (yuan_to_fen(parts[f_fee], line=line_no, what="fee", signed=True)
             if f_fee is not None else 0),
            (parts[f_branch] or None) if f_branch is not None else None,
        ))
    return ParsedFile(lines=lines, control=control)


# ---------------------------------------------------------------- WeChat Pay trade bill

WECHAT_COLUMNS = (
    "交易时间", "公众账号ID", "商户号", "特约商户号", "设备号", "微信订单号", "商户订单号", "用户标识",
    "交易类型", "交易状态", "付款银行", "货币种类", "应结订单金额", "代金券金额", "微信退款单号",
    "商户退款单号", "退款金额", "充值券退款金额", "退款类型", "退款状态", "商品名称", "商户数据包",
    "手续费", "费率", "订单金额", "申请退款金额", "费率备注",
)
WECHAT_SUMMARY = ("总交易单数", "应结订单总金额", "退款总金额", "充值券退款总金额", "手续费总金额",
                  "订单总金额", "申请退款总金额")


def _unbacktick(values: list[str]) -> list[str]:
    return [v[1:].strip() if v.startswith("`") else v.strip() for v in values]


def _at(text: str, line: int) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        raise ChannelFileError(f"time {text!r} is not YYYY-MM-DD HH:MM:SS", line=line) from None


def parse_wechat(text: str) -> ParsedFile:
    """WeChat Pay's 交易账单 (all orders): header, backticked rows, summary header and line."""
    rows = [(i, r) for i, r in enumerate(csv.reader(text.split("\n")), start=1) if r]
    if not rows or tuple(c.strip() for c in rows[0][1]) != WECHAT_COLUMNS:
        raise ChannelFileError(f"not a WeChat Pay trade bill: the first row must be the "
                               f"{len(WECHAT_COLUMNS)} column names", line=rows[0][0] if rows else 1)
    at = next((k for k, (_, r) in enumerate(rows) if tuple(c.strip() for c in r)
               == WECHAT_SUMMARY), None)
    if at is None or at + 2 != len(rows):
        raise ChannelFileError("no summary (总交易单数 ...) header and line at the end")
    summary_no, summary_row = rows[at + 1]
    summary = dict(zip(WECHAT_SUMMARY, _unbacktick(summary_row), strict=False))
    body = rows[1:at]
    col = {name: i for i, name in enumerate(WECHAT_COLUMNS)}
    values = []
    for line_no, raw in body:
        if len(raw) != len(WECHAT_COLUMNS):
            raise ChannelFileError(f"{len(raw)} columns, expected {len(WECHAT_COLUMNS)}",
                                   line=line_no)
        values.append((line_no, _unbacktick(raw)))

    def money(v: str, line: int, what: str) -> int:
        return yuan_to_fen(v or "0", line=line, what=what, signed=True)

    # control totals first
    try:
        figures_in = {"count": int(summary["总交易单数"]),
                      "settled_fen": money(summary["应结订单总金额"], summary_no, "应结订单总金额"),
                      "refund_fen": money(summary["退款总金额"], summary_no, "退款总金额"),
                      "fee_fen": money(summary["手续费总金额"], summary_no, "手续费总金额")}
    except (KeyError, ValueError) as exc:
        raise ChannelFileError(f"summary line unreadable: {exc}", line=summary_no) from None
    got = {"count": len(values),
           "settled_fen": sum(money(v[col["应结订单金额"]], n, "应结订单金额") for n, v in values),
           "refund_fen": sum(money(v[col["退款金额"]], n, "退款金额") for n, v in values),
           "fee_fen": sum(money(v[col["手续费"]], n, "手续费") for n, v in values)}
    if got != figures_in:
        raise _figures_refusal("WeChat summary", {
            **{f"summary {k}": (fen_to_plain(v) if k.endswith("fen") else v)
               for k, v in figures_in.items()},
            **{f"lines {k}": (fen_to_plain(v) if k.endswith("fen") else v)
               for k, v in got.items()}})
    lines = []
    for line_no, v in values:
        when = _at(v[col["交易时间"]], line_no)
        status = v[col["交易状态"]]
        fee = money(v[col["手续费"]], line_no, "手续费")
        account = v[col["商户数据包"]] or None
        if status == "SUCCESS":
            fen = money(v[col["应结订单金额"]], line_no, "应结订单金额")
            if fen <= 0:
                raise ChannelFileError("a SUCCESS row with no positive 应结订单金额", line=line_no)
            lines.append(ChannelLine(
                line_no=line_no, kind="payment", txn_date=when.date(), txn_at=when,
                txn_id=v[col["微信订单号"]], order_ref=v[col["商户订单号"]] or None,
                account_no=account, amount_fen=fen, fee_fen=fee, branch=v[col["设备号"]] or None))
        elif status == "REFUND":
            fen = money(v[col["退款金额"]], line_no, "退款金额")
            if fen <= 0 or not v[col["微信退款单号"]]:
                raise ChannelFileError("a REFUND row needs 微信退款单号 and a positive 退款金额",
                                       line=line_no)
            lines.append(ChannelLine(
                line_no=line_no, kind="refund", txn_date=when.date(), txn_at=when,
                txn_id=v[col["微信退款单号"]], order_ref=v[col["商户订单号"]] or None,
                original_txn_id=v[col["微信订单号"]], account_no=account, amount_fen=-fen,
                fee_fen=fee, branch=v[col["设备号"]] or None))
        else:
            raise ChannelFileError(f"交易状态 {status!r} is neither SUCCESS nor REFUND",
                                   line=line_no)
        if not lines[-1].txn_id:
            raise ChannelFileError("no 微信订单号", line=line_no)
    return ParsedFile(lines=lines, control={k: v for k, v in figures_in.items()})


# ---------------------------------------------------------------- Alipay business detail

ALIPAY_COLUMNS = (
    "支付宝交易号", "商户订单号", "业务类型", "商品名称", "创建时间", "完成时间", "门店编号", "门店名称",
    "操作员", "终端号", "对方账户", "订单金额（元）", "商家实收（元）", "支付宝红包（元）", "集分宝（元）",
    "支付宝优惠（元）", "商家优惠（元）", "券核销金额（元）", "券名称", "商家红包消费金额（元）",
    "卡消费金额（元）", "退款批次号/请求号", "服务费（元）", "分润（元）", "备注",
)
_ALIPAY_TOTAL = re.compile(r"^#\s*(交易|退款)合计[:：]\s*([0-9]+)\s*笔[,，]\s*商家实收共\s*"
                           r"(-?[0-9]+(?:\.[0-9]{1,2})?)\s*元")


def parse_alipay(text: str) -> ParsedFile:
    """Alipay's 业务明细: `#` comment lines around a header row and the detail rows; the
    footer's #交易合计 and #退款合计 (count and 商家实收) are the control totals."""
    numbered = list(enumerate(text.split("\n"), start=1))
    comments = [(n, r.strip()) for n, r in numbered if r.lstrip().startswith("#")]
    data = [(n, r) for n, r in numbered if r.strip() and not r.lstrip().startswith("#")]
    totals: dict[str, tuple[int, int]] = {}
    for n, c in comments:
        m = _ALIPAY_TOTAL.match(c)
        if m:
            totals[m.group(1)] = (int(m.group(2)),
                                  yuan_to_fen(m.group(3), line=n, what="合计", signed=True))
    if set(totals) != {"交易", "退款"}:
        raise ChannelFileError("no #交易合计 and #退款合计 lines (the control totals)")
    rows = list(csv.reader([r for _, r in data]))
    if not rows or tuple(c.strip() for c in rows[0]) != ALIPAY_COLUMNS:
        raise ChannelFileError(f"not an Alipay business detail file: the first row must be "
                               f"the {len(ALIPAY_COLUMNS)} column names",
                               line=data[0][0] if data else 1)
    col = {name: i for i, name in enumerate(ALIPAY_COLUMNS)}
    body = []
    for (line_no, _), raw in zip(data[1:], rows[1:], strict=True):
        if len(raw) != len(ALIPAY_COLUMNS):
            raise ChannelFileError(f"{len(raw)} columns, expected {len(ALIPAY_COLUMNS)}",
                                   line=line_no)
        body.append((line_no, [v.strip() for v in raw]))
    got: dict[str, list[int]] = {"交易": [0, 0], "退款": [0, 0]}
    for line_no, v in body:
        kind = v[col["业务类型"]]
        if kind not in got:
            raise ChannelFileError(f"业务类型 {kind!r} is neither 交易 nor 退款", line=line_no)
        got[kind][0] += 1
        got[kind][1] += yuan_to_fen(v[col["商家实收（元）"]], line=line_no, what="商家实收",
                                    signed=True)
    if any(tuple(got[k]) != totals[k] for k in got):
        raise _figures_refusal("Alipay 合计", {
            **{f"#{k}合计": f"{totals[k][0]} 笔 {fen_to_plain(totals[k][1])}" for k in totals},
            **{f"{k} lines": f"{got[k][0]} 笔 {fen_to_plain(got[k][1])}" for k in got}})
    lines = []
    for line_no, v in body:
        when = _at(v[col["完成时间"]] or v[col["创建时间"]], line_no)
        fen = yuan_to_fen(v[col["订单金额（元）"]], line=line_no, what="订单金额", signed=True)
        fee = yuan_to_fen(v[col["服务费（元）"]] or "0", line=line_no, what="服务费", signed=True)
        trade_no = v[col["支付宝交易号"]]
        if not trade_no:
            raise ChannelFileError("no 支付宝交易号", line=line_no)
        common = dict(line_no=line_no, txn_date=when.date(), txn_at=when,
                      order_ref=v[col["商户订单号"]] or None, account_no=v[col["备注"]] or None,
                      branch=v[col["门店编号"]] or None)
        if v[col["业务类型"]] == "交易":
            if fen <= 0:
                raise ChannelFileError("a 交易 row with no positive 订单金额", line=line_no)
            lines.append(ChannelLine(kind="payment", txn_id=trade_no, amount_fen=fen,
                                     fee_fen=abs(fee), **common))
        else:
            refund_id = v[col["退款批次号/请求号"]]
            if not refund_id or fen == 0:
                raise ChannelFileError("a 退款 row needs 退款批次号/请求号 and an amount",
                                       line=line_no)
            lines.append(ChannelLine(kind="refund", txn_id=refund_id, original_txn_id=trade_no,
                                     amount_fen=-abs(fen), fee_fen=-abs(fee), **common))
    return ParsedFile(lines=lines, control={
        "payments": {"count": totals["交易"][0], "received_fen": totals["交易"][1]},
        "refunds": {"count": totals["退款"][0], "received_fen": totals["退款"][1]}})
