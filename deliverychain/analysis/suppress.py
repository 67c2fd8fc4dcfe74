"""The chain's `ignore:` entries: accepted findings, each with a reason shown in reports.

Two housekeeping rules keep the list honest, since a stale entry reads as a decision
nobody took any more:

- DC901 `unused-ignore`: an entry matched no finding (the problem was fixed, or an id renamed).
- DC902 `invalid-ignore-rule`: an entry names a rule that does not exist, or a format rule
  (format problems stop the audit, so they can never be accepted).

They are selected like any rule (`--select DC9`, `--ignore DC901`) and are themselves never
suppressed by `ignore:` entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from deliverychain.findings import Finding, Location, Severity
from deliverychain.rules.base import Rule

if TYPE_CHECKING:  # the model (pydantic) is not needed to list rules: `chain rules` stays quick
    from deliverychain.model import Chain, IgnoreEntry

_FAMILY = "suppression"

UNUSED_IGNORE = Rule(
    "DC901", "unused-ignore", Severity.WARNING,
    summary="An entry of the chain's `ignore:` list matched no finding.",
    why="An ignore entry records a decision to accept a finding, with its reason. When the "
        "finding has gone (the link was fixed, an actor renamed) the entry still tells readers "
        "that a problem was accepted, and it would silently hide a new finding with the same "
        "subject later.",
    example="ignore:\n  - rule: DC201\n    subject: icb-north\n    reason: Agreed with the board in May\n"
            "# ...but no DC201 finding is about 'icb-north' any more\n",
    fix="Delete the entry if the problem is fixed. If it should still apply, correct its rule or "
        "subject: the message suggests the nearest subject the rule reports.",
    family=_FAMILY,
)
INVALID_IGNORE_RULE = Rule(
    "DC902", "invalid-ignore-rule", Severity.WARNING,
    summary="An entry of the chain's `ignore:` list names a rule that does not exist or cannot be ignored.",
    why="A misspelt rule id matches nothing, so the finding it was meant to accept is still "
        "reported and the reason written for it is lost. Format problems (DC0xx) stop the "
        "audit altogether and cannot be accepted.",
    example="ignore:\n  - rule: DC2O1        # letter O instead of zero\n    subject: icb-north\n"
            "    reason: Agreed with the board in May\n",
    fix="Use a rule id or name from `chain rules` (the message suggests the nearest). Fix format "
        "problems in the file instead of ignoring them.",
    family=_FAMILY,
)
SUPPRESSION_RULES: tuple[Rule, ...] = (UNUSED_IGNORE, INVALID_IGNORE_RULE)


def subject_matches(pattern: str, subject: str) -> bool:
    """Exact, glob ('practice-*', '*'), or a link 'from->to' matching every kind between them."""
    if pattern == subject or fnmatchcase(subject, pattern):
        return True
    return "->" in pattern and ":" not in pattern and subject.startswith(pattern + ":")


def rule_key(rule: str) -> str:
    """Rule ids match in any case ('dc201' is DC201); names are exact."""
    upper = rule.upper()
    return upper if upper.startswith("DC") and upper[2:].isdigit() else rule


def rule_matches(entry: IgnoreEntry, finding: Finding) -> bool:
    return rule_key(entry.rule) in (finding.rule_id, finding.rule_name, "*")


def apply_ignores(chain: Chain, findings: Sequence[Finding], rules: Sequence[Rule]) -> list[tuple[int, IgnoreEntry]]:
    """Mark suppressed findings in place; return the entries (of rules that ran) that matched nothing."""
    ran = {r.id for r in rules} | {r.name for r in rules}
    used = [False] * len(chain.ignore)
    for finding in findings:
        for index, entry in enumerate(chain.ignore):
            if rule_matches(entry, finding) and subject_matches(entry.subject, finding.subject):
                finding.suppressed = entry.reason
                used[index] = True
                break
    return [
        (index, entry)
        for index, entry in enumerate(chain.ignore)
        if not used[index] and (rule_key(entry.rule) in ran or entry.rule == "*")
    ]


def ignore_findings(
    chain: Chain,
    findings: Sequence[Finding],
    unused: Sequence[tuple[int, IgnoreEntry]],
    selected: Sequence[Rule],
) -> list[Finding]:
    """DC901 and DC902 findings (those of the two that are selected) about the `ignore:` list."""
    from deliverychain.rules.registry import all_rules
    from deliverychain.suggest import did_you_mean

    wanted = {r.id for r in selected}
    notes: list[Finding] = []
    if UNUSED_IGNORE.id in wanted and unused:
        subjects: dict[str, set[str]] = {}  # by rule id and by name, for the did-you-mean
        for finding in findings:
            subjects.setdefault(finding.rule_id, set()).add(finding.subject)
            subjects.setdefault(finding.rule_name, set()).add(finding.subject)
        for index, entry in unused:
            notes.append(_unused(chain, index, entry, sorted(subjects.get(rule_key(entry.rule), ()))))
    if INVALID_IGNORE_RULE.id in wanted:
        known = {r.id: r for r in all_rules()} | {r.name: r for r in all_rules()}
        for index, entry in enumerate(chain.ignore):
            rule = known.get(rule_key(entry.rule))
            if entry.rule == "*" or (rule is not None and rule.family not in ("format", _FAMILY)):
                continue
            if rule is None:
                candidates = sorted(r.id for r in all_rules()) + sorted(r.name for r in all_rules())
                message = f"ignore entry {index + 1} names '{entry.rule}', which is not a rule"
                hint = did_you_mean(entry.rule, candidates) or "`chain rules` lists every rule"
            else:
                message = (f"ignore entry {index + 1} names {rule.id} {rule.name}, which cannot be ignored: "
                           + ("format problems stop the audit" if rule.family == "format"
                              else "it reports on the ignore list itself"))
                hint = ("fix the problem in the file instead (`chain validate` shows where)"
                        if rule.family == "format" else f"leave {rule.id} out with `--ignore {rule.id}`")
            notes.append(_note(chain, INVALID_IGNORE_RULE, ("ignore", index, "rule"), message, hint,
                               f"ignore:{entry.rule}:{entry.subject}"))
    return notes


def _unused(chain: Chain, index: int, entry: IgnoreEntry, same_rule: list[str]) -> Finding:
    """A DC901 finding; `same_rule` holds the subjects the entry's rule did report."""
    from deliverychain.suggest import did_you_mean

    rule_words = "any rule" if entry.rule == "*" else entry.rule
    message = f"ignore entry {index + 1} ({rule_words}, subject '{entry.subject}') matched no finding"
    suggestion = did_you_mean(entry.subject, same_rule) if same_rule else ""
    if suggestion:
        hint = f"{suggestion} Otherwise delete the entry."
    elif not same_rule and entry.rule != "*":
        hint = f"{entry.rule} reports nothing in this chain now: if the problem is fixed, delete the entry"
    else:
        hint = "if the problem is fixed, delete the entry; otherwise correct its subject"
    return _note(chain, UNUSED_IGNORE, ("ignore", index), message, hint, f"ignore:{entry.rule}:{entry.subject}")


def _note(chain: Chain, rule: Rule, path: tuple[str | int, ...], message: str, hint: str, subject: str) -> Finding:
    location = chain.positions.value(path) if chain.positions else Location(chain.file, 1, 1)
    return Finding(rule.id, rule.name, rule.severity, message, subject, location, hint=hint)
