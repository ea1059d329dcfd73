"""Generate and bulk-load the N-customer demo store: wall time and size on disk."""

from __future__ import annotations

from counter_app.demo import build_demo_store

from ._common import BenchContext, file_sizes, remove_store

TARGET_SECONDS_PER_MILLION = 180.0
TARGET_FROM = 1_000_000


def targets(ctx: BenchContext) -> dict[str, tuple[str, float]]:
    # The target is for a million customers. Smaller runs are dominated by fixed costs
    # (migrations, integrity check, scrypt for the demo users), so they get no verdict.
    if ctx.customers < TARGET_FROM:
        return {}
    return {"seconds": ("<", TARGET_SECONDS_PER_MILLION * ctx.customers / 1_000_000)}


def run(ctx: BenchContext) -> dict[str, float]:
    path = ctx.store_path
    remove_store(path)
    stats = build_demo_store(path, customers=ctx.customers, seed=ctx.seed)
    ctx.notes["store_built"] = str(path)
    sizes = file_sizes(path)
    return {
        "customers": stats.customers,
        "bills": stats.bills,
        "seconds": round(stats.seconds, 2),
        "seconds_per_million": round(stats.seconds / ctx.customers * 1_000_000, 2),
        "generate_and_insert_seconds": round(stats.load_seconds, 2),
        "search_index_seconds": round(stats.index_seconds, 2),
        "checks_and_users_seconds": round(stats.finish_seconds, 2),
        "db_mib": round(sizes["db"] / 2**20, 1),
        "wal_mib": round(sizes["-wal"] / 2**20, 1),
        "bytes_per_customer": round((sizes["db"] + sizes["-wal"]) / ctx.customers),
    }
