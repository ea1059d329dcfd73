"""The suite's own rules: Qt tests get the `gui` marker by what they use; Qt warnings fail tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

from tests.helpers.paths import REPO


def collect(root: Path, *args: str) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         "--rootdir", str(root), *args, str(root / "tests")],
        cwd=root, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode in (0, 5), proc.stdout + proc.stderr  # 5: nothing selected
    return sorted(line for line in proc.stdout.splitlines() if "::" in line)


def test_gui_marker_follows_the_qt_fixtures(tmp_path: Path) -> None:
    tests = tmp_path / "tests"
    (tests / "integration").mkdir(parents=True)
    (tests / "ui").mkdir()
    shutil.copy(REPO / "tests" / "conftest.py", tests / "conftest.py")
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    gui: needs Qt\n")
    (tests / "integration" / "test_mixed.py").write_text(textwrap.dedent("""\
        import pytest

        @pytest.fixture
        def window(qtbot):
            return qtbot

        def test_plain():
            assert True

        def test_direct(qtbot):
            assert qtbot

        def test_indirect(window):
            assert window
        """))
    (tests / "ui" / "test_screen.py").write_text("def test_in_ui_folder():\n    assert True\n")

    gui = collect(tmp_path, "-m", "gui")
    not_gui = collect(tmp_path, "-m", "not gui")

    assert gui == [
        "tests/integration/test_mixed.py::test_direct",
        "tests/integration/test_mixed.py::test_indirect",
        "tests/ui/test_screen.py::test_in_ui_folder",
    ]
    assert not_gui == ["tests/integration/test_mixed.py::test_plain"]


def test_the_suite_is_strict_and_fails_on_qt_warnings() -> None:
    options = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert "--strict-config" in options["addopts"].split()
    assert "--strict-markers" in options["addopts"].split()
    assert options["qt_log_level_fail"] == "WARNING"
