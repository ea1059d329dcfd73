"""Refusals of the SMS services, with the API status and a stable code."""

from __future__ import annotations


class SmsError(Exception):
    """A request the SMS services refuse; `code` is collections.sms.<what>."""

    def __init__(self, status: int, what: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, f"collections.sms.{what}", message
