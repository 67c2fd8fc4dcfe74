"""Checks that need the whole chain: unique ids, references that resolve, known tiers.

They run on the plain data, not the typed model, so that a file with a typo in one
field still gets its broken references reported in the same run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from deliverychain.findings import Finding, Related
from deliverychain.positions import KeyPath, PositionIndex
from deliverychain.rules.format import DUPLICATE_ID, INVALID_VALUE, UNKNOWN_REFERENCE, UNKNOWN_TERM
from deliverychain.suggest import did_you_mean, one_of
from deliverychain.vocab import ABSENT_STRENGTHS, DEFAULT_TIERS
from deliverychain.yamlsource import make_problem


def _items(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    """The mapping items of a list under `key`, with their indexes; anything else skipped."""
    block = data.get(key) if isinstance(data, dict) else None
    if not isinstance(block, list):
        return []
    return [(i, item) for i, item in enumerate(block) if isinstance(item, dict)]


def _strings(value: Any) -> list[tuple[int, str]]:
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str)]


def _text(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    return str(value) if isinstance(value, (str, int, float)) else None


class _Checker:
    def __init__(self, positions: PositionIndex) -> None:
        self.positions = positions
        self.problems: list[Finding] = []

    def unique(self, block: str, items: Sequence[tuple[int, dict[str, Any]]], what: str) -> set[str]:
        first: dict[str, int] = {}
        for index, item in items:
            item_id = _text(item.get("id"))
            if item_id is None:
                continue
            if item_id in first:
                earlier = self.positions.value((block, first[item_id], "id"))
                self.problems.append(make_problem(
                    DUPLICATE_ID, f"duplicate {what} id '{item_id}' (first declared at line {earlier.line})",
                    self.positions.value((block, index, "id")), f"give this {what} its own id",
                    subject=f"{block}:{item_id}",
                    related=(Related(earlier, f"first '{item_id}' is here"),),
                ))
            else:
                first[item_id] = index
        return set(first)

    def refer(self, path: KeyPath, value: Any, known: set[str], what: str) -> None:
        text = _text(value)
        if text is None or text in known:
            return
        hint = did_you_mean(text, known) or f"declare {what} '{text}', or use a declared id"
        self.problems.append(make_problem(
            UNKNOWN_REFERENCE, f"unknown {what} '{text}'", self.positions.value(path), hint,
            subject=".".join(str(p) for p in path),
        ))

    def refer_all(self, path: KeyPath, values: Any, known: set[str], what: str) -> None:
        for index, value in _strings(values):
            self.refer((*path, index), value, known, what)

    def tier(self, path: KeyPath, value: Any, tiers: Sequence[str]) -> None:
        text = _text(value)
        if text is None or text in tiers:
            return
        hint = did_you_mean(text, tiers)
        self.problems.append(make_problem(
            UNKNOWN_TERM, f"'{text}' is not a tier of this chain", self.positions.value(path),
            (hint + " " if hint else "") + f"tiers, top to bottom: {one_of(tiers)}",
            subject=".".join(str(p) for p in path),
        ))


def semantic_problems(data: Any, positions: PositionIndex) -> list[Finding]:
    if not isinstance(data, dict):
        return []
    check = _Checker(positions)
    info = data.get("chain") if isinstance(data.get("chain"), dict) else {}
    actors = check.unique("actors", _items(data, "actors"), "actor")
    sources = check.unique("sources", _items(data, "sources"), "source")
    check.unique("links", _items(data, "links"), "link")
    check.unique("views", _items(data, "views"), "view")

    declared_tiers = [t for _, t in _strings(info.get("tiers"))]
    tiers: Sequence[str] = declared_tiers or DEFAULT_TIERS
    if len(set(declared_tiers)) != len(declared_tiers):
        check.problems.append(make_problem(
            DUPLICATE_ID, "a tier is listed twice in 'chain.tiers'", positions.value(("chain", "tiers")),
            "list each tier once, top to bottom", subject="chain.tiers",
        ))

    if "owner" in info:
        check.refer(("chain", "owner"), info["owner"], actors, "actor")
    for i, actor in _items(data, "actors"):
        if "tier" in actor:
            check.tier(("actors", i, "tier"), actor["tier"], tiers)
        check.refer_all(("actors", i, "evidence"), actor.get("evidence"), sources, "source")
    for i, link in _items(data, "links"):
        for end in ("from", "to"):
            if end in link:
                check.refer(("links", i, end), link[end], actors, "actor")
        check.refer_all(("links", i, "evidence"), link.get("evidence"), sources, "source")
        for j, assessment in _items(link, "assessments"):
            check.refer_all(("links", i, "assessments", j, "evidence"), assessment.get("evidence"),
                            sources, "source")
        strength = link.get("strength", "unknown")
        # a strength that is not text (a list, a mapping) is the model's type error to report
        if link.get("intended_gap") is not None and isinstance(strength, str) and strength not in ABSENT_STRENGTHS:
            check.problems.append(make_problem(
                INVALID_VALUE,
                f"'intended_gap' explains a link that is missing on purpose, but this link is '{strength}'",
                positions.key(("links", i, "intended_gap")),
                "set 'strength: missing' (or planned), or remove 'intended_gap'", subject=f"links.{i}",
            ))
    for i, view in _items(data, "views"):
        if "focus" in view:
            check.refer(("views", i, "focus"), view["focus"], actors, "actor")
        for j, tier in _strings(view.get("tiers")):
            check.tier(("views", i, "tiers", j), tier, tiers)
    return check.problems
