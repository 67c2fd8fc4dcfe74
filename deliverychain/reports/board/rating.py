"""Delivery confidence: the audit's findings read on the five-point scale boards know.

The Infrastructure and Projects Authority rated government major projects Green,
Amber/Green, Amber, Amber/Red or Red. Here the same scale rates the *design* of a delivery
chain as written down, by a published rule (docs/report.md has it as a table, with its
reasons and sources). The first row that applies gives the rating:

1. Red: missing links cut off at least half of the front line (or of the people the plan
   is for); or major issues in all three areas the audit looks at.
2. Amber/Red: major issues in two areas; or one major issue that affects at least half of
   the front line.
3. Amber: a major issue in one area; or significant issues in all three areas.
4. Amber/Green: significant issues in one or two areas, none major; or no such issue, but
   fewer than half of the links are rated, or most ratings cite no evidence.
5. Green: no major or significant issue, in a chain whose ratings mostly rest on evidence.

The three areas are the rule families: reaching the front line (missing links), learning
from it (feedback), and the relationships along the way. A finding is *major* when it is
an error, or a warning on which at least half of the front line depends; *significant* when
it is any other warning. Notes (info), accepted findings, intended gaps and the
housekeeping of the chain's ignore list never lower the rating.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from deliverychain.findings import Finding, Severity


class Rating(StrEnum):
    GREEN = "Green"
    AMBER_GREEN = "Amber/Green"
    AMBER = "Amber"
    AMBER_RED = "Amber/Red"
    RED = "Red"

    @property
    def css(self) -> str:
        """'amber-red': for class names and file names."""
        return self.value.lower().replace("/", "-")


#: Best first, as boards read the scale.
SCALE = tuple(Rating)

#: What each rating says about the chain's design, in the spirit of the IPA's definitions.
MEANINGS = {
    Rating.GREEN: ("As written down, the chain connects the intent to the front line and back, with no major or "
                   "significant design issue found."),
    Rating.AMBER_GREEN: ("The design looks sound, but it has significant issues that need attention so that they do "
                         "not grow into major ones."),
    Rating.AMBER: ("The design has a major issue, or significant issues throughout, that need management attention; "
                   "they look resolvable if addressed promptly."),
    Rating.AMBER_RED: ("Delivery through this chain is in doubt: major design issues in more than one area, or one "
                       "that affects most of the front line. Urgent action is needed."),
    Rating.RED: ("As written down, the chain cannot carry the intent to the front line, or has major issues "
                 "everywhere: it needs redesigning before delivery through it can be expected."),
}

#: Rule families (`Rule.family`) and the area of the chain's design each speaks to.
AREAS = {"missing-links": "reach", "feedback": "learning", "relationships": "relationships"}
AREA_WORDS = {
    "reach": "reaching the front line",
    "learning": "learning from the front line",
    "relationships": "the relationships along the chain",
}
#: A warning on which at least this share of the front line depends is a major issue.
MAJOR_SHARE = 0.5
#: Green needs at least this share of the links rated, and of the ratings citing evidence.
EVIDENCED_SHARE = 0.5
#: The extra data in which each rule says how many front-line actors (or beneficiaries) it affects.
_AFFECTED_KEYS = ("unreached", "dependent_practice", "practice")
#: Driving findings shown beside the rating.
DRIVERS = 3


@dataclass(frozen=True)
class Weighed:
    """One numbered finding as the rating rule reads it."""

    number: int
    finding: Finding
    #: "reach", "learning" or "relationships"; None for findings that never count (housekeeping).
    area: str | None
    #: Share of the front line it affects, when the finding says (0 to 1).
    share: float | None

    @property
    def counts(self) -> bool:
        return self.area is not None and self.finding.severity.rank >= Severity.WARNING.rank

    @property
    def major(self) -> bool:
        return self.counts and (self.finding.severity == Severity.ERROR
                                or (self.share is not None and self.share >= MAJOR_SHARE))

    @property
    def wide(self) -> bool:
        """A major issue affecting at least half of the front line."""
        return self.major and self.share is not None and self.share >= MAJOR_SHARE

    @property
    def cuts_off(self) -> bool:
        """Missing links that leave at least half of the front line (or of the people it is for) unreached."""
        return self.area == "reach" and self.finding.severity == Severity.ERROR and self.wide


@dataclass(frozen=True)
class Ratings:
    """How much of the chain is rated, and on what evidence: Green needs both."""

    links: int
    #: Links rated strong, adequate, weak or broken (by the link or its assessors).
    rated: int
    #: Rated links that cite no source.
    unevidenced: int

    def shortfall(self) -> str:
        """Why the ratings cannot carry a Green, or '' when they can."""
        if self.links and self.rated < EVIDENCED_SHARE * self.links:
            return f"only {self.rated:,} of the {self.links:,} links are rated"
        if self.rated and self.unevidenced > (1 - EVIDENCED_SHARE) * self.rated:
            return f"{self.unevidenced:,} of the {self.rated:,} ratings cite no evidence"
        return ""


@dataclass(frozen=True)
class Confidence:
    rating: Rating
    #: Why this rating, in one sentence (which row of the rule applied).
    reason: str
    #: The numbers of the two or three findings that drive it, in order.
    drivers: tuple[int, ...]

    @property
    def meaning(self) -> str:
        return MEANINGS[self.rating]


def affected_share(finding: Finding, practice_total: int) -> float | None:
    """How much of the front line a finding affects, from its data: 0.75 for '3 of 4 practice actors'."""
    extra = finding.extra
    affected = next((extra[key] for key in _AFFECTED_KEYS if isinstance(extra.get(key), int)), None)
    total = extra.get("total")
    total = total if isinstance(total, int) and total > 0 else practice_total
    if affected is None or total <= 0:
        return None
    return min(1.0, affected / total)  # type: ignore[operator]


def weigh(numbered: Sequence[tuple[int, Finding]], families: dict[str, str], practice_total: int) -> list[Weighed]:
    """`families`: rule id -> rule family."""
    return [Weighed(n, f, AREAS.get(families.get(f.rule_id, "")), affected_share(f, practice_total))
            for n, f in numbered]


def assess(weighed: Sequence[Weighed], ratings: Ratings) -> Confidence:
    """The rating, by the first row of the published rule that applies."""
    counted = [w for w in weighed if w.counts]
    major = [w for w in counted if w.major]
    major_areas = _areas(major)
    warning_areas = _areas(counted)
    cut_off = sorted((w for w in counted if w.cuts_off), key=lambda w: (-(w.share or 0), w.number))
    if cut_off:
        return _confidence(Rating.RED, "missing links leave at least half of the front-line groups (or of the "
                                       "people the plan is for) out of reach", cut_off)
    if len(major_areas) == len(AREAS):
        return _confidence(Rating.RED, "there are major issues in all three areas: "
                                       + _area_list(major_areas), _one_per_area(major))
    if len(major_areas) >= 2:
        return _confidence(Rating.AMBER_RED, f"there are major issues in two areas: {_area_list(major_areas)}",
                           _one_per_area(major))
    wide = [w for w in major if w.wide]
    if wide:
        return _confidence(Rating.AMBER_RED, f"a major issue in {_area_list(major_areas)} affects at least half of "
                                             "the front-line groups", [*wide, *major])
    if major_areas:
        return _confidence(Rating.AMBER, f"there is a major issue in one area: {_area_list(major_areas)}",
                           [*major, *_one_per_area(counted)])
    if len(warning_areas) == len(AREAS):
        return _confidence(Rating.AMBER, "there are significant issues in all three areas, though none is major",
                           _one_per_area(counted))
    if warning_areas:
        return _confidence(Rating.AMBER_GREEN, f"there are significant issues in {_area_list(warning_areas)}, "
                                               "none of them major", _one_per_area(counted))
    shortfall = ratings.shortfall()
    if shortfall:
        return _confidence(Rating.AMBER_GREEN, f"the audit found no major or significant issue, but {shortfall}: "
                                               "too little rests on evidence to call the design Green", [])
    return _confidence(Rating.GREEN, "the audit found no major or significant issue, and the links' ratings "
                                     "rest on cited evidence", [])


def _areas(weighed: Sequence[Weighed]) -> list[str]:
    """The areas these findings are in, in the fixed order reach, learning, relationships."""
    present = {w.area for w in weighed}
    return [area for area in AREAS.values() if area in present]


def _area_list(areas: Sequence[str]) -> str:
    words = [AREA_WORDS[a] for a in areas]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _one_per_area(weighed: Sequence[Weighed]) -> list[Weighed]:
    """The first (most severe, then first in the file) finding of each area, then the rest."""
    firsts: dict[str | None, Weighed] = {}
    for w in sorted(weighed, key=lambda w: w.number):
        firsts.setdefault(w.area, w)
    rest = [w for w in weighed if w not in firsts.values()]
    return [*sorted(firsts.values(), key=lambda w: w.number), *rest]


def _confidence(rating: Rating, reason: str, drivers: Sequence[Weighed]) -> Confidence:
    chosen = list(dict.fromkeys(w.number for w in drivers))[:DRIVERS]
    return Confidence(rating, reason, tuple(sorted(chosen)))
