"""The typed model of a delivery chain (pydantic v2).

Field names here are the public file format: see docs/format.md. Validation of the
shape lives here; cross-references (ids, tiers, evidence) are checked in references.py,
which needs the whole chain at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints

from deliverychain import durations
from deliverychain.speedups import own_fields_set
from deliverychain.vocab import (
    DEFAULT_TIERS,
    Capacity,
    Carry,
    Character,
    LinkKind,
    Role,
    Strength,
    TargetBasis,
)

if TYPE_CHECKING:
    import networkx as nx

    from deliverychain.reading.positions import PositionIndex

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.:/-]*$", max_length=200),
    Field(description="Letters, digits and _ . : / - ; no spaces."),
]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]
CustomTerm = Annotated[
    str,
    StringConstraints(pattern=r"^x-[a-z0-9][a-z0-9-]*$"),
    Field(description="Your own term, prefixed with 'x-' (e.g. 'x-referral-forms')."),
]
Duration = Annotated[
    str,
    StringConstraints(pattern=durations.PATTERN),
    Field(description="A duration: 2y, 18m, 6w or 10d, or ISO 8601 (P2Y, P1Y6M, P6W, P10D)."),
]


class Strict(BaseModel):
    """Base for every block: unknown keys are errors, numbers are accepted as text."""

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        coerce_numbers_to_str=True,
        use_enum_values=True,
    )

    def __setattr__(self, name: str, value: Any) -> None:
        own_fields_set(self)  # a shared fields-set (speedups.py): pydantic adds the assigned field to it
        super().__setattr__(name, value)

    @property
    def model_fields_set(self) -> set[str]:
        own_fields_set(self)  # the caller may change the set it gets
        return self.__pydantic_fields_set__


class ChainInfo(Strict):
    id: Identifier
    title: NonEmpty
    intent: NonEmpty = Field(description="The policy intent or outcome sought.")
    owner: Identifier | list[Identifier] = Field(
        description=(
            "Id of the actor accountable for the intent; a list of ids when several own it jointly "
            "(then name a `lead` or a `joint_arrangement`)."
        ),
    )
    lead: Identifier | None = Field(
        default=None,
        description="Of several owners, the one that leads: the others work through it.",
    )
    joint_arrangement: Identifier | None = Field(
        default=None,
        description=(
            "Of several owners with no lead, the actor through which they act together (a joint "
            "programme board); the owners' links to it should work."
        ),
    )
    breakdowns: list[Identifier] = Field(
        default_factory=list,
        description=(
            "The groups the intent must reach equally (ethnicity, deprivation, place...): some return "
            "reaching the owner should be broken down by each (DC206)."
        ),
    )
    stale_after: Duration = Field(
        default=durations.DEFAULT_STALE_AFTER,
        description=(
            "How old data may be when it arrives (a link's `lag`) and still be acted on; older "
            "is stale feedback (DC205)."
        ),
    )
    version: str | None = None
    published: dt.date | None = None
    review_by: dt.date | None = None
    description: str | None = None
    tiers: list[Identifier] | None = Field(
        default=None,
        description="Tier order from top to bottom; overrides the default order.",
    )

    @property
    def owners(self) -> list[str]:
        """The owner's id, or the ids of the joint owners, as a list."""
        return [self.owner] if isinstance(self.owner, str) else list(self.owner)


class Source(Strict):
    id: Identifier
    title: NonEmpty
    url: str | None = None
    publisher: str | None = None
    date: dt.date | None = None
    note: str | None = None


class Actor(Strict):
    id: Identifier
    name: NonEmpty
    tier: Identifier
    kind: Identifier = Field(
        description="What sort of actor this is (icb, trust, practice-nurse...); your own words."
    )
    roles: list[Role] = Field(default_factory=list)
    group: str | None = Field(default=None, description="Collapses with its group in large diagrams.")
    local_presence: bool | None = Field(
        default=None, description="Has people working in the locality it steers or supports."
    )
    capacity: Capacity | None = None
    headcount: int | None = Field(
        default=None, ge=1,
        description="How many people the actor is: 1 for one person or one post (a single point of failure).",
    )
    note: str | None = None
    evidence: list[Identifier] = Field(default_factory=list)
    meta: dict[str, Any] = Field(default_factory=dict)
    order: int | None = Field(default=None, description="Place in its tier in diagrams, left to right.")


