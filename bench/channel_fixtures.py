"""Channel files made to order (tests and the benchmark): bank-pipe, WeChat Pay's trade bill,
Alipay's business detail file and camt.053 statements, each with correct control totals
unless told otherwise."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime

from lxml import etree
from lxml.builder import ElementMaker

from hall_domain.channel_files import ALIPAY_COLUMNS, WECHAT_COLUMNS, WECHAT_SUMMARY
from hall_domain.money import fen_to_plain


@dataclass(frozen=True)
class Txn:
    """One line to write: kind payment | refund | reversal; amount_fen positive."""

    when: datetime
    txn_id: str
    account_no: str
    amount_fen: int
    kind: str = "payment"
    order_ref: str = ""
    original_txn_id: str = ""
    fee_fen: int = 0
    branch: str = "0001"


def bank_pipe(txns: list[Txn], *, control: tuple[int, int] | None = None,
              newline: str = "\n") -> str:
    """笔数|总金额 (sum as written), then 日期|银行流水号|户号|金额|网点|类型[|原银行流水号]."""
    count, total = control or (len(txns), sum(t.amount_fen for t in txns))
    out = [f"{count}|{fen_to_plain(total)}"]
    for t in txns:
        typ = "01" if t.kind == "payment" else "02"
        tail = f"|{t.original_txn_id}" if t.original_txn_id else ""
        out.append(f"{t.when:%Y%m%d}|{t.txn_id}|{t.account_no}|{fen_to_plain(t.amount_fen)}|"
                   f"{t.branch}|{typ}{tail}")
    return newline.join(out) + newline


def bank_pipe_bulk(n: int, on: date, *, accounts: list[str], seed: int = 15) -> bytes:
    """n payment lines (for the benchmark): amounts ¥1.00 to ¥999.99."""
    rng = random.Random(seed)
    d = f"{on:%Y%m%d}"
    lines, total = [], 0
    for i in range(n):
        fen = rng.randrange(100, 100_000)
        total += fen
        lines.append(f"{d}|B{i:012d}|{accounts[i % len(accounts)]}|{fen // 100}.{fen % 100:02d}|"
                     f"{i % 97:04d}|01")
    return (f"{n}|{fen_to_plain(total)}\n" + "\n".join(lines) + "\n").encode()


def wechat(txns: list[Txn], *, summary: dict[str, int] | None = None, bom: bool = False,
           newline: str = "\r\n") -> str:
    """交易账单: header, backticked rows, summary header and line (all in yuan)."""
    def row(values: dict[str, str]) -> str:
        return ",".join("`" + values.get(c, "") for c in WECHAT_COLUMNS)

    lines = [",".join(WECHAT_COLUMNS)]
    settled = refunded = fees = 0
    for t in txns:
        v = {"交易时间": f"{t.when:%Y-%m-%d %H:%M:%S}", "公众账号ID": "wx0000000000000001",
             "商户号": "1900000001", "设备号": t.branch, "用户标识": "oUser",
             "交易类型": "JSAPI", "付款银行": "CFT", "货币种类": "CNY", "代金券金额": "0.00",
             "商品名称": "电费", "商户数据包": t.account_no, "手续费": fen_to_plain(t.fee_fen),
             "费率": "0.60%", "商户订单号": t.order_ref, "充值券退款金额": "0.00"}
        if t.kind == "payment":
            v.update({"微信订单号": t.txn_id, "交易状态": "SUCCESS",
                      "应结订单金额": fen_to_plain(t.amount_fen), "退款金额": "0.00",
                      "订单金额": fen_to_plain(t.amount_fen), "申请退款金额": "0.00"})
            settled += t.amount_fen
        else:
            v.update({"微信订单号": t.original_txn_id, "微信退款单号": t.txn_id,
                      "商户退款单号": "R" + t.order_ref, "交易状态": "REFUND",
                      "应结订单金额": "0.00", "退款金额": fen_to_plain(t.amount_fen),
                      "退款类型": "ORIGINAL", "退款状态": "SUCCESS", "订单金额": "0.00",
                      "申请退款金额": fen_to_plain(t.amount_fen)})
            refunded += t.amount_fen
        fees += t.fee_fen
        lines.append(row(v))
    s = {"count": len(txns), "settled": settled, "refund": refunded, "fee": fees,
         **(summary or {})}
    lines.append(",".join(WECHAT_SUMMARY))
    lines.append(",".join("`" + x for x in (
        str(s["count"]), fen_to_plain(s["settled"]), fen_to_plain(s["refund"]), "0.00",
        fen_to_plain(s["fee"]), fen_to_plain(s["settled"]), fen_to_plain(s["refund"]))))
    return ("\ufeff" if bom else "") + newline.join(lines) + newline


def alipay(txns: list[Txn], *, totals: dict[str, tuple[int, int]] | None = None) -> bytes:
    """业务明细 in GBK: # comment lines, header, rows (padded with tabs), # 合计 footer."""
    lines = ["#支付宝业务明细查询", "#账号：[20880000000000000156]",
             "#起始日期：[2026年12月01日 00:00:00]   终止日期：[2026年12月02日 00:00:00]",
             "#-----------------------------------------业务明细列表----------------------------",
             ",".join(ALIPAY_COLUMNS)]
    sums = {"交易": [0, 0], "退款": [0, 0]}
    for t in txns:
        kind = "交易" if t.kind == "payment" else "退款"
        sign = 1 if kind == "交易" else -1
        received = sign * (t.amount_fen - t.fee_fen) if kind == "交易" else -t.amount_fen
        sums[kind][0] += 1
        sums[kind][1] += received
        v = {"支付宝交易号": t.txn_id if kind == "交易" else t.original_txn_id,
             "商户订单号": t.order_ref, "业务类型": kind, "商品名称": "电费",
             "创建时间": f"{t.when:%Y-%m-%d %H:%M:%S}", "完成时间": f"{t.when:%Y-%m-%d %H:%M:%S}",
             "门店编号": t.branch, "门店名称": "营业厅", "对方账户": "ali***@example.com",
             "订单金额（元）": fen_to_plain(sign * t.amount_fen),
             "商家实收（元）": fen_to_plain(received),
             "退款批次号/请求号": t.txn_id if kind == "退款" else "",
             "服务费（元）": fen_to_plain(t.fee_fen), "备注": t.account_no}
        lines.append(",".join(v.get(c, "") + "\t" for c in ALIPAY_COLUMNS))
    sums.update({k: list(v) for k, v in (totals or {}).items()})
    lines.append("#-----------------------------------------业务明细列表结束------------------------")
    lines.append(f"#交易合计：{sums['交易'][0]}笔，商家实收共{fen_to_plain(sums['交易'][1])}元，"
                 "商家优惠共0.00元")
    lines.append(f"#退款合计：{sums['退款'][0]}笔，商家实收共{fen_to_plain(sums['退款'][1])}元，"
                 "商家优惠共0.00元")
    lines.append("#导出时间：[2026年12月02日 08:00:00]")
    return ("\r\n".join(lines) + "\r\n").encode("gbk")


