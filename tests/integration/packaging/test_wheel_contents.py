"""A wheel built from the tree carries what the installed programs read from disk: the
translations (.qm), the command line's catalogue, the icons, both Alembic migration folders
and the shared hall_domain package; installed into a fresh venv, the counter finds its
translations through importlib.resources inside that venv, not in the source tree.

The build runs on a copy of the repository in tmp_path, so the worktree stays clean.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers.paths import REPO

PACKAGES = ("counter_app", "hall_domain", "hall_ledger")
JUNK = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".pytest_cache")
TIMEOUT = 180


def _setuptools_is_recent() -> bool:
    """The interpreter's own setuptools can build the project (PEP 639 licence: >= 77)."""
    if importlib.util.find_spec("wheel") is None:
        return False
    try:
        import setuptools
    except ImportError:
        return False
    return int(setuptools.__version__.split(".")[0]) >= 77


def _copy_project(destination: Path) -> Path:
    destination.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, destination / name)
    for package in PACKAGES:
        shutil.copytree(REPO / package, destination / package, ignore=JUNK)
    return destination


def _build_wheel(project: Path, out: Path) -> Path:
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out)]
    # Without build isolation when this interpreter can build it (fast, offline); otherwise
    # pip fetches setuptools>=77 into an isolated build env from the configured index.
    if _setuptools_is_recent():
        command.append("--no-build-isolation")
    result = subprocess.run(
        [*command, str(project)], capture_output=True, text=True, timeout=TIMEOUT, cwd=project
    )
    assert result.returncode == 0, result.stdout + result.stderr
    [wheel] = out.glob("hall_counter-*.whl")
    return wheel


def _source_files(project: Path) -> set[str]:
    return {
        path.relative_to(project).as_posix()
        for package in PACKAGES
        for path in (project / package).rglob("*")
        if path.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, set[str]]:
    root = tmp_path_factory.mktemp("wheel")
    project = _copy_project(root / "project")
    wheel = _build_wheel(project, root / "dist")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    return wheel, project, names


@pytest.mark.slow
def test_wheel_carries_translations_icons_migrations_and_the_domain(
    built: tuple[Path, Path, set[str]],
) -> None:
    _, project, names = built
    translations = "counter_app/resources/translations/"
    for required in (
        translations + "hall_counter_zh_CN.qm",
        translations + "hall_counter_en.qm",
        translations + "cli_catalogue.json",
        "counter_app/resources/icons/hall-counter.png",
        "counter_app/resources/icons/hall-counter.ico",
        "counter_app/adapters/storage/migrations/env.py",
        "counter_app/adapters/storage/migrations/script.py.mako",
        "hall_domain/__init__.py",
        "hall_domain/money.py",
    ):
        assert required in names, required
    counter_versions = {
        n for n in names if n.startswith("counter_app/adapters/storage/migrations/versions/")
    }
    assert any(n.endswith("_initial.py") for n in counter_versions), counter_versions
    # The ledger's migrations, wherever inside hall_ledger they live: env.py, the template and
    # every revision script of the source tree.
    ledger_migrations = {
        n for n in _source_files(project) if n.startswith("hall_ledger/") and "/migrations/" in n
    }
    assert any(n.endswith("/migrations/env.py") for n in ledger_migrations)
    assert any(n.endswith("/script.py.mako") for n in ledger_migrations)
    assert any("/versions/" in n and n.endswith("_initial.py") for n in ledger_migrations)
    assert ledger_migrations <= names, sorted(ledger_migrations - names)
    # and nothing else in the package folders is left behind (a new icon, font or migration
    # without a package-data line would be)
    missing = _source_files(project) - names
    assert not missing, sorted(missing)


@pytest.mark.slow
def test_installed_wheel_finds_its_translations_in_site_packages(
    built: tuple[Path, Path, set[str]], tmp_path: Path
) -> None:
    wheel, _, _ = built
    venv = tmp_path / "venv"
    # The lookup needs no third-party package, so the venv needs neither pip nor dependencies:
    # this interpreter's pip installs into it (--python), the wheel only, no index.
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(venv)],
        check=True,
        timeout=TIMEOUT,
    )
    python = venv / "bin" / "python"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--no-deps", "--no-index", str(wheel)],
        capture_output=True, text=True, timeout=TIMEOUT,
    )  # fmt: skip
    assert install.returncode == 0, install.stdout + install.stderr
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    probe = (
        "import sysconfig, counter_app, hall_domain\n"
        "from counter_app.resources import resource_path\n"
        "print(sysconfig.get_paths()['purelib'])\n"
        "print(counter_app.__file__)\n"
        "print(hall_domain.__file__)\n"
        "print(resource_path('translations', 'hall_counter_zh_CN.qm'))\n"
        "print(resource_path('translations', 'cli_catalogue.json'))\n"
    )

    result = subprocess.run(
        [str(python), "-I", "-c", probe],
        capture_output=True, text=True, timeout=TIMEOUT, cwd=outside, env=env,
    )  # fmt: skip

    assert result.returncode == 0, result.stdout + result.stderr
    purelib, *found = (Path(line) for line in result.stdout.splitlines())
    assert purelib.resolve().is_relative_to(venv.resolve())
    for path in found:
        assert path.resolve().is_relative_to(purelib.resolve()), (path, purelib)
        assert path.is_file(), path
    qm = found[2]
    assert qm.name == "hall_counter_zh_CN.qm"
    source = REPO / "counter_app" / "resources" / "translations" / qm.name
    assert qm.read_bytes() == source.read_bytes()
