"""Durations in the chain format: how old data is when it arrives (`lag`), and how old is too old.

Two spellings are accepted: the short one people write (`2y`, `18m`, `6w`, `10d`; one
number and one unit) and ISO 8601 (`P2Y`, `P1Y6M`, `P6W`, `P10D`; no time part). A duration
is compared in days: a year is 365 days and a month 30, so `12m` is a little less than `1y`.
"""

from __future__ import annotations

import re

#: How old data may be when it arrives before the receiver cannot act on it (DC205).
DEFAULT_STALE_AFTER = "1y"

#: The pattern the format accepts (the JSON Schema carries it too).
PATTERN = (r"^([0-9]+[ymwd]|P([0-9]+Y([0-9]+M)?([0-9]+W)?([0-9]+D)?|[0-9]+M([0-9]+W)?([0-9]+D)?"
           r"|[0-9]+W([0-9]+D)?|[0-9]+D))$")
_DAYS = {"y": 365, "m": 30, "w": 7, "d": 1}
_ISO = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?")


def days(text: str) -> int:
    """The duration in days; ValueError for text that is not a duration of the format."""
    if not re.fullmatch(PATTERN, text):
        raise ValueError(f"not a duration: {text!r} (write it as 2y, 18m, 6w, 10d or P1Y6M)")
    if text.startswith("P"):
        match = _ISO.fullmatch(text)
        assert match is not None
        years, months, weeks, days_ = (int(g or 0) for g in match.groups())
        return years * 365 + months * 30 + weeks * 7 + days_
    return int(text[:-1]) * _DAYS[text[-1]]


def spoken(text: str) -> str:
    """'2 years', '18 months', '1 year and 6 months': a duration as a report says it."""
    if not text.startswith("P"):
        number, unit = int(text[:-1]), text[-1]
        parts = [(number, unit)]
    else:
        match = _ISO.fullmatch(text)
        assert match is not None
        parts = [(int(g), u) for g, u in zip(match.groups(), "ymwd", strict=True) if g]
    nouns = {"y": "year", "m": "month", "w": "week", "d": "day"}
    words = [f"{n:,} {nouns[u]}{'' if n == 1 else 's'}" for n, u in parts]
    return " and ".join(words) if len(words) <= 2 else ", ".join(words[:-1]) + " and " + words[-1]