class Assessment(Strict):
    rater: NonEmpty
    strength: Strength
    character: Character | None = None
    evidence: list[Identifier] = Field(default_factory=list)
    date: dt.date | None = None
    note: str | None = None


class Target(Strict):
    name: NonEmpty
    basis: TargetBasis = TargetBasis.ABSOLUTE
    note: str | None = None


class Link(Strict):
    id: Identifier | None = None
    source: Identifier = Field(alias="from")
    target: Identifier = Field(alias="to")
    kind: LinkKind
    carries: list[Carry | CustomTerm] = Field(default_factory=list)
    strength: Strength = Strength.UNKNOWN
    character: Character | None = None
    evidence: list[Identifier] = Field(default_factory=list)
    note: str | None = None
    assessments: list[Assessment] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    intended_gap: str | None = Field(
        default=None,
        description="Why a missing link is missing on purpose; the audit then reports it as intended.",
    )
    breakdowns: list[Identifier] = Field(
        default_factory=list,
        description="What a return is broken down by, in the chain's own words (ethnicity, deprivation, place...).",
    )
    lag: Duration | None = Field(
        default=None,
        description="How old what the link carries is when it arrives (a survey published two years on: 2y).",
    )

    @property
    def key(self) -> str:
        """The link's subject in findings and ignore entries."""
        return self.id or f"{self.source}->{self.target}:{self.kind}"


class IgnoreEntry(Strict):
    rule: NonEmpty = Field(description="Rule id (DC201) or name.")
    subject: NonEmpty = Field(description="Actor id, link (from->to or from->to:kind), or '*'.")
    reason: NonEmpty


class View(Strict):
    id: Identifier
    title: str | None = None
    tiers: list[Identifier] = Field(default_factory=list, description="Only these tiers.")
    focus: Identifier | None = Field(default=None, description="Centre on this actor.")
    depth: int = Field(default=1, ge=0, le=50)
    kinds: list[LinkKind] = Field(default_factory=list, description="Only these link kinds.")
    feedback_only: bool = False
    collapse: bool | None = None


class Chain(Strict):
    chain: ChainInfo
    sources: list[Source] = Field(default_factory=list)
    actors: list[Actor]
    links: list[Link] = Field(default_factory=list)
    ignore: list[IgnoreEntry] = Field(default_factory=list)
    views: list[View] = Field(default_factory=list)

    _file: str = PrivateAttr(default="<chain>")
    _positions: PositionIndex | None = PrivateAttr(default=None)

    @property
    def file(self) -> str:
        return self._file

    @property
    def positions(self) -> PositionIndex | None:
        return self._positions

    @cached_property
    def tiers(self) -> tuple[str, ...]:
        return tuple(self.chain.tiers) if self.chain.tiers else DEFAULT_TIERS

    @cached_property
    def actor_index(self) -> dict[str, int]:
        return {actor.id: i for i, actor in enumerate(self.actors)}

    def actor(self, actor_id: str) -> Actor:
        return self.actors[self.actor_index[actor_id]]

    def to_networkx(self) -> nx.MultiDiGraph:
        """The chain as a networkx MultiDiGraph with every attribute of the file."""
        from deliverychain.model.graph import to_networkx

        return to_networkx(self)

    def _repr_svg_(self) -> str | None:
        """Jupyter shows a chain as its diagram (once the pipeline has handed the model a way to draw)."""
        return _draw_svg(self) if _draw_svg is not None else None


#: How a chain is drawn as SVG text for Jupyter. The model is below the drawing layer and may
#: not import it; the pipeline (`deliverychain.pipeline`, behind `deliverychain.load` and the
#: other public names) hands it a way to draw when it is imported, with `show_chains_as`.
_draw_svg: Callable[[Chain], str] | None = None


def show_chains_as(draw: Callable[[Chain], str] | None) -> None:
    """Set how `Chain._repr_svg_` draws a chain (None: chains have no picture)."""
    global _draw_svg
    _draw_svg = draw
