"""StoreError: the local store cannot be opened or used; the message names the file and cause."""

from __future__ import annotations


class StoreError(RuntimeError):
    """The store file is missing, unwritable, corrupt or misconfigured.

    Shaped like `domain.errors.DomainError` (stable `code`, plain `message`, `params`) so a
    front end can show and translate it the same way.
    """

    def __init__(self, message: str, *, code: str = "store", **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params

    def __str__(self) -> str:
        return self.message
