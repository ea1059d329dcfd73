"""The setup code of a counter: its ledger address, hall, terminal and token in one line of text
that `counter-ledger terminal add --qr` prints as a QR code and the first-run wizard reads back
(a hall's barcode scanner types what it scans, like a keyboard).

    hallcounter:setup?v=1&url=https%3A%2F%2Fledger%3A8443&hall=H001&terminal=T01&token=...
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

from .errors import DomainError
from .inputs import validate_hall_id, validate_terminal_id

PREFIX = "hallcounter:setup?"
VERSION = "1"


@dataclass(frozen=True, slots=True)
class SetupCode:
    ledger_url: str
    hall_id: str
    terminal_id: str
    token: str

    def text(self) -> str:
        return PREFIX + urlencode({"v": VERSION, "url": self.ledger_url, "hall": self.hall_id,
                                   "terminal": self.terminal_id, "token": self.token})


class SetupCodeError(DomainError):
    code = "setup_code.invalid"


def read_setup_code(text: str) -> SetupCode:
    """The code in `text` (spaces and line ends around it are ignored), or SetupCodeError."""
    text = text.strip()
    if not text.startswith(PREFIX):
        raise SetupCodeError("not a Hall Counter setup code")
    fields = parse_qs(text[len(PREFIX):], keep_blank_values=True, strict_parsing=False)

    def one(name: str) -> str:
        values = fields.get(name) or [""]
        if len(values) != 1 or not values[0].strip():
            raise SetupCodeError(f"the setup code has no {name}", field=name)
        return values[0].strip()

    if one("v") != VERSION:
        raise SetupCodeError("the setup code is of another version", field="v")
    url = one("url")
    if not (url.startswith("http://") or url.startswith("https://")):
        raise SetupCodeError("the setup code's ledger address is not http(s)", field="url")
    return SetupCode(ledger_url=url, hall_id=validate_hall_id(one("hall")),
                     terminal_id=validate_terminal_id(one("terminal")), token=one("token"))
