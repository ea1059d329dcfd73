"""`counter-app selftest` (also `hall-counter --selftest`): does this installation work here?

Each check runs on its own and is reported with what it found: the Qt platform plugin, the
translations, a store made and migrated in a temporary folder, a Chinese receipt rendered to
ESC/POS bytes, a Chinese PDF, the serial ports, and (with --ledger and --token) the ledger.
Nothing is written outside the temporary folder. Exit 0 only when every check passes.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .. import __version__
from .common import table
from .text import tr

EXIT_OK, EXIT_FAIL = 0, 1
CHINESE_PROBE = "电费收据"


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = subparsers.add_parser("selftest", help="check this installation (Qt, store, printing, PDF, ports)")
    p.add_argument("--json", action="store_true", help="print one JSON report")
    p.add_argument("--ledger", metavar="URL", help="also check this ledger")
    p.add_argument("--token", help="this terminal's ledger token (with --ledger)")
    p.add_argument("--qt-only", action="store_true", help=argparse.SUPPRESS)  # the child below
    return p


def _qt_in_child() -> dict[str, dict]:
    """Run the Qt checks in a child process: a Qt platform plugin that cannot load aborts its
    process (qFatal), and the report must still be written, naming what Qt said."""
    import os
    import subprocess

    command = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "counter_app"]
    proc = subprocess.run([*command, "selftest", "--qt-only", "--json"], capture_output=True,
                          text=True, timeout=120, env=os.environ.copy(), stdin=subprocess.DEVNULL)
    try:
        return {r["check"]: r for r in json.loads(proc.stdout)["checks"]}
    except (ValueError, KeyError, TypeError):
        said = " ".join(proc.stderr.split())[-400:] or f"exit status {proc.returncode}"
        return {name: {"check": name, "ok": False, "detail": f"Qt did not start: {said}",
                       "seconds": 0.0} for name in ("qt_platform", "translations")}


def _qt_platform() -> str:
    from ..ui.selftest_qt import check_platform

    return check_platform()


def _translations() -> str:
    from ..ui.selftest_qt import check_translations

    return check_translations()


def _store() -> str:
    from ..adapters.storage import open_store
    from ..services.status import store_summary

    with tempfile.TemporaryDirectory(prefix="hall-counter-selftest-") as folder:
        store = open_store(Path(folder) / "counter.db")
        try:
            summary = store_summary(store)
            pragmas = store.pragmas()
        finally:
            store.close()
    if pragmas.get("synchronous") not in (2, "2", "FULL", "full"):
        raise RuntimeError(f"synchronous is {pragmas.get('synchronous')}, not FULL")
    return f"migrated, empty ({summary['customers']} customers), journal {pragmas.get('journal_mode')}"


def _receipt() -> str:
    from ..adapters.printer.render import render
    from ..adapters.printer.samples import sample_receipt

    rendered = render(sample_receipt(), width_mm=80, encoding="gb18030")
    if "电费".encode("gb18030") not in rendered.data:
        raise RuntimeError("the receipt bytes hold no GB18030 Chinese")
    # The sample holds one rare character on purpose (𠮷): shown replaced, as a printer would.
    return (f"{len(rendered.data)} bytes of ESC/POS, {rendered.lines} lines, GB18030, "
            f"{len(rendered.replaced)} character(s) replaced")


def _pdf() -> str:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from ..adapters.reports.common import register_fonts

    font = register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    canvas.setFont(font, 14)
    canvas.drawString(72, 760, CHINESE_PROBE)
    canvas.showPage()
    canvas.save()
    data = out.getvalue()
    if not data.startswith(b"%PDF"):
        raise RuntimeError("reportlab wrote no PDF")
    return f"{len(data)} bytes, font {font}"


def _serial_ports() -> str:
    from ..adapters.printer.discovery import serial_ports

    ports = serial_ports()
    return ", ".join(p.device for p in ports) if ports else tr("none found")


def _ledger(url: str, token: str) -> Callable[[], str]:
    def check() -> str:
        from ..adapters.ledger_client import LedgerClient

        client = LedgerClient(url, token, timeout=10.0)
        try:
            health = client.health()
        finally:
            client.close()
        skew = health.clock_skew.total_seconds()
        if abs(skew) > 120:
            raise RuntimeError(f"clock differs from the ledger's by {skew:+.0f} s")
        return (f"{health.hall_id}/{health.terminal_id}, ledger {health.version}, "
                f"clock {skew:+.1f} s")
    return check


def run_checks(checks: dict[str, Callable[[], str]]) -> list[dict]:
    results = []
    for name, check in checks.items():
        started = time.perf_counter()
        try:
            found = check()
            if isinstance(found, dict):  # already run (the Qt checks, in the child)
                results.append(found)
                continue
            detail, ok = found, True
        except Exception as exc:  # each check reports its own failure; the others still run
            detail, ok = f"{type(exc).__name__}: {exc}", False
        results.append({"check": name, "ok": ok, "detail": detail,
                        "seconds": round(time.perf_counter() - started, 3)})
    return results


def run(args: argparse.Namespace) -> int:
    qt_checks: dict[str, Callable[[], str]] = {"qt_platform": _qt_platform,
                                               "translations": _translations}
    if args.qt_only:
        results = run_checks(qt_checks)
        print(json.dumps({"checks": results}, ensure_ascii=False))
        return EXIT_OK if all(r["ok"] for r in results) else EXIT_FAIL
    from_child = _qt_in_child()
    checks: dict[str, Callable[[], str]] = {
        name: (lambda name=name: from_child[name]) for name in qt_checks}
    checks |= {"store": _store, "receipt": _receipt, "pdf": _pdf, "serial_ports": _serial_ports}
    if args.ledger:
        if not args.token:
            print("counter-app: " + tr("--ledger needs --token"), file=sys.stderr)
            return EXIT_FAIL
        checks["ledger"] = _ledger(args.ledger, args.token)
    results = run_checks(checks)
    passed = all(r["ok"] for r in results)
    if args.json:
        print(json.dumps({"version": __version__, "passed": passed, "checks": results},
                         ensure_ascii=False, indent=2))
    else:
        rows = [[r["check"], tr("pass") if r["ok"] else tr("FAIL"), r["detail"]] for r in results]
        print(table(rows, headers=[tr("check"), tr("result"), tr("found")]))
        print(tr("self-test passed") if passed else tr("self-test FAILED"))
    return EXIT_OK if passed else EXIT_FAIL
