"""Small helpers that make findings read like sentences: counts, lists of names."""

from __future__ import annotations

from collections.abc import Sequence


def count(n: int, noun: str, plural: str | None = None) -> str:
    """'1 practice actor', '6,212 practice actors'."""
    word = noun if n == 1 else (plural or f"{noun}s")
    return f"{n:,} {word}"


def join_names(names: Sequence[str], limit: int = 3, conjunction: str = "and", total: int | None = None) -> str:
    """'A', 'A and B', 'A, B and C', 'A, B, C and 4 more'.

    `total` is how many there are when only the first `limit` names are given: a folded
    finding about 30,000 actors shows three names, and need not look up the rest.
    """
    items = list(names)
    total = len(items) if total is None else total
    if not total:
        return ""
    if total > limit:
        shown, rest = items[:limit], total - limit
        return f"{', '.join(shown)} {conjunction} {rest:,} more"
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def quoted(text: str) -> str:
    return f"'{' '.join(text.split())}'"
