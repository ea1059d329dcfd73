"""Counter window: cold start to the sign-in screen, Enter on an account number to its bills,
event-loop stalls while the store pool is busy, and resident memory, on the demo store.

Run through `python -m bench --only gui_startup` (Qt offscreen when there is no display).
The cold start runs in fresh processes (`python -m bench.gui_startup --child STORE`): the
time is from launching the interpreter until the sign-in page has been painted.
"""

from __future__ import annotations

import gc
import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from ._common import BenchContext, ensure_demo_store, percentile

REPO = Path(__file__).resolve().parents[1]
SHOWN = "LOGIN-SHOWN"


def targets(ctx: BenchContext) -> dict[str, tuple[str, float]]:
    return {
        "cold_start_to_login_median_s": ("<", 1.5),
        "enter_to_bills_p99_ms": ("<", 100.0),
        "longest_stall_busy_pool_ms": ("<", 50.0),
        "rss_with_store_open_mb": ("<", 250.0),
    }


def _env() -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def _cold_start(store: Path, runs: int) -> list[float]:
    """Seconds from exec of a new interpreter to the painted sign-in page, per run."""
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "bench.gui_startup", "--child", str(store)],
            cwd=REPO, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        try:
            for line in child.stdout:
                if line.strip() == SHOWN:
                    out.append(time.perf_counter() - started)
                    break
            else:
                raise RuntimeError("the child process never showed the sign-in page")
        finally:
            child.kill()
            child.wait()
    return out


