"""DC306 unevidenced-rating: a link rated with no evidence on it or its assessments.

On a national chain most links are places of this rule, so its places are link indexes,
and the patterns the links' kinds: nothing is worded but the examples shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress, filterfalse
from operator import and_, not_

from deliverychain.findings import Severity
from deliverychain.rules import references
from deliverychain.rules.base import Description, Folding, Place, Rule
from deliverychain.rules.facts import linkfacts
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.wording import links_alike, links_subject


def check(ctx: AuditContext) -> Iterator[Place]:
    links = ctx.links
    everything = range(len(links))
    fields = ctx.link_fields
    rated = map(linkfacts.RATED_STRENGTHS.__contains__, fields["strength"])
    bare = map(not_, fields["evidence"])
    # The few links with assessments are the only ones whose evidence may lie there.
    assessed = {j for j in compress(everything, fields["assessments"])
                if any(a.evidence for a in links[j].assessments)}
    unevidenced = list(filterfalse(assessed.__contains__, compress(everything, map(and_, rated, bare))))
    return zip(map(ctx.link_kinds.__getitem__, unevidenced), unevidenced, strict=True)


def describe(ctx: AuditContext, j: int) -> Description:
    return Description(
        message=f"{ctx.link_label(j)} is rated {ctx.links[j].strength} with no evidence",
        subject=ctx.links[j].key,
        path=ctx.link_path(j, "strength"),
        hint="cite what the rating rests on: 'evidence: [source-id]', with the source under 'sources:'",
    )


RULE = Rule(
    id="DC306",
    name="unevidenced-rating",
    severity=Severity.INFO,
    summary=(
        "A link rated strong, adequate, weak or broken with no evidence on the link or on any "
        "of its assessments."
    ),
    why=(
        "A board paper that says a relationship is strong is only as good as what the rating "
        "rests on. The NAO asks whether the evidence base is robust (question 2)."
    ),
    example=(
        "links:\n"
        "  - from: nhse\n"
        "    to: icb\n"
        "    kind: performance-management\n"
        "    strength: strong   # says who?\n"
    ),
    fix="Add 'evidence: [source-id]' naming a declared source (a survey, a review, minutes).",
    references=(references.NAO,),
    nao_question=2,
    family="relationships",
    check=check,
    describe=describe,
    folding=Folding(subject=links_subject,
                    alike=lambda kinds, n: f"{links_alike(kinds, n)} are rated with no evidence"),
)
