"""DC206 no-breakdown: no return that reaches the owner is broken down by a group the intent must reach.

A chain can name the groups its intent must reach equally (`chain.breakdowns: [ethnicity,
deprivation]`), and each link back up the chain what it is broken down by (`breakdowns:`).
A group that no return reaching the owner is broken down by is invisible to those who
steer: an average can improve while the group falls behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress

from deliverychain.findings import Severity
from deliverychain.rules import references
from deliverychain.rules.base import Description, Place, Rule
from deliverychain.rules.facts import routes
from deliverychain.rules.facts.context import AuditContext

#: A group no return shows: (the group, the returns that reach the owner).
Unseen = tuple[str, list[int]]


def check(ctx: AuditContext) -> Iterator[Place]:
    groups = ctx.chain.chain.breakdowns
    if not groups:
        return
    heard, _ = routes.heard(ctx)
    targets = ctx.targets
    returns = [j for j in compress(range(len(targets)), ctx.facts.reports_up) if heard[targets[j]]]
    shown = {group for j in returns for group in ctx.links[j].breakdowns}
    for group in groups:
        if group not in shown:
            yield None, (group, returns)


def describe(ctx: AuditContext, found: Unseen) -> Description:
    group, returns = found
    if returns:
        what = f"none of the {len(returns):,} returns that reach {ctx.owner_names()} is broken down by it"
    else:
        what = f"nothing reports back to {ctx.owner_names()} at all"
    return Description(
        message=(f"The chain asks for returns broken down by '{group}', and {what}: an average can improve "
                 f"while one group falls behind, and nobody who steers would see it"),
        subject=group,
        # The list, not the item: a spreadsheet holds the list in one cell, and the findings
        # of one list then sort alike (by group) in a chain file and in a workbook.
        path=("chain", "breakdowns"),
        hint=(f"break a return down by '{group}' (add it to the link's 'breakdowns' if it already is), or "
              f"say where the chain looks at '{group}' instead"),
        related=tuple((ctx.link_path(j), f"{ctx.link_label(j)}: not broken down by '{group}'") for j in returns[:3]),
    )


RULE = Rule(
    id="DC206",
    name="no-breakdown",
    severity=Severity.WARNING,
    summary=(
        "A group the chain says its intent must reach equally ('chain.breakdowns: [ethnicity, "
        "deprivation]') that no reporting, feedback or voice link reaching the owner is broken "
        "down by (the link's own 'breakdowns')."
    ),
    why=(
        "A total can hide the people a policy is most meant for. The Committee of Public "
        "Accounts found that sport take-up was not measured 'across different social groups "
        "and different neighbourhoods' (child obesity, 2007); the Care Quality Commission asked "
        "trusts to improve their collection of 'information on ethnicity and levels of "
        "deprivation, to improve outcomes for women' (maternity, 2024). The NAO asks whether "
        "performance-management systems enable tracking of delivery (question 9)."
    ),
    example=(
        "chain:\n"
        "  breakdowns: [ethnicity, deprivation]\n"
        "links:\n"
        "  - {from: trust, to: icb, kind: reporting, carries: [metrics]}\n"
        "  # broken down by nothing\n"
    ),
    fix=(
        "Break a return down by the group ('breakdowns: [ethnicity]' on the link once it is), "
        "or remove the group from 'chain.breakdowns' if the intent does not ask for it."
    ),
    references=(references.PAC_CHILD_OBESITY, references.CQC_MATERNITY, references.NAO),
    nao_question=9,
    family="feedback",
    since="0.2.0",
    check=check,
    describe=describe,
)
