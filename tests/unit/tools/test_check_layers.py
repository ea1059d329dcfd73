"""tools/check_layers.py: every layer rule of DESIGN.md section 4 is checked, and located.

The planted-violation tests take a real file of the tree (or a new one in a real package),
plant ONE forbidden import of each kind, and show that the check reports exactly that import
(file, line, module, rule) on top of what it reports for the unmodified file; then all of
them at once in a copy of the real packages make the script itself exit 1 with those lines.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers.paths import REPO

SCRIPT = REPO / "tools" / "check_layers.py"
PACKAGES = ("counter_app", "hall_domain", "hall_ledger")


def run_check(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def load_checker() -> ModuleType:
    """The script as a module (tools/ is not a package), to run it in-process: faster."""
    spec = importlib.util.spec_from_file_location("check_layers_under_test", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while it loads
    spec.loader.exec_module(module)
    return module


CHECKER = load_checker()


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
        # services reach the store through their ports (DESIGN.md section 4), not the adapter
        "counter_app/services/pay.py:1: imports counter_app.adapters",
        "counter_app/services/pay.py:2: imports counter_app.ui",
        "counter_app/services/pay.py:5: imports alembic",
        "counter_app/services/pay.py:6: imports shiboken6",
    }
    found = {line.split(" (")[0] for line in lines}
    assert found == expected


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
    assert result.stdout.strip() == "check_layers: 7 files OK"


def test_every_allowed_arrow_passes(tmp_path: Path) -> None:
    """A tree using each arrow DESIGN.md allows, lazily and at module level, is clean."""
    make_tree(tmp_path)
    allowed = {
        "hall_domain/money.py": "import os\nimport json\nfrom decimal import Decimal\n",
        "counter_app/services/ports.py": "from typing import Protocol\nfrom hall_domain import money\n",
        "counter_app/services/pay.py": (
            "from typing import TYPE_CHECKING\n"
            "from . import ports\n"
            "from counter_app.services import ports as p2\n"
            "from counter_app.services.ports import Protocol\n"
            "from hall_domain.money import Decimal\n"
            "if TYPE_CHECKING:\n"
            "    from counter_app.services.ports import Protocol as P3\n"
        ),
        "counter_app/adapters/store.py": (
            "import sqlalchemy\nimport sqlite3\nimport httpx\nimport serial\nimport escpos\n"
            "from counter_app.services.ports import Protocol\n"
            "from counter_app.services import ports\n"
            "from ..services import ports as p2\n"
            "from hall_domain import money\n"
        ),
        "counter_app/ui/window.py": (
            "from PySide6.QtWidgets import QWidget\nimport shiboken6\n"
            "from counter_app.services import pay\n"
            "from counter_app import bootstrap\n"
        ),
        "counter_app/bootstrap.py": "from counter_app.adapters import store\nimport hall_domain\n",
        "counter_app/cli/__init__.py": "",
        "counter_app/cli/main.py": (
            "from counter_app import bootstrap\n"
            "def gui():\n"
            "    from counter_app.ui.window import QWidget\n"
            "    from ..ui import window\n"
            "    return QWidget, window\n"
            "runner = lambda: __import__('counter_app.ui.window')\n"
        ),
        "hall_ledger/__init__.py": "",
        "hall_ledger/api.py": (
            "import fastapi\nimport sqlalchemy\nimport uvicorn\nimport psycopg\n"
            "from hall_domain.money import Decimal\nfrom . import __name__ as n\n"
        ),
    }
    for relative, source in allowed.items():
        write(tmp_path, relative, source)

    result = run_check(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("files OK")


def test_empty_root_is_an_error_not_a_pass(tmp_path: Path) -> None:
    result = run_check(tmp_path)

    assert result.returncode == 2


def test_real_tree_passes() -> None:
    result = run_check()

    assert result.returncode == 0, result.stdout + result.stderr


# --- one planted violation of each kind, in a copy of the real tree ---------------------------


@dataclass(frozen=True)
class Plant:
    file: str  # relative to the root; appended to when it exists, created when not
    source: str  # dedented; the forbidden import is on the line marked `# <-`
    module: str  # what the check must report
    rule: str  # the rule name it must give


PLANTS: dict[str, Plant] = {
    # hall_domain imports nothing of ours and no I/O library
    "domain-imports-counter-lazily": Plant(
        "hall_domain/money.py",
        """
        def planted():
            from counter_app.config import Config  # <-
            return Config
        """,
        "counter_app",
        "domain",
    ),
    "domain-imports-ledger": Plant(
        "hall_domain/planted.py", "import hall_ledger.models  # <-\n", "hall_ledger", "domain"
    ),
    "domain-imports-sqlalchemy": Plant(
        "hall_domain/__init__.py",
        "from sqlalchemy import select  # <-\n",
        "sqlalchemy",
        "domain-io",
    ),
    "domain-imports-socket-dynamically": Plant(
        "hall_domain/money.py",
        """
        import importlib
        _net = importlib.import_module("socket")  # <-
        """,
        "socket",
        "domain-io",
    ),
    "domain-runs-subprocess": Plant(
        "hall_domain/planted.py",
        """
        def planted():
            import subprocess  # <-
        """,
        "subprocess",
        "domain-io",
    ),
    "domain-imports-qt": Plant(
        "hall_domain/planted.py", "from PySide6 import QtCore  # <-\n", "PySide6", "domain-io"
    ),
    # services: no adapter, no front end, no Qt/SQLAlchemy/HTTP/serial/printer library
    "services-import-adapter": Plant(
        "counter_app/services/__init__.py",
        "from counter_app.adapters.storage import open_store  # <-\n",
        "counter_app.adapters",
        "services",
    ),
    "services-import-adapter-relatively": Plant(
        "counter_app/services/planted.py",
        "from ..adapters import printer  # <-\n",
        "counter_app.adapters",
        "services",
    ),
    "services-import-adapter-for-typing": Plant(
        "counter_app/services/planted.py",
        """
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from counter_app.adapters.ledger_client import LedgerClient  # <-
        """,
        "counter_app.adapters",
        "services",
    ),
    "services-import-ui": Plant(
        "counter_app/services/planted.py",
        "from counter_app.ui import app  # <-\n",
        "counter_app.ui",
        "services",
    ),
    "services-import-bootstrap": Plant(
        "counter_app/services/planted.py",
        """
        def planted():
            from ..bootstrap import bootstrap  # <-
        """,
        "counter_app.bootstrap",
        "services",
    ),
    "services-import-qt": Plant(
        "counter_app/services/planted.py",
        "from PySide6.QtCore import QObject  # <-\n",
        "PySide6",
        "services-io",
    ),
    **{
        f"services-import-{library}": Plant(
            "counter_app/services/planted.py",
            f"""
            def planted():
                import {library}  # <-
            """,
            library,
            "services-io",
        )
        for library in ("sqlalchemy", "alembic", "httpx", "serial", "escpos", "usb", "sqlite3")
    },
    "services-import-ledger": Plant(
        "counter_app/services/planted.py",
        "import hall_ledger  # <-\n",
        "hall_ledger",
        "counter-ledger",
    ),
    # adapters: no ui, no front end, of the services only the ports
    "adapters-import-ui": Plant(
        "counter_app/adapters/printer/planted.py",
        "from counter_app.ui.print_desk import PrintDesk  # <-\n",
        "counter_app.ui",
        "adapters",
    ),
    "adapters-import-ui-relatively": Plant(
        "counter_app/adapters/__init__.py",
        """
        def planted():
            from ..ui import app  # <-
        """,
        "counter_app.ui",
        "adapters",
    ),
    "adapters-import-a-use-case": Plant(
        "counter_app/adapters/printer/planted.py",
        "from counter_app.services.payments import take_payment  # <-\n",
        "counter_app.services.payments",
        "adapters",
    ),
    "adapters-import-qt": Plant(
        "counter_app/adapters/printer/planted.py", "import shiboken6  # <-\n", "shiboken6", "qt"
    ),
    # Qt only under counter_app/ui
    "bootstrap-imports-qt-lazily": Plant(
        "counter_app/bootstrap.py",
        """
        def planted():
            from PySide6.QtWidgets import QApplication  # <-
            return QApplication
        """,
        "PySide6",
        "qt",
    ),
    "cli-imports-qt": Plant(
        "counter_app/cli/__init__.py", "import PySide6.QtCore  # <-\n", "PySide6", "qt"
    ),
    "demo-imports-qt": Plant(
        "counter_app/demo/__init__.py", "import shiboken6  # <-\n", "shiboken6", "qt"
    ),
    "ledger-imports-qt-dynamically": Plant(
        "hall_ledger/__init__.py",
        """
        import importlib
        _qt = importlib.import_module("PySide6.QtCore")  # <-
        """,
        "PySide6",
        "qt",
    ),
    # the counter never imports the ledger's modules
    "ui-imports-ledger": Plant(
        "counter_app/ui/planted.py",
        "from hall_ledger.app import create_app  # <-\n",
        "hall_ledger",
        "counter-ledger",
    ),
    "counter-imports-ledger-lazily": Plant(
        "counter_app/config.py",
        """
        def planted():
            import hall_ledger.cli  # <-
        """,
        "hall_ledger",
        "counter-ledger",
    ),
    "demo-imports-uvicorn": Plant(
        "counter_app/demo/planted.py",
        "import uvicorn  # <-\n",
        "uvicorn",
        "counter-server-libs",
    ),
    "adapters-import-psycopg-lazily": Plant(
        "counter_app/adapters/__init__.py",
        """
        def planted():
            import psycopg  # <-
        """,
        "psycopg",
        "counter-server-libs",
    ),
    # only the front ends import the ui
    "link-imports-ui-lazily": Plant(
        "counter_app/config.py",
        """
        def planted():
            from .ui.ledger_status import StoreLedgerStatus  # <-
        """,
        "counter_app.ui",
        "ui-on-top",
    ),
    "demo-imports-ui": Plant(
        "counter_app/demo/__init__.py",
        "from counter_app import ui  # <-\n",
        "counter_app.ui",
        "ui-on-top",
    ),
    # the ledger imports nothing of the counter
    "ledger-imports-counter": Plant(
        "hall_ledger/__init__.py",
        "from counter_app import __version__  # <-\n",
        "counter_app",
        "ledger-counter",
    ),
    "ledger-imports-counter-lazily": Plant(
        "hall_ledger/planted.py",
        """
        def planted():
            import counter_app.config  # <-
        """,
        "counter_app",
        "ledger-counter",
    ),
    # the CLI starts without Qt: no ui at module level
    "cli-imports-ui-at-start": Plant(
        "counter_app/cli/planted.py",
        "from counter_app.ui.app import run_gui  # <-\n",
        "counter_app.ui",
        "cli-start",
    ),
    "cli-imports-ui-relatively-at-start": Plant(
        "counter_app/cli/__init__.py", "from ..ui import app  # <-\n", "counter_app.ui", "cli-start"
    ),
}


def plant(root: Path, plant: Plant) -> int:
    """Append (or write) the planted source; return the line number of the marked import."""
    path = root / plant.file
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    if before and not before.endswith("\n"):
        before += "\n"
    source = textwrap.dedent(plant.source).lstrip("\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(before + source, encoding="utf-8")
    offset = next(i for i, line in enumerate(source.splitlines()) if line.endswith("# <-"))
    return len(before.splitlines()) + offset + 1


def file_report(root: Path, relative: str) -> set[str]:
    path = root / relative
    if not path.exists():
        return set()
    return {violation.format(root) for violation in CHECKER.check_file(path, root)}


@pytest.mark.parametrize("name", sorted(PLANTS))
def test_each_planted_violation_is_found_in_its_file_and_line(name: str, tmp_path: Path) -> None:
    """The real file (when it exists), copied, with one forbidden import planted."""
    planted = PLANTS[name]
    original = REPO / planted.file
    if original.exists():
        (tmp_path / planted.file).parent.mkdir(parents=True)
        shutil.copy(original, tmp_path / planted.file)
    baseline = file_report(REPO, planted.file)

    line = plant(tmp_path, planted)
    new = file_report(tmp_path, planted.file) - baseline

    assert len(new) == 1, new
    [found] = new
    assert found.startswith(f"{planted.file}:{line}: imports {planted.module} ({planted.rule}: ")


def test_script_fails_on_the_planted_violations_in_a_copy_of_the_real_tree(
    tmp_path: Path,
) -> None:
    """Every plant at once in a copy of the packages: exit 1, each reported, nothing else new."""
    for package in PACKAGES:
        shutil.copytree(
            REPO / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.qm", "*.ts", "*.png", "*.svg"),
        )
    before = run_check(tmp_path)
    assert before.returncode in (0, 1), before.stderr
    planted = set()
    for name in sorted(PLANTS):
        line = plant(tmp_path, PLANTS[name])
        planted.add(f"{PLANTS[name].file}:{line}: imports {PLANTS[name].module}")

    after = run_check(tmp_path)

    assert after.returncode == 1, after.stdout + after.stderr
    new = set(after.stdout.splitlines()) - set(before.stdout.splitlines())
    assert {line.split(" (")[0] for line in new} == planted
    assert len(new) == len(PLANTS)


def test_cli_may_import_the_gui_inside_a_command(tmp_path: Path) -> None:
    """The cli-start rule is about module level only: `counter-app` opens the GUI lazily."""
    line = plant(
        tmp_path,
        Plant(
            "counter_app/cli/planted.py",
            """
            def gui():
                from counter_app.ui.app import run_gui  # <-
                return run_gui
            """,
            "",
            "",
        ),
    )

    assert line == 2
    assert file_report(tmp_path, "counter_app/cli/planted.py") == set()
