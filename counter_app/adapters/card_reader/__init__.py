"""Customer card reader on a serial port: frame decoders, the reader thread, port listing."""

from .debounce import Debouncer
from .frames import (
    PROTOCOLS,
    FrameDecoded,
    FrameEvent,
    FrameRejected,
    LineDecoder,
    StxEtxDecoder,
    encode,
    encode_line,
    encode_stx_etx,
    make_decoder,
)
from .ports import PortInfo, list_serial_ports, open_serial, port_info
from .reader import Backoff, CardReader, ReaderState
from .settings import ReaderSettings

__all__ = [
    "PROTOCOLS",
    "Backoff",
    "CardReader",
    "Debouncer",
    "FrameDecoded",
    "FrameEvent",
    "FrameRejected",
    "LineDecoder",
    "PortInfo",
    "ReaderSettings",
    "ReaderState",
    "StxEtxDecoder",
    "encode",
    "encode_line",
    "encode_stx_etx",
    "list_serial_ports",
    "make_decoder",
    "open_serial",
    "port_info",
]
