"""DC205 stale-feedback: what comes back up the chain is older than the receiver can act on.

A reporting, feedback or voice link can say how old what it carries is when it arrives
(`lag: 2y`). Data older than the chain's `stale_after` (one year unless the chain says)
describes practice that has moved on: the receiver cannot tell whether what it did worked.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress

from deliverychain import durations
from deliverychain.durations import DEFAULT_STALE_AFTER
from deliverychain.findings import Severity
from deliverychain.rules import references
from deliverychain.rules.base import Description, Folding, Place, Rule
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.wording import links_alike, links_subject

#: A stale link: (link, its lag, the chain's limit).
Stale = tuple[int, str, str]


def check(ctx: AuditContext) -> Iterator[Place]:
    lags = ctx.link_fields["lag"]
    if not any(lags):
        return
    limit = ctx.chain.chain.stale_after
    limit_days = durations.days(limit)
    facts = ctx.facts
    for j in compress(range(len(lags)), lags):
        if facts.reports_up[j] and durations.days(lags[j]) > limit_days:
            yield ctx.link_kinds[j], (j, lags[j], limit)


def describe(ctx: AuditContext, found: Stale) -> Description:
    j, lag, limit = found
    said = "" if limit == DEFAULT_STALE_AFTER else " (the chain's 'stale_after')"
    return Description(
        message=(f"{ctx.link_label(j)} carries data {durations.spoken(lag)} old when it arrives, older than "
                 f"{durations.spoken(limit)}{said}: {ctx.name(ctx.targets[j])} cannot tell from it whether "
                 f"what it does now works"),
        subject=ctx.links[j].key,
        path=ctx.link_path(j, "lag"),
        hint=("find a quicker source for the same question (a routine return, a sample measured in-year), "
              "or if the receiver can act on older data, say so with 'stale_after' in the chain block"),
        data=(("lag_days", durations.days(lag)), ("stale_after_days", durations.days(limit))),
    )


RULE = Rule(
    id="DC205",
    name="stale-feedback",
    severity=Severity.WARNING,
    summary=(
        "A reporting, feedback or voice link whose 'lag' (how old what it carries is when it "
        "arrives: '2y', '18m', 'P1Y6M') is longer than the chain's 'stale_after' (one year "
        f"unless the chain says otherwise: 'stale_after: {DEFAULT_STALE_AFTER}')."
    ),
    why=(
        "Feedback helps only while the practice it describes is still the practice: the "
        "Committee of Public Accounts found that 'because this data is two years old the three "
        "Departments are unable to assess what progress they have made since the target was "
        "established' (child obesity, 2007). The NAO asks whether agencies communicate using "
        "reliable information (question 6) and whether feedback supports learning (question 11)."
    ),
    example=(
        "links:\n"
        "  - from: survey\n"
        "    to: department\n"
        "    kind: reporting\n"
        "    carries: [metrics]\n"
        "    lag: 2y\n"
    ),
    fix=(
        "Find a quicker route for the same information, or, if the receiver can act on older "
        "data (a ten-year strategy), set 'stale_after' in the chain block."
    ),
    references=(references.PAC_CHILD_OBESITY, references.NAO_11),
    nao_question=6,
    family="feedback",
    since="0.2.0",
    check=check,
    describe=describe,
    folding=Folding(subject=links_subject,
                    alike=lambda kinds, n: f"{links_alike(kinds, n)} carry data older than the chain can act on"),
)
