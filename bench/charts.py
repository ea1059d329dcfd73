"""The 催费 workspace's charts: our QPainter bar and line charts (counter_app/ui/charts.py)
drawn off screen at the workspace's size, against pyqtgraph doing the same two charts when it
can be imported (not a dependency: point BENCH_PYQTGRAPH_PATH at a folder where pyqtgraph
and numpy were installed with `pip install --target`), and what each adds to the bundle."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from ._common import BenchContext, percentile

WIDTH, HEIGHT = 600, 320
BUCKETS = ["1-30", "31-60", "61-90", "91-180", "181-365", ">365"]
BUCKET_FEN = [52_000_00, 21_000_00, 8_000_00, 6_000_00, 3_000_00, 9_000_00]
MONTHS = [f"{2025 + (m // 12)}-{m % 12 + 1:02d}" for m in range(24)]
RATES = [0.80 + (m % 7) / 50 for m in range(24)]


def targets(ctx: BenchContext) -> dict[str, tuple[str, float]]:
    # Both charts redrawn within one frame at 60 Hz (p50: the machine is shared, p99 noisy).
    return {"ours_both_p50_ms": ("<", 16.0)}


def _folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def run(ctx: BenchContext) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # noqa: F841 (kept alive while drawing)
    from counter_app.ui import charts

    n = 50 if ctx.quick else 300
    bar, line = charts.BarChart(), charts.LineChart()
    bar.set_data(BUCKETS, BUCKET_FEN, tags=[f"¥{v // 1_000_000:.0f}万" for v in BUCKET_FEN],
                 title="欠费账龄分布")
    line.set_data([m[2:] for m in MONTHS], RATES, tags=[f"{r:.0%}" for r in RATES],
                  title="电费回收率月度趋势")
    bar.render_image(WIDTH, HEIGHT)  # fonts loaded once, as on screen
    line.render_image(WIDTH, HEIGHT)
    both = _timed(lambda: (bar.render_image(WIDTH, HEIGHT), line.render_image(WIDTH, HEIGHT)), n)
    results: dict[str, float] = {
        "ours_both_p50_ms": round(percentile(both, 50), 3),
        "ours_both_p99_ms": round(percentile(both, 99), 3),
        "ours_source_bytes": Path(charts.__file__).stat().st_size,
    }

    extra = os.environ.get("BENCH_PYQTGRAPH_PATH")
    if extra:
        sys.path.insert(0, extra)
    t0 = time.perf_counter()
    try:
        import numpy as np
        import pyqtgraph as pg
    except ImportError:
        print("  pyqtgraph not importable: set BENCH_PYQTGRAPH_PATH to compare")
        return results
    results["pyqtgraph_numpy_import_ms"] = round((time.perf_counter() - t0) * 1000, 3)
    t0 = time.perf_counter()
    pg.setConfigOptions(antialias=True, background="w", foreground="k")
    bar_w, line_w = pg.PlotWidget(title="欠费账龄分布"), pg.PlotWidget(title="电费回收率月度趋势")
    bar_w.addItem(pg.BarGraphItem(x=np.arange(len(BUCKETS)), height=np.array(BUCKET_FEN),
                                  width=0.7))
    bar_w.getAxis("bottom").setTicks([list(enumerate(BUCKETS))])
    line_w.plot(np.arange(len(RATES)), np.array(RATES), symbol="o")
    line_w.getAxis("bottom").setTicks([[(i, m[2:]) for i, m in enumerate(MONTHS) if i % 3 == 0]])
    for w in (bar_w, line_w):
        w.resize(WIDTH, HEIGHT)
    results["pyqtgraph_first_chart_ms"] = round((time.perf_counter() - t0) * 1000, 3)
    bar_w.grab()
    line_w.grab()
    theirs = _timed(lambda: (bar_w.grab(), line_w.grab()), n)
    results["pyqtgraph_both_p50_ms"] = round(percentile(theirs, 50), 3)
    results["pyqtgraph_both_p99_ms"] = round(percentile(theirs, 99), 3)
    pg_dir, np_dir = Path(pg.__file__).parent, Path(np.__file__).parent
    size = _folder_bytes(pg_dir) + _folder_bytes(np_dir)
    libs = np_dir.parent / "numpy.libs"
    if libs.is_dir():
        size += _folder_bytes(libs)
    results["pyqtgraph_numpy_installed_bytes"] = size
    return results
