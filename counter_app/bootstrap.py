"""The one place that wires real adapters (store, devices, ledger) into an application context."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from hall_domain.late_fees import DEFAULT_RULE, LateFeeRuleSet
from hall_domain.tenders import ChangeRounding

from .config import Config, demo_data_dir

STORE_FILE_NAME = "counter.db"
DEMO_CUSTOMERS = 2000
DEMO_SEED = 20261127


def local_now() -> datetime:
    """Wall-clock time of the hall, naive local time (what the cashier's clock shows)."""
    return datetime.now().replace(microsecond=0)


@dataclass
class AppContext:
    """Everything a front end (GUI or CLI) needs; built only by `bootstrap`."""

    config: Config
    data_dir: Path
    store: Any  # services.ports.CounterStore
    rules: LateFeeRuleSet
    clock: Callable[[], datetime] = local_now
    demo: bool = False
    extras: dict[str, Any] = field(default_factory=dict)  # device adapters, ledger client

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

    @property
    def store_path(self) -> Path:
        return self.data_dir / STORE_FILE_NAME

    def close(self) -> None:
        closer = getattr(self.store, "close", None)
        if closer is not None:
            closer()


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
) -> AppContext:
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
    return AppContext(
        config=config, data_dir=data_dir, store=store, rules=rules_from_config(config),
        clock=clock, demo=demo,
        extras={"integrity_check_deferred": True} if defer_integrity_check else {},
    )
