"""The command line's catalogue: every message it prints through tr() has Chinese with the same
placeholders; the language follows the setting unless COUNTER_APP_LANG says otherwise; tables
count display width."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from counter_app.cli import text as cli_text
from counter_app.cli.common import display_width, hoist_global_options, pad, table

PACKAGE = Path(cli_text.__file__).resolve().parent
CLI_FILES = sorted(PACKAGE.glob("*.py"))


def tr_sources() -> set[str]:
    """The string literal given to every tr(...) call in counter_app/cli/*.py."""
    found: set[str] = set()
    for path in CLI_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.add(first.value)
                elif isinstance(first, ast.IfExp):  # tr("a" if x else "b")
                    found |= {b.value for b in (first.body, first.orelse)
                              if isinstance(b, ast.Constant)}
    return found


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_cli_message_has_chinese_with_the_same_placeholders():
    sources = tr_sources()
    assert len(sources) > 40  # the scan found them
    missing = sorted(s for s in sources if s not in cli_text.ZH_CN)
    assert not missing, f"add Chinese for these to counter_app/cli_text.py: {missing}"
    for source, chinese in cli_text.ZH_CN.items():
        assert fields(source) == fields(chinese), source


def test_language_follows_the_setting_unless_the_environment_says(monkeypatch):
    monkeypatch.delenv(cli_text.ENV, raising=False)
    try:
        assert cli_text.set_language("zh_CN") == "zh_CN"
        assert cli_text.tr("store ready: {path}", path="/x") == "数据库就绪：/x"
        assert cli_text.set_language("en") == "en"
        assert cli_text.tr("store ready: {path}", path="/x") == "store ready: /x"
        monkeypatch.setenv(cli_text.ENV, "en")
        assert cli_text.set_language("zh_CN") == "en"
        assert cli_text.set_language("xx") == "en"
    finally:
        monkeypatch.setenv(cli_text.ENV, "en")
        cli_text.set_language("en")


def test_domain_errors_in_chinese(monkeypatch):
    from hall_domain.errors import DomainError

    monkeypatch.delenv(cli_text.ENV, raising=False)
    cli_text.set_language("zh_CN")
    try:
        exc = DomainError("Cash tendered is short.", code="tender.cash_short",
                          tendered_fen=5000, amount_fen=12345)
        assert cli_text.error_text(exc) == "实收现金 ¥50.00 少于应收 ¥123.45。"
        assert cli_text.error_text(ValueError("plain")) == "plain"
    finally:
        cli_text.set_language("en")
    assert cli_text.error_text(exc) == "Cash tendered is short."


@pytest.mark.parametrize(("text", "width"), [("abc", 3), ("账期", 4), ("￥1", 3), ("é", 1),
                                              ("e\u0301", 1), ("张三 Li", 7)])
def test_display_width(text, width):
    assert display_width(text) == width


def test_tables_line_up_mixed_chinese_and_ascii():
    out = table([("1001", "张收费", "收费员"), ("9001", "系统管理员", "admin")],
                headers=["ID", "Name", "Role"])
    lines = out.splitlines()
    # The third column starts at the same display column on every line.
    starts = {display_width(line[: line.index(last)])
              for line, last in zip(lines, ["Role", "收费员", "admin"], strict=True)}
    assert len(starts) == 1
    assert pad("账", 4) == "账  " and pad("1", 3, ">") == "  1"


def test_global_options_are_hoisted_but_not_past_a_double_dash():
    assert hoist_global_options(["a", "--config", "c", "b", "--data-dir=d"]) == \
        ["--config", "c", "--data-dir=d", "a", "b"]
    assert hoist_global_options(["a", "--", "--config", "c"]) == ["a", "--", "--config", "c"]
