"""Secret-bearing files: config.toml is written 0600 atomically and refused at load when other
users can read it while it holds the ledger token; the ledger token and the ledger database
URL come from a file, the environment or a prompt instead of the command line."""

from __future__ import annotations

import argparse
import io
import os
import stat

import pytest

from counter_app.cli.sync import TOKEN_ENV, TokenMissing, read_token
from counter_app.config import Config, ConfigError
from hall_ledger import cli as ledger_cli

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_config_is_written_0600_even_over_a_0644_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[terminal]\nid = \"T01\"\n")
    path.chmod(0o644)
    cfg = Config.load(path)
    cfg.set("ledger.token", "hcl_secret_value")
    cfg.save()
    assert mode(path) == 0o600
    assert Config.load(path)["ledger.token"] == "hcl_secret_value"
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]  # no temp file left


def test_new_config_file_is_0600_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        saved = Config({"terminal.id": "T02"}).save(tmp_path / "sub" / "config.toml")
    finally:
        os.umask(old)
    assert mode(saved) == 0o600


@pytest.mark.parametrize("bits", [0o640, 0o604, 0o644])
def test_token_in_a_readable_config_is_refused_with_the_fix(tmp_path, bits):
    path = Config({"ledger.token": "hcl_x"}).save(tmp_path / "config.toml")
    path.chmod(bits)
    with pytest.raises(ConfigError) as err:
        Config.load(path)
    assert "chmod 600" in str(err.value) and str(path) in str(err.value)
    assert "hcl_x" not in str(err.value)


def test_readable_config_without_a_token_still_loads(tmp_path):
    path = Config({"terminal.id": "T03"}).save(tmp_path / "config.toml")
    path.chmod(0o644)
    assert Config.load(path)["terminal.id"] == "T03"


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def ns(**kw) -> argparse.Namespace:
    return argparse.Namespace(**{"token": None, "token_file": None, **kw})


def test_token_from_file_env_prompt_and_flag(tmp_path, capsys):
    f = tmp_path / "token"
    f.write_text("hcl_from_file\n")
    f.chmod(0o600)
    assert read_token(ns(token_file=f), environ={TOKEN_ENV: "hcl_env"}) == "hcl_from_file"
    assert read_token(ns(), environ={TOKEN_ENV: " hcl_env "}) == "hcl_env"
    asked = []
    assert read_token(ns(), environ={}, stdin=FakeTty(),
                      prompt=lambda text: asked.append(text) or "hcl_typed") == "hcl_typed"
    assert asked and "not shown" in asked[0]
    assert capsys.readouterr().err == ""  # none of these warns
    assert read_token(ns(token="hcl_flag"), environ={}) == "hcl_flag"
    assert "other users can read it" in capsys.readouterr().err


def test_token_missing_or_in_a_readable_file_is_refused(tmp_path):
    with pytest.raises(TokenMissing):
        read_token(ns(), environ={}, stdin=io.StringIO())  # not a terminal: no prompt
    f = tmp_path / "token"
    f.write_text("hcl_x\n")
    f.chmod(0o644)
    with pytest.raises(TokenMissing, match="chmod 600"):
        read_token(ns(token_file=f), environ={})


def _db_args(*argv: str) -> argparse.Namespace:
    return ledger_cli.build_parser().parse_args(["verify", *argv])


def test_ledger_db_url_from_env_file_and_password_file(tmp_path, capsys):
    url = "postgresql://ledger:s3cret@127.0.0.1:5432/ledger"
    assert ledger_cli._db_url(_db_args(), environ={"COUNTER_LEDGER_DB": url}) \
        == "postgresql+psycopg://ledger:s3cret@127.0.0.1:5432/ledger"
    assert "s3cret" in ledger_cli._db_url(_db_args(), environ={"DATABASE_URL": url})
    f = tmp_path / "db-url"
    f.write_text(url + "\n")
    f.chmod(0o600)
    assert "s3cret" in ledger_cli._db_url(_db_args("--db-file", str(f)), environ={})
    pw = tmp_path / "db-password"
    pw.write_text("p@ss:w/rd\n")
    pw.chmod(0o600)
    got = ledger_cli._db_url(_db_args("--db", "postgresql://ledger@127.0.0.1/ledger",
                                      "--db-password-file", str(pw)), environ={})
    from sqlalchemy.engine import make_url

    assert make_url(got).password == "p@ss:w/rd"
    assert capsys.readouterr().err == ""  # no warning: nothing secret on the command line
    ledger_cli._db_url(_db_args("--db", url), environ={})
    assert "visible to other users" in capsys.readouterr().err
    pw.chmod(0o644)
    with pytest.raises(ledger_cli.CliError, match="chmod 600"):
        ledger_cli._db_url(_db_args("--db", "postgresql://ledger@h/l",
                                    "--db-password-file", str(pw)), environ={})
