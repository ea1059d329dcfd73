"""Small command-line helpers of `counter-ledger` (the ledger imports nothing of counter_app).

The counter has its own versions in counter_app/config.py (check_private) and
counter_app/cli/common.py (run_quietly): the two programs agree on the behaviour (refuse a
secret file others can read; one line on stderr instead of a traceback, a quiet end on a closed
pipe, COUNTER_APP_DEBUG=1 shows the traceback), not on a shared module, because neither
belongs in the pure domain package.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path

EXIT_FAIL = 1
EXIT_BROKEN_PIPE, EXIT_INTERRUPTED = 141, 130  # what a shell reports for SIGPIPE / SIGINT
DEBUG_ENV = "COUNTER_APP_DEBUG"


class NotPrivate(Exception):
    """A file holding a secret is readable by other users."""


def check_private(path: Path, what: str = "holds a secret") -> None:
    """Refuse a secret-bearing file that other users can read (POSIX; Windows has ACLs)."""
    if sys.platform == "win32":
        return
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise NotPrivate(
            f"{path} {what} but other users can read it (mode {mode:04o}); "
            f"run: chmod 600 {path}")


def run_quietly(body: Callable[[], int], *, prog: str) -> int:
    """Run a command's body; whatever goes wrong ends in one line on stderr, not a traceback.
    A closed pipe (`counter-ledger ... | head`) ends quietly."""
    try:
        status = body()
        sys.stdout.flush()  # a pipe closed early fails here, inside the handler below
        return status
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if os.environ.get(DEBUG_ENV):
            raise
        print(f"{prog}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAIL


def _silence_stdout() -> None:
    """After EPIPE: point stdout at /dev/null so the interpreter's final flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
