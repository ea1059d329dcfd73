"""Write resources/translations/cli_catalogue.json: the window's words the command line needs,
taken from the Qt catalogue (counter_app/ui/error_text.py, ui/audit_text.py and
hall_counter_zh_CN.ts), because the command line runs without Qt. Run after pyside6-lrelease
(see resources/translations/README.md); tests/ui/test_translations.py fails when it is stale.

{"zh_CN": {"errors": {code: text}, "audit_sentences": {...}, "audit_names": {...},
           "audit_actions": {...}},
 "en":    {"audit_sentences": {...}, "audit_names": {...}, "audit_actions": {...}}}
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from counter_app.ui import audit_text, error_text  # noqa: E402

TS = REPO / "resources" / "translations" / "hall_counter_zh_CN.ts"
OUT = REPO / "resources" / "translations" / "cli_catalogue.json"


def _translations(context_name: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for context in ET.parse(TS).getroot().iter("context"):
        if context.findtext("name") != context_name:
            continue
        for message in context.iter("message"):
            text = message.findtext("translation")
            if text:
                found[message.findtext("source")] = text
    return found


def build() -> str:
    errors = _translations(error_text.CONTEXT)
    audit = _translations(audit_text.CONTEXT)
    tables = {"audit_sentences": audit_text.SENTENCES, "audit_names": audit_text.NAMES,
              "audit_actions": audit_text.ACTIONS}
    zh = {"errors": {code: errors[src] for code, src in error_text.MESSAGES.items() if src in errors}}
    zh |= {name: {k: audit[src] for k, src in table.items() if src in audit}
           for name, table in tables.items()}
    en = {name: dict(table) for name, table in tables.items()}
    return json.dumps({"zh_CN": zh, "en": en}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


if __name__ == "__main__":
    OUT.write_text(build(), encoding="utf-8")
    print(f"{OUT.relative_to(REPO)} written")
