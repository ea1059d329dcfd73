"""Reader settings from the config, port opening by URL, port listing."""

from __future__ import annotations

import pytest
import serial
from serial.tools.list_ports_common import ListPortInfo

from counter_app.adapters.card_reader import (
    CardReader,
    ReaderSettings,
    ReaderState,
    list_serial_ports,
    open_serial,
    port_info,
)
from counter_app.config import Config


def test_settings_from_config_defaults_and_overrides():
    settings = ReaderSettings.from_config(Config())
    assert settings == ReaderSettings()
    config = Config(
        {
            "card_reader.port": "socket://127.0.0.1:7000",
            "card_reader.protocol": "stx-etx",
            "card_reader.baudrate": 19200,
            "card_reader.bytesize": 7,
            "card_reader.parity": "E",
            "card_reader.stopbits": 2.0,
            "card_reader.debounce_seconds": 0.5,
            "counter.account_length": 12,
        }
    )
    settings = ReaderSettings.from_config(config)
    assert settings.describe() == "socket://127.0.0.1:7000 stx-etx 19200 7E2"
    assert settings.account_length == 12
    assert settings.replace(port=None, baudrate=4800).baudrate == 4800
    assert settings.replace(port=None).port == "socket://127.0.0.1:7000"
    assert Config(settings.config_values()).get("card_reader.parity") == "E"


def test_unknown_protocol_refused():
    with pytest.raises(ValueError, match="unknown card-reader protocol"):
        ReaderSettings(protocol="wiegand")


@pytest.mark.parametrize("stopbits", [1.0, 1.5, 2.0])
def test_open_serial_applies_line_settings(stopbits):
    settings = ReaderSettings(
        port="loop://", baudrate=19200, bytesize=7, parity="O", stopbits=stopbits
    )
    port = open_serial(settings, timeout=0.05)
    try:
        assert port.is_open
        assert (port.baudrate, port.bytesize, port.parity, port.stopbits) == (
            19200,
            7,
            "O",
            stopbits,
        )
        assert port.timeout == 0.05
    finally:
        port.close()


def test_open_serial_errors_for_missing_device_and_unknown_scheme():
    with pytest.raises(serial.SerialException, match="could not open port"):
        open_serial(ReaderSettings(port="/dev/does-not-exist-card-reader"))
    with pytest.raises(ValueError, match="protocol 'nope' not known"):
        open_serial(ReaderSettings(port="nope://x"))


def test_port_info_from_pyserial():
    usb = ListPortInfo("/dev/ttyUSB0", skip_link_detection=True)
    usb.description, usb.vid, usb.pid, usb.manufacturer = (
        "USB-Serial Controller",
        0x067B,
        0x2303,
        "Prolific",
    )
    plain = ListPortInfo("/dev/ttyS0", skip_link_detection=True)
    ports = list_serial_ports(lambda: [usb, plain])
    assert [p.device for p in ports] == ["/dev/ttyS0", "/dev/ttyUSB0"]
    assert ports[0].description == "" and ports[0].vid_pid == ""  # pyserial's "n/a" hidden
    assert ports[1].vid_pid == "067B:2303"
    assert ports[1].label == "/dev/ttyUSB0 USB-Serial Controller [067B:2303]"
    assert port_info(usb).manufacturer == "Prolific"


def test_list_serial_ports_survives_a_failing_driver():
    def broken():
        raise OSError("sysfs unreadable")

    assert list_serial_ports(broken) == []


def test_reader_without_port_is_not_configured_and_starts_no_thread():
    states = []
    reader = CardReader(ReaderSettings(port=""), on_card=print, on_state=states.append)
    reader.start()
    assert states == [ReaderState.NOT_CONFIGURED]
    assert not reader.running
    assert reader.stop() is True
