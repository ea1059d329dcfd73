"""What every counter-app command shares, in one place: the global options (accepted before or
after any sub-command), one-line errors instead of tracebacks, a quiet end on a closed pipe,
secrets (PINs) without a terminal, and terminal tables that line up with Chinese text.

No Qt here: the command line runs on headless boxes.
"""

from __future__ import annotations

import getpass
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE, EXIT_INTERRUPTED = 141, 130  # what a shell reports for SIGPIPE / SIGINT

# Options that belong to the whole program and may stand anywhere on the line:
# `counter-app --data-dir X printer list` == `counter-app printer list --data-dir X`.
GLOBAL_OPTIONS = ("--data-dir", "--config")


class CliError(Exception):
    """A problem told in one line on stderr; `status` is the exit status."""

    def __init__(self, message: str, status: int = EXIT_FAIL) -> None:
        super().__init__(message)
        self.status = status


def hoist_global_options(argv: Sequence[str], names: Sequence[str] = GLOBAL_OPTIONS) -> list[str]:
    """Move every `--name VALUE` / `--name=VALUE` of `names` to the front of `argv`, so the
    top-level parser reads them wherever they were typed. Nothing after `--` is touched; a
    name without a value is left in place for argparse to report."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    items = list(argv)
    while i < len(items):
        arg = items[i]
        if arg == "--":
            rest.extend(items[i:])
            break
        name = arg.split("=", 1)[0]
        if name in names:
            if "=" in arg:
                front.append(arg)
                i += 1
                continue
            if i + 1 < len(items):
                front.extend(items[i : i + 2])
                i += 2
                continue
        rest.append(arg)
        i += 1
    return front + rest


def run_quietly(body: Callable[[], int], *, prog: str,
                describe: Callable[[BaseException], str] | None = None) -> int:
    """Run a command's body; whatever goes wrong ends in one line on stderr, not a traceback.

    A closed pipe (`counter-app ... | head`) ends quietly. COUNTER_APP_DEBUG=1 shows the
    traceback of an unexpected error for a developer.
    """
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
    except CliError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return exc.status
    except Exception as exc:
        if os.environ.get("COUNTER_APP_DEBUG"):
            raise
        text = describe(exc) if describe else f"{type(exc).__name__}: {exc}"
        print(f"{prog}: {text}", file=sys.stderr)
        return EXIT_FAIL


def _silence_stdout() -> None:
    """After EPIPE: point stdout at /dev/null so the interpreter's final flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def read_secret(*, given: str | None, file: Path | None, env: str, prompt: str,
                missing: str) -> str:
    """A PIN from, in order: the option, a file (first line), the environment, or a prompt on
    the terminal. Without a terminal to ask on, CliError(`missing`) — never a hang or a
    traceback."""
    if given is not None:
        return given
    if file is not None:
        try:
            return file.read_text(encoding="utf-8").splitlines()[0].strip() if file.stat().st_size else ""
        except OSError as exc:
            raise CliError(f"{file}: {exc.strerror or exc}") from exc
    value = os.environ.get(env)
    if value is not None:
        return value
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise CliError(missing, EXIT_USAGE)
    try:
        return getpass.getpass(prompt)
    except EOFError as exc:
        raise CliError(missing, EXIT_USAGE) from exc


def ask_line(prompt: str, *, missing: str) -> str:
    """One line typed on the terminal; CliError(`missing`) without a terminal."""
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise CliError(missing, EXIT_USAGE)
    try:
        print(prompt, end="", file=sys.stderr, flush=True)
        return sys.stdin.readline().strip()
    except EOFError as exc:
        raise CliError(missing, EXIT_USAGE) from exc


# --- tables ------------------------------------------------------------------------------------

def display_width(text: str) -> int:
    """Terminal columns `text` takes: wide and full-width characters (汉字, ￥) count two,
    combining marks none."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def pad(text: str, width: int, align: str = "<") -> str:
    """`text` padded with spaces to `width` display columns (align "<" left, ">" right)."""
    fill = " " * max(0, width - display_width(text))
    return text + fill if align == "<" else fill + text


def table(rows: Sequence[Sequence[object]], *, headers: Sequence[str] | None = None,
          align: Sequence[str] | None = None, gap: int = 2) -> str:
    """Rows as text columns that line up on a terminal whatever mix of Chinese and ASCII."""
    cells = [[str(c) for c in row] for row in ([headers] if headers else []) + list(rows)]
    if not cells:
        return ""
    columns = max(len(r) for r in cells)
    widths = [max((display_width(r[i]) for r in cells if i < len(r)), default=0)
              for i in range(columns)]
    aligns = list(align or []) + ["<"] * columns
    lines = []
    for row in cells:
        parts = [pad(cell, widths[i], aligns[i]) for i, cell in enumerate(row)]
        lines.append((" " * gap).join(parts).rstrip())
    return "\n".join(lines)
