"""Where the repository is, for tests that run its tools, scripts and docs."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
