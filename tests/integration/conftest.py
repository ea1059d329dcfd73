"""Integration tests read the command line's messages in English (COUNTER_APP_LANG=en, what a
script parsing the output asks for); tests of the Chinese messages remove it."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _cli_messages_in_english(monkeypatch):
    monkeypatch.setenv("COUNTER_APP_LANG", "en")
