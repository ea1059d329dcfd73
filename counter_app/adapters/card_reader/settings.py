"""The card reader's settings, read from the config (card_reader.*, counter.account_length)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Protocol

from .frames import PROTOCOLS

KEYS = ("port", "protocol", "baudrate", "bytesize", "parity", "stopbits", "debounce_seconds")


class SettingsSource(Protocol):
    def get(self, key: str) -> Any: ...


@dataclass(frozen=True, slots=True)
class ReaderSettings:
    port: str = ""  # any pyserial URL; empty: not configured
    protocol: str = "line"
    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: float = 1.0
    debounce_seconds: float = 2.0
    account_length: int = 10

    def __post_init__(self) -> None:
        if self.protocol not in PROTOCOLS:
            raise ValueError(
                f"unknown card-reader protocol {self.protocol!r}; use one of: {', '.join(PROTOCOLS)}"
            )

    @classmethod
    def from_config(cls, config: SettingsSource) -> ReaderSettings:
        values = {key: config.get(f"card_reader.{key}") for key in KEYS}
        return cls(**values, account_length=config.get("counter.account_length"))

    def replace(self, **changes: Any) -> ReaderSettings:
        """A copy with the given fields changed; None values are ignored (unset CLI options)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})

    def config_values(self) -> dict[str, Any]:
        """The settings as config keys, for Config.set."""
        return {f"card_reader.{key}": getattr(self, key) for key in KEYS}

    @property
    def pyserial_stopbits(self) -> float:
        # pyserial's constants are 1, 1.5 and 2; the config stores floats.
        return int(self.stopbits) if self.stopbits in (1.0, 2.0) else self.stopbits

    def describe(self) -> str:
        return (
            f"{self.port} {self.protocol} {self.baudrate} "
            f"{self.bytesize}{self.parity}{self.pyserial_stopbits:g}"
        )
