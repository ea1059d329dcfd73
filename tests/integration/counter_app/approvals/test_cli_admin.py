"""`counter-app admin`: audit list with filters, user changes by an admin only (real store file)."""

from __future__ import annotations

from counter_app.cli import main
from tests.helpers.cash_fixtures import PIN, SUP_PIN


def run(data_dir, *argv) -> int:
    return main(["--data-dir", str(data_dir), *argv])


def test_admin_commands(counter, capsys):
    c = counter
    c.store.close()
    d = c.store.path.parent
    assert run(d, "admin", "set-role", "1002", "supervisor", "--as", "9001", "--pin", PIN) == 0
    assert run(d, "admin", "disable-user", "1002", "--as", "9001", "--pin", PIN) == 0
    assert run(d, "admin", "reset-pin", "1001", "--new-pin", "7777", "--as", "9001", "--pin", PIN) == 0
    capsys.readouterr()
    assert run(d, "admin", "disable-user", "1001", "--as", "2001", "--pin", SUP_PIN) == 1
    assert "may not manage users" in capsys.readouterr().err
    assert run(d, "admin", "audit-list", "--action", "user", "--user", "9001", "--as", "2001",
               "--pin", SUP_PIN, "--raw") == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split("\t")[4] for line in lines] == ["user.reset_pin", "user.disable",
                                                        "user.set_role"]
    assert run(d, "admin", "audit-list", "--action", "user", "--user", "9001", "--as", "2001",
               "--pin", SUP_PIN) == 0
    out = capsys.readouterr().out  # sentences, not codes and JSON
    assert "Role of user 1002 changed from cashier to supervisor" in out
    assert "PIN of user 1001 reset" in out and "user.set_role" not in out and "{" not in out
    assert run(d, "admin", "audit-list", "--as", "1001", "--pin", "7777") == 1  # cashier
    assert run(d, "audit", "verify") == 0


def test_data_dir_may_follow_the_action(counter, capsys):
    counter.store.close()
    d = str(counter.store.path.parent)
    assert main(["admin", "audit-list", "--as", "2001", "--pin", SUP_PIN, "--data-dir", d]) == 0
