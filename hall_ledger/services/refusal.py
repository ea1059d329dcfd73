"""The refusal of one outbox item (answered 422 with its code; the batch goes on)."""

from __future__ import annotations


class ItemRefused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
