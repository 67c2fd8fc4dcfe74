"""Exceptions that carry findings to the edge (CLI or API caller)."""

from __future__ import annotations

from deliverychain.findings import Finding


class ChainError(Exception):
    """The chain file could not be loaded; `problems` says where and why."""

    def __init__(self, problems: list[Finding]) -> None:
        self.problems = problems
        first = problems[0] if problems else None
        where = f"{first.location}: " if first and first.location else ""
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{where}{first.message if first else 'invalid chain'}{more}")


class UsageError(Exception):
    """The user asked for something that cannot be done (bad option, unwritable output)."""
