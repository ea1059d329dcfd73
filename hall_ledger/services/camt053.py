"""ISO 20022 camt.053 bank statements: schema-checked with lxml and the official XSD, then
read with XPath (never parsed by hand). Each entry's reference names the channel batch it
settles, written `<channel>:<YYYYMMDD>` (or `/`, e.g. `SETTLE/wechat/20261201`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from lxml import etree

from hall_domain.channel_files import ChannelFileError, yuan_to_fen
from hall_domain.money import fen_to_plain

XSD_DIR = Path(__file__).resolve().parent.parent / "channel_xsd"
_NS = re.compile(r"^urn:iso:std:iso:20022:tech:xsd:(camt\.053\.001\.(\d{2}))$")
_BATCH = re.compile(r"(?<![A-Za-z0-9_-])([A-Za-z][A-Za-z0-9_-]{0,31})[:/](\d{8})(?!\d)")


@dataclass(frozen=True, slots=True)
class StatementEntry:
    line_no: int
    account_id: str
    booking_date: date
    value_date: date | None
    amount_fen: int  # credit positive, debit negative
    currency: str
    entry_ref: str | None
    reference: str
    channel: str | None
    batch_date: date | None


@cache
def _schema(name: str) -> etree.XMLSchema:
    path = XSD_DIR / f"{name}.xsd"
    if not path.exists():
        raise ChannelFileError(f"no schema for {name}: add {path.name} to {XSD_DIR}")
    return etree.XMLSchema(etree.parse(str(path)))


def _date(text: str | None) -> date | None:
    if not text:
        return None
    return datetime.fromisoformat(text.strip()[:19]).date() if "T" in text else \
        date.fromisoformat(text.strip()[:10])


def batch_of(reference: str) -> tuple[str | None, date | None]:
    m = _BATCH.search(reference)
    if not m:
        return None, None
    try:
        return m.group(1).lower(), datetime.strptime(m.group(2), "%Y%m%d").date()
    except ValueError:
        return None, None


def parse_camt053(data: bytes) -> tuple[list[StatementEntry], dict]:
    """Entries of every statement in the document; the file is refused whole when it fails
    the schema, or when an entry count or sum the statement states disagrees."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ChannelFileError(f"not XML: {exc}") from None
    m = _NS.match(etree.QName(root).namespace or "")
    if not m or int(m.group(2)) < 2:
        raise ChannelFileError("not a camt.053.001.02 (or later) document: namespace "
                               f"{etree.QName(root).namespace!r}")
    schema = _schema(m.group(1))
    if not schema.validate(root):
        err = schema.error_log.last_error
        raise ChannelFileError(f"fails the {m.group(1)} schema: {err.message}", line=err.line)
    ns = {"c": etree.QName(root).namespace}

    def text(node, path: str) -> str | None:
        found = node.xpath(path, namespaces=ns)
        return found[0].text.strip() if found and found[0].text else None

    entries: list[StatementEntry] = []
    control: dict = {"statements": []}
    for stmt in root.xpath("c:BkToCstmrStmt/c:Stmt", namespaces=ns):
        account = (text(stmt, "c:Acct/c:Id/c:IBAN") or text(stmt, "c:Acct/c:Id/c:Othr/c:Id")
                   or "")
        stated_count = text(stmt, "c:TxsSummry/c:TtlNtries/c:NbOfNtries")
        stated_sum = text(stmt, "c:TxsSummry/c:TtlNtries/c:TtlNetNtry/c:Amt") or \
            text(stmt, "c:TxsSummry/c:TtlNtries/c:TtlNetNtryAmt")
        stated_sign = text(stmt, "c:TxsSummry/c:TtlNtries/c:TtlNetNtry/c:CdtDbtInd") or \
            text(stmt, "c:TxsSummry/c:TtlNtries/c:CdtDbtInd")
        mine = []
        for ntry in stmt.xpath("c:Ntry", namespaces=ns):
            line = ntry.sourceline
            amt = ntry.xpath("c:Amt", namespaces=ns)[0]
            fen = yuan_to_fen(amt.text.strip(), line=line, what="Amt")
            sign = text(ntry, "c:CdtDbtInd")
            if text(ntry, "c:RvslInd") == "true":
                sign = "DBIT" if sign == "CRDT" else "CRDT"
            refs = [r.text.strip() for r in ntry.xpath(
                "c:NtryDtls/c:TxDtls/c:RmtInf/c:Ustrd | c:NtryDtls/c:TxDtls/c:Refs/c:EndToEndId"
                " | c:AddtlNtryInf", namespaces=ns) if r.text and r.text.strip()]
            reference = " ".join(refs)[:280]
            channel, batch_date = batch_of(reference)
            mine.append(StatementEntry(
                line_no=len(entries) + len(mine) + 1, account_id=account,
                booking_date=_date(text(ntry, "c:BookgDt/c:Dt") or text(ntry, "c:BookgDt/c:DtTm")),
                value_date=_date(text(ntry, "c:ValDt/c:Dt") or text(ntry, "c:ValDt/c:DtTm")),
                amount_fen=fen if sign == "CRDT" else -fen, currency=amt.get("Ccy"),
                entry_ref=text(ntry, "c:AcctSvcrRef"), reference=reference, channel=channel,
                batch_date=batch_date))
        net = sum(e.amount_fen for e in mine)
        if stated_count is not None and int(stated_count) != len(mine):
            raise ChannelFileError(
                f"control totals do not match: statement states {stated_count} entries, "
                f"holds {len(mine)}; nothing imported",
                figures={"stated": int(stated_count), "entries": len(mine)})
        if stated_sum is not None:
            stated = yuan_to_fen(stated_sum, line=None, what="TtlNetNtry")
            stated = -stated if stated_sign == "DBIT" else stated
            if stated != net:
                raise ChannelFileError(
                    f"control totals do not match: statement states net {fen_to_plain(stated)}, "
                    f"entries sum to {fen_to_plain(net)}; nothing imported",
                    figures={"stated_fen": stated, "entries_fen": net})
        if any(e.booking_date is None for e in mine):
            raise ChannelFileError("an entry has no booking date")
        control["statements"].append({"account": account, "entries": len(mine),
                                      "net_fen": net})
        entries.extend(mine)
    return entries, control
