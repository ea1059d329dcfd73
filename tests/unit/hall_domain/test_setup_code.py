"""The counter's setup code reads back exactly what was written, and refuses anything else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hall_domain.errors import DomainError
from hall_domain.setup_code import SetupCode, SetupCodeError, read_setup_code

ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,15}", fullmatch=True)
tokens = st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1,
                 max_size=80)


@given(hall=ids, terminal=ids, token=tokens, port=st.integers(1, 65535))
def test_round_trip(hall, terminal, token, port):
    code = SetupCode(f"https://ledger.example:{port}/base", hall, terminal, token)
    assert read_setup_code("  " + code.text() + "\r\n") == code


@pytest.mark.parametrize("text", [
    "",
    "https://ledger.example",  # an address, not a code
    "hallcounter:setup?v=2&url=https%3A%2F%2Fa&hall=H1&terminal=T1&token=x",  # another version
    "hallcounter:setup?v=1&url=ftp%3A%2F%2Fa&hall=H1&terminal=T1&token=x",  # not http(s)
    "hallcounter:setup?v=1&url=https%3A%2F%2Fa&hall=H1&terminal=T1",  # no token
    "hallcounter:setup?v=1&url=https%3A%2F%2Fa&hall=H+1&terminal=T1&token=x",  # bad hall id
    "hallcounter:setup?v=1&url=https%3A%2F%2Fa&hall=H1&hall=H2&terminal=T1&token=x",  # twice
])
def test_refused(text):
    with pytest.raises(DomainError) as caught:
        read_setup_code(text)
    # a bad id is refused by the id rule itself, in its own words
    assert caught.value.code in ("setup_code.invalid", "id.hall")
    assert isinstance(caught.value, SetupCodeError) or "H+1" in text
