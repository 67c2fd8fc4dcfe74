"""DC901 unused-ignore: an entry of the chain's `ignore:` list matched no finding.

A stale entry reads as a decision nobody took any more, and would silently hide a new
finding with the same subject later. An entry whose findings an earlier entry already
accepts is reported too: the first entry that matches gives the reason shown, so the later
one's reason is never read. Never itself suppressed by `ignore:` entries.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from deliverychain.findings import Severity
from deliverychain.rules.base import Description, IgnoreReview, Rule
from deliverychain.rules.ignores import rule_key, rule_matches, subject_matches

if TYPE_CHECKING:
    from deliverychain.findings import Finding
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
    accepted = [f for f in ignores.findings if f.suppressed is not None]
    for index, entry in ignores.unused:
        key = rule_key(entry.rule)
        now = next((new for old, new in renamed.get(key, ()) if subject_matches(entry.subject, old)), None)
        earlier = _accepted_before(ignores, index, entry, accepted)
        if earlier is not None:
            yield _redundant(index, entry, earlier)
        elif now is not None:
            yield _renamed(index, entry, now)
        else:
            yield _unused(index, entry, sorted(subjects.get(key, ())))


def _accepted_before(ignores: IgnoreReview, index: int, entry: IgnoreEntry, accepted: list[Finding]) -> int | None:
    """The earlier entry that accepts a finding this entry matches too: the first entry that
    matches a finding is the one whose reason is shown, so this one changes nothing."""
    finding = next((f for f in accepted if rule_matches(entry, f) and subject_matches(entry.subject, f.subject)), None)
    if finding is None:
        return None
    return next(k for k, other in enumerate(ignores.chain.ignore[:index])
                if rule_matches(other, finding) and subject_matches(other.subject, finding.subject))


def _redundant(index: int, entry: IgnoreEntry, earlier: int) -> Description:
    rule_words = "any rule" if entry.rule == "*" else entry.rule
    return Description(
        message=(f"ignore entry {index + 1} ({rule_words}, subject '{entry.subject}') matched only findings "
                 f"that entry {earlier + 1} already accepts, with its own reason"),
        subject=f"ignore:{entry.rule}:{entry.subject}",
        path=("ignore", index),
        hint=f"delete the entry, or put its reason in entry {earlier + 1}: only the first entry that matches counts",
    )


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
    summary=("An entry of the chain's `ignore:` list matched no finding, or only findings an earlier entry "
             "already accepts."),
    why="An ignore entry records a decision to accept a finding, with its reason. When the "
        "finding has gone (the link was fixed, an actor renamed) the entry still tells readers "
        "that a problem was accepted, and it would silently hide a new finding with the same "
        "subject later. Only the first entry that matches a finding counts: a later entry that "
        "matches the same findings changes nothing, and its reason is never shown.",
    example="ignore:\n  - rule: DC201\n    subject: icb-north\n    reason: Agreed with the board in May\n"
            "# ...but no DC201 finding is about 'icb-north' any more\n",
    fix="Delete the entry if the problem is fixed. If it should still apply, correct its rule or "
        "subject: the message suggests the nearest subject the rule reports. An entry that repeats an "
        "earlier one can go, or give its reason to the earlier entry.",
    family="suppression",
    review=review,
)
