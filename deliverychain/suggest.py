"""'Did you mean ...?' for keys, terms and ids."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

# Above this many candidates, only those that look alike at a glance are compared.
_PREFILTER_ABOVE = 2000


def closest(word: str, candidates: Iterable[str]) -> str | None:
    pool = list(candidates)
    if len(pool) > _PREFILTER_ABOVE:
        lowered = word.lower()
        pool = [c for c in pool if abs(len(c) - len(word)) <= 2 and c[:1].lower() == lowered[:1]]
    by_lower = {c.lower(): c for c in pool}
    if word.lower() in by_lower:
        return by_lower[word.lower()]
    match = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[match[0]] if match else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    match = closest(word, candidates)
    return f"did you mean '{match}'?" if match else ""


def one_of(terms: Iterable[str]) -> str:
    return ", ".join(terms)
