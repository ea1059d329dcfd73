"""bootstrap returns one typed CounterApp holding every collaborator; no registry dict."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

import counter_app
from counter_app.bootstrap import CounterApp, bootstrap
from counter_app.config import Config
from counter_app.ledger_link import LedgerAccess


def test_the_app_holds_its_collaborators_typed(tmp_path):
    app = bootstrap(config=Config(), data_dir=tmp_path)
    try:
        fields = dataclasses.fields(CounterApp)
        names = {f.name for f in fields}
        assert "extras" not in names and not hasattr(app, "extras")
        untyped = [f.name for f in fields if "Any" in str(f.type)]
        assert untyped == []  # every collaborator names its port or driver type
        with pytest.raises(dataclasses.FrozenInstanceError):
            app.store = None  # type: ignore[misc]
        assert app.ledger is None  # no ledger.url, not a demo
        for name in ("store", "sync_store", "cash_store", "print_job_store", "printers",
                     "card_readers", "documents", "ledger_link_factory", "backups"):
            assert getattr(app, name) is not None, name
        # The narrow stores are views of the one store file.
        assert app.cash_store.path == app.store.path == app.sync_store.path
        link = app.start_ledger_link()  # no ledger: a status source only, no relay thread
        assert (link.configured, link.relay, link.limits) == (False, None, None)
        assert link.status.ledger_status().configured is False
    finally:
        app.close()


def test_a_configured_ledger_is_the_apps_ledger_port(tmp_path):
    config = Config({"ledger.url": "http://127.0.0.1:9", "ledger.token": "hcl_x"})
    app = bootstrap(config=config, data_dir=tmp_path)
    try:
        assert isinstance(app.ledger, LedgerAccess) and not app.ledger.embedded
        assert app.ledger.address() == ("http://127.0.0.1:9", "hcl_x")
    finally:
        app.close()


def test_a_demo_without_a_ledger_gets_the_embedded_one(tmp_path):
    from counter_app.ledger_link import ledger_access

    access = ledger_access(Config(), data_dir=tmp_path, demo=True)  # as bootstrap(demo=True)
    assert access is not None and access.embedded  # started on first use, not here
    assert ledger_access(Config(), data_dir=tmp_path, demo=False) is None


def test_no_module_reads_a_registry_dict():
    root = Path(counter_app.__file__).parent
    hits = [f"{p.relative_to(root)}:{i}" for p in root.rglob("*.py")
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if re.search(r"\bextras\b\s*(\[|\.get\(|=)", line)]
    assert hits == []
