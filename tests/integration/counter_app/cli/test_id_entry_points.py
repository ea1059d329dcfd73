"""One id rule (domain/inputs.py) at every entry point: a non-ASCII terminal id such as 柜台1 is
refused by `counter-app init`, the config file, `counter-app ledger connect`,
`counter-ledger terminal add` and the ledger's wire, each with a message naming the rule."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from counter_app import cli as counter_cli
from counter_app.config import Config, ConfigError
from hall_domain.errors import DomainError
from hall_domain.inputs import validate_hall_id, validate_terminal_id
from hall_ledger import cli as ledger_cli
from hall_ledger.wire import AuditHeadIn, PaymentIn

BAD_IDS = ["柜台1", "T01\n", "T 01", "", "T" * 33, "T01\u200b", "\u202eT01", "-T01", "T.01",
           "Ｔ01", "T01;", "T/01"]
GOOD_IDS = ["T01", "H001", "t-01_a", "1", "A" * 32]


@pytest.mark.parametrize("value", BAD_IDS)
def test_the_domain_rule_refuses(value):
    for check in (validate_terminal_id, validate_hall_id):
        with pytest.raises(DomainError) as e:
            check(value)
        assert "ASCII letters, digits" in e.value.message


@pytest.mark.parametrize("value", GOOD_IDS)
def test_the_domain_rule_accepts(value):
    assert validate_terminal_id(value) == value and validate_hall_id(value) == value


def test_counter_init_refuses_and_saves_nothing(tmp_path, capsys):
    code = counter_cli.main(["init", "--data-dir", str(tmp_path), "--terminal", "柜台1"])
    err = capsys.readouterr().err
    assert code == 1
    assert "terminal.id" in err and "柜台1" in err and "ASCII letters, digits" in err
    assert not (tmp_path / "config.toml").exists() and not (tmp_path / "counter.db").exists()
    code = counter_cli.main(["init", "--data-dir", str(tmp_path), "--terminal", "T01",
                             "--hall", "营业厅"])
    assert code == 1 and "terminal.hall_id" in capsys.readouterr().err
    assert not (tmp_path / "config.toml").exists()


def test_counter_init_accepts_a_good_id(tmp_path, capsys):
    assert counter_cli.main(["init", "--data-dir", str(tmp_path), "--terminal", "T07",
                             "--hall", "H002"]) == 0
    text = (tmp_path / "config.toml").read_text(encoding="utf-8")
    assert 'id = "T07"' in text and 'hall_id = "H002"' in text


@pytest.mark.parametrize("key", ["id", "hall_id"])
def test_config_load_refuses_a_hand_edited_id(tmp_path, key):
    path = tmp_path / "config.toml"
    path.write_text(f'[terminal]\n{key} = "柜台1"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        Config.load(path)
    assert f"terminal.{key}" in str(e.value) and "ASCII letters, digits" in str(e.value)


def test_ledger_connect_refuses_before_contacting_the_ledger(tmp_path, capsys):
    (tmp_path / "config.toml").write_text('[terminal]\nid = "柜台1"\n', encoding="utf-8")
    # Port 9 on loopback: nothing listens; the command must stop before it tries.
    code = counter_cli.main(["ledger", "connect", "--data-dir", str(tmp_path),
                             "--url", "http://127.0.0.1:9", "--token", "hcl_x"])
    err = capsys.readouterr().err
    assert code == 1 and "terminal.id" in err and "ASCII letters, digits" in err
    assert "cannot use the ledger" not in err


def test_ledger_terminal_add_refuses(tmp_path, capsys):
    db = ["--db", f"sqlite:///{tmp_path / 'ledger.db'}"]
    assert ledger_cli.main(["init-db", *db]) == 0
    capsys.readouterr()
    for terminal, hall in (("柜台1", "H001"), ("T01", "营业厅1"), ("T01\n", "H001")):
        code = ledger_cli.main(["terminal", "add", *db, "--terminal", terminal, "--hall", hall])
        out = capsys.readouterr()
        assert code == 1 and "ASCII letters, digits" in out.err and "hcl_" not in out.out
    assert ledger_cli.main(["terminal", "list", *db]) == 0
    assert capsys.readouterr().out.strip() == ""
    assert ledger_cli.main(["terminal", "add", *db, "--terminal", "T01", "--hall", "H001"]) == 0


def test_ledger_demo_data_and_imports_refuse_a_bad_hall(tmp_path, capsys):
    db = ["--db", f"sqlite:///{tmp_path / 'ledger.db'}"]
    assert ledger_cli.main(["init-db", *db]) == 0
    csv = tmp_path / "c.csv"
    csv.write_text("account_no,name,address,phone,user_type,area\n", encoding="utf-8")
    capsys.readouterr()
    assert ledger_cli.main(["import-customers", *db, "--hall", "营业厅1", str(csv)]) == 1
    assert "ASCII letters, digits" in capsys.readouterr().err


def test_the_wire_refuses_the_same_ids():
    head = {"terminal_id": "T01", "seq": 1, "hash": "0" * 64, "at": "2026-04-04T10:00:00"}
    assert AuditHeadIn.model_validate(head)
    for bad in ("柜台1", "T.01", "T01\u200b"):
        with pytest.raises(ValidationError, match="ASCII letters, digits"):
            AuditHeadIn.model_validate({**head, "terminal_id": bad})
    with pytest.raises(ValidationError, match="ASCII letters, digits"):
        PaymentIn.model_validate({"terminal_id": "柜台1"})
