"""Settings: declared once, loaded from TOML, bad values refused with the setting named."""

from __future__ import annotations

import tomllib

import pytest

from counter_app.config import SETTINGS, Config, ConfigError, sample_config_text


def test_every_setting_declared_once_with_description():
    keys = [s.key for s in SETTINGS]
    assert len(keys) == len(set(keys))
    assert all(s.description and "." in s.key for s in SETTINGS)
    for s in SETTINGS:
        assert isinstance(s.default, s.type), s.key


def test_missing_file_gives_defaults(tmp_path):
    cfg = Config.load(tmp_path / "nope.toml")
    assert cfg["terminal.id"] == "T01"
    assert cfg["ui.idle_lock_minutes"] == 5
    assert cfg.changed() == {}


def test_load_and_save_round_trip(tmp_path):
    path = tmp_path / "c.toml"
    cfg = Config.load(path)
    cfg.set("terminal.id", "T07")
    cfg.set("printer.width", 58)
    cfg.set("printer.footer", 'say "hi" \\ 谢谢')
    cfg.save()
    again = Config.load(path)
    assert again["terminal.id"] == "T07"
    assert again["printer.width"] == 58
    assert again["printer.footer"] == 'say "hi" \\ 谢谢'
    assert again.changed() == {"terminal.id": "T07", "printer.width": 58,
                               "printer.footer": 'say "hi" \\ 谢谢'}


def test_sample_config_is_valid_toml_with_all_settings():
    data = tomllib.loads(sample_config_text())
    flat = {f"{sec}.{k}" for sec, table in data.items() for k in table}
    assert flat == {s.key for s in SETTINGS}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[printer]\nwidth = 70\n", "printer.width is 70"),
        ("[ui]\nidle_lock_minutes = 0\n", "ui.idle_lock_minutes is 0"),
        ("[ui]\nidle_lock_minutes = \"5\"\n", "ui.idle_lock_minutes must be a whole number"),
        ("[late_fee]\nminimum_enabled = 1\n", "late_fee.minimum_enabled must be true or false"),
        ("[printer]\nuri = \"192.168.1.9\"\n", "printer.uri is '192.168.1.9'"),
        ("[nosuch]\nthing = 1\n", "unknown setting nosuch.thing"),
        ("terminal = 3\n", "must be a [section]"),
        ("[terminal\n", "not valid TOML"),
    ],
)
def test_bad_values_name_the_setting_and_the_file(tmp_path, text, fragment):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        Config.load(path)
    assert fragment in str(info.value)
    assert str(path) in str(info.value)
