"""Checks that need the whole chain: unique ids, references that resolve, known tiers.

They run on the plain data, not the typed model, so that a file with a typo in one
field still gets its broken references reported in the same run.

Which keys refer to which ids is one table, `REFERENCES`. It drives both ways of checking:
item by item, with a problem at every broken reference, and the bulk proof that nearly
every chain takes, which shows with whole-list operations (map, set) that the item-by-item
checks would find nothing. A new referring key is one more row.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import chain, compress, repeat
from operator import is_not
from typing import Any, Literal

from deliverychain.findings import Finding, Related
from deliverychain.reading.positions import KeyPath, PositionIndex
from deliverychain.reading.problems import DUPLICATE_ID, INVALID_VALUE, UNKNOWN_REFERENCE, UNKNOWN_TERM
from deliverychain.suggest import Suggester, did_you_mean, one_of
from deliverychain.vocab import ABSENT_STRENGTHS, DEFAULT_TIERS

#: In a key path pattern: every item of the list there (mappings, or text at the end of the path).
EACH = "*"

Target = Literal["actor", "source", "tier"]


@dataclass(frozen=True)
class Reference:
    #: Where the referring values are: ("links", EACH, "from") is every link's 'from'.
    pattern: tuple[str, ...]
    #: What they name.
    target: Target


REFERENCES: tuple[Reference, ...] = (
    Reference(("chain", "owner"), "actor"),
    Reference(("chain", "owner", EACH), "actor"),  # joint owners
    Reference(("chain", "lead"), "actor"),
    Reference(("chain", "joint_arrangement"), "actor"),
    Reference(("actors", EACH, "tier"), "tier"),
    Reference(("actors", EACH, "evidence", EACH), "source"),
    Reference(("links", EACH, "from"), "actor"),
    Reference(("links", EACH, "to"), "actor"),
    Reference(("links", EACH, "evidence", EACH), "source"),
    Reference(("links", EACH, "assessments", EACH, "evidence", EACH), "source"),
    Reference(("views", EACH, "focus"), "actor"),
    Reference(("views", EACH, "tiers", EACH), "tier"),
)
#: Lists whose items have ids that must be unique, and what an item is called.
IDS: tuple[tuple[str, str], ...] = (("actors", "actor"), ("sources", "source"), ("links", "link"), ("views", "view"))


def problems(data: Any, positions: PositionIndex) -> list[Finding]:
    """Every cross-reference problem of a parsed chain; none, quickly, for nearly every chain."""
    if not isinstance(data, dict) or proved_clean(data):
        return []
    return item_by_item(data, positions)


# --- item by item ------------------------------------------------------------------------


def _items(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    """The mapping items of a list under `key`, with their indexes; anything else skipped."""
    block = data.get(key) if isinstance(data, dict) else None
    if not isinstance(block, list):
        return []
    return [(i, item) for i, item in enumerate(block) if isinstance(item, dict)]


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    return str(value) if isinstance(value, (str, int, float)) else None


def referring(data: Any, pattern: Sequence[str], path: KeyPath = ()) -> Iterator[tuple[KeyPath, Any]]:
    """Each value at `pattern` in `data`, with its key path: keys that are present, the
    mapping items of a list (EACH before more keys) or its text items (EACH at the end)."""
    if not pattern:
        yield path, data
        return
    step, rest = pattern[0], pattern[1:]
    if step == EACH:
        if isinstance(data, list):
            wanted = dict if rest else str
            for index, item in enumerate(data):
                if isinstance(item, wanted):
                    yield from referring(item, rest, (*path, index))
    elif isinstance(data, dict) and step in data:
        yield from referring(data[step], rest, (*path, step))


class _Checker:
    def __init__(self, positions: PositionIndex) -> None:
        self.positions = positions
        self.problems: list[Finding] = []
        # one per set of ids, kept: a file may have thousands of unknown references
        self._suggesters: dict[int, tuple[set[str], Suggester]] = {}

    def suggester(self, known: set[str]) -> Suggester:
        kept = self._suggesters.get(id(known))
        if kept is None or kept[0] is not known:
            kept = self._suggesters[id(known)] = (known, Suggester(known))
        return kept[1]

    def unique(self, block: str, items: Sequence[tuple[int, dict[str, Any]]], what: str) -> set[str]:
        first: dict[str, int] = {}
        for index, item in items:
            item_id = _text(item.get("id"))
            if item_id is None:
                continue
            if item_id in first:
                earlier = self.positions.value((block, first[item_id], "id"))
                self.problems.append(DUPLICATE_ID(
                    f"duplicate {what} id '{item_id}' (first declared at line {earlier.line})",
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
        hint = self.suggester(known).did_you_mean(text) or f"declare {what} '{text}', or use a declared id"
        self.problems.append(UNKNOWN_REFERENCE(
            f"unknown {what} '{text}'", self.positions.value(path), hint, subject=".".join(str(p) for p in path),
        ))

    def tier(self, path: KeyPath, value: Any, tiers: Sequence[str]) -> None:
        text = _text(value)
        if text is None or text in tiers:
            return
        hint = did_you_mean(text, tiers)
        self.problems.append(UNKNOWN_TERM(
            f"'{text}' is not a tier of this chain", self.positions.value(path),
            (hint + " " if hint else "") + f"tiers, top to bottom: {one_of(tiers)}",
            subject=".".join(str(p) for p in path),
        ))


def item_by_item(data: dict[str, Any], positions: PositionIndex) -> list[Finding]:
    """Every cross-reference problem, found item by item (`problems` without the bulk proof)."""
    check = _Checker(positions)
    ids = {what: check.unique(block, _items(data, block), what) for block, what in IDS}
    info = data.get("chain") if isinstance(data.get("chain"), dict) else {}
    declared_tiers = _strings(info.get("tiers"))
    tiers: Sequence[str] = declared_tiers or DEFAULT_TIERS
    if len(set(declared_tiers)) != len(declared_tiers):
        check.problems.append(DUPLICATE_ID(
            "a tier is listed twice in 'chain.tiers'", positions.value(("chain", "tiers")),
            "list each tier once, top to bottom", subject="chain.tiers",
        ))
    for reference in REFERENCES:
        for path, value in referring(data, reference.pattern):
            if reference.target == "tier":
                check.tier(path, value, tiers)
            else:
                check.refer(path, value, ids[reference.target], reference.target)
    lead = _text(info.get("lead"))
    if lead is not None and lead in ids["actor"] and lead not in _owners(info):
        check.problems.append(INVALID_VALUE(
            f"'lead' names '{lead}', which is not one of the chain's owners", positions.value(("chain", "lead")),
            f"add '{lead}' to 'owner', or name one of the owners as the lead", subject="chain.lead",
        ))
    for i, link in _items(data, "links"):
        strength = link.get("strength", "unknown")
        # a strength that is not text (a list, a mapping) is the model's type error to report
        if link.get("intended_gap") is not None and isinstance(strength, str) and strength not in ABSENT_STRENGTHS:
            check.problems.append(INVALID_VALUE(
                f"'intended_gap' explains a link that is missing on purpose, but this link is '{strength}'",
                positions.key(("links", i, "intended_gap")),
                "set 'strength: missing' (or planned), or remove 'intended_gap'", subject=f"links.{i}",
            ))
    return check.problems


# --- the bulk proof ----------------------------------------------------------------------
#
# Nearly every chain that is checked has no broken reference at all, and a national one has
# 250,000 references to check. `proved_clean` proves that no check above can find a problem
# with whole-list operations (map, set), never calling a function per item; whenever it
# cannot (an id that is not text, anything of an unusual shape, or a real problem), the
# checks above run and say what is wrong. `tests/test_fast_paths.py` holds it to that.

_NOT_NONE = partial(is_not, None)


def proved_clean(data: dict[str, Any]) -> bool:
    """True only if `item_by_item` would find nothing in `data`."""
    info = data.get("chain") if isinstance(data.get("chain"), dict) else {}
    if not all(data.get(block) is None or isinstance(data.get(block), list) for block, _ in IDS):
        return False
    try:
        known: dict[str, set[str]] = {}
        for block, what in IDS:
            unique = _unique_ids(data.get(block) or [])
            if unique is None:
                return False
            known[what] = unique
        tiers = _declared_tiers(info)
        if tiers is None:
            return False
        known["tier"] = tiers
        return (
            all(_gathered(data, reference.pattern) <= known[reference.target] for reference in REFERENCES)
            and _gaps_on_absent_links(data.get("links") or [])
            and ("lead" not in info or info["lead"] in _owners(info))
        )
    except TypeError:  # an item that is not a mapping, or a value that cannot go in a set (a list as an id)
        return False


def _gathered(data: dict[str, Any], pattern: Sequence[str]) -> set[Any]:
    """Every value at `pattern`, at C speed. A value the item-by-item checks would skip or read
    as other text (a number) is kept as it is, so that the proof fails and they decide."""
    level: list[Any] = [data]
    for step in pattern:
        if step == EACH:
            level = list(chain.from_iterable(filter(_is_list, level)))
        else:
            level = list(filter(_NOT_NONE, map(dict.get, level, repeat(step))))  # TypeError unless all mappings
    if pattern[-1] == EACH:
        return {value for value in level if isinstance(value, str)}
    # A list where one value may stand (joint owners) is read by the pattern's EACH row.
    return set(filter(_is_not_list, level))


def _is_list(value: Any) -> bool:
    return type(value) is list


def _is_not_list(value: Any) -> bool:
    return type(value) is not list


def _owners(info: dict[str, Any]) -> set[str | None]:
    """The chain's owner or joint owners, as text."""
    owner = info.get("owner")
    return {_text(o) for o in (owner if isinstance(owner, list) else [owner])}


def _unique_ids(items: list[Any]) -> set[str] | None:
    """The ids of the items if each is text and none is repeated; else None."""
    ids = list(filter(_NOT_NONE, map(dict.get, items, repeat("id"))))
    unique = set(ids)
    if len(unique) != len(ids) or not set(map(type, ids)) <= {str}:
        return None
    return unique


def _gaps_on_absent_links(links: list[Any]) -> bool:
    """Every link with an 'intended_gap' is missing or planned (or its strength is not text)."""
    with_gap = compress(links, map(_NOT_NONE, map(dict.get, links, repeat("intended_gap"))))
    return all(not isinstance(strength := link.get("strength", "unknown"), str) or strength in ABSENT_STRENGTHS
               for link in with_gap)


def _declared_tiers(info: dict[str, Any]) -> set[str] | None:
    """The chain's tiers (its own or the default ones), or None when one is listed twice."""
    declared = _strings(info.get("tiers"))
    if len(set(declared)) != len(declared):
        return None
    return set(declared or DEFAULT_TIERS)
