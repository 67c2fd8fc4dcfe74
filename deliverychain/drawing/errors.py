"""The one error a render raises for a request it cannot honour (unknown view, no `dot`)."""

from __future__ import annotations

from deliverychain.errors import UsageError


class RenderError(UsageError):
    """What went wrong, with a hint the CLI prints on its own line."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message
