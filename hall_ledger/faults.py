"""Scripted failures for tests of the counter's relay: answer 500/503 before or after the work.

`create_app(engine, faults=ScriptedFaults())`; then e.g.
`faults.add("after", "/v1/payments", 500)` makes the next payments request commit and
then answer 500, the "ledger committed but the answer was lost" case.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass
class Fault:
    when: str  # "before": answer without doing the work; "after": do it, then answer this
    path_prefix: str
    status: int
    retry_after: int | None = None
    times: int = 1


class ScriptedFaults:
    """A queue of faults, fired in the order added, each `times` times.

    A request under a fault's path meets only the first queued fault for that path.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self.fired: list[tuple[str, str, int]] = []  # (when, path, status)

    def add(self, when: str, path_prefix: str, status: int, *, retry_after: int | None = None,
            times: int = 1) -> None:
        if when not in ("before", "after"):
            raise ValueError("when must be 'before' or 'after'")
        with self._lock:
            self._faults.append(Fault(when, path_prefix, status, retry_after, times))

    def take(self, when: str, path: str) -> Fault | None:
        with self._lock:
            fault = next((f for f in self._faults if path.startswith(f.path_prefix)), None)
            if fault is None or fault.when != when:
                return None
            fault.times -= 1
            if fault.times <= 0:
                self._faults.remove(fault)
            self.fired.append((when, path, fault.status))
            return fault
