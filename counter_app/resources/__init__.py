"""The counter's installed data files (translations, icons, sample config, optional fonts)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """A file or folder under this package as a filesystem path.

    Found through importlib.resources, so it works from a source tree, an installed wheel
    and a PyInstaller bundle alike (each keeps the files on disk next to this module)."""
    return Path(str(files(__name__).joinpath(*parts)))
