"""Log files rotate by size, go after the retention and never hold the token; the support
bundle holds what support needs and no secret."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from counter_app.adapters.logs import LOG_FILE, configure_logging, log_files, logs_dir
from counter_app.config import write_private
from tests.helpers.cash_fixtures import make_counter, pay, start_shift

TOKEN = "tok_S3CRET_a1b2c3d4e5f6g7h8"


@pytest.fixture
def file_logging(tmp_path):
    handlers = []

    def start(**kw):
        handler = configure_logging(tmp_path, level="INFO", **kw)
        handlers.append(handler)
        return handler

    yield start
    root = logging.getLogger()
    for h in handlers:
        root.removeHandler(h)
        h.close()


def test_logs_rotate_by_size_and_old_ones_go(tmp_path, file_logging):
    handler = file_logging(max_mb=1, retention_days=30, secrets=[TOKEN])
    log = logging.getLogger("counter_app.test")
    line = "x" * 1000
    for _ in range(2200):  # ~2.2 MB through a 1 MB limit
        log.info(line)
    files = log_files(tmp_path)
    assert logs_dir(tmp_path) / LOG_FILE in files
    rotated = [p for p in files if p.name != LOG_FILE]
    assert len(rotated) >= 2 and all(p.stat().st_size <= 1024 * 1024 + 2048 for p in rotated)

    old = rotated[-1]
    month_ago = time.time() - 31 * 86400
    os.utime(old, (month_ago, month_ago))
    assert handler.prune() == [old]
    assert not old.exists() and all(p.exists() for p in rotated[:-1])


def test_the_token_never_reaches_the_log_file(tmp_path, file_logging):
    handler = file_logging(max_mb=1, retention_days=30, secrets=[TOKEN])
    logging.getLogger("httpx").warning("GET https://ledger/v1/x Authorization: Bearer %s", TOKEN)
    handler.flush()
    text = (logs_dir(tmp_path) / LOG_FILE).read_text(encoding="utf-8")
    assert "Bearer ***" in text and TOKEN not in text


def run_cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COUNTER_APP_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "counter_app", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, timeout=120, env=env,
                          stdin=subprocess.DEVNULL)


def test_the_support_bundle_has_the_facts_and_no_secret(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    counter = make_counter(data_dir / "counter.db")
    start_shift(counter)
    pay(counter, 1, cash=10200)
    pay(counter, 2, cash=10300)
    pin_hashes = [u.pin_hash for u in (counter.cashier, counter.supervisor)]
    counter.close()
    write_private(data_dir / "config.toml",
                  f'[ledger]\nurl = "https://127.0.0.1:9"\ntoken = "{TOKEN}"\n')
    logs = logs_dir(data_dir)
    logs.mkdir()
    # A line from before masking existed: the bundle must still not carry the token.
    (logs / LOG_FILE).write_text(f"2026-12-01 INFO old: token={TOKEN}\n", encoding="utf-8")

    made = run_cli(data_dir, "backup", "now")
    assert made.returncode == 0, made.stderr
    out = tmp_path / "support" / "bundle.zip"
    done = run_cli(data_dir, "diagnose", "--out", str(out))
    assert done.returncode == 0, done.stderr

    with zipfile.ZipFile(out) as bundle:
        names = set(bundle.namelist())
        contents = {n: bundle.read(n) for n in names}
    assert {"report.json", "config.toml", f"logs/{LOG_FILE}"} <= names
    for name, data in contents.items():
        assert TOKEN.encode() not in data, name
        for h in pin_hashes:
            assert h.encode() not in data, name
    report = json.loads(contents["report.json"])
    assert report["store"]["queued"] == 2 and report["store"]["audit_chain"] == "ok"
    assert report["backups"]["count"] == 1
    assert report["ledger"] == {"url": "https://127.0.0.1:9", "token_set": True}
    assert b'token = "<set>"' in contents["config.toml"]
    assert b"backup" in contents[f"logs/{LOG_FILE}"]  # the backup command's own log line
