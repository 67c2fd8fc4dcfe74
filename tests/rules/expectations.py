"""How a case in tests/fixtures/rules and tests/fixtures/full_audit says what a finding must be.

A finding is written [rule, subject, line, column], or as a mapping with those keys and
any of: `severity`; `ghost` (the link that should exist); `trace` (the loop's actors);
`says` and `hint` (a list: words the message and the hint contain; one string: the whole
message or hint, word for word); `related` ([line, column, note] of each related place);
`data` (values the finding carries); `accepted` (the reason of the ignore entry that
accepts it).
"""

from __future__ import annotations

from typing import Any

from deliverychain.findings import Finding


def expected(item: list[Any] | dict[str, Any]) -> dict[str, Any]:
    if isinstance(item, list):
        rule, subject, line, column = item
        return {"rule": rule, "subject": subject, "line": line, "column": column}
    return item


def check_details(finding: Finding, want: dict[str, Any]) -> None:
    """Everything but the rule, subject and place (compared for all findings at once)."""
    if "severity" in want:
        assert finding.severity == want["severity"]
    if "ghost" in want:
        assert finding.extra.get("ghost_link") == want["ghost"]
    if "trace" in want:
        assert list(finding.trace) == want["trace"]
    _check_text("message", finding.message, want.get("says", []))
    _check_text("hint", finding.hint, want.get("hint", []))
    if "related" in want:
        assert [[r.location.line, r.location.column, r.message] for r in finding.related] == want["related"]
    for key, value in want.get("data", {}).items():
        assert finding.extra.get(key) == value, f"{key}: {finding.extra.get(key)!r}, not {value!r}"


def _check_text(what: str, text: str, want: str | list[str]) -> None:
    """One string is the whole text; a list holds words the text must contain."""
    if isinstance(want, str):
        assert text == want, f"{what} {text!r}, not {want!r}"
    else:
        for words in want:
            assert words in text, f"{words!r} not in {what} {text!r}"
