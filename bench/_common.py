"""Shared helpers for the benchmarks: percentiles, timers, the demo store they run on, the machine."""

from __future__ import annotations

import math
import os
import platform
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_CUSTOMERS = 1_000_000
QUICK_CUSTOMERS = 20_000
SEED = 20260320


@dataclass
class BenchContext:
    """What every benchmark gets: the scale, where to write, and a shared demo store path."""

    customers: int
    out_dir: Path
    quick: bool = False
    seed: int = SEED
    notes: dict = field(default_factory=dict)

    @property
    def store_path(self) -> Path:
        return self.out_dir / f"demo-{self.customers}-seed{self.seed}.db"


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of the samples."""
    if not samples:
        raise ValueError("no samples")
    xs = sorted(samples)
    k = max(0, min(len(xs) - 1, math.ceil(q / 100 * len(xs)) - 1))
    return xs[k]


def file_sizes(path: Path) -> dict[str, int]:
    """Bytes on disk of a SQLite store and its -wal / -shm files."""
    out = {}
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(path) + suffix)
        out[suffix or "db"] = p.stat().st_size if p.exists() else 0
    return out


def remove_store(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def store_customer_count(path: Path) -> int | None:
    """Customers in an existing store, or None when it is missing or unreadable."""
    if not path.exists():
        return None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return con.execute("SELECT count(*) FROM customers").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return None


def ensure_demo_store(ctx: BenchContext) -> Path:
    """The N-customer demo store, built unless a complete one from an earlier run is there."""
    path = ctx.store_path
    if ctx.notes.get("store_built") == str(path) or store_customer_count(path) == ctx.customers:
        return path
    from counter_app.demo import build_demo_store

    remove_store(path)
    build_demo_store(path, customers=ctx.customers, seed=ctx.seed)
    ctx.notes["store_built"] = str(path)
    return path


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def machine_info(folder: Path) -> dict[str, str | int]:
    """CPU model, cores, memory, and the disk and filesystem the benchmark folder lives on."""
    cpu = next(
        (ln.split(":", 1)[1].strip() for ln in _read("/proc/cpuinfo").splitlines()
         if ln.startswith("model name")),
        platform.processor() or "unknown",
    )
    mem_kb = next(
        (int(ln.split()[1]) for ln in _read("/proc/meminfo").splitlines() if ln.startswith("MemTotal")),
        0,
    )
    disk = fstype = "unknown"
    if shutil.which("df"):
        try:
            lines = subprocess.run(
                ["df", "-PT", str(folder)], capture_output=True, text=True, check=True
            ).stdout.splitlines()
            parts = lines[-1].split()
            disk, fstype = parts[0], parts[1]
        except (subprocess.CalledProcessError, IndexError):
            pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count() or 0,
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "disk": disk,
        "filesystem": fstype,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