def _child(store: Path) -> int:
    """In a fresh process: what `counter-app` does up to the painted sign-in page."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    from counter_app.adapters.storage import open_store
    from counter_app.bootstrap import AppContext, rules_from_config
    from counter_app.config import Config
    from counter_app.ui.app import build_window, make_application, prepare

    app = make_application([sys.argv[0]])
    config = Config()
    # As `counter-app` starts the GUI: quick_check deferred to the store thread (run_gui).
    ctx = AppContext(config=config, data_dir=store.parent, store=open_store(store, verify=False),
                     rules=rules_from_config(config), extras={"integrity_check_deferred": True})
    prepare(app, ctx)
    window = build_window(ctx)

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 (Qt override)
            if event.type() == QEvent.Type.Paint and window.login.isVisible():
                QTimer.singleShot(0, lambda: (print(SHOWN, flush=True), app.quit()))
                window.login.removeEventFilter(self)
            return False

    spy = FirstPaint()
    window.login.installEventFilter(spy)
    window.show()
    app.exec()
    os._exit(0)  # skip teardown: only the start is measured


def _accounts(store: Path, n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    con = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        max_id = con.execute("SELECT max(id) FROM customers").fetchone()[0]
        ids = [rng.randint(1, max_id) for _ in range(n)]
        rows = []
        for i in range(0, len(ids), 900):
            part = ids[i: i + 900]
            marks = ",".join("?" * len(part))
            rows += [r[0] for r in con.execute(
                f"SELECT account_no FROM customers WHERE id IN ({marks})", part)]
    finally:
        con.close()
    rng.shuffle(rows)
    return rows


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _in_process(store: Path, lookups: int, background_ops: int, seed: int) -> dict[str, float]:
    """Sign in, open a shift, then time Enter on account numbers until the bills are shown."""
    os.environ.update({k: v for k, v in _env().items() if k == "QT_QPA_PLATFORM"})
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from counter_app.adapters.storage import open_store
    from counter_app.bootstrap import AppContext, rules_from_config
    from counter_app.config import Config
    from counter_app.services.lookup import find_customers
    from counter_app.ui.app import build_window, make_application, prepare
    from counter_app.ui.worker import Op, pending

    def wait(cond, timeout=30.0):
        deadline = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > deadline:
                raise TimeoutError
            QApplication.processEvents()
            time.sleep(0.0005)

    # Like bench/take_payment.py, this writes to the shared bench store: sign-in audit
    # entries and, the first time, an open shift on terminal T01.
    app = make_application([sys.argv[0]])
    config = Config()
    ctx = AppContext(config=config, data_dir=store.parent, store=open_store(store),
                     rules=rules_from_config(config))
    try:
        prepare(app, ctx)
        window = build_window(ctx, idle_lock_ms=3_600_000)
        window.show()
        gc.freeze()  # as run_gui does once the window is up
        gen2_ms: list[float] = []
        gc_started = [0.0]

        def on_gc(phase: str, info: dict) -> None:
            if info["generation"] == 2:
                if phase == "start":
                    gc_started[0] = time.perf_counter()
                else:
                    gen2_ms.append((time.perf_counter() - gc_started[0]) * 1000)

        gc.callbacks.append(on_gc)
        window.login.user_id.setText("1001")
        window.login.pin.setText("1111")
        window.login.on_submit()
        wait(lambda: window.pages.currentWidget() is window.counter
             or (window._shift_dialog is not None and window._shift_dialog.isVisible()))
        if window._shift_dialog is not None and window._shift_dialog.isVisible():
            window._shift_dialog.set_counts({10000: 5})
            window._shift_dialog.on_buttons_accepted()
            wait(lambda: window.pages.currentWidget() is window.counter)
        page = window.counter
        accounts = _accounts(store, lookups + 20, seed)
        shown: list[str] = []
        page.customerShown.connect(shown.append)
        samples = []
        for i, account in enumerate(accounts):
            page.search.set_text(account)
            started = time.perf_counter()
            page.search.on_field_return_pressed()  # what Enter in the field does
            wait(lambda a=account: shown and shown[-1] == a)
            window.repaint()  # the bills painted, not just set
            if i >= 20:  # the first ones warm code paths and the connection pool
                samples.append((time.perf_counter() - started) * 1000)
        rss = _rss_mb()

        # Stalls while the store pool works through many queued operations.
        gaps = [0.0]
        last = [time.perf_counter()]

        def tick():
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now

        beat = QTimer()
        beat.setInterval(5)
        beat.timeout.connect(tick)
        done = [0]
        for i in range(background_ops):
            account = accounts[i % len(accounts)]
            Op(window, lambda a=account: find_customers(ctx.store, a)) \
                .success(lambda _r: done.__setitem__(0, done[0] + 1)).run_in_background()
        last[0] = time.perf_counter()
        beat.start()
        wait(lambda: pending() == 0, timeout=600)
        beat.stop()
        tick()
        window.close()
        gc.callbacks.remove(on_gc)
        return {
            "enter_to_bills_p50_ms": round(percentile(samples, 50), 2),
            "enter_to_bills_p99_ms": round(percentile(samples, 99), 2),
            "enter_to_bills_max_ms": round(max(samples), 2),
            "enter_to_bills_samples": len(samples),
            "background_ops": done[0],
            "longest_stall_busy_pool_ms": round(max(gaps) * 1000, 1),
            "rss_with_store_open_mb": round(rss, 1),
            # A full collection stops every thread; the longest one explains a long stall.
            "longest_full_gc_ms": round(max(gen2_ms, default=0.0), 1),
        }
    finally:
        ctx.close()


def run(ctx: BenchContext) -> dict[str, float]:
    store = ensure_demo_store(ctx)
    runs = 3 if ctx.quick else 7
    cold = _cold_start(store, runs)
    results: dict[str, float] = {
        "cold_start_to_login_first_s": round(cold[0], 3),
        "cold_start_to_login_median_s": round(percentile(cold, 50), 3),
        "cold_start_to_login_max_s": round(max(cold), 3),
    }
    results.update(_in_process(store, lookups=200 if ctx.quick else 1000,
                               background_ops=2000 if ctx.quick else 10_000, seed=ctx.seed))
    return results


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        sys.exit(_child(Path(sys.argv[2])))
    print(__doc__)
    sys.exit(2)
