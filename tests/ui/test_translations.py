"""Translations: every error code has a message, the .ts files are complete and current, the
.qm files load, no English is left on screen in Chinese, and the language switches live."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from counter_app.ui import i18n
from counter_app.ui.error_text import MESSAGES, message_for_code
from tests.helpers.paths import REPO
from tests.helpers.ui import open_customer, pick, sign_in_to_counter, visible_texts

LUPDATE = Path(sys.executable).parent / "pyside6-lupdate"
LRELEASE = Path(sys.executable).parent / "pyside6-lrelease"
CODE = re.compile(r"""code\s*=\s*["']([a-z_]+(?:\.[a-z_]+)+)["']""")


def raised_codes() -> set[str]:
    """Every dotted error code written in the domain, services and storage adapter."""
    codes: set[str] = set()
    for folder in ("domain", "services", "adapters/storage"):
        for path in (REPO / "counter_app" / folder).rglob("*.py"):
            codes |= set(CODE.findall(path.read_text(encoding="utf-8")))
    return codes


def test_every_error_code_has_a_translated_message():
    codes = raised_codes()
    assert len(codes) > 40  # the grep found them
    missing = sorted(c for c in codes if c not in MESSAGES)
    assert not missing, f"add these codes to counter_app/ui/error_text.py: {missing}"


def test_messages_fill_their_placeholders(qapp):
    i18n.install_language("zh_CN")
    text = message_for_code("tender.cash_short", {"tendered_fen": 5000, "amount_fen": 12345})
    assert text == "实收现金 ¥50.00 少于应收 ¥123.45。"
    assert message_for_code("account.nonexistent_detail") == message_for_code("account")
    assert "?" in message_for_code("auth.wrong_pin")  # a missing param never raises


def ts_messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.find("name").text
        for message in context.iter("message"):
            out[(name, message.find("source").text)] = message.find("translation")
    return out


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_ts_file_is_complete_and_matches_the_sources(tmp_path, language):
    committed = ts_messages(i18n.translations_dir() / f"hall_counter_{language}.ts")
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (REPO / "counter_app" / "ui").rglob("*.py"))
    subprocess.run([str(LUPDATE), "-no-obsolete", "-locations", "none", *sources, "-ts", str(fresh)],
                   check=True, capture_output=True, timeout=120)
    assert set(ts_messages(fresh)) == set(committed), \
        "run pyside6-lupdate (see resources/translations/README.md) and translate the new strings"
    unfinished = [key for key, tr in committed.items() if tr.get("type") == "unfinished" or not tr.text]
    assert not unfinished
    # The committed .qm is what lrelease makes of the committed .ts.
    rebuilt = tmp_path / "rebuilt.qm"
    ts = i18n.translations_dir() / f"hall_counter_{language}.ts"
    subprocess.run([str(LRELEASE), str(ts), "-qm", str(rebuilt)], check=True, capture_output=True,
                   timeout=120)
    assert i18n.qm_path(language).read_bytes() == rebuilt.read_bytes(), "run pyside6-lrelease"




def latin_words(text: str) -> list[str]:
    """Words of English left in `text` (codes, keys and numbers do not count)."""
    allowed = {"F2", "F5", "F6", "F7", "F8", "F9", "F12", "Enter", "Esc", "RRN", "REPRINT", "English", "kWh",
               "C", "L", "H", "T01"}
    return [w for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", text)
            if w not in allowed and not w.isupper()]  # codes in the data: TQ-0521, RRN


def english_left(root) -> dict[str, list[str]]:
    return {t: words for t in visible_texts(root) if (words := latin_words(t))}


def test_chinese_screens_show_no_english(qtbot, window, demo_customers):
    qtbot.waitUntil(lambda: window.login.users.rowCount() > 0)
    assert english_left(window) == {}
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, pick(demo_customers, min_open=2).account_no)
    assert english_left(window) == {}
    qtbot.keyClick(window.counter.payment.cash_tendered, Qt.Key.Key_Return)
    qtbot.waitUntil(window.counter.has_dialog)
    assert english_left(window.counter._dialog) == {}
    qtbot.keyClick(window.counter._dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.receipt_dialog is not None and window.receipt_dialog.isVisible())
    assert english_left(window.receipt_dialog) == {}
    body = [line for line in window.receipt_dialog.receipt_text.splitlines()
            if not line.startswith("交易号")]  # the payment UUID is hex
    assert latin_words("\n".join(body)) == []


def test_language_switches_live_from_the_menu(qtbot, window, demo_customers):
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, pick(demo_customers, min_open=1).account_no)
    page = window.counter
    assert page.search.caption.text() == "查询 (F2)"
    window.act_languages["en"].trigger()
    try:
        qtbot.waitUntil(lambda: page.search.caption.text() == "Search (F2)")  # LanguageChange is posted
        assert i18n.current_language() == "en"
        assert window.ctx.config["ui.language"] == "en"
        assert page.search.caption.text() == "Search (F2)"
        assert page.payment.tabs.tabText(0) == "Cash (F5)"
        assert page.bills.bills.headerData(0, Qt.Orientation.Horizontal) == "Period"
        assert window.menu_counter.title() == "&Counter"
        assert "Ledger" in window.status.ledger.text()
        assert page.customer.user_type.text() in ("Residential", "Non-residential")
    finally:
        window.act_languages["zh_CN"].trigger()
    qtbot.waitUntil(lambda: page.search.caption.text() == "查询 (F2)")
    assert page.bills.bills.headerData(0, Qt.Orientation.Horizontal) == "账期"


def test_every_audit_action_has_a_sentence_and_a_name():
    """An action code written anywhere (services, adapters, migrations) reads as a sentence in
    the audit browser, not as the raw code."""
    from counter_app.ui.audit_text import ACTIONS, SENTENCES

    pattern = re.compile(r"""action\s*=\s*["']([a-z_]+\.[a-z_]+)["']""")
    actions: set[str] = set()
    for path in (REPO / "counter_app").rglob("*.py"):
        actions |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert {"payment.take", "sync.corrected", "outbox.seal"} <= actions  # the grep found them
    missing = sorted(a for a in actions if a not in SENTENCES or a not in ACTIONS)
    assert not missing, f"add these to counter_app/ui/audit_text.py: {missing}"
