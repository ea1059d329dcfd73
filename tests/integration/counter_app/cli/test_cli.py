"""The counter-app command line, run as a real process against store files in tmp_path."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app import __version__


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "counter_app", *args],
        capture_output=True, text=True, timeout=120, cwd=cwd,
    )


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("demo")
    r = run("init", "--data-dir", str(d), "--demo", "--customers", "300", "--seed", "7",
            "--reference-date", "2026-03-20", "--terminal", "T09")
    assert r.returncode == 0, r.stderr
    assert "300 customers" in r.stdout
    return d


def test_version():
    r = run("--version")
    assert r.returncode == 0
    assert r.stdout.strip() == f"counter-app {__version__}"


def test_init_saves_terminal_and_lookup_json_has_the_documented_fields(demo_dir):
    assert 'id = "T09"' in (demo_dir / "config.toml").read_text(encoding="utf-8")
    con = sqlite3.connect(demo_dir / "counter.db")
    account = con.execute(
        "SELECT account_no FROM bills WHERE status != 'paid' GROUP BY account_no "
        "HAVING count(*) >= 2 LIMIT 1").fetchone()[0]
    con.close()
    r = run("lookup", account, "--data-dir", str(demo_dir), "--on", "2026-04-20", "--json")
    assert r.returncode == 0, r.stderr
    [found] = json.loads(r.stdout)
    assert found["account_no"] == account
    for key in ("name", "user_type", "credit_fen", "bills", "late_fee_total_fen", "total_due_fen"):
        assert key in found
    assert len(found["bills"]) >= 2
    for bill in found["bills"]:
        for key in ("period", "amount_fen", "due_date", "days_overdue", "late_fee_fen"):
            assert key in bill
        assert bill["days_overdue"] > 0
    assert found["late_fee_total_fen"] == sum(b["late_fee_fen"] for b in found["bills"])
    assert found["late_fee_total_fen"] >= 100  # the ¥1 minimum at least
    assert found["total_due_fen"] == found["late_fee_total_fen"] + sum(
        b["outstanding_fen"] for b in found["bills"])
    periods = [b["period"] for b in found["bills"]]
    assert periods == sorted(periods)


def test_later_payment_date_means_more_late_fee(demo_dir):
    con = sqlite3.connect(demo_dir / "counter.db")
    account = con.execute(
        "SELECT account_no FROM bills WHERE status = 'open' AND amount_fen > 20000 LIMIT 1"
    ).fetchone()[0]
    con.close()
    fees = []
    for on in ("2026-04-20", "2026-06-20"):
        r = run("--data-dir", str(demo_dir), "lookup", account, "--on", on, "--json")
        assert r.returncode == 0, r.stderr
        fees.append(json.loads(r.stdout)[0]["late_fee_total_fen"])
    assert fees[1] > fees[0]


def test_human_lookup_by_name(demo_dir):
    con = sqlite3.connect(demo_dir / "counter.db")
    name = con.execute("SELECT name FROM customers WHERE length(name) = 3 LIMIT 1").fetchone()[0]
    con.close()
    r = run("lookup", name[:2], "--data-dir", str(demo_dir))
    assert r.returncode == 0, r.stderr
    assert name[:2] in r.stdout
    assert "total due on" in r.stdout


def test_import_refuses_a_file_with_bad_rows_whole(tmp_path):
    d = tmp_path / "store"
    assert run("init", "--data-dir", str(d)).returncode == 0
    csv = tmp_path / "c.csv"
    csv.write_text(
        "account_no,name,address,phone,user_type,area\n"
        "3201000001,张三,人民路1号,13800138000,residential,TQ1\n"
        "32010002,李四,人民路2号,,residential,TQ1\n"
        "3201000003,王五,人民路3号,,company,TQ2\n",
        encoding="utf-8",
    )
    r = run("import-customers", str(csv), "--data-dir", str(d))
    assert r.returncode == 1
    assert "line 3" in r.stderr and "line 4" in r.stderr
    assert "nothing imported" in r.stderr
    status = json.loads(run("status", "--data-dir", str(d)).stdout)
    assert status["customers"] == 0


def test_import_customers_and_bills_then_lookup(tmp_path):
    d = tmp_path / "store"
    cfg = tmp_path / "other.toml"
    cfg.write_text('[terminal]\nid = "T33"\n', encoding="utf-8")
    customers = tmp_path / "c.csv"
    customers.write_text(
        "\ufeffaccount_no,name,address,phone,user_type,area\n"
        "3201000001,张三,人民路1号,13800138000,residential,TQ1\n"
        "3201000002,某某商贸有限公司,工业园2号,,other,TQ1\n",
        encoding="utf-8",
    )
    bills = tmp_path / "b.csv"
    bills.write_text(
        "account_no,period,kwh,amount,due_date\n"
        "3201000001,2026-02,227,120.00,2026-03-15\n"
        "3201000002,2025-11,9000,10000.00,2025-12-20\n",
        encoding="utf-8",
    )
    assert run("init", "--data-dir", str(d), "--config", str(cfg)).returncode == 0
    r = run("import-customers", str(customers), "--data-dir", str(d), "--config", str(cfg))
    assert r.returncode == 0, r.stderr
    r = run("import-bills", str(bills), "--data-dir", str(d))
    assert r.returncode == 0, r.stderr
    # The worked examples of DESIGN.md §3, through the whole stack.
    r = run("lookup", "3201000001", "--data-dir", str(d), "--on", "2026-04-04", "--json")
    assert json.loads(r.stdout)[0]["bills"][0]["late_fee_fen"] == 240
    r = run("lookup", "3201000002", "--data-dir", str(d), "--on", "2026-01-10", "--json")
    found = json.loads(r.stdout)[0]
    assert found["late_fee_total_fen"] == 52000
    assert found["total_due_fen"] == 1052000


def test_missing_store_is_a_clear_error(tmp_path):
    r = run("lookup", "x", "--data-dir", str(tmp_path / "none"))
    assert r.returncode == 1
    assert "no store" in r.stderr.lower()


def test_bad_config_names_the_setting(tmp_path):
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[printer]\nwidth = 70\n", encoding="utf-8")
    r = run("status", "--config", str(cfg), "--data-dir", str(tmp_path))
    assert r.returncode == 1
    assert "printer.width" in r.stderr and "70" in r.stderr


def test_audit_verify_names_the_first_tampered_entry(demo_dir, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(demo_dir, copy)
    assert run("audit", "verify", "--data-dir", str(copy)).returncode == 0
    con = sqlite3.connect(copy / "counter.db")
    # Someone with file access drops the append-only triggers and edits an entry.
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='trigger' "
                               "AND tbl_name='audit_log'").fetchall():
        con.execute(f'DROP TRIGGER "{name}"')
    con.execute("UPDATE audit_log SET outcome = 'tampered' WHERE seq = 2")
    con.commit()
    con.close()
    r = run("audit", "verify", "--data-dir", str(copy))
    assert r.returncode == 1
    assert "entry 2" in r.stderr


def test_command_line_never_imports_qt(demo_dir):
    code = (
        "import sys; from counter_app.cli import main; "
        f"rc = main(['status', '--data-dir', {str(demo_dir)!r}]); "
        "assert rc == 0; assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
