"""Printer tests import the shared helpers as `tests.helpers...`: make the repo root importable."""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[3])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
