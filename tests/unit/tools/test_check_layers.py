"""tools/check_layers.py: forbidden imports in domain/ and services/ are found and located."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tests.helpers.paths import REPO

SCRIPT = REPO / "tools" / "check_layers.py"


def run_check(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def write(root: Path, relative: str, source: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source), encoding="utf-8")


def make_tree(root: Path) -> None:
    for package in ("", "/services", "/adapters", "/ui"):
        write(root, f"counter_app{package}/__init__.py", '"""Package."""\n')
    write(root, "hall_domain/__init__.py", '"""Package."""\n')


def test_violations_are_listed_with_file_and_line(tmp_path: Path) -> None:
    make_tree(tmp_path)
    write(
        tmp_path,
        "hall_domain/money.py",
        """\
        import decimal
        from sqlalchemy.orm import Session


        def lazy():
            import PySide6.QtWidgets
            from counter_app.adapters import storage
            return storage
        """,
    )
    write(
        tmp_path,
        "counter_app/services/pay.py",
        """\
        from counter_app.adapters import storage
        from counter_app import ui
        import importlib

        importlib.import_module("alembic.command")
        import shiboken6
        """,
    )

    result = run_check(tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    lines = set(result.stdout.splitlines())
    expected = {
        "hall_domain/money.py:2: imports sqlalchemy",
        "hall_domain/money.py:6: imports PySide6",
        "hall_domain/money.py:7: imports counter_app",
        "counter_app/services/pay.py:2: imports counter_app.ui",
        "counter_app/services/pay.py:5: imports alembic",
        "counter_app/services/pay.py:6: imports shiboken6",
    }
    found = {line.split(" (")[0] for line in lines}
    assert found == expected
    # services may use adapters (through interfaces); that line must not be reported.
    assert not any(line.startswith("counter_app/services/pay.py:1:") for line in lines)


def test_services_may_not_import_ui_even_relatively(tmp_path: Path) -> None:
    make_tree(tmp_path)
    write(tmp_path, "counter_app/services/bills/__init__.py", "from ...ui import pay\n")

    result = run_check(tmp_path)

    assert result.returncode == 1
    assert "counter_app/services/bills/__init__.py:1: imports counter_app.ui" in result.stdout


def test_clean_tree_passes(tmp_path: Path) -> None:
    make_tree(tmp_path)
    write(tmp_path, "hall_domain/money.py", "from dataclasses import dataclass\n")
    write(tmp_path, "counter_app/services/pay.py", "from hall_domain import money\n")

    result = run_check(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "check_layers: 4 files OK"


def test_empty_root_is_an_error_not_a_pass(tmp_path: Path) -> None:
    result = run_check(tmp_path)

    assert result.returncode == 2


def test_real_tree_passes() -> None:
    result = run_check()

    assert result.returncode == 0, result.stdout + result.stderr
