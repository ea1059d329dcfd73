"""Customer lookup through services.lookup.find_customers: by account number, name, address
and the name's pinyin (initials or full, as a cashier types `zs` or `zhangsan` for 张三)."""

from __future__ import annotations

import random
import time

from counter_app.adapters.storage import open_store
from counter_app.services.lookup import find_customers

from ._common import BenchContext, ensure_demo_store, percentile

KINDS = ("account", "name", "address", "pinyin")


def targets(ctx: BenchContext) -> dict[str, tuple[str, float]]:
    return {
        "account_p99_ms": ("<", 2.0),
        "name_p99_ms": ("<", 50.0),
        "address_p99_ms": ("<", 50.0),
        "pinyin_p99_ms": ("<", 50.0),
    }


def draw_queries(store_path, n: int, seed: int) -> dict[str, list[str]]:
    """Queries as a cashier would type them, drawn from customers picked at random.

    Account numbers whole; 2-character fragments of names; 3–6 character fragments of
    addresses; whole names in pinyin, half as initials (`zs`), half in full (`zhangsan`).
    Read with plain sqlite3 so drawing does not warm the store's connections.
    """
    import sqlite3

    from counter_app.adapters.storage.pinyin import pinyin_keys

    rng = random.Random(seed)
    con = sqlite3.connect(f"file:{store_path}?mode=ro", uri=True)
    try:
        max_id = con.execute("SELECT max(id) FROM customers").fetchone()[0]
        ids = [rng.randint(1, max_id) for _ in range(n)]
        rows = []
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            marks = ",".join("?" * len(part))
            rows += con.execute(
                f"SELECT account_no, name, address FROM customers WHERE id IN ({marks})", part
            ).fetchall()
    finally:
        con.close()
    rng.shuffle(rows)
    names, addresses, spoken = [], [], []
    for _, name, address in rows:
        keys = pinyin_keys(name)  # (full, initials, other readings...)
        if keys:
            spoken.append(keys[rng.randrange(2)] if len(keys) > 1 else keys[0])
        i = rng.randrange(max(1, len(name) - 1))
        names.append(name[i : i + 2])
        k = rng.randint(3, 6)
        j = rng.randrange(max(1, len(address) - k + 1))
        addresses.append(address[j : j + k])
    return {"account": [r[0] for r in rows], "name": names, "address": addresses,
            "pinyin": spoken}


def _time_queries(store, queries: list[str]) -> tuple[list[float], list[float], int]:
    """Wall-clock and on-CPU milliseconds per query, and the customers found in all.

    On a busy machine the wall time includes waiting for a core; the CPU time does not, so a
    wall p99 far above the CPU p99 means the run was starved, not that the lookup is slow.
    """
    wall, cpu, hits = [], [], 0
    for q in queries:
        c0, t0 = time.thread_time_ns(), time.perf_counter_ns()
        found = find_customers(store, q)
        wall.append((time.perf_counter_ns() - t0) / 1e6)
        cpu.append((time.thread_time_ns() - c0) / 1e6)
        hits += len(found)
    return wall, cpu, hits


def run(ctx: BenchContext) -> dict[str, float]:
    path = ensure_demo_store(ctx)
    n = 500 if ctx.quick else 3000
    queries = draw_queries(path, n, ctx.seed)
    store = open_store(path)
    try:
        warm = draw_queries(path, 200, ctx.seed + 1)  # other customers: warms code and pool, not rows
        for kind in KINDS:
            _time_queries(store, warm[kind])
        out: dict[str, float] = {"queries_per_kind": n}
        for kind in KINDS:
            samples, cpu, hits = _time_queries(store, queries[kind])
            if kind == "account" and hits != len(queries[kind]):
                raise AssertionError(f"account lookups found {hits} of {len(queries[kind])}")
            out[f"{kind}_p50_ms"] = round(percentile(samples, 50), 3)
            out[f"{kind}_p99_ms"] = round(percentile(samples, 99), 3)
            out[f"{kind}_max_ms"] = round(max(samples), 3)
            out[f"{kind}_cpu_p99_ms"] = round(percentile(cpu, 99), 3)
            out[f"{kind}_mean_hits"] = round(hits / len(samples), 1)
        return out
    finally:
        store.close()
