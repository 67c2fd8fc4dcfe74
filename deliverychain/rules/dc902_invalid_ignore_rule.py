"""DC902 invalid-ignore-rule: an `ignore:` entry names a rule that does not exist, or a format rule.

Format problems stop the audit, so they can never be accepted. Never itself suppressed by
`ignore:` entries.
"""

from __future__ import annotations

from collections.abc import Iterator

from deliverychain.findings import Severity
from deliverychain.rules.base import Description, IgnoreReview, Rule
from deliverychain.rules.ignores import rule_key


def review(ignores: IgnoreReview) -> Iterator[Description]:
    from deliverychain.rules.registry import all_rules
    from deliverychain.suggest import did_you_mean

    every = all_rules()
    known = {r.id: r for r in every} | {r.name: r for r in every}
    for index, entry in enumerate(ignores.chain.ignore):
        rule = known.get(rule_key(entry.rule))
        if entry.rule == "*" or (rule is not None and rule.family not in ("format", "suppression")):
            continue
        if rule is None:
            candidates = sorted(r.id for r in every) + sorted(r.name for r in every)
            message = f"ignore entry {index + 1} names '{entry.rule}', which is not a rule"
            hint = did_you_mean(entry.rule, candidates) or "`chain rules` lists every rule"
        else:
            message = (f"ignore entry {index + 1} names {rule.id} {rule.name}, which cannot be ignored: "
                       + ("format problems stop the audit" if rule.family == "format"
                          else "it reports on the ignore list itself"))
            hint = ("fix the problem in the file instead (`chain validate` shows where)"
                    if rule.family == "format" else f"leave {rule.id} out with `--ignore {rule.id}`")
        yield Description(message=message, subject=f"ignore:{entry.rule}:{entry.subject}",
                          path=("ignore", index, "rule"), hint=hint)


RULE = Rule(
    id="DC902",
    name="invalid-ignore-rule",
    severity=Severity.WARNING,
    summary="An entry of the chain's `ignore:` list names a rule that does not exist or cannot be ignored.",
    why="A misspelt rule id matches nothing, so the finding it was meant to accept is still "
        "reported and the reason written for it is lost. Format problems (DC0xx) stop the "
        "audit altogether and cannot be accepted.",
    example="ignore:\n  - rule: DC2O1        # letter O instead of zero\n    subject: icb-north\n"
            "    reason: Agreed with the board in May\n",
    fix="Use a rule id or name from `chain rules` (the message suggests the nearest). Fix format "
        "problems in the file instead of ignoring them.",
    family="suppression",
    review=review,
)
