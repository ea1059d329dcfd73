"""Domain errors: each carries a stable code (for translation) and a plain message."""

from __future__ import annotations


class DomainError(ValueError):
    """A rule of the business was broken; `code` is stable, `message` is for people."""

    code = "domain"

    def __init__(self, message: str, *, code: str | None = None, **params: object) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message
        self.params = params

    def __str__(self) -> str:
        return self.message


class MoneyError(DomainError):
    code = "money"


class AccountError(DomainError):
    code = "account"


class TenderError(DomainError):
    code = "tender"


class ShiftError(DomainError):
    code = "shift"


class PaymentError(DomainError):
    code = "payment"


class AuthError(DomainError):
    code = "auth"


class PermissionDenied(DomainError):
    code = "permission"
