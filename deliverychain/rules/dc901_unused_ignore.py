"""DC901 unused-ignore: an entry of the chain's `ignore:` list matched no finding.

A stale entry reads as a decision nobody took any more, and would silently hide a new
finding with the same subject later. Never itself suppressed by `ignore:` entries.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from deliverychain.findings import Severity
from deliverychain.rules.base import Description, IgnoreReview, Rule
from deliverychain.rules.ignores import rule_key, subject_matches

if TYPE_CHECKING:
    from deliverychain.model import IgnoreEntry


def review(ignores: IgnoreReview) -> Iterator[Description]:
    if not ignores.unused:
        return
    subjects: dict[str, set[str]] = {}  # by rule id and by name, for the did-you-mean
    renamed: dict[str, list[tuple[str, str]]] = {}  # by rule: (subject before 0.2.0, subject now)
    for finding in ignores.findings:
        subjects.setdefault(finding.rule_id, set()).add(finding.subject)
        subjects.setdefault(finding.rule_name, set()).add(finding.subject)
        before = finding.extra.get("previous_subject")
        if isinstance(before, str):
            for key in (finding.rule_id, finding.rule_name):
                renamed.setdefault(key, []).append((before, finding.subject))
    for index, entry in ignores.unused:
        key = rule_key(entry.rule)
        now = next((new for old, new in renamed.get(key, ()) if subject_matches(entry.subject, old)), None)
        if now is not None:
            yield _renamed(index, entry, now)
        else:
            yield _unused(index, entry, sorted(subjects.get(key, ())))


def _renamed(index: int, entry: IgnoreEntry, now: str) -> Description:
    """An entry written for a finding whose subject changed in 0.2.0 (DC101-DC103 name the stranded actor)."""
    return Description(
        message=(f"ignore entry {index + 1} ({entry.rule}, subject '{entry.subject}') matched no finding: since "
                 f"0.2.0 the finding it was written for is about '{now}', the actor it strands"),
        subject=f"ignore:{entry.rule}:{entry.subject}",
        path=("ignore", index, "subject"),
        hint=f"write 'subject: {now}' if the entry should still apply; otherwise delete it",
    )


def _unused(index: int, entry: IgnoreEntry, same_rule: list[str]) -> Description:
    """The finding about one entry; `same_rule` holds the subjects the entry's rule did report."""
    from deliverychain.suggest import did_you_mean

    rule_words = "any rule" if entry.rule == "*" else entry.rule
    suggestion = did_you_mean(entry.subject, same_rule) if same_rule else ""
    if suggestion:
        hint = f"{suggestion} Otherwise delete the entry."
    elif not same_rule and entry.rule != "*":
        hint = f"{entry.rule} reports nothing in this chain now: if the problem is fixed, delete the entry"
    else:
        hint = "if the problem is fixed, delete the entry; otherwise correct its subject"
    return Description(
        message=f"ignore entry {index + 1} ({rule_words}, subject '{entry.subject}') matched no finding",
        subject=f"ignore:{entry.rule}:{entry.subject}",
        path=("ignore", index),
        hint=hint,
    )


RULE = Rule(
    id="DC901",
    name="unused-ignore",
    severity=Severity.WARNING,
    summary="An entry of the chain's `ignore:` list matched no finding.",
    why="An ignore entry records a decision to accept a finding, with its reason. When the "
        "finding has gone (the link was fixed, an actor renamed) the entry still tells readers "
        "that a problem was accepted, and it would silently hide a new finding with the same "
        "subject later.",
    example="ignore:\n  - rule: DC201\n    subject: icb-north\n    reason: Agreed with the board in May\n"
            "# ...but no DC201 finding is about 'icb-north' any more\n",
    fix="Delete the entry if the problem is fixed. If it should still apply, correct its rule or "
        "subject: the message suggests the nearest subject the rule reports.",
    family="suppression",
    review=review,
)
