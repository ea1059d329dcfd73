"""Counter window: cold start to the sign-in screen, Enter on an account number to its bills,
resident memory, on the demo store; event-loop stalls while the relay drains the outbox.

Run through `python -m bench --only gui_startup` (Qt offscreen when there is no display).
The cold start runs in fresh processes (`python -m bench.gui_startup --child STORE`): the
time is from launching the interpreter until the sign-in page has been painted.

The stall is measured on its own store (`OUT/gui_startup/`): N customers with one queued
payment each (10,000; --quick 2,000, taken through services.take_payment as sync_drain does)
and a SQLite ledger with the same demo customers. With the counter window shown, signed in
and a customer open, the real `RelayThread` (as `ledger_link` wires it, default policy) is
started against the ledger on 127.0.0.1, and a 5 ms QTimer heartbeat on the GUI thread
records every gap until the outbox is empty. Twice: the ledger in its own process (a real
ledger elsewhere) and demo mode's ledger (`start_embedded_ledger`, which now also runs the
ledger in a process of its own: `python -m hall_ledger demo-serve`).
"""

from __future__ import annotations

import gc
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from ._common import BenchContext, ensure_demo_store, percentile

REPO = Path(__file__).resolve().parents[1]
SHOWN = "LOGIN-SHOWN"


