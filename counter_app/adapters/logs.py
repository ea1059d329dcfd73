"""The counter's log files: rotated by size, old ones deleted after the hall's retention,
and secrets (the ledger token) masked before a line is written.

Files live in DATA_DIR/logs: counter.log is the current one; a full file is renamed
counter-YYYYMMDDTHHMMSS.log (its last write time), so support can tell the days apart.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Iterable
from datetime import datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FILE = "counter.log"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_ROTATED = re.compile(r"^counter-\d{8}T\d{6}(?:-\d+)?\.log$")
MASK = "***"


def logs_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "logs"


class SecretMask(logging.Filter):
    """Replace every given secret in a record's final text with ***."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            text = record.getMessage()
            masked = text
            for secret in self.secrets:
                masked = masked.replace(secret, MASK)
            if masked != text:
                record.msg, record.args = masked, None
        return True


class DatedRotatingHandler(RotatingFileHandler):
    """Rotates by size into dated files; deletes files older than `retention_days`."""

    def __init__(self, folder: Path, *, max_bytes: int, retention_days: int) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.retention_seconds = retention_days * 86400
        super().__init__(folder / LOG_FILE, maxBytes=max_bytes, backupCount=0, encoding="utf-8",
                         delay=True)
        self.prune()

    def rotation_filename(self, default_name: str) -> str:
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        candidate = self.folder / f"counter-{stamp}.log"
        n = 1
        while candidate.exists():
            candidate = self.folder / f"counter-{stamp}-{n}.log"
            n += 1
        return str(candidate)

    def doRollover(self) -> None:  # noqa: N802 (logging's name)
        if self.stream:
            self.stream.close()
            self.stream = None  # type: ignore[assignment]
        if os.path.exists(self.baseFilename):
            os.replace(self.baseFilename, self.rotation_filename(self.baseFilename))
        self.prune()
        if not self.delay:
            self.stream = self._open()

    def prune(self, now: float | None = None) -> list[Path]:
        """Delete rotated files last written before the retention; return them."""
        cutoff = (time.time() if now is None else now) - self.retention_seconds
        gone = []
        for path in self.folder.iterdir():
            if _ROTATED.match(path.name) and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                gone.append(path)
        return gone


def log_files(data_dir: Path) -> list[Path]:
    """The current log and the rotated ones, newest first."""
    folder = logs_dir(data_dir)
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if p.name == LOG_FILE or _ROTATED.match(p.name)]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


def configure_logging(data_dir: Path, *, level: str, max_mb: int, retention_days: int,
                      secrets: Iterable[str] = ()) -> DatedRotatingHandler:
    """Send the root logger to DATA_DIR/logs (once per process; a second call replaces the
    first handler, e.g. when a test points the program at another folder)."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, DatedRotatingHandler)]:
        root.removeHandler(old)
        old.close()
    handler = DatedRotatingHandler(logs_dir(data_dir), max_bytes=max_mb * 1024 * 1024,
                                   retention_days=retention_days)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(SecretMask(secrets))
    handler.setLevel(level)
    root.addHandler(handler)
    if root.level > handler.level or root.level == logging.NOTSET:
        root.setLevel(handler.level)
    return handler
