"""Fail when a layer imports what it must not (DESIGN.md section 4, docs/architecture.md).

Two programs share one pure domain:

    counter_app/ui        Qt lives here and nowhere else
    counter_app/cli       the counter-app command; starts without Qt
    counter_app/services  use cases + their ports (services/ports.py)
    counter_app/adapters  SQLite store, printer, card reader, ledger HTTP client, PDF reports
    hall_ledger/          the central ledger service (its own api, store, migrations, cli)
    hall_domain/          shared by both programs, importing neither

Every import counts: at module level, inside functions (lazy imports), under
`if TYPE_CHECKING:`, and `importlib.import_module("x")` / `__import__("x")` with a string
literal. Relative imports are resolved against the file. The rules are the RULES table
below; each file is checked against every rule whose scope holds it.

Usage: python tools/check_layers.py [ROOT]      (ROOT defaults to this repository)
Prints `path:line: imports X (rule: reason)` per violation; exit 0 when clean, 1 on
violations, 2 when ROOT holds none of the packages (a wrong path must not pass).
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

COUNTER = "counter_app"
LEDGER = "hall_ledger"
# The one package both programs may import: pure domain code, no I/O. Declared here and
# forbidden by no counter or ledger rule below.
SHARED = "hall_domain"
PACKAGES = (COUNTER, LEDGER, SHARED)

QT = ("PySide6", "shiboken6")
ORM = ("sqlalchemy", "alembic")
# Libraries that talk to a database, the network, a device, a process or a file format.
# The domain imports none of them. Plain value modules (datetime, decimal, json, re, os for
# os.urandom, hashlib, csv for parsing text it is given) stay allowed.
IO_LIBRARIES = (
    *QT,
    *ORM,
    "sqlite3",
    "psycopg",
    "psycopg2",
    "httpx",
    "requests",
    "urllib3",
    "urllib.request",
    "http.client",
    "http.server",
    "socket",
    "socketserver",
    "ssl",
    "selectors",
    "asyncio",
    "serial",  # pyserial
    "escpos",  # python-escpos
    "usb",  # pyusb
    "fastapi",
    "starlette",
    "uvicorn",
    "reportlab",
    "subprocess",
    "multiprocessing",
    "platformdirs",
    "shutil",
    "tempfile",
)
# What services reach only through ports: no GUI, database, HTTP, serial, printer or PDF library.
SERVICE_IO = (
    *QT,
    *ORM,
    "sqlite3",
    "psycopg",
    "httpx",
    "requests",
    "urllib3",
    "serial",
    "escpos",
    "usb",
    "reportlab",
    "fastapi",
    "starlette",
    "uvicorn",
)
# The ledger's server stack: the [ledger] extra; the counter neither needs nor imports it.
SERVER_LIBRARIES = ("fastapi", "starlette", "uvicorn", "psycopg", "psycopg2")
# The counter's front ends and wiring: nothing below them may import them.
COUNTER_TOP = tuple(
    f"{COUNTER}.{name}"
    for name in ("ui", "cli", "bootstrap", "ledger_link", "first_setup", "demo", "embedded_ledger",
                 "__main__")
)


@dataclass(frozen=True)
class Rule:
    name: str
    scope: tuple[str, ...]  # folders or files, relative to the root, the rule applies to
    forbidden: tuple[str, ...]  # modules (and their submodules) the scope may not import
    reason: str
    exempt: tuple[str, ...] = ()  # folders or files inside scope the rule skips
    allowed: tuple[str, ...] = ()  # modules inside `forbidden` that stay allowed
    module_level_only: bool = False  # lazy imports (inside functions) are fine

    def applies_to(self, relative: str) -> bool:
        return any(_under(relative, s) for s in self.scope) and not any(
            _under(relative, e) for e in self.exempt
        )

    def match(self, module: str) -> str | None:
        """What to report for importing `module` (None when the import is fine).

        The forbidden entry it falls under; when that entry has allowed submodules, the
        module one level below it (`counter_app.services.sync`), which says what to move.
        """
        if any(_within(module, ok) or _within(ok, module) for ok in self.allowed):
            return None
        for prefix in self.forbidden:
            if _within(module, prefix):
                if any(_within(ok, prefix) for ok in self.allowed):
                    return ".".join(module.split(".")[: prefix.count(".") + 2])
                return prefix
        return None


RULES: tuple[Rule, ...] = (
    Rule(
        "domain",
        (SHARED,),
        (COUNTER, LEDGER),
        "the shared domain imports nothing of ours",
    ),
    Rule("domain-io", (SHARED,), IO_LIBRARIES, "the shared domain does no I/O"),
    Rule(
        "services",
        (f"{COUNTER}/services",),
        (f"{COUNTER}.adapters", *COUNTER_TOP),
        "services reach adapters only through their ports, and no front end",
    ),
    Rule(
        "services-io",
        (f"{COUNTER}/services",),
        SERVICE_IO,
        "services do no I/O themselves; an adapter does, behind a port",
    ),
    Rule(
        "adapters",
        (f"{COUNTER}/adapters",),
        (*COUNTER_TOP, f"{COUNTER}.services"),
        f"adapters import no front end and, of the services, only {COUNTER}.services.ports",
        allowed=(f"{COUNTER}.services.ports",),
    ),
    Rule(
        "qt",
        PACKAGES,
        QT,
        f"Qt lives only under {COUNTER}/ui",
        exempt=(f"{COUNTER}/ui",),
    ),
    Rule(
        "counter-ledger",
        (COUNTER,),
        (LEDGER,),
        f"the counter reaches the ledger over HTTP only; {SHARED} is the shared package",
    ),
    Rule(
        "ledger-counter",
        (LEDGER,),
        (COUNTER,),
        f"the ledger imports nothing of the counter; {SHARED} is the shared package",
    ),
    Rule(
        "counter-server-libs",
        (COUNTER,),
        SERVER_LIBRARIES,
        "the ledger's server libraries are the [ledger] extra, not installed with the counter",
    ),
    Rule(
        "ui-on-top",
        (COUNTER,),
        (f"{COUNTER}.ui",),
        "nothing below the window imports the ui; the CLI opens it inside its gui command",
        exempt=(f"{COUNTER}/ui", f"{COUNTER}/cli"),
    ),
    # With the two rules above, `counter-app status` starts on a headless box: the only way
    # to Qt is through the ui, and the CLI imports the ui only inside the command that runs it.
    Rule(
        "cli-start",
        (f"{COUNTER}/cli",),
        (f"{COUNTER}.ui",),
        "the CLI starts without Qt: import the GUI inside the command that opens it",
        module_level_only=True,
    ),
)

# Calls that import a module named by a string literal, e.g. importlib.import_module("PySide6").
DYNAMIC_IMPORTERS = ("import_module", "__import__")


@dataclass(frozen=True)
class Violation:
    path: Path
    line: int
    module: str
    reason: str

    def format(self, root: Path) -> str:
        try:
            shown = self.path.relative_to(root)
        except ValueError:
            shown = self.path
        return f"{shown.as_posix()}:{self.line}: imports {self.module} ({self.reason})"


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def _under(relative: str, folder: str) -> bool:
    return relative == folder or relative.startswith(folder + "/") or relative == folder + ".py"


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve_from(node: ast.ImportFrom, path: Path, root: Path) -> str:
    """Absolute module of `from X import ...`, resolving relative imports against the file."""
    if node.level == 0:
        return node.module or ""
    package = _module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
    return ".".join([*base, node.module] if node.module else base)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported_modules(
    tree: ast.AST, path: Path, root: Path, lazy: bool = False
) -> Iterator[tuple[int, str, bool]]:
    """Yield (line, absolute module, lazy) for every import anywhere in the tree.

    `lazy` is True inside a function or lambda and under `if TYPE_CHECKING:`: such an
    import does not run when the module is imported.
    """
    for node in ast.iter_child_nodes(tree):
        inner_lazy = lazy or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, lazy
        elif isinstance(node, ast.ImportFrom):
            module = _resolve_from(node, path, root)
            yield node.lineno, module, lazy
            # `from counter_app import ui` imports counter_app.ui.
            for alias in node.names:
                if alias.name != "*" and module:
                    yield node.lineno, f"{module}.{alias.name}", lazy
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            first = node.args[0]
            if (
                name in DYNAMIC_IMPORTERS
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                yield node.lineno, first.value, lazy
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from imported_modules(
                ast.Module(body=node.body, type_ignores=[]), path, root, True
            )
            for child in node.orelse:
                yield from imported_modules(
                    ast.Module(body=[child], type_ignores=[]), path, root, lazy
                )
            continue
        yield from imported_modules(node, path, root, inner_lazy)


def check_file(path: Path, root: Path, rules: tuple[Rule, ...] = RULES) -> list[Violation]:
    relative = path.relative_to(root).as_posix()
    active = [rule for rule in rules if rule.applies_to(relative)]
    if not active:
        return []
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except SyntaxError as exc:
        return [Violation(path, exc.lineno or 0, "?", f"cannot parse: {exc.msg}")]
    found: dict[tuple[int, str], Violation] = {}
    for line, module, lazy in imported_modules(tree, path, root):
        for rule in active:
            if lazy and rule.module_level_only:
                continue
            hit = rule.match(module)
            if hit is not None:
                found.setdefault(
                    (line, hit), Violation(path, line, hit, f"{rule.name}: {rule.reason}")
                )
    return sorted(found.values(), key=lambda v: (v.line, v.module))


def source_files(root: Path) -> Iterator[Path]:
    for package in PACKAGES:
        folder = root / package
        if folder.is_dir():
            yield from sorted(folder.rglob("*.py"))


def check_tree(root: Path) -> tuple[int, list[Violation]]:
    """Return (number of files checked, violations) for the packages under root."""
    checked = 0
    violations: list[Violation] = []
    for path in source_files(root):
        checked += 1
        violations.extend(check_file(path, root))
    return checked, violations


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    parser.add_argument(
        "root",
        nargs="?",
        type=Path,
        default=Path(__file__).resolve().parent.parent,
        help="repository root (default: the one holding this script)",
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()
    checked, violations = check_tree(root)
    if checked == 0:
        print(
            f"check_layers: no Python files under {root}/{{{','.join(PACKAGES)}}}", file=sys.stderr
        )
        return 2
    for violation in violations:
        print(violation.format(root))
    if violations:
        print(
            f"check_layers: {len(violations)} forbidden import(s) in {checked} files",
            file=sys.stderr,
        )
        return 1
    print(f"check_layers: {checked} files OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