def targets(ctx: BenchContext) -> dict[str, tuple[str, float]]:
    return {
        "cold_start_to_login_median_s": ("<", 1.5),
        "enter_to_bills_p99_ms": ("<", 100.0),
        "longest_stall_relay_ms": ("<", 50.0),
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
    from counter_app.bootstrap import CounterApp, rules_from_config
    from counter_app.config import Config
    from counter_app.ui.app import build_window, make_application, prepare

    app = make_application([sys.argv[0]])
    config = Config()
    # As `counter-app` starts the GUI: quick_check deferred to the store thread (run_gui).
    ctx = CounterApp(config=config, data_dir=store.parent, store=open_store(store, verify=False),
                     rules=rules_from_config(config), integrity_check_deferred=True)
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
    from counter_app.bootstrap import CounterApp, rules_from_config
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
    ctx = CounterApp(config=config, data_dir=store.parent, store=open_store(store),
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
            window._shift_dialog.confirm_open()  # the float is confirmed on screen
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
            # Stand-in kept for comparison: the store pool busy with lookups, no relay.
            "pool_lookups": done[0],
            "longest_stall_pool_lookups_ms": round(max(gaps) * 1000, 1),
            "rss_with_store_open_mb": round(rss, 1),
            # A full collection stops every thread; the longest one explains a long stall.
            "longest_full_gc_ms": round(max(gen2_ms, default=0.0), 1),
        }
    finally:
        ctx.close()


RELAY_REF = "2026-03-20"  # reference date of the relay store and its ledger (as sync_drain)


def _relay_fixture(folder: Path, n: int) -> Path:
    """`folder/seed/`: counter.db with n queued payments (one per account, a shift open for
    user 1001 on T01) and ledger.db with the same demo customers; rebuilt on every run."""
    from datetime import date

    from counter_app.adapters.storage import open_store
    from counter_app.bootstrap import DEMO_SEED
    from counter_app.demo import build_demo_store
    from hall_ledger.services.demo import load_demo_data
    from hall_ledger.store import migrate
    from hall_ledger.store.db import make_engine

    from .sync_drain import _queue_payments

    seed_dir = folder / "seed"
    shutil.rmtree(seed_dir, ignore_errors=True)
    seed_dir.mkdir(parents=True)
    ref = date.fromisoformat(RELAY_REF)
    build_demo_store(seed_dir / "counter.db", customers=n, seed=DEMO_SEED, reference_date=ref)
    engine = make_engine(f"sqlite:///{seed_dir / 'ledger.db'}")
    try:
        migrate.upgrade(engine)
        load_demo_data(engine, customers=n, seed=DEMO_SEED, reference_date=ref)
    finally:
        engine.dispose()
    store = open_store(seed_dir / "counter.db")
    try:
        _queue_payments(store, n)
    finally:
        store.close()
    return seed_dir


def _copy_fixture(seed_dir: Path, run_dir: Path) -> None:
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    for name in ("counter.db", "ledger.db"):
        for suffix in ("", "-wal"):
            src = seed_dir / (name + suffix)
            if src.exists():
                shutil.copyfile(src, run_dir / (name + suffix))


def _relay_stall(seed_dir: Path, run_dir: Path, *, embedded: bool,
                 timeout: float) -> dict[str, float]:
    """Counter window signed in with a customer open; the relay drains the outbox to the
    ledger while a 5 ms heartbeat on the GUI thread records the gaps between its ticks."""
    os.environ.update({k: v for k, v in _env().items() if k == "QT_QPA_PLATFORM"})
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from counter_app.adapters.relay_thread import ClientLedger
    from counter_app.adapters.storage import open_store
    from counter_app.bootstrap import CounterApp, rules_from_config
    from counter_app.config import Config
    from counter_app.ledger_link import LedgerLink, offline_limits, relay_thread
    from counter_app.services import sync
    from counter_app.services.ledger_status import StoreLedgerStatus
    from counter_app.ui.app import build_window, make_application, prepare

    from ._ledger import LedgerProcess

    def wait(cond, timeout=60.0):
        deadline = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > deadline:
                raise TimeoutError
            QApplication.processEvents()
            time.sleep(0.0005)

    _copy_fixture(seed_dir, run_dir)
    ledger_db = run_dir / "ledger.db"
    proc = served = ctx = link = window = None
    try:
        if embedded:
            from counter_app.demo.ledger_process import start_embedded_ledger

            # Finds the customers in run_dir/ledger.db, registers T01, serves from a child process.
            served = start_embedded_ledger(run_dir, terminal_id="T01", hall_id="H001")
            url, token = served.url, served.token
        else:
            from hall_ledger.services.terminals import add_terminal
            from hall_ledger.store.db import make_engine

            engine = make_engine(f"sqlite:///{ledger_db}")
            try:
                token = add_terminal(engine, hall_id="H001", terminal_id="T01")
            finally:
                engine.dispose()
            proc = LedgerProcess(f"sqlite:///{ledger_db}")
            url = proc.url

        app = make_application([sys.argv[0]])
        config = Config()
        ctx = CounterApp(config=config, data_dir=run_dir, store=open_store(run_dir / "counter.db"),
                         rules=rules_from_config(config))
        sstore = ctx.sync_store
        queued = sync.sync_status(sstore).pending
        # As ledger_link.start_ledger_link wires it, but started once the customer is open.
        limits = offline_limits(config)
        relay = relay_thread(ctx.store, lambda: ClientLedger.connect(url, token), clock=ctx.clock,
                            limits=limits, hall_id=config["terminal.hall_id"])
        link = LedgerLink(configured=True, relay=relay, limits=limits,
                          status=StoreLedgerStatus(sstore, configured=True, clock=ctx.clock,
                                                   relay=relay))
        prepare(app, ctx)
        window = build_window(ctx, ledger_link=link, idle_lock_ms=3_600_000)
        window.show()
        gc.freeze()  # as run_gui does once the window is up
        window.login.user_id.setText("1001")
        window.login.pin.setText("1111")
        window.login.on_submit()
        wait(lambda: window.pages.currentWidget() is window.counter)  # shift already open
        page = window.counter
        with ctx.store.read() as tx:
            account = tx.raw.execute(
                "SELECT account_no FROM customers ORDER BY id LIMIT 1").fetchone()[0]
        shown: list[str] = []
        page.customerShown.connect(shown.append)
        page.search.set_text(account)
        page.search.on_field_return_pressed()
        wait(lambda: shown and shown[-1] == account)
        window.repaint()

        # Whether the outbox is empty, asked off the GUI thread (the GUI thread only ticks).
        empty = threading.Event()
        stop_watch = threading.Event()
        drained_at = [0.0]

        def watch() -> None:
            while not stop_watch.wait(0.02):
                if sync.sync_status(sstore).pending == 0:
                    drained_at[0] = time.perf_counter()
                    empty.set()
                    return

        gaps: list[float] = []
        last = [0.0]

        def tick() -> None:
            now = time.perf_counter()
            gaps.append((now - last[0]) * 1000)
            last[0] = now

        loop = QEventLoop()
        beat = QTimer()
        beat.setInterval(5)
        beat.timeout.connect(tick)
        check = QTimer()
        check.setInterval(20)
        check.timeout.connect(lambda: empty.is_set() and loop.quit())
        give_up = QTimer()
        give_up.setSingleShot(True)
        give_up.timeout.connect(loop.quit)
        watcher = threading.Thread(target=watch, name="bench-outbox-watch", daemon=True)
        started = last[0] = time.perf_counter()
        beat.start()
        check.start()
        give_up.start(int(timeout * 1000))
        relay.start()
        watcher.start()
        loop.exec()  # the window's own event loop turns, as under app.exec()
        beat.stop()
        check.stop()
        tick()
        stop_watch.set()
        watcher.join(5)
        status = sync.sync_status(sstore)
        if not empty.is_set():
            raise RuntimeError(f"outbox not empty after {timeout:.0f} s: {status.pending} "
                               f"left, last relay error: {status.last_error!r}")
        return {
            "queued": queued,
            "drain_s": round(drained_at[0] - started, 3),
            "longest_ms": round(max(gaps), 1),
            "p99_ms": round(percentile(gaps, 99), 1),
            "ticks": len(gaps),
            "review_items": status.review_items,
        }
    finally:
        if window is not None:
            window.close()
        if link is not None:
            link.stop()
        if served is not None:
            served.stop()
        if proc is not None:
            proc.stop()
        if ctx is not None:
            ctx.close()


def _relay_results(ctx: BenchContext) -> dict[str, float]:
    # BENCH_RELAY_PAYMENTS: a smaller queue for the smoke test (not a measurement).
    n = int(os.environ.get("BENCH_RELAY_PAYMENTS") or (2_000 if ctx.quick else 10_000))
    folder = ctx.out_dir / "gui_startup"
    started = time.perf_counter()
    seed_dir = _relay_fixture(folder, n)
    results: dict[str, float] = {"relay_fixture_build_s": round(time.perf_counter() - started, 1)}
    for label, embedded in (("", False), ("_embedded", True)):
        r = _relay_stall(seed_dir, folder / ("embedded" if embedded else "process"),
                         embedded=embedded, timeout=120 if ctx.quick else 300)
        results.update({
            f"relay_payments{label}": r["queued"],
            f"relay_drain{label}_s": r["drain_s"],
            f"longest_stall_relay{label}_ms": r["longest_ms"],
            f"stall_p99_relay{label}_ms": r["p99_ms"],
            f"relay_ticks{label}": r["ticks"],
            f"relay_review_items{label}": r["review_items"],  # refused by the ledger: 0
        })
    shutil.rmtree(folder, ignore_errors=True)  # copies of seconds-old data: not worth keeping
    return results


def run(ctx: BenchContext) -> dict[str, float]:
    store = ensure_demo_store(ctx)
    runs = 3 if ctx.quick else 7
    cold = _cold_start(store, runs)
    results: dict[str, float] = {
        "cold_start_to_login_first_s": round(cold[0], 3),
        "cold_start_to_login_median_s": round(percentile(cold, 50), 3),
        "cold_start_to_login_max_s": round(max(cold), 3),
    }
    results.update(_in_fresh_process(store, lookups=200 if ctx.quick else 1000,
                                     background_ops=2000 if ctx.quick else 10_000,
                                     seed=ctx.seed))
    results.update(_relay_results(ctx))
    return results


def _in_fresh_process(store: Path, *, lookups: int, background_ops: int,
                      seed: int) -> dict[str, float]:
    """`_in_process` in a new interpreter: resident memory is the counter's alone, not what
    the benchmarks run before it in this process (a 1M-row build, a snapshot) left behind."""
    args = json.dumps({"store": str(store), "lookups": lookups, "background_ops": background_ops,
                       "seed": seed})
    done = subprocess.run([sys.executable, "-m", "bench.gui_startup", "--in-process", args],
                          cwd=REPO, env=_env(), capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"in-process measurement failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        sys.exit(_child(Path(sys.argv[2])))
    if len(sys.argv) == 3 and sys.argv[1] == "--in-process":
        a = json.loads(sys.argv[2])
        print(json.dumps(_in_process(Path(a["store"]), lookups=a["lookups"],
                                     background_ops=a["background_ops"], seed=a["seed"])))
        sys.exit(0)
    print(__doc__)
    sys.exit(2)
