"""Settings: each declared once (key, type, default, description), loaded from one TOML file."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from hall_domain.inputs import id_problem

APP_NAME = "hall-counter"
CONFIG_FILE_NAME = "config.toml"


class ConfigError(ValueError):
    """A setting in the config file is unknown, of the wrong type, or out of range."""


# Settings whose value must not be readable by other users: a file holding any of them is
# written 0600 and refused at load when group or others may read it.
SECRET_KEYS = frozenset({"ledger.token"})


def check_private(path: Path, what: str = "holds a secret") -> None:
    """Refuse a secret-bearing file that other users can read (POSIX; Windows has ACLs).

    Refusing (rather than warning) is deliberate: a warning scrolls away while the token
    stays readable. The message says how to fix it.
    """
    if sys.platform == "win32":
        return
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise ConfigError(
            f"{path} {what} but other users can read it (mode {mode:04o}); "
            f"run: chmod 600 {path}")


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` atomically with mode 0600 from the first byte (temp file made
    0600 in the same folder, fsync, rename), so no other user can ever read it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:  # mkstemp makes the file 0600 already
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@dataclass(frozen=True, slots=True)
class Setting:
    key: str  # "section.name"
    type: type
    default: Any
    description: str
    choices: tuple[Any, ...] | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    check: Callable[[Any], str | None] | None = None  # returns a problem, or None


def _uri_or_empty(value: str) -> str | None:
    if value and "://" not in value:
        return "must be a URI such as tcp://192.168.1.50:9100 or file:///tmp/receipt.bin"
    return None


SETTINGS: tuple[Setting, ...] = (
    Setting("terminal.id", str, "T01", "This counter's terminal id (unique in the hall).", check=id_problem),
    Setting("terminal.hall_id", str, "H001", "The hall this counter belongs to.", check=id_problem),
    Setting("terminal.hall_name", str, "城东供电营业厅", "Hall name printed on receipts."),
    Setting("terminal.hall_address", str, "城东区人民路88号", "Hall address printed on receipts."),
    Setting("counter.account_length", int, 10, "Digits in an account number (户号).", minimum=6, maximum=20),
    Setting("counter.max_payment_fen", int, 100_000_000, "Largest single payment, in fen.", minimum=100),
    Setting("counter.change_rounding", str, "none",
            "Round cash change half up to: none (the fen), 5fen or jiao (角); the difference is "
            "recorded per payment, printed on the receipt and summed on the X/Z reports.",
            choices=("none", "5fen", "jiao")),
    Setting("ui.language", str, "zh_CN", "User-interface language.", choices=("zh_CN", "en")),
    Setting("ui.idle_lock_minutes", int, 5, "Lock the counter after this many idle minutes.", minimum=1, maximum=240),
    Setting("ui.font_point_size", int, 13, "Base font size of the counter window.", minimum=8, maximum=32),
    Setting("shift.others_may_continue", bool, False, "Another cashier may continue an open shift after signing in (otherwise the shift is handed over with a count: closed, then a new one opened)."),
    Setting("approvals.second_approver", str, "", "User id of a named second approver (e.g. a senior cashier) who may approve what otherwise needs a supervisor, for halls with one supervisor on duty."),
    Setting("approvals.admin_override", bool, False, "An administrator may approve in place of a supervisor (recorded in the audit trail as an override)."),
    Setting("late_fee.minimum_enabled", bool, True, "Charge at least the minimum when any late fee is due."),
    Setting("late_fee.minimum_fen", int, 100, "The late-fee minimum, in fen.", minimum=0),
    Setting("ledger.url", str, "", "Central ledger URL (empty: not connected).", check=_uri_or_empty),
    Setting("ledger.token", str, "", "This terminal's ledger token (kept out of logs)."),
    Setting("ledger.offline_max_hours", int, 24, "Hours offline after which card payments stop.", minimum=1),
    Setting("ledger.offline_max_queued", int, 500, "Queued payments after which card payments stop.", minimum=1),
    Setting("printer.uri", str, "", "Receipt printer URI (tcp://, serial://, usb://, file://, cups://, win32://).", check=_uri_or_empty),
    Setting("printer.width", int, 80, "Paper width in mm.", choices=(58, 80)),
    Setting("printer.encoding", str, "gb18030", "Printer's Chinese code page.", choices=("gb18030", "gbk")),
    Setting("printer.profile", str, "default", "python-escpos printer profile."),
    Setting("printer.drawer_pin", int, 2, "Cash-drawer kick pin.", choices=(2, 5)),
    Setting("printer.footer", str, "请妥善保管收据 · 服务热线 95598", "Footer line printed on receipts."),
    Setting("printer.reprint_limit", int, 2, "Reprints allowed before a supervisor must approve.", minimum=0),
    Setting("backup.dir", str, "", "Folder for the store's backups, best on a second disk or USB stick (empty: a backups folder in the data folder)."),
    Setting("backup.interval_minutes", int, 30, "Back up the store this often while payments are being taken.", minimum=5, maximum=1440),
    Setting("backup.keep", int, 48, "Backups kept; older ones are deleted.", minimum=1, maximum=10000),
    Setting("log.level", str, "INFO", "Least important log messages written to the log file.", choices=("DEBUG", "INFO", "WARNING", "ERROR")),
    Setting("log.max_mb", int, 10, "Start a new log file when the current one reaches this size, in MB.", minimum=1, maximum=1024),
    Setting("log.retention_days", int, 90, "Delete log files older than this many days.", minimum=1, maximum=3650),
    Setting("card_reader.port", str, "", "Card reader pyserial URL (COM3, /dev/ttyUSB0, socket://h:p, loop://)."),
    Setting("card_reader.protocol", str, "line", "Frame protocol.", choices=("line", "stx-etx")),
    Setting("card_reader.baudrate", int, 9600, "Baud rate.", choices=(1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)),
    Setting("card_reader.bytesize", int, 8, "Data bits.", choices=(5, 6, 7, 8)),
    Setting("card_reader.parity", str, "N", "Parity.", choices=("N", "E", "O", "M", "S")),
    Setting("card_reader.stopbits", float, 1.0, "Stop bits.", choices=(1.0, 1.5, 2.0)),
    Setting("card_reader.debounce_seconds", float, 2.0, "Same card again within this window is ignored.", minimum=0.0, maximum=60.0),
)

_BY_KEY = {s.key: s for s in SETTINGS}


def default_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / CONFIG_FILE_NAME


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def demo_data_dir() -> Path:
    return default_data_dir() / "demo"


def _coerce(setting: Setting, value: Any) -> Any:
    where = f"setting {setting.key}"
    if setting.type is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{where} must be true or false, not {value!r}")
    elif setting.type is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where} must be a whole number, not {value!r}")
    elif setting.type is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{where} must be a number, not {value!r}")
        value = float(value)
    elif setting.type is str and not isinstance(value, str):
        raise ConfigError(f"{where} must be text, not {value!r}")
    if setting.choices is not None and value not in setting.choices:
        allowed = ", ".join(repr(c) for c in setting.choices)
        raise ConfigError(f"{where} is {value!r}; allowed: {allowed}")
    if setting.minimum is not None and value < setting.minimum:
        raise ConfigError(f"{where} is {value!r}; it must be at least {setting.minimum}")
    if setting.maximum is not None and value > setting.maximum:
        raise ConfigError(f"{where} is {value!r}; it must be at most {setting.maximum}")
    if setting.check is not None and (problem := setting.check(value)):
        raise ConfigError(f"{where} is {value!r}: {problem}")
    return value


class Config:
    """Validated settings; unknown keys and bad values are refused when loaded."""

    def __init__(self, values: dict[str, Any] | None = None, *, path: Path | None = None) -> None:
        self.path = path
        self._values = {s.key: s.default for s in SETTINGS}
        for key, value in (values or {}).items():
            self.set(key, value)

    def get(self, key: str) -> Any:
        if key not in _BY_KEY:
            raise KeyError(f"unknown setting {key}")
        return self._values[key]

    __getitem__ = get

    def set(self, key: str, value: Any) -> None:
        setting = _BY_KEY.get(key)
        if setting is None:
            raise ConfigError(f"unknown setting {key}")
        self._values[key] = _coerce(setting, value)

    def copy(self) -> Config:
        """Another Config with the same values and path (a draft to change and check)."""
        twin = Config(path=self.path)
        twin._values = dict(self._values)
        return twin

    def changed(self) -> dict[str, Any]:
        return {k: v for k, v in self._values.items() if v != _BY_KEY[k].default}

    @classmethod
    def load(cls, path: Path | None) -> Config:
        """Load `path` (missing file: all defaults); errors name the file, setting and value."""
        path = path if path is not None else default_config_path()
        if not path.exists():
            return cls(path=path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
        flat: dict[str, Any] = {}
        for section, table in data.items():
            if not isinstance(table, dict):
                raise ConfigError(f"{path}: top-level key {section!r} must be a [section]")
            for name, value in table.items():
                flat[f"{section}.{name}"] = value
        if any(flat.get(key) for key in SECRET_KEYS):
            check_private(path, "holds the ledger token")
        try:
            return cls(flat, path=path)
        except ConfigError as exc:
            raise ConfigError(f"{path}: {exc}") from exc

    def save(self, path: Path | None = None) -> Path:
        """Write every setting (with its description) atomically, readable by this user only
        (mode 0600: the file may hold the ledger token)."""
        path = Path(path or self.path or default_config_path())
        write_private(path, render_toml(self._values.items()))
        self.path = path
        return path


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def render_toml(items: Iterable[tuple[str, Any]]) -> str:
    """Render flat "section.key" settings as TOML with each description as a comment."""
    sections: dict[str, list[str]] = {}
    for key, value in items:
        section, name = key.split(".", 1)
        setting = _BY_KEY[key]
        lines = sections.setdefault(section, [])
        lines.append(f"# {setting.description}")
        lines.append(f"{name} = {_toml_value(value)}")
    out = ["# Hall Counter configuration. Each setting is shown with its default.\n"]
    for section, lines in sections.items():
        out.append(f"[{section}]\n" + "\n".join(lines) + "\n")
    return "\n".join(out)


def sample_config_text() -> str:
    return render_toml((s.key, s.default) for s in SETTINGS)
