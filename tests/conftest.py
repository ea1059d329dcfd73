"""Suite-wide rules: tests that touch Qt are marked `gui` by what they use, not by hand."""

from __future__ import annotations

import pytest

# Fixtures from pytest-qt (and ours built on them) that start a QApplication.
QT_FIXTURES = frozenset({"qtbot", "qapp", "qtmodeltester", "qtlog"})


def uses_qt(item: pytest.Item) -> bool:
    """True for a test under tests/ui or one that asks for a Qt fixture, directly or not."""
    if "ui" in item.path.relative_to(item.config.rootpath).parts[:2]:
        return True
    return bool(QT_FIXTURES.intersection(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if uses_qt(item) and item.get_closest_marker("gui") is None:
            item.add_marker(pytest.mark.gui)
