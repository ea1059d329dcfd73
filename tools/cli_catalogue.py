"""Write resources/translations/cli_zh_CN.json: every error code's Chinese message, taken from
the window's catalogue (counter_app/ui/error_text.py + hall_counter_zh_CN.ts), for the command
line, which runs without Qt. Run after pyside6-lrelease (see resources/translations/README.md);
tests/ui/test_translations.py fails when the file is not current.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from counter_app.ui.error_text import CONTEXT, MESSAGES  # noqa: E402

TS = REPO / "resources" / "translations" / "hall_counter_zh_CN.ts"
OUT = REPO / "resources" / "translations" / "cli_zh_CN.json"


def build() -> str:
    translated: dict[str, str] = {}
    for context in ET.parse(TS).getroot().iter("context"):
        if context.findtext("name") != CONTEXT:
            continue
        for message in context.iter("message"):
            text = message.findtext("translation")
            if text:
                translated[message.findtext("source")] = text
    codes = {code: translated[source] for code, source in sorted(MESSAGES.items())
             if source in translated}
    return json.dumps(codes, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


if __name__ == "__main__":
    OUT.write_text(build(), encoding="utf-8")
    print(f"{OUT.relative_to(REPO)}: {len(json.loads(OUT.read_text(encoding='utf-8')))} codes")
