"""Compare two drafts of a chain: load both, audit both, and say what changed.

This is the one driver behind `chain diff` and `deliverychain.diff`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from deliverychain.diffing.audit import AuditDiff, diff_findings
from deliverychain.diffing.model import ModelDiff, diff_models
from deliverychain.diffing.sides import read_side
from deliverychain.errors import ChainError
from deliverychain.findings import Finding
from deliverychain.model import Chain

if TYPE_CHECKING:
    from deliverychain.analysis.engine import AuditReport

#: Turns an audit into a delivery-confidence rating ("Amber/Green"). See `rating_function`.
Rate = Callable[["AuditReport"], object]


@dataclass(frozen=True)
class Draft:
    """One side of the diff: its name as given (a path or `git:REV:PATH`), chain and audit."""

    name: str
    chain: Chain
    audit: AuditReport | None = None


@dataclass(frozen=True)
class ConfidenceChange:
    """The delivery-confidence rating of each draft (`chain report`'s rating)."""

    before: str
    after: str


@dataclass(frozen=True)
class ChainDiff:
    old: Draft
    new: Draft
    model: ModelDiff
    #: None when the diff was asked for without the audit.
    audit: AuditDiff | None
    #: Filled when a rating function is available (see `rating_function`); else None.
    confidence: ConfidenceChange | None = None

    @property
    def empty(self) -> bool:
        """Nothing changed in the model, and nothing in the audit."""
        return self.model.empty and (self.audit is None or self.audit.unchanged)


class SideError(ChainError):
    """One side could not be read as a chain; `side` is "old" or "new"."""

    def __init__(self, side: str, name: str, problems: list[Finding]) -> None:
        super().__init__(problems)
        self.side, self.name = side, name
        self.args = (f"the {side} side, '{name}', could not be read as a chain: {self.args[0]}",)


def rating_function() -> Rate | None:
    """The delivery-confidence rating of `chain report`: before and after, in every output."""
    from deliverychain.reports.board.content import rate

    return rate


def compare_chains(old: Draft, new: Draft, rate: Rate | None = None) -> ChainDiff:
    """The diff of two loaded drafts; audits are compared when both drafts carry one."""
    model = diff_models(old.chain, new.chain)
    audit = None
    confidence = None
    if old.audit is not None and new.audit is not None:
        audit = diff_findings(old.audit.findings, new.audit.findings, model.renamed_subject)
        rate = rate or rating_function()
        if rate is not None:
            confidence = ConfidenceChange(str(rate(old.audit)), str(rate(new.audit)))
    return ChainDiff(old, new, model, audit, confidence)


def load_draft(side: str, source: Chain | str | os.PathLike[str], audit: bool = True) -> Draft:
    """A draft from a loaded chain, a file path or `git:REV:PATH`; SideError when it does not load."""
    if isinstance(source, Chain):
        chain, name = source, source.file
    else:
        name = os.fspath(source)
        loaded = read_side(name)
        if loaded.chain is None:
            raise SideError(side, name, loaded.problems)
        chain = loaded.chain
    report = None
    if audit:
        from deliverychain.pipeline import audit as run_audit

        report = run_audit(chain)
    return Draft(name, chain, report)


def diff(old: Chain | str | os.PathLike[str], new: Chain | str | os.PathLike[str], *,
         audit: bool = True, rate: Rate | None = None) -> ChainDiff:
    """What changed from `old` to `new`, and what it did to the audit.

    Each side is a loaded `Chain`, a file path or `git:REV:PATH` (the file at a git
    revision, read in the repository of the current folder). `audit=False` compares the
    models only. `rate` turns an audit into a delivery-confidence rating to compare
    (by default the report's rating, once it exists). Raises ChainError (a SideError,
    naming the side) when a side cannot be read as a chain.
    """
    return compare_chains(load_draft("old", old, audit), load_draft("new", new, audit), rate)
