"""Fail when a layer imports what it must not (docs/architecture.md, DESIGN.md section 4)."""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "counter_app"

# Top-level modules that no file under these layers may import, directly or lazily.
FRAMEWORKS = ("PySide6", "shiboken6", "sqlalchemy", "alembic")

# layer folder (relative to the repo root) -> modules it may not import besides FRAMEWORKS.
RULES: dict[str, tuple[str, ...]] = {
    "hall_domain": (PACKAGE, "hall_ledger"),
    f"{PACKAGE}/services": (f"{PACKAGE}.ui",),
}

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


def imported_modules(tree: ast.AST, path: Path, root: Path) -> Iterator[tuple[int, str]]:
    """Yield (line, absolute module) for every import anywhere in the tree."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            module = _resolve_from(node, path, root)
            yield node.lineno, module
            # `from counter_app import ui` imports counter_app.ui.
            for alias in node.names:
                if alias.name != "*" and module:
                    yield node.lineno, f"{module}.{alias.name}"
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            first = node.args[0]
            if (
                name in DYNAMIC_IMPORTERS
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                yield node.lineno, first.value


def check_file(path: Path, root: Path, forbidden_packages: tuple[str, ...]) -> list[Violation]:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except SyntaxError as exc:
        return [Violation(path, exc.lineno or 0, "?", f"cannot parse: {exc.msg}")]
    found: dict[tuple[int, str], Violation] = {}
    for line, module in imported_modules(tree, path, root):
        top = module.split(".")[0]
        if top in FRAMEWORKS:
            key = (line, top)
            found.setdefault(key, Violation(path, line, top, "framework not allowed in this layer"))
            continue
        for prefix in forbidden_packages:
            if _within(module, prefix):
                key = (line, prefix)
                found.setdefault(key, Violation(path, line, prefix, "layer points upward"))
    return sorted(found.values(), key=lambda v: (v.line, v.module))


def check_tree(root: Path) -> tuple[int, list[Violation]]:
    """Return (number of files checked, violations) for the layers under root."""
    checked = 0
    violations: list[Violation] = []
    for layer, forbidden in RULES.items():
        folder = root / layer
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.py")):
            checked += 1
            violations.extend(check_file(path, root, forbidden))
    return checked, violations


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
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
        print(f"check_layers: no files under {root}/{PACKAGE}/{{domain,services}}", file=sys.stderr)
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
