"""The command line's messages in the language of the `ui.language` setting (no Qt here).

Source strings are English templates (`tr("shift {n} is not closed", n=3)`); ZH_CN holds their
Chinese. Error codes raised in the domain and services, and audit entries, use the window's own
words (resources/translations/cli_catalogue.json, made from the Qt catalogue by
`tools/cli_catalogue.py`). COUNTER_APP_LANG=en|zh_CN overrides the setting (scripts that parse
the output ask for English).
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from counter_app.resources import resource_path
from hall_domain.money import format_fen

LANGUAGES = ("zh_CN", "en")
ENV = "COUNTER_APP_LANG"
_language = "en"

ZH_CN: dict[str, str] = {
    # counter-app (cli.py)
    "configuration error: {error}": "配置错误：{error}",
    "unexpected error ({kind}): {error}": "意外错误（{kind}）：{error}",
    "terminal id {terminal} of hall {hall} saved to {path}":
        "营业厅 {hall} 的终端号 {terminal} 已保存到 {path}",
    "{path} already exists; demo data goes only into a new store":
        "{path} 已存在；演示数据只能放进新的数据库",
    "demo store {path}: {stats}": "演示数据库 {path}：{stats}",
    "store ready: {path}": "数据库就绪：{path}",
    "{file}: refused, nothing imported; {count} bad row(s):": "{file}：被拒绝，未导入任何数据；{count} 行有误：",
    "  line {line}: {reason}": "  第 {line} 行：{reason}",
    "{file}: imported {count} row(s)": "{file}：已导入 {count} 行",
    "no customer matches {query!r}": "没有与 {query!r} 相符的客户",
    "user {user_id} ({role}) added": "已添加用户 {user_id}（{role}）",
    "active": "启用",
    "disabled": "停用",
    "audit chain broken at entry {seq}": "审计链在第 {seq} 条处断开",
    "audit chain verified; every queued item matches its seal": "审计链校验通过；待上传的每一项都与其封记相符",
    "{count} queued item(s) do not match the audit trail": "{count} 项待上传记录与审计链不符",
    "no ledger is configured (counter-app ledger connect)": "尚未连接总账（counter-app ledger connect）",
    "cannot ask the ledger: {error}": "无法询问总账：{error}",
    "the ledger token is of hall {token_hall}, not {hall}": "总账令牌属于营业厅 {token_hall}，不是 {hall}",
    "the ledger holds no audit head for this counter yet": "总账还没有本柜台的审计链头",
    "audit entry {seq}, which the ledger received, is missing or changed here":
        "总账已收到的审计记录 {seq} 在本机缺失或被改动",
    "audit entry {seq} matches the ledger's copy": "审计记录 {seq} 与总账的副本一致",
    "{account}  {name}  {address}  [{kind}] {area}  phone {phone}  credit {credit}":
        "{account}  {name}  {address}  [{kind}] {area}  电话 {phone}  预存 {credit}",
    "{days} d": "{days} 天",
    "Period": "账期",
    "Usage": "电量",
    "Owed": "欠费",
    "Due": "到期日",
    "Overdue": "逾期",
    "Late fee": "违约金",
    "total due on {on}: {total} (late fees {fees})": "截至 {on} 应缴 {total}（违约金 {fees}）",
    "residential": "居民",
    "other": "非居民",
    "ID": "编号",
    "Name": "姓名",
    "Role": "角色",
    "State": "状态",
    "cashier": "收费员",
    "supervisor": "值班长",
    "technician": "运维",
    "admin": "管理员",
    # PINs and sign-in (cli_common / cli_reports / cli_admin)
    "no PIN given and no terminal to ask on: pass --pin-file FILE or set COUNTER_APP_PIN":
        "未提供 PIN，且没有可输入的终端：请用 --pin-file 文件 或设置 COUNTER_APP_PIN",
    "no user given and no terminal to ask on: pass --user ID":
        "未指定用户，且没有可输入的终端：请用 --user 编号",
    "no PIN given and no terminal to ask on: pass --pin PIN or set COUNTER_APP_PIN":
        "未提供 PIN，且没有可输入的终端：请用 --pin 或设置 COUNTER_APP_PIN",
    "No.": "序号",
    "Time": "时间",
    "Counter": "柜台",
    "User": "用户",
    "Action": "操作",
    "What happened": "内容",
    "Outcome": "结果",
    "User: ": "用户编号：",
    "PIN: ": "PIN：",
    "New PIN: ": "新 PIN：",
    # report (cli_reports.py)
    "shift {shift} is not closed; use `report x`": "班次 {shift} 尚未交班；请用 `report x`",
    "Z report: {path}": "Z 报表：{path}",
    "deposit slip: {path}": "解款单：{path}",
    "ESC/POS: {path} ({size} bytes)": "ESC/POS：{path}（{size} 字节）",
    "daily report {date}: {shifts} shift(s), {count} payment(s); {path}":
        "营业日报 {date}：{shifts} 个班次，{count} 笔收费；{path}",
    # printer (cli_printer.py)
    "Serial ports (pyserial):": "串口（pyserial）：",
    "USB printers (found by {how}):": "USB 打印机（由 {how} 找到）：",
    "  (none)": "  （无）",
    "Paper widths: {widths}": "纸宽：{widths}",
    "{width} mm = {columns} columns": "{width} 毫米 = {columns} 列",
    "online": "在线",
    "paper near end": "纸将尽",
    "paper out": "缺纸",
    "offline": "离线",
    "status unknown": "状态未知",
    # printer (cli_printer.py)
    "error: no printer given: pass --printer URI or set printer.uri in the config":
        "错误：未指定打印机：请用 --printer URI，或在配置中设置 printer.uri",
    "error: {uri}: {error}; nothing was printed": "错误：{uri}：{error}；未打印任何内容",
    " ({sent} bytes had gone out: part of the page may be printed)":
        "（已发出 {sent} 字节：可能已打印出部分内容）",
    "error: {uri}: {error}": "错误：{uri}：{error}",
    "delivery confirmed": "打印机已确认收到",
    "handed over, delivery not confirmable": "已交出，无法确认是否收到",
    "sent all {size} bytes to {uri} ({width} mm, {encoding}), {note}; status before: {state}":
        "已向 {uri} 发送全部 {size} 字节（{width} 毫米，{encoding}），{note}；发送前状态：{state}",
    "note: not printable in {encoding}, printed as 〓: {chars}":
        "注意：以下字符无法用 {encoding} 打印，已印为〓：{chars}",
    # sync (cli_sync.py)
    "no ledger connected: run `counter-app ledger connect --url URL --token-file FILE`":
        "尚未连接总账：请运行 `counter-app ledger connect --url 地址 --token-file 令牌文件`",
    "another relay is sending from this store; try again later": "另一个上传进程正在发送本机数据，请稍后再试",
    "sent {sent}: {recorded} recorded, {duplicates} already there, {refused} refused (review list), "
    "{flagged} flagged by the ledger; {pending} still queued":
        "已发送 {sent} 条：入账 {recorded}，已存在 {duplicates}，被拒 {refused}（待复核），"
        "总账标记 {flagged}；仍有 {pending} 条排队",
    "reference: {customers} customers, {bills} bills ({how})": "基础数据：{customers} 个客户，{bills} 张账单（{how}）",
    "snapshot": "全量",
    "changes": "增量",
    "sync stopped: {error}": "上传中止：{error}",
    # ledger connect (cli_sync.py)
    "cannot use the ledger at {url}: {reason}": "无法使用位于 {url} 的总账：{reason}",
    "the ledger at {url} speaks plain HTTP, not TLS: use http:// (or turn TLS on at the ledger)":
        "{url} 的总账使用明文 HTTP，不是 TLS：请改用 http://（或在总账启用 TLS）",
    "the ledger at {url} answers with TLS: use https://": "{url} 的总账使用 TLS：请改用 https://",
    "the ledger's certificate is not trusted ({detail}): pass --ca FILE with its CA certificate":
        "总账的证书不受信任（{detail}）：请用 --ca 文件 指定其 CA 证书",
    "nothing listens on {host} port {port} (connection refused): is the ledger running?":
        "{host} 的端口 {port} 无人监听（连接被拒绝）：总账是否在运行？",
    "the host name {host} is not known (DNS): check the URL": "无法解析主机名 {host}（DNS）：请检查地址",
    "no answer from {host} within {seconds} s (a firewall, or the wrong address)":
        "{host} 在 {seconds} 秒内无应答（防火墙，或地址有误）",
    "the ledger refused the token (wrong or withdrawn): ask IT for this counter's token":
        "总账拒绝了令牌（有误或已撤销）：请向 IT 索取本柜台的令牌",
    "the connection failed: {detail}": "连接失败：{detail}",
    "{message} Not saved.": "{message} 未保存。",
    "the token belongs to terminal {theirs}, but this counter is {ours}; not saved":
        "该令牌属于终端 {theirs}，而本柜台是 {ours}；未保存",
    "connected to {url} as {who} (ledger {version}, clock {skew:+.1f} s); saved to {path} "
    "(readable by this user only)":
        "已连接 {url}，身份 {who}（总账 {version}，时钟差 {skew:+.1f} 秒）；已保存到 {path}（仅本用户可读）",
    # backup (cli/backup.py)
    "backup written: {path} ({size})": "备份已写入：{path}（{size}）",
    "{count} old backup(s) removed": "已删除 {count} 份旧备份",
    "no backups in {path}": "{path} 中没有备份",
    "taken at": "备份时间",
    "size": "大小",
    "file": "文件",
    "{file}: sound ({count} item(s) queued for the ledger)": "{file}：完好（其中 {count} 笔待上传中心账务）",
    "{file}: damaged": "{file}：已损坏",
    "no such backup: {path}": "找不到备份：{path}",
    "Restoring {file} would lose {count} item(s) not yet at the ledger:": "恢复 {file} 将丢失 {count} 笔尚未上传中心账务的记录：",
    "queued at": "排队时间",
    "kind": "类型",
    "account": "户号",
    "amount": "金额",
    "item": "记录编号",
    "a supervisor must confirm: run again with --as ID": "须由值班长确认：请加 --as 工号 重新执行",
    "restored {file}; the previous store is kept as {previous}": "已恢复 {file}；原数据库保留为 {previous}",
    "{count} item(s) not yet at the ledger were dropped, confirmed by {user}": "{count} 笔尚未上传的记录已放弃，确认人 {user}",
    "no store at {path}; run `counter-app init` first": "{path} 没有数据库；请先执行 `counter-app init`",
    "backup folder {path}: {error}": "备份文件夹 {path}：{error}",
    "no log file: {error}": "无法写日志文件：{error}",
    "no PIN for the administrator: pass --admin-pin, set COUNTER_APP_ADMIN_PIN or run in a terminal":
        "没有管理员密码：请给出 --admin-pin、设置 COUNTER_APP_ADMIN_PIN 或在终端中运行",
    "this counter is set up already ({path}); change settings with `counter-app ledger connect` or the config file":
        "本柜台已设置过（{path}）；请用 `counter-app ledger connect` 或配置文件修改设置",
    "Nothing was saved.": "未保存任何内容。",
    "setup was cancelled; nothing was saved": "已取消设置，未保存任何内容。",
    "no ledger token given; nothing was saved": "未提供中心账务令牌，未保存任何内容。",
    "checking the ledger at {url}…": "正在检查中心账务 {url}……",
    "counter {hall}/{terminal} set up: store {store}, settings {config}, administrator {admin}":
        "柜台 {hall}/{terminal} 已设置：数据库 {store}，设置 {config}，管理员 {admin}",
    "downloading customers and bills for hall {hall}…": "正在下载营业厅 {hall} 的客户和账单……",
    "the reference data did not download ({error}); the counter downloads it at its next sync":
        "客户和账单未能下载（{error}）；柜台将在下次同步时下载",
    "none found": "未找到",
    "--ledger needs --token": "--ledger 需要同时给出 --token",
    "pass": "通过",
    "FAIL": "失败",
    "check": "检查项",
    "result": "结果",
    "found": "所见",
    "self-test passed": "自检通过",
    "self-test FAILED": "自检未通过",
    "cannot write {path}: {error}": "无法写入 {path}：{error}",
    "support bundle written: {path} ({count} file(s))": "诊断包已写入：{path}（{count} 个文件）",
}

def set_language(setting: str | None) -> str:
    """Use COUNTER_APP_LANG when set, else `setting` (the ui.language value); returns the choice."""
    global _language
    chosen = os.environ.get(ENV) or setting or "zh_CN"
    _language = chosen if chosen in LANGUAGES else "en"
    return _language


def language() -> str:
    return _language


def tr(text: str, **params: Any) -> str:
    """`text` in the current language, with `params` filled in."""
    template = ZH_CN.get(text, text) if _language == "zh_CN" else text
    return template.format(**params) if params else template


def _shown(key: str, value: Any) -> str:
    if key.endswith("_fen") and isinstance(value, int) and not isinstance(value, bool):
        return format_fen(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def catalogue_path() -> Path:
    return resource_path("translations", "cli_catalogue.json")


@cache
def _catalogue() -> dict[str, dict[str, dict[str, str]]]:
    try:
        return json.loads(catalogue_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _table(name: str) -> dict[str, str]:
    return _catalogue().get(_language, {}).get(name, {})


def error_text(exc: BaseException) -> str:
    """A DomainError (or anything with code + params) in the current language; English falls
    back to the error's own message."""
    code = getattr(exc, "code", None)
    message = getattr(exc, "message", None) or str(exc)
    if _language != "zh_CN" or not isinstance(code, str):
        return message
    texts = _table("errors")
    template = texts.get(code) or texts.get(code.split(".", 1)[0])
    if template is None:
        return message
    params = getattr(exc, "params", None) or {}
    return template.format_map(_Params({k: _shown(k, v) for k, v in params.items()}))


def audit_name(code: str) -> str:
    """An outcome, role, tender or approved action found in an audit entry, in words."""
    return _table("audit_names").get(code, code)


def audit_action(action: str) -> str:
    return _table("audit_actions").get(action, action)


def audit_line(entry) -> str:
    """An audit entry as the window's sentence (services/audit_query.audit_sentence)."""
    from ..services.audit_query import audit_sentence

    return audit_sentence(entry, _table("audit_sentences"), audit_name)
