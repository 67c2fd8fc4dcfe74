"""What a link is, as the analysers read it: present or absent, steering or upward, its
effective rating, and whether what it carries is only numbers.

One place for these judgements keeps every rule consistent: a link the reach rules count
as present is the link the relationship rules rate.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from itertools import compress
from operator import and_, not_
from typing import TYPE_CHECKING, Any

from deliverychain.vocab import (
    ABSENT_STRENGTHS,
    NUMBERS,
    STEERING_KINDS,
    UPWARD_KINDS,
    Carry,
    Character,
    LinkKind,
    Strength,
)

if TYPE_CHECKING:  # the model (pydantic) is not needed to list or explain the rules
    from deliverychain.model import Link

#: Strengths in order, best first; missing and planned are equally absent.
STRENGTH_STEP: dict[str, int] = {
    Strength.STRONG: 0,
    Strength.ADEQUATE: 1,
    Strength.WEAK: 2,
    Strength.BROKEN: 3,
    Strength.MISSING: 4,
    Strength.PLANNED: 4,
}
#: Characters in order, kindest first.
CHARACTER_STEP: dict[str, int] = {
    Character.SUPPORTIVE: 0,
    Character.COLLABORATIVE: 1,
    Character.DIRECTIVE: 2,
    Character.PUNITIVE: 3,
}
#: Ratings that say a link exists: the ones that need evidence.
RATED_STRENGTHS: frozenset[str] = frozenset({Strength.STRONG, Strength.ADEQUATE, Strength.WEAK, Strength.BROKEN})
WEAK_STRENGTHS: frozenset[str] = frozenset({Strength.WEAK, Strength.BROKEN})
KIND_CHARACTERS: frozenset[str] = frozenset({Character.SUPPORTIVE, Character.COLLABORATIVE})
#: Kinds through which an actor receives help (who supports whom).
SUPPORT_KINDS: frozenset[str] = frozenset({LinkKind.SUPPORT, LinkKind.PEER_LEARNING})
#: Kinds that make the sender a decision-maker over the receiver (DC201).
DECIDING_KINDS: frozenset[str] = frozenset({LinkKind.PERFORMANCE_MANAGEMENT, LinkKind.MANDATE})
#: A confirmation that something is in place says nothing about practice, so a return of
#: metrics plus assurance is still a return of numbers.
_NUMBERS_OR_FORMALITY: frozenset[str] = NUMBERS | {Carry.ASSURANCE}


def _lower_median(steps: Sequence[int]) -> int:
    ordered = sorted(steps)
    return ordered[(len(ordered) - 1) // 2]


def strength(link: Link) -> str:
    """The link's own strength; when it is unknown, the assessors' lower median."""
    if link.strength != Strength.UNKNOWN:
        return link.strength
    rated = [STRENGTH_STEP[a.strength] for a in link.assessments if a.strength in STRENGTH_STEP]
    if not rated:
        return Strength.UNKNOWN
    step = _lower_median(rated)
    return next(s for s, k in STRENGTH_STEP.items() if k == step)


def character(link: Link) -> str | None:
    """The link's own character; when it has none, the assessors' lower median."""
    if link.character is not None:
        return link.character
    rated = [CHARACTER_STEP[a.character] for a in link.assessments if a.character is not None]
    if not rated:
        return None
    step = _lower_median(rated)
    return next(c for c, k in CHARACTER_STEP.items() if k == step)


def is_present(link: Link) -> bool:
    """Declared links count unless rated missing or planned (broken ones exist, badly)."""
    return strength(link) not in ABSENT_STRENGTHS


def is_absent(link: Link) -> bool:
    return not is_present(link)


def steers(link: Link) -> bool:
    """A present link that steers its receiver down the chain."""
    return link.kind in STEERING_KINDS and is_present(link)


def could_steer(link: Link) -> bool:
    """A steering link, present or declared missing/planned: the chain as intended."""
    return link.kind in STEERING_KINDS


def reports_up(link: Link) -> bool:
    """A present link that carries information back to those who steer."""
    return link.kind in UPWARD_KINDS and is_present(link)


def could_report_up(link: Link) -> bool:
    return link.kind in UPWARD_KINDS


def carries_only_numbers(link: Link) -> bool:
    """Says what it carries, and that is numbers (targets, metrics, money), perhaps with assurance.

    A link that declares nothing gets the benefit of the doubt, as does any custom `x-` term.
    """
    carried = set(link.carries)
    return bool(carried & NUMBERS) and carried <= _NUMBERS_OR_FORMALITY


def may_carry_learning(link: Link) -> bool:
    """A present upward link whose content is not numbers only."""
    return reports_up(link) and not carries_only_numbers(link)


class _NumbersOnly(dict[tuple[str, ...], bool]):
    """`carries_only_numbers` by what a link carries: a chain uses a few dozen combinations."""

    def __missing__(self, carries: tuple[str, ...]) -> bool:
        carried = set(carries)
        judged = self[carries] = bool(carried & NUMBERS) and carried <= _NUMBERS_OR_FORMALITY
        return judged


class LinkFacts:
    """The judgements above for every link at once, as columns indexed by link.

    The analysers' loops read these lists rather than calling the functions above for each
    link (a national chain has 40,000 links, and most rules look at all of them). Each
    column holds exactly what the function of the same name returns.
    """

    def __init__(self, links: Sequence[Link], fields: dict[str, list[Any]]) -> None:
        """`fields`: the links' fields as columns (`speedups.field_columns`)."""
        self.links = links
        self.fields = fields
        self.kind: list[str] = fields["kind"]
        rated = list(fields["strength"])
        # Only a link whose own strength is unknown needs its assessors' median.
        for j in list(compress(range(len(rated)), map(Strength.UNKNOWN.__eq__, rated))):
            rated[j] = strength(links[j])
        #: `strength(link)`.
        self.strength: list[str] = rated
        #: `is_absent(link)` and `is_present(link)`.
        self.absent: list[bool] = list(map(ABSENT_STRENGTHS.__contains__, rated))
        self.present: list[bool] = list(map(not_, self.absent))
        self.could_steer: list[bool] = list(map(STEERING_KINDS.__contains__, self.kind))
        self.could_report_up: list[bool] = list(map(UPWARD_KINDS.__contains__, self.kind))
        self.steers: list[bool] = list(map(and_, self.could_steer, self.present))
        self.reports_up: list[bool] = list(map(and_, self.could_report_up, self.present))

    @cached_property
    def absent_links(self) -> list[int]:
        """The links declared missing or planned, in file order."""
        return list(compress(range(len(self.absent)), self.absent))

    @cached_property
    def numbers_only(self) -> list[bool]:
        """`carries_only_numbers(link)`."""
        return list(map(_NumbersOnly().__getitem__, map(tuple, self.fields["carries"])))

    @cached_property
    def may_carry_learning(self) -> list[bool]:
        """`may_carry_learning(link)`."""
        return [up and not numbers for up, numbers in zip(self.reports_up, self.numbers_only, strict=True)]

    @cached_property
    def character(self) -> list[str | None]:
        """`character(link)`."""
        own = list(self.fields["character"])
        # Only a link without its own character, and with assessors, takes theirs.
        for j in compress(range(len(own)), self.fields["assessments"]):
            if own[j] is None:
                own[j] = character(self.links[j])
        return own