def camt053(entries: list[tuple[date, int, str]], *, version: str = "02",
            iban: str = "CN0000000000000000000001", stated_count: int | None = None) -> bytes:
    """A statement with one entry per (booking date, signed fen, reference); built with lxml."""
    ns = f"urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}"
    E = ElementMaker(namespace=ns, nsmap={None: ns})
    net = sum(f for _, f, _ in entries)
    ntries = []
    for i, (on, fen, ref) in enumerate(entries, start=1):
        ntries.append(E.Ntry(
            E.Amt(fen_to_plain(abs(fen)), Ccy="CNY"),
            E.CdtDbtInd("CRDT" if fen >= 0 else "DBIT"),
            E.Sts("BOOK") if version == "02" else E.Sts(E.Cd("BOOK")),
            E.BookgDt(E.Dt(on.isoformat())), E.ValDt(E.Dt(on.isoformat())),
            E.AcctSvcrRef(f"BK{i:08d}"),
            E.BkTxCd(E.Prtry(E.Cd("SETTLE"))),
            E.NtryDtls(E.TxDtls(E.RmtInf(E.Ustrd(ref)))),
        ))
    created = "2026-12-02T08:00:00"
    stmt = E.Stmt(
        E.Id("STMT1"), E.CreDtTm(created), E.Acct(E.Id(E.IBAN(iban)), E.Ccy("CNY")),
        *(E.Bal(E.Tp(E.CdOrPrtry(E.Cd(code))), E.Amt(fen_to_plain(abs(amount)), Ccy="CNY"),
                E.CdtDbtInd("CRDT" if amount >= 0 else "DBIT"),
                E.Dt(E.Dt((entries[0][0] if entries else date(2026, 12, 2)).isoformat())))
          for code, amount in (("OPBD", 0), ("CLBD", net))),
        E.TxsSummry(E.TtlNtries(
            E.NbOfNtries(str(len(entries) if stated_count is None else stated_count)),
            E.TtlNetNtry(E.Amt(fen_to_plain(abs(net))), E.CdtDbtInd("CRDT" if net >= 0
                                                                    else "DBIT"))
            if version != "02" else E.TtlNetNtryAmt(fen_to_plain(abs(net))),
            *([E.CdtDbtInd("CRDT" if net >= 0 else "DBIT")] if version == "02" else []))),
        *ntries)
    doc = E.Document(E.BkToCstmrStmt(E.GrpHdr(E.MsgId("MSG1"), E.CreDtTm(created)), stmt))
    return etree.tostring(doc, xml_declaration=True, encoding="UTF-8", pretty_print=True)
