"""The one place that wires real adapters (store, devices, ledger) into a typed CounterApp."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hall_domain.late_fees import DEFAULT_RULE, LateFeeRuleSet
from hall_domain.tenders import ChangeRounding

from .config import Config, demo_data_dir

if TYPE_CHECKING:  # the types of CounterApp's fields; imported lazily at run time
    from .devices import CardReaderDriver, PrinterDriver, ReportDocuments
    from .ledger_link import LedgerAccess, LedgerLink
    from .services.ports import BackupArchive, CollectionsAccess, CollectionsCache, CounterStore
    from .services.print_jobs import PrintJobStore
    from .services.shift_reports import CashStore
    from .services.sync import SyncStore

STORE_FILE_NAME = "counter.db"
DEMO_CUSTOMERS = 2000
DEMO_SEED = 20261127


def local_now() -> datetime:
    """Wall-clock time of the hall, naive local time (what the cashier's clock shows)."""
    return datetime.now().replace(microsecond=0)


@dataclass(frozen=True)
class CounterApp:
    """Everything a front end (window, CLI, demo) needs, typed; built by `bootstrap`.

    Front ends take their collaborators from here through their constructors: the store and
    its narrow views (`sync_store` for the relay and status, `cash_store` for cash control,
    reports and reconciliation), the ledger port (`ledger`: None when no ledger is
    configured; in demo mode the embedded one), and the devices (`printers`, `card_readers`,
    `documents`: counter_app/devices.py). `start_ledger_link()` starts the relay thread
    and its status source (the window's; scripts use `counter-app sync`).
    """

    config: Config
    data_dir: Path
    store: CounterStore  # adapters.storage.SqliteStore
    rules: LateFeeRuleSet
    clock: Callable[[], datetime] = local_now
    demo: bool = False
    integrity_check_deferred: bool = False  # the window runs store.check_integrity() first
    sync_store: SyncStore = None  # type: ignore[assignment]  # over `store`
    cash_store: CashStore = None  # type: ignore[assignment]  # over `store`
    print_job_store: PrintJobStore = None  # type: ignore[assignment]  # over `store`
    ledger: LedgerAccess | None = None  # connect(), reconciliation(date); None: not configured
    printers: PrinterDriver = None  # type: ignore[assignment]  # printer(uri), render, URIs, discovery
    card_readers: CardReaderDriver = None  # type: ignore[assignment]  # reader(settings), settings, ports
    documents: ReportDocuments = None  # type: ignore[assignment]  # Z report and deposit slip PDFs
    ledger_link_factory: Callable[[CounterApp], LedgerLink] | None = None
    backups: BackupArchive = None  # type: ignore[assignment]  # the store's backup folder
    # The ledger's collections (催费) API and the data folder's copy of what it last answered
    # (adapters.collections_client / collections_cache); access None: no ledger configured.
    collections_access: CollectionsAccess | None = None
    collections_cache: CollectionsCache = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        # Anything not given is wired to the real adapters over `store` (benchmarks and tests
        # build a CounterApp on a store they opened themselves).
        from .adapters.storage.cash_repo import SqliteCashStore
        from .adapters.storage.sync_repo import SqliteSyncStore
        from .devices import CardReaderDriver, PrinterDriver, ReportDocuments, print_job_store

        def default(name: str, value: Any) -> None:
            if getattr(self, name) is None:
                object.__setattr__(self, name, value)

        default("sync_store", SqliteSyncStore(self.store))
        default("cash_store", SqliteCashStore(self.store))
        default("print_job_store", print_job_store(self.store))
        default("printers", PrinterDriver())
        default("card_readers", CardReaderDriver())
        default("documents", ReportDocuments())
        default("ledger_link_factory", _start_ledger_link)
        default("backups", backup_archive(self.config, self.data_dir))
        if self.collections_access is None and self.ledger is not None:
            from .adapters.collections_client import HttpCollections

            object.__setattr__(self, "collections_access", HttpCollections(self.ledger.connect))
        if self.collections_cache is None:
            from .adapters.collections_cache import FileCollectionsCache

            object.__setattr__(self, "collections_cache",
                               FileCollectionsCache(self.data_dir / "collections_cache"))

    @property
    def terminal_id(self) -> str:
        return self.config["terminal.id"]

    @property
    def account_length(self) -> int:
        return self.config["counter.account_length"]

    @property
    def max_payment_fen(self) -> int:
        return self.config["counter.max_payment_fen"]

    @property
    def change_rounding(self) -> ChangeRounding:
        """The hall's rule for change (counter.change_rounding)."""
        return ChangeRounding.from_setting(self.config["counter.change_rounding"])

    def collections(self):
        """The collections use cases (services.collections.Collections) over the ledger's API."""
        from .services.collections import Collections

        return Collections(self.collections_access, self.collections_cache, self.store,
                           terminal_id=self.terminal_id, clock=self.clock)

    @property
    def store_path(self) -> Path:
        return self.data_dir / STORE_FILE_NAME

    def start_ledger_link(self):
        """The relay thread (started) and status source: ledger_link.LedgerLink."""
        return self.ledger_link_factory(self)

    def close(self) -> None:
        if self.ledger is not None:
            self.ledger.stop()
        closer = getattr(self.store, "close", None)
        if closer is not None:
            closer()


AppContext = CounterApp  # the old name, for code written before the rename


def backup_folder(config: Config, data_dir: Path) -> Path:
    """`backup.dir`, else backups/ in the data folder (the same disk: say so to the hall)."""
    configured = config["backup.dir"]
    return Path(configured).expanduser() if configured else data_dir / "backups"


def backup_archive(config: Config, data_dir: Path):
    """The store's backups (adapters.storage.backup.SqliteBackups); opens nothing."""
    from .adapters.storage.backup import SqliteBackups

    return SqliteBackups(data_dir / STORE_FILE_NAME, backup_folder(config, data_dir))


def backup_policy(config: Config):
    from datetime import timedelta

    from .services.backups import BackupPolicy

    return BackupPolicy(interval=timedelta(minutes=config["backup.interval_minutes"]),
                        keep=config["backup.keep"])


def _start_ledger_link(app: CounterApp):
    from .ledger_link import start_ledger_link

    return start_ledger_link(app)


def rules_from_config(config: Config) -> LateFeeRuleSet:
    rule = dataclasses.replace(
        DEFAULT_RULE,
        minimum_enabled=config["late_fee.minimum_enabled"],
        minimum_fen=config["late_fee.minimum_fen"],
    )
    return LateFeeRuleSet([rule])


def ensure_demo_store(data_dir: Path, *, terminal_id: str, progress=None) -> bool:
    """Build the demo store on first use; True when it was made now."""
    path = data_dir / STORE_FILE_NAME
    if path.exists():
        return False
    from .demo import build_demo_store

    data_dir.mkdir(parents=True, exist_ok=True)
    # Bills end the month before today, so the demo shows arrears as a hall sees them now.
    build_demo_store(
        path, customers=DEMO_CUSTOMERS, seed=DEMO_SEED, terminal_id=terminal_id,
        reference_date=local_now().date(), progress=progress,
    )
    return True


def bootstrap(
    *,
    config: Config,
    data_dir: Path | None = None,
    demo: bool = False,
    clock: Callable[[], datetime] = local_now,
    create: bool = True,
    defer_integrity_check: bool = False,
) -> CounterApp:
    """Open the store (running migrations and integrity checks) and wire the adapters.

    `defer_integrity_check`: skip PRAGMA quick_check at open (the GUI runs
    `ctx.store.check_integrity()` in the background and refuses sign-in until it passed).
    """
    from .adapters.storage import open_store

    if data_dir is None:
        from .config import default_data_dir

        data_dir = demo_data_dir() if demo else default_data_dir()
    if demo:
        ensure_demo_store(data_dir, terminal_id=config["terminal.id"])
    store = open_store(data_dir / STORE_FILE_NAME, create=create,
                       verify=not defer_integrity_check)
    from .ledger_link import ledger_access

    return CounterApp(
        config=config, data_dir=data_dir, store=store, rules=rules_from_config(config),
        clock=clock, demo=demo, integrity_check_deferred=defer_integrity_check,
        ledger=ledger_access(config, data_dir=data_dir, demo=demo),
    )
