"""Run the benchmarks: `python -m bench [--only NAME] [--customers N] [--quick] [--out DIR]`."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path

from ._common import DEFAULT_CUSTOMERS, QUICK_CUSTOMERS, SEED, BenchContext, machine_info

# In running order: lookup and take_payment use the store demo_store built.
BENCHMARKS = ("demo_store", "lookup", "take_payment", "receipt_render", "z_report", "sync_drain",
              "reference_pull", "ledger_ingest", "gui_startup", "keys_per_payment",
              "fault_campaign", "bench_arrears")
BENCHMARKS += ("bench_dunning",)  # issue 14: PostgreSQL, COUNTER_BENCH_PG_URL
BENCHMARKS += ("bench_sms_dispatch",)  # collections: SMS dispatch rate (#14)
BENCHMARKS += ("channel_import",)  # channel files (#15)
BENCHMARKS += ("charts",)  # the 催费 workspace's charts: ours vs pyqtgraph (#14)
BENCHMARKS += ("reconcile_day",)  # reconciliation of a peak day (#15)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--only", action="append", choices=BENCHMARKS, metavar="NAME",
                   help=f"run only this benchmark (repeatable): {', '.join(BENCHMARKS)}")
    p.add_argument("--customers", type=int, default=None,
                   help=f"customers in the demo store (default {DEFAULT_CUSTOMERS:,}; "
                        f"--quick: {QUICK_CUSTOMERS:,})")
    p.add_argument("--quick", action="store_true",
                   help=f"smoke run: {QUICK_CUSTOMERS:,} customers and fewer samples")
    p.add_argument("--out", type=Path, default=Path(__file__).parent / "out",
                   help="folder for the stores and JSON results (default bench/out/)")
    p.add_argument("--seed", type=int, default=SEED, help="demo data seed")
    args = p.parse_args(argv)
    if args.customers is None:
        args.customers = QUICK_CUSTOMERS if args.quick else DEFAULT_CUSTOMERS
    if args.customers < 100:
        p.error("--customers must be at least 100")
    return args


def verdict(value: float, target: tuple[str, float] | None) -> str:
    if target is None:
        return ""
    op, limit = target
    ok = {"<": value < limit, "<=": value <= limit, ">": value > limit,
          ">=": value >= limit}[op]
    return "pass" if ok else "MISS"


def print_table(name: str, results: dict[str, float], targets: dict[str, tuple[str, float]]) -> None:
    print(f"\n{name}")
    print(f"  {'metric':<34} {'measured':>14} {'target':>10}  result")
    for metric, value in results.items():
        target = targets.get(metric)
        shown = f"{value:,.3f}" if isinstance(value, float) else f"{value:,}"
        t = f"{target[0]} {target[1]:g}" if target else ""
        print(f"  {metric:<34} {shown:>14} {t:>10}  {verdict(value, target)}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    ctx = BenchContext(customers=args.customers, out_dir=args.out, quick=args.quick, seed=args.seed)
    selected = [b for b in BENCHMARKS if not args.only or b in args.only]
    machine = machine_info(args.out)
    print(f"bench: {', '.join(selected)} on {args.customers:,} customers -> {args.out}")
    print(f"machine: {machine['cpu']}, {machine['cores']} cores, {machine['filesystem']} on "
          f"{machine['disk']}, load {machine['load_average']}")
    misses = 0
    for name in selected:
        module = importlib.import_module(f"bench.{name}")
        load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
        started = time.perf_counter()
        results = module.run(ctx)
        elapsed = time.perf_counter() - started
        load_after = " ".join(f"{x:.2f}" for x in os.getloadavg())
        targets = module.targets(ctx)
        print_table(name, results, targets)
        misses += sum(verdict(results[m], t) == "MISS" for m, t in targets.items() if m in results)
        record = {
            "benchmark": name,
            "when": datetime.now().astimezone().isoformat(timespec="seconds"),
            "command": " ".join(["python -m bench", *(argv if argv is not None else sys.argv[1:])]),
            "customers": args.customers,
            "quick": args.quick,
            "seed": args.seed,
            "wall_seconds": round(elapsed, 3),
            "machine": machine,
            # Other work on the machine skews the numbers: 1/5/15-minute load averages.
            "load_average_before": load_before,
            "load_average_after": load_after,
            "results": results,
            "targets": {m: {"op": op, "value": v, "result": verdict(results.get(m, float("nan")), (op, v))}
                        for m, (op, v) in targets.items()},
        }
        (args.out / f"{name}.json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    print(f"\nJSON results in {args.out}/; {misses} target(s) missed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
