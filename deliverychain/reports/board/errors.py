"""The one error a report raises for a request it cannot meet (exit 2 on the command line)."""

from __future__ import annotations


class ReportError(Exception):
    """A report that cannot be made as asked: a bad template, no browser to print with."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
