"""The Windows installer script compiles with NSIS (makensis runs on Linux) around a stand-in
of the PyInstaller bundle, with warnings treated as errors, into a Windows executable."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers.paths import REPO

SCRIPT = REPO / "installer" / "windows" / "hall-counter.nsi"


def _makensis() -> str:
    found = shutil.which("makensis")
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("makensis is not installed, but CI=true (.ci/run installs nsis)")
        pytest.skip("makensis not installed (apt-get install nsis)")
    return found


def _bundle(folder: Path) -> Path:
    """The one-folder layout PyInstaller 6 makes from installer/hall-counter.spec."""
    dist = folder / "hall-counter"
    icons = dist / "_internal" / "counter_app" / "resources" / "icons"
    icons.mkdir(parents=True)
    shutil.copy(REPO / "counter_app" / "resources" / "icons" / "hall-counter.ico", icons)
    for exe in ("hall-counter.exe", "counter-app.exe"):
        (dist / exe).write_bytes(b"MZ stand-in")
    return dist


def test_installer_script_compiles_to_a_windows_executable(tmp_path):
    from counter_app import __version__

    out = tmp_path / f"hall-counter-{__version__}-installer.exe"
    proc = subprocess.run(
        [_makensis(), "-WX", "-V2", f"-DVERSION={__version__}", f"-DDIST={_bundle(tmp_path)}",
         f"-DOUTFILE={out}", str(SCRIPT)],
        cwd=SCRIPT.parent, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = out.read_bytes()
    assert data[:2] == b"MZ" and len(data) > 50_000  # a PE file with the NSIS stub and payload
    # The uninstaller keeps the user's data unless asked: the delete is guarded by the box.
    text = SCRIPT.read_text(encoding="utf-8")
    guarded = text.split('${If} $DeleteData == ${BST_CHECKED}\n    RMDir /r "${DATA_FOLDER}"')
    assert len(guarded) == 2 and text.count('RMDir /r "${DATA_FOLDER}"') == 1
