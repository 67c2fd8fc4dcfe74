"""Checks that need the whole chain: unique ids, references that resolve, known tiers.

They run on the plain data, not the typed model, so that a file with a typo in one
field still gets its broken references reported in the same run.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from itertools import chain, compress, repeat
from operator import is_not
from typing import Any

from deliverychain.findings import Finding, Related
from deliverychain.positions import KeyPath, PositionIndex
from deliverychain.rules.dc009_unknown_term import RULE as UNKNOWN_TERM
from deliverychain.rules.dc010_invalid_value import RULE as INVALID_VALUE
from deliverychain.rules.dc011_duplicate_id import RULE as DUPLICATE_ID
from deliverychain.rules.dc012_unknown_reference import RULE as UNKNOWN_REFERENCE
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
    if not isinstance(data, dict) or _clean(data):
        return []
    return checked_problems(data, positions)


def checked_problems(data: dict[str, Any], positions: PositionIndex) -> list[Finding]:
    """Every cross-reference problem, found item by item (`semantic_problems` without the bulk proof)."""
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

    _check_owners(check, info, actors)
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


def _check_owners(check: _Checker, info: dict[str, Any], actors: set[str]) -> None:
    """The owner (or joint owners), the lead among them and their joint arrangement name actors."""
    owner = info.get("owner")
    if isinstance(owner, list):
        check.refer_all(("chain", "owner"), owner, actors, "actor")
    elif owner is not None:
        check.refer(("chain", "owner"), owner, actors, "actor")
    for key in ("lead", "joint_arrangement"):
        if key in info:
            check.refer(("chain", key), info[key], actors, "actor")
    lead = _text(info.get("lead"))
    owners = {_text(o) for o in (owner if isinstance(owner, list) else [owner])}
    if lead is not None and lead in actors and lead not in owners:
        check.problems.append(make_problem(
            INVALID_VALUE, f"'lead' names '{lead}', which is not one of the chain's owners",
            check.positions.value(("chain", "lead")),
            f"add '{lead}' to 'owner', or name one of the owners as the lead", subject="chain.lead",
        ))


# --- proving a chain clean at C speed -------------------------------------------------
#
# Nearly every chain that is checked has no broken reference at all, and a national one has
# 250,000 references to check. `_clean` proves that no check above can find a problem with
# whole-list operations (map, set), never calling a function per item; whenever it cannot
# (an id that is not text, anything of an unusual shape, or a real problem), the checks
# above run and say what is wrong. `tests/test_fast_paths.py` holds it to that.


def _clean(data: dict[str, Any]) -> bool:
    """True only if `semantic_problems` would find nothing in `data`."""
    info = data.get("chain") if isinstance(data.get("chain"), dict) else {}
    blocks = [data.get(key) for key in ("actors", "sources", "links", "views")]
    if not all(block is None or isinstance(block, list) for block in blocks):
        return False
    try:
        actors, sources, links, views = (_Block(block or []) for block in blocks)
        actor_ids, source_ids = actors.unique_ids(), sources.unique_ids()
        if actor_ids is None or source_ids is None or links.unique_ids() is None or views.unique_ids() is None:
            return False
        tiers = _declared_tiers(info)
        if tiers is None:
            return False
        if not _owners_known(info, actor_ids):
            return False
        return (
            actors.values("tier") <= tiers
            and links.values("from") <= actor_ids
            and links.values("to") <= actor_ids
            and actors.evidence_known(source_ids)
            and links.evidence_known(source_ids)
            and all(_Block(assessments).evidence_known(source_ids) for assessments in links.assessment_lists())
            and links.gaps_on_absent_links()
            and all(_known(view["focus"], actor_ids) for view in views.items if "focus" in view)
            and all(_values_of(view.get("tiers")) <= tiers for view in views.items)
        )
    except TypeError:  # an item that is not a mapping, or a value that cannot go in a set (a list as an id)
        return False


_NOT_NONE = partial(is_not, None)


class _Block:
    """The mappings of one list (actors, links...), with every key any of them uses.

    Each pass over 40,000 parsed items costs milliseconds, so a pass for a key that no item
    uses (most links have no id, evidence or assessments) is skipped.
    """

    def __init__(self, items: list[Any]) -> None:
        self.items = items
        # dict.keys raises TypeError for an item that is not a mapping
        self.keys = set(chain.from_iterable(set(map(tuple, map(dict.keys, items)))))

    def values(self, key: str) -> set[Any]:
        """The values under `key` in the items that have one (None counts as none)."""
        if key not in self.keys:
            return set()
        values = set(map(dict.get, self.items, repeat(key)))
        values.discard(None)
        return values

    def unique_ids(self) -> set[str] | None:
        """The ids of the items if each is text and none is repeated; else None."""
        if "id" not in self.keys:
            return set()
        ids = list(filter(_NOT_NONE, map(dict.get, self.items, repeat("id"))))
        unique = set(ids)
        if len(unique) != len(ids) or not set(map(type, ids)) <= {str}:
            return None
        return unique

    def evidence_known(self, sources: set[str]) -> bool:
        if "evidence" not in self.keys:
            return True
        return all(_values_of(evidence) <= sources
                   for evidence in filter(None, map(dict.get, self.items, repeat("evidence"))))

    def assessment_lists(self) -> list[list[Any]]:
        """Each item's assessments that are mappings (the checks skip anything else)."""
        if "assessments" not in self.keys:
            return []
        found = filter(None, map(dict.get, self.items, repeat("assessments")))
        return [[a for a in assessments if isinstance(a, dict)] for assessments in found
                if isinstance(assessments, list)]

    def gaps_on_absent_links(self) -> bool:
        """Every link with an 'intended_gap' is missing or planned (or its strength is not text)."""
        if "intended_gap" not in self.keys:
            return True
        with_gap = compress(self.items, map(_NOT_NONE, map(dict.get, self.items, repeat("intended_gap"))))
        return all(not isinstance(strength := link.get("strength", "unknown"), str) or strength in ABSENT_STRENGTHS
                   for link in with_gap)


def _values_of(value: Any) -> set[Any]:
    """The text items of a list (the checks skip the rest), as a set."""
    return {item for item in value if isinstance(item, str)} if isinstance(value, list) else set()


def _declared_tiers(info: dict[str, Any]) -> set[str] | None:
    """The chain's tiers (its own or the default ones), or None when one is listed twice."""
    declared = [t for _, t in _strings(info.get("tiers"))]
    if len(set(declared)) != len(declared):
        return None
    return set(declared or DEFAULT_TIERS)


def _owners_known(info: dict[str, Any], actor_ids: set[str]) -> bool:
    """The owner or owners, a lead among them and a joint arrangement are all declared actors."""
    owner = info.get("owner")
    owners = owner if isinstance(owner, list) else [owner] if owner is not None else []
    if not all(_known(o, actor_ids) for o in owners):
        return False
    if not all(_known(info[key], actor_ids) for key in ("lead", "joint_arrangement") if key in info):
        return False
    return "lead" not in info or _text(info["lead"]) is None or info["lead"] in owners


def _known(value: Any, known: set[str]) -> bool:
    text = _text(value)
    return text is None or text in known

