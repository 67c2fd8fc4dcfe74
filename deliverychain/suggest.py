"""'Did you mean ...?' for keys, terms and ids.

A file with a thousand unknown references asks a thousand times among perhaps a hundred
thousand ids, so a `Suggester` is made once per set of candidates and bounds the work of
each question. Only candidates of a length that could match are looked at (difflib's
ratio of 0.6 needs the shorter at least 3/7 of the longer), about `_COMPARED` of them: a
share of each length, those nearest in alphabetical order, read forwards and backwards.
Each word's answer is kept, and all the questions together stop comparing after `_BUDGET`
comparisons. Everything is in sorted order, so the answer never depends on the order of a
set (PYTHONHASHSEED), even among ids that differ only in case.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections.abc import Iterable

#: Candidates compared in full with one word, at most: enough for every key and term list,
#: and for the ids nearest in length to a misspelt one.
_COMPARED = 100
#: Comparisons for all the words one `Suggester` is asked about (some 0.5 s); past them, only
#: a difference of case is suggested. Files with that many unknown references were not typed
#: by hand, and the first hints show what is wrong.
_BUDGET = 20_000
_CUTOFF = 0.6


class Suggester:
    """The closest of a fixed set of candidates to any word asked about."""

    def __init__(self, candidates: Iterable[str]) -> None:
        by_lower: dict[str, str] = {}
        for candidate in sorted(set(candidates)):  # sorted: the first spelling of a lower-case form wins
            by_lower.setdefault(candidate.lower(), candidate)
        self._by_lower = by_lower
        # lower-case forms by length, then text: those of one length and first letter are a slice
        self._keys = sorted((len(c), c) for c in by_lower)
        # and by length, then text read backwards: a slip near the start keeps the end
        self._backwards = sorted((len(c), c[::-1]) for c in by_lower)
        self._sizes = sorted({size for size, _ in self._keys})
        self._answers: dict[str, str | None] = {}
        self._budget = _BUDGET

    def closest(self, word: str) -> str | None:
        if word not in self._answers:
            self._answers[word] = self._find(word)
        return self._answers[word]

    def did_you_mean(self, word: str) -> str:
        match = self.closest(word)
        return f"did you mean '{match}'?" if match else ""

    def _find(self, word: str) -> str | None:
        lowered = word.lower()
        if lowered in self._by_lower:
            return self._by_lower[lowered]
        if self._budget <= 0:
            return None
        pool = self._nearest(lowered)
        self._budget -= len(pool)
        match = difflib.get_close_matches(lowered, pool, n=1, cutoff=_CUTOFF)
        return self._by_lower[match[0]] if match else None

    def _nearest(self, lowered: str) -> list[str]:
        """About `_COMPARED` candidates of a length that could match, a share of each length:
        those nearest in alphabetical order, half by their beginnings and half by their ends."""
        size = len(lowered)
        lengths = sorted((n for n in self._sizes if size * 3 <= n * 7 and n * 3 <= size * 7),
                         key=lambda n: (abs(n - size), n))
        pool: set[str] = set()
        share = max(4, _COMPARED // max(1, len(lengths)))  # every length has its say
        for length in lengths:
            for keys, word, turn in ((self._keys, lowered, 1), (self._backwards, lowered[::-1], -1)):
                first, end = bisect_left(keys, (length, "")), bisect_left(keys, (length + 1, ""))
                at = bisect_left(keys, (length, word), first, end)
                start = max(first, min(at - share // 4, end - share // 2))
                pool.update(c[::turn] for _, c in keys[start:min(end, start + share // 2)])
        return sorted(pool)


def closest(word: str, candidates: Iterable[str]) -> str | None:
    return Suggester(candidates).closest(word)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    return Suggester(candidates).did_you_mean(word)


def one_of(terms: Iterable[str]) -> str:
    return ", ".join(terms)
