"""The rule contract: metadata, documentation sections, and what a check yields.

A rule module (`dc201_numbers_only_feedback.py`) holds one `RULE`: its id, name, default
severity, family, NAO question and the version it appeared in; its documentation in fixed
sections (what it checks, why it matters, with the sources, a failing example, how to fix);
and, for an analyser, `check(ctx)` and `describe(ctx, found)`.

`check` yields *places*: `(pattern, found)` pairs, as cheap as a tuple, because a national
chain has tens of thousands of places alike and most are only ever counted. `found` is
whatever the rule found there (an actor index, a link, a group); `pattern` says which
places are alike. The audit engine, not the rule, folds more than FOLD_AT places of one
pattern into one finding, and calls `describe` only for the places it shows: every place
of a pattern found a few times, the first few examples of a folded one. `describe` gives
the finding's subject, key path and words (a `Description`).

Format rules (DC0xx) are reported by the loader and have no check; the housekeeping rules
(DC9xx) review the chain's `ignore:` list after the analysers have run.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from deliverychain.findings import Finding, Severity
from deliverychain.reading.positions import KeyPath

if TYPE_CHECKING:
    from deliverychain.model import Chain, IgnoreEntry
    from deliverychain.rules.facts.context import AuditContext

#: The version of deliverychain the first rules appeared in.
FIRST_RELEASE = "0.1.0"
#: Examples a folded finding names (in its data) and describes (at most).
EXAMPLES = 10

#: One place a rule found: (pattern, found). A pattern of None is never folded.
Place = tuple[Hashable | None, Any]


@dataclass(frozen=True, slots=True)
class Description:
    """A finding as a rule words it, before the engine locates its key path in the file."""

    #: Specific and in the users' words, naming the actors.
    message: str
    #: Stable id of what the finding is about: an actor id, a link key, or "a->b->c" for a route.
    subject: str
    #: Key path into the file, e.g. ("links", 3, "strength"); resolved to line and column.
    path: KeyPath
    hint: str = ""
    #: Other places worth seeing: (key path, what is there).
    related: tuple[tuple[KeyPath, str], ...] = ()
    #: Ordered actor ids of a route or loop.
    trace: tuple[str, ...] = ()
    #: Overrides the rule's default severity (e.g. an intended gap is info).
    severity: Severity | None = None
    #: Machine-readable details for JSON output and the diagram overlay.
    data: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class Folding:
    """How the places of one pattern read as one finding, once the engine has folded them.

    The engine names the examples (their subjects, in the data) and counts the places; the
    rule gives the pattern a subject ('kind:practice-nurse->practice') and either says what
    the places have in common (`alike`: the finding then quotes the first example), or
    words the whole finding itself (`summary`), when the places add up to something no one
    example says (how much practice they cut off between them).
    """

    #: The folded finding's subject, from the pattern.
    subject: Callable[[Any], str]
    #: What n places of the pattern have in common: "1,297 feedback links from 'gp' to 'pcn' are weak".
    alike: Callable[[Any, int], str] | None = None
    #: The folded finding from (context, pattern, every place found, the examples described).
    summary: Callable[[AuditContext, Any, list[Any], list[Description]], Description | None] | None = None


@dataclass(frozen=True)
class IgnoreReview:
    """What the housekeeping rules (DC9xx) look at: the ignore list after the analysers ran."""

    chain: Chain
    #: Every finding of the analysers, suppressed ones marked.
    findings: Sequence[Finding]
    #: Entries that matched no finding of a rule that ran: (index in `ignore:`, entry).
    unused: Sequence[tuple[int, IgnoreEntry]]


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: Severity
    #: What it checks.
    summary: str
    #: Why it matters (the sources are in `references`).
    why: str
    #: A failing example, in the chain format.
    example: str
    #: How to fix it.
    fix: str
    references: tuple[str, ...] = ()
    nao_question: int | None = None
    family: str = ""
    #: The places this rule finds (analysers only).
    check: Callable[[AuditContext], Iterable[Place]] | None = field(default=None, compare=False)
    status: str = "stable"
    #: The version of deliverychain the rule appeared in.
    since: str = FIRST_RELEASE
    #: The finding at one place, or None if the place turns out to need none.
    describe: Callable[[AuditContext, Any], Description | None] | None = field(default=None, compare=False)
    #: How places alike fold; None: every place is reported alone.
    folding: Folding | None = field(default=None, compare=False)
    #: Housekeeping rules (DC9xx): the findings about the ignore list.
    review: Callable[[IgnoreReview], Iterable[Description]] | None = field(default=None, compare=False)
