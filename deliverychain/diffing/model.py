"""What changed in the model between two drafts of a chain, field by field.

Pure: two loaded chains in, a `ModelDiff` out. It compares what the files *mean*, not
their text, so reordering actors or links, reformatting, comments, a default written out
(`strength: unknown`) or a list in another order (`carries`, `evidence`, `roles`) are not
changes, and a YAML draft compares with a JSON one.

Items are matched near-linearly, by dictionaries: sources, actors and views by id; links
by id where both drafts give one, else by (from, to, kind) after applying actor renames;
ignore entries by (rule, subject). An actor (or source) whose id alone changed is reported
as renamed, not removed and added: every other field must be equal and, for an actor,
every one of its links too (their other ends mapped through the renames found; links to
actors that were themselves removed or added do not count).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from deliverychain.model import Actor, Assessment, Chain, ChainInfo, IgnoreEntry, Link, Source, Target, View
from deliverychain.speedups import collector_paused

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class FieldChange:
    """One field of one item that differs. Values are plain JSON values (dates as text).

    For lists read as sets (`carries`, `evidence`, `roles`...) `added` and `removed` say which
    entries changed. For a link's assessments and targets, `item` names the assessment's
    rater or the target's name, and `field` is `assessments` (the whole assessment added or
    removed) or `assessments.strength` (one of its fields).
    """

    field: str
    old: Any = None
    new: Any = None
    added: tuple[Any, ...] = ()
    removed: tuple[Any, ...] = ()
    item: str | None = None


@dataclass(frozen=True)
class Changed(Generic[T]):
    old: T
    new: T
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class Renamed(Generic[T]):
    """Only the id changed."""

    old: T
    new: T


@dataclass(frozen=True)
class BlockDiff(Generic[T]):
    """The changes to one block of the file. Added and changed items are in the new draft's
    order, removed ones in the old draft's."""

    added: tuple[T, ...] = ()
    removed: tuple[T, ...] = ()
    changed: tuple[Changed[T], ...] = ()
    renamed: tuple[Renamed[T], ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.renamed)


@dataclass(frozen=True)
class ModelDiff:
    chain: tuple[FieldChange, ...] = ()
    sources: BlockDiff[Source] = field(default_factory=BlockDiff)
    actors: BlockDiff[Actor] = field(default_factory=BlockDiff)
    links: BlockDiff[Link] = field(default_factory=BlockDiff)
    ignore: BlockDiff[IgnoreEntry] = field(default_factory=BlockDiff)
    views: BlockDiff[View] = field(default_factory=BlockDiff)

    @property
    def empty(self) -> bool:
        return not self.chain and all(block.empty for _, block in self.blocks())

    def blocks(self) -> list[tuple[str, BlockDiff[Any]]]:
        """(name in the file, block) in the file's order."""
        return [("sources", self.sources), ("actors", self.actors), ("links", self.links),
                ("ignore", self.ignore), ("views", self.views)]

    @property
    def actor_renames(self) -> dict[str, str]:
        """Old actor id -> new actor id."""
        return {r.old.id: r.new.id for r in self.actors.renamed}

    @property
    def source_renames(self) -> dict[str, str]:
        return {r.old.id: r.new.id for r in self.sources.renamed}

    def renamed_subject(self, subject: str) -> str:
        """An old finding's or ignore entry's subject, in the new draft's actor ids."""
        return _Ids(self.actor_renames).subject(subject)


# --- how each field compares ------------------------------------------------------------

#: Lists whose order means nothing.
_SET = "set"
#: Actor ids and lists of source ids: compared after mapping old ids through renames.
_ACTOR = "actor"
_SOURCES = "sources"
#: A finding's subject (actor id, link key or route), in an ignore entry.
_SUBJECT = "subject"
#: Lists of assessments and targets: matched by their rater or name, then field by field.
_ASSESSMENTS = "assessments"
_TARGETS = "targets"

_FIELD_KINDS: dict[type[BaseModel], dict[str, str]] = {
    ChainInfo: {"owner": _ACTOR, "lead": _ACTOR, "joint_arrangement": _ACTOR, "breakdowns": _SET},
    Source: {},
    Actor: {"roles": _SET, "evidence": _SOURCES},
    Link: {"source": _ACTOR, "target": _ACTOR, "carries": _SET, "evidence": _SOURCES, "breakdowns": _SET,
           "assessments": _ASSESSMENTS, "targets": _TARGETS},
    Assessment: {"evidence": _SOURCES},
    Target: {},
    IgnoreEntry: {"subject": _SUBJECT},
    View: {"tiers": _SET, "kinds": _SET, "focus": _ACTOR},
}
_ITEM_KEY = {_ASSESSMENTS: "rater", _TARGETS: "name"}


class _Ids:
    """Old ids mapped to new ones, for comparing an old value with a new one."""

    def __init__(self, actors: Mapping[str, str] | None = None, sources: Mapping[str, str] | None = None) -> None:
        self.actors: Mapping[str, str] = actors or {}
        self.sources: Mapping[str, str] = sources or {}

    def actor(self, actor_id: str) -> str:
        return self.actors.get(actor_id, actor_id)

    def subject(self, subject: str) -> str:
        """An actor id, a link key (`a->b`, `a->b:kind`) or a route with its actor ids renamed."""
        if not self.actors:
            return subject
        if subject in self.actors:
            return self.actors[subject]
        parts = subject.split("->")
        if len(parts) == 1:
            return subject
        last, _, kind = parts[-1].rpartition(":")
        if last and last in self.actors and parts[-1] not in self.actors:
            parts[-1] = f"{self.actors[last]}:{kind}"
        return "->".join(self.actor(part) for part in parts)


_SAME = _Ids()


def plain_value(value: Any) -> Any:
    """A field's value as plain JSON data (what outputs print)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    if isinstance(value, (list, tuple)):
        return [plain_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain_value(v) for k, v in value.items()}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _canonical(value: Any) -> str:
    return json.dumps(plain_value(value), sort_keys=True, ensure_ascii=False, default=str)


def _normal(kind: str | None, value: Any, ids: _Ids) -> Hashable:
    """A value in a form that compares equal exactly when the two drafts mean the same."""
    if kind == _ACTOR:
        if isinstance(value, list):  # joint owners: the same owners in any order are the same
            return tuple(sorted(ids.actor(v) for v in value))
        return ids.actor(value) if isinstance(value, str) else value
    if kind == _SUBJECT:
        return ids.subject(value)
    if kind == _SET:
        return tuple(sorted(set(value)))
    if kind == _SOURCES:
        return tuple(sorted({ids.sources.get(v, v) for v in value}))
    if kind in _ITEM_KEY:
        return tuple(sorted((_item_signature(item, ids) for item in value), key=repr))
    if isinstance(value, (list, dict)):
        return _canonical(value)
    return value  # type: ignore[no-any-return]


def _item_signature(model: BaseModel, ids: _Ids, skip: str | None = None) -> tuple[Any, ...]:
    kinds = _FIELD_KINDS[type(model)]
    values = model.__dict__
    return tuple((name, _normal(kinds.get(name), values[name], ids))
                 for name in type(model).model_fields if name != skip)


def _file_name(model_type: type[BaseModel], name: str) -> str:
    """A field's name as the file spells it (`from`, not `source`)."""
    return model_type.model_fields[name].alias or name


def compare_fields(old: T, new: T, ids: _Ids = _SAME, prefix: str = "", item: str | None = None) -> list[FieldChange]:
    """Every field of `old` and `new` (same model type) that differs, in the model's field order."""
    model_type = type(new)
    kinds = _FIELD_KINDS[model_type]
    old_values, new_values = old.__dict__, new.__dict__
    changes: list[FieldChange] = []
    for name in model_type.model_fields:
        kind = kinds.get(name)
        before, after = old_values[name], new_values[name]
        if before == after and kind not in (_ACTOR, _SUBJECT, _SOURCES, _ASSESSMENTS, _TARGETS):
            continue
        if _normal(kind, before, ids) == _normal(kind, after, _SAME):
            continue
        label = prefix + _file_name(model_type, name)
        if kind in _ITEM_KEY:
            changes += _compare_items(label, _ITEM_KEY[kind], before, after, ids)
        elif kind in (_SET, _SOURCES):
            rename = ids.sources if kind == _SOURCES else {}
            kept = set(after)
            mapped = {rename.get(v, v) for v in before}
            changes.append(FieldChange(label, plain_value(before), plain_value(after),
                                       added=tuple(sorted(kept - mapped)),
                                       removed=tuple(sorted({v for v in before if rename.get(v, v) not in kept})),
                                       item=item))
        else:
            changes.append(FieldChange(label, plain_value(before), plain_value(after), item=item))
    return changes


def _compare_items(label: str, key: str, old: Sequence[BaseModel], new: Sequence[BaseModel],
                   ids: _Ids) -> list[FieldChange]:
    """Assessments by rater, targets by name; whole items when a key is used twice."""
    old_by = {getattr(item, key): item for item in old}
    new_by = {getattr(item, key): item for item in new}
    if len(old_by) != len(old) or len(new_by) != len(new):
        old_signatures = [_item_signature(item, ids) for item in old]
        new_signatures = [_item_signature(item, _SAME) for item in new]
        removed = _surplus(old, old_signatures, Counter(old_signatures) - Counter(new_signatures))
        added = _surplus(new, new_signatures, Counter(new_signatures) - Counter(old_signatures))
        return [FieldChange(label, added=tuple(plain_value(added)), removed=tuple(plain_value(removed)))]
    changes: list[FieldChange] = []
    for name, item in old_by.items():
        if name not in new_by:
            changes.append(FieldChange(label, removed=(plain_value(item),), item=name))
    for name, item in new_by.items():
        if name not in old_by:
            changes.append(FieldChange(label, added=(plain_value(item),), item=name))
        else:
            changes += compare_fields(old_by[name], item, ids, prefix=f"{label}.", item=name)
    return changes


def _surplus(items: Sequence[BaseModel], signatures: Sequence[Hashable], extra: Counter[Hashable]) -> list[BaseModel]:
    """The items one side has more of than the other, as many of each as it has more."""
    chosen = []
    for item, signature in zip(items, signatures, strict=True):
        if extra[signature] > 0:
            extra[signature] -= 1
            chosen.append(item)
    return chosen


# --- matching items -----------------------------------------------------------------------

Pairs = tuple[list[tuple[T, T]], list[T], list[T]]


def _match(old: Sequence[T], old_keys: Sequence[Hashable], new: Sequence[T], new_keys: Sequence[Hashable],
           signature: Callable[[T, _Ids], Hashable], ids: _Ids) -> dict[int, T]:
    """Which old item each new item is (by `id()` of the new item), for items with the same key.

    Where a key is used by several items on a side (links without ids between the same two
    actors), identical items pair first, the rest in file order. A dictionary look-up per
    item: linear.
    """
    old_by = dict(zip(old_keys, old, strict=True))
    new_by = dict(zip(new_keys, new, strict=True))
    if len(old_by) == len(old) and len(new_by) == len(new):  # every key used once: the usual case
        return {id(item): old_by[key] for key, item in new_by.items() if key in old_by}
    firsts: dict[Hashable, T] = {}
    crowded: dict[Hashable, list[T]] = {}
    for key, item in zip(old_keys, old, strict=True):
        if key in firsts:
            crowded.setdefault(key, [firsts[key]]).append(item)
        else:
            firsts[key] = item
    seen: set[Hashable] = set()
    for key in new_keys:
        if key in seen:
            crowded.setdefault(key, [firsts[key]] if key in firsts else [])
        seen.add(key)
    partner: dict[int, T] = {}
    crowded_new: dict[Hashable, list[T]] = defaultdict(list)
    for key, item in zip(new_keys, new, strict=True):
        if key in crowded:
            crowded_new[key].append(item)
        elif key in firsts:
            partner[id(item)] = firsts[key]
    for key, news in crowded_new.items():
        partner.update(_match_crowd(crowded[key], news, signature, ids))
    return partner


def _match_crowd(olds: list[T], news: list[T], signature: Callable[[T, _Ids], Hashable],
                 ids: _Ids) -> dict[int, T]:
    by_signature: dict[Hashable, deque[T]] = defaultdict(deque)
    for item in olds:
        by_signature[signature(item, ids)].append(item)
    partner: dict[int, T] = {}
    unmatched: list[T] = []
    for item in news:
        same = by_signature.get(signature(item, _SAME))
        if same:
            partner[id(item)] = same.popleft()
        else:
            unmatched.append(item)
    taken = {id(item) for item in partner.values()}
    left = [item for item in olds if id(item) not in taken]
    partner.update((id(after), before) for before, after in zip(left, unmatched, strict=False))
    return partner


def _pairs(old: Sequence[T], new: Sequence[T], partner: Mapping[int, T]) -> Pairs[T]:
    """(pairs and added in the new draft's order, removed in the old's)."""
    pairs: list[tuple[T, T]] = []
    added: list[T] = []
    for item in new:
        before = partner.get(id(item))
        if before is None:
            added.append(item)
        else:
            pairs.append((before, item))
    matched = {id(before) for before, _ in pairs}
    return pairs, [item for item in old if id(item) not in matched], added


def _pair(old: Sequence[T], new: Sequence[T], key: Callable[[T], Hashable],
          signature: Callable[[T, _Ids], Hashable], ids: _Ids, old_key: Callable[[T], Hashable] | None = None,
          ) -> Pairs[T]:
    """Items paired by `key` (`old_key` for old items, when it differs)."""
    old_keys = list(map(old_key or key, old))
    return _pairs(old, new, _match(old, old_keys, new, list(map(key, new)), signature, ids))


def _block(pairs: Iterable[tuple[T, T]], removed: Sequence[T], added: Sequence[T], ids: _Ids,
           renamed: Sequence[Renamed[T]] = ()) -> BlockDiff[T]:
    changed = []
    for before, after in pairs:
        if before.__dict__ == after.__dict__:
            continue  # the common case, decided in C; equal raw values are equal meanings
        changes = compare_fields(before, after, ids)
        if changes:
            changed.append(Changed(before, after, tuple(changes)))
    return BlockDiff(tuple(added), tuple(removed), tuple(changed), tuple(renamed))


def _by_id(old: Sequence[T], new: Sequence[T]) -> Pairs[T]:
    return _pair(old, new, attrgetter("id"), _item_signature, _SAME)


# --- renames ------------------------------------------------------------------------------

def _source_renames(removed: list[Source], added: list[Source]) -> list[Renamed[Source]]:
    """A removed and an added source with every field but the id equal, alone of their kind."""
    return _unique_pairs(removed, added, lambda s: _item_signature(s, _SAME, skip="id"))


def _unique_pairs(removed: Sequence[T], added: Sequence[T], signature: Callable[[T], Hashable]) -> list[Renamed[T]]:
    old_by: dict[Hashable, list[T]] = defaultdict(list)
    for item in removed:
        old_by[signature(item)].append(item)
    new_by: dict[Hashable, list[T]] = defaultdict(list)
    for item in added:
        new_by[signature(item)].append(item)
    return [Renamed(old_by[key][0], news[0]) for key, news in new_by.items()
            if len(news) == 1 and len(old_by.get(key, ())) == 1]


_SELF = "\x00self"


def _link_signature(link: Link, ids: _Ids) -> Hashable:
    return _item_signature(link, ids)


def _actor_renames(old: Chain, new: Chain, removed: list[Actor], added: list[Actor],
                   sources: Mapping[str, str]) -> list[Renamed[Actor]]:
    """Removed and added actors that differ only in their id, links included.

    Candidates are actors whose other fields are equal and unique among the removed and
    added; actors with equal fields are told apart by their links. Every candidate is then
    checked: its links, with old ids mapped through all candidates, must equal its new
    links. A candidate that fails is dropped and the rest are checked again, since their
    links may have counted on it.
    """
    if not removed or not added:
        return []
    ids = _Ids(sources=sources)  # the old side's evidence, in the new draft's source ids
    gone, came = {a.id for a in removed}, {a.id for a in added}
    kept = set(old.actor_index).intersection(new.actor_index)
    old_links, new_links = _incident(old.links, gone), _incident(new.links, came)

    old_by: dict[Hashable, list[Actor]] = defaultdict(list)
    for actor in removed:
        old_by[_item_signature(actor, ids, skip="id")].append(actor)
    new_by: dict[Hashable, list[Actor]] = defaultdict(list)
    for actor in added:
        new_by[_item_signature(actor, _SAME, skip="id")].append(actor)
    candidates: dict[str, str] = {}
    crowded: list[tuple[list[Actor], list[Actor]]] = []
    for key, news in new_by.items():
        olds = old_by.get(key, [])
        if len(olds) == 1 and len(news) == 1:
            candidates[olds[0].id] = news[0].id
        elif olds:
            crowded.append((olds, news))

    def old_hood(actor_id: str, mapping: _Ids) -> Hashable:
        return _neighbourhood(actor_id, old_links[actor_id], mapping, lambda end: end in kept or end in candidates)

    claimed = set(candidates.values())  # the new ids of the candidates, kept in step with them

    def new_hood(actor_id: str, mapping: _Ids) -> Hashable:
        return _neighbourhood(actor_id, new_links[actor_id], mapping, lambda end: end in kept or end in claimed)

    for olds, news in crowded:  # equal fields: told apart by their links
        by_links: dict[Hashable, list[str]] = defaultdict(list)
        for actor in olds:
            by_links[old_hood(actor.id, _Ids({**candidates, actor.id: _SELF}, sources))].append(actor.id)
        for actor in news:
            found = by_links.get(new_hood(actor.id, _Ids({actor.id: _SELF})), [])
            if len(found) == 1:
                candidates[found.pop()] = actor.id
                claimed.add(actor.id)
    while candidates:
        mapping = _Ids(candidates, sources)
        failed = [o for o, n in candidates.items() if old_hood(o, mapping) != new_hood(n, _SAME)]
        if not failed:
            break
        for o in failed:
            claimed.discard(candidates.pop(o))
    old_actor = {a.id: a for a in removed}
    new_actor = {a.id: a for a in added}
    order = {a.id: i for i, a in enumerate(added)}
    return [Renamed(old_actor[o], new_actor[n]) for o, n in sorted(candidates.items(), key=lambda on: order[on[1]])]


def _incident(links: Sequence[Link], actors: set[str]) -> dict[str, list[Link]]:
    found: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        if link.source in actors:
            found[link.source].append(link)
        if link.target in actors and link.target != link.source:
            found[link.target].append(link)
    return found


def _neighbourhood(actor_id: str, links: Sequence[Link], ids: _Ids, known: Callable[[str], bool]) -> Hashable:
    """An actor's links as a comparable whole, leaving out links to actors that were removed
    or added for good: an actor renamed while a trust it oversaw was merged away is still
    renamed."""
    signatures = Counter(_link_signature(link, ids) for link in links
                         if (link.source == actor_id or known(link.source))
                         and (link.target == actor_id or known(link.target)))
    return tuple(sorted(signatures.items(), key=repr))


# --- the whole chain ------------------------------------------------------------------------

def diff_models(old: Chain, new: Chain) -> ModelDiff:
    """Every change from `old` to `new`, block by block; `ModelDiff.empty` when they mean the same."""
    with collector_paused():  # tens of thousands of keys and tuples: nothing for the collector
        return _diff_models(old, new)


def _diff_models(old: Chain, new: Chain) -> ModelDiff:
    source_pairs, sources_removed, sources_added = _by_id(old.sources, new.sources)
    source_renames = _source_renames(sources_removed, sources_added)
    renamed_sources = {id(r.old) for r in source_renames} | {id(r.new) for r in source_renames}
    source_map = {r.old.id: r.new.id for r in source_renames}

    actor_pairs, actors_removed, actors_added = _by_id(old.actors, new.actors)
    actor_renames = _actor_renames(old, new, actors_removed, actors_added, source_map)
    renamed_actors = {id(r.old) for r in actor_renames} | {id(r.new) for r in actor_renames}
    ids = _Ids({r.old.id: r.new.id for r in actor_renames}, source_map)

    return ModelDiff(
        chain=tuple(compare_fields(old.chain, new.chain, ids)),
        sources=_block(source_pairs, _without(sources_removed, renamed_sources),
                       _without(sources_added, renamed_sources), ids, source_renames),
        actors=_block(actor_pairs, _without(actors_removed, renamed_actors),
                      _without(actors_added, renamed_actors), ids, actor_renames),
        links=_links(old.links, new.links, ids),
        ignore=_block(*_pair(old.ignore, new.ignore, attrgetter("rule", "subject"), _item_signature, ids,
                             old_key=lambda e: (e.rule, ids.subject(e.subject))), ids),
        views=_block(*_by_id(old.views, new.views), ids),
    )


def _without(items: Sequence[T], dropped: set[int]) -> list[T]:
    return [item for item in items if id(item) not in dropped]


def _links(old: Sequence[Link], new: Sequence[Link], ids: _Ids) -> BlockDiff[Link]:
    """By id where both drafts give one, then by (from, to, kind) with renames applied."""
    shared = {link.id for link in old if link.id is not None} & {link.id for link in new if link.id is not None}
    old_with, new_with = [lk for lk in old if lk.id in shared], [lk for lk in new if lk.id in shared]
    with_id = _match(old_with, [lk.id for lk in old_with], new_with, [lk.id for lk in new_with], _link_signature, ids)
    old_rest, new_rest = [lk for lk in old if lk.id not in shared], [lk for lk in new if lk.id not in shared]
    ends = attrgetter("source", "target", "kind")
    old_keys = list(map(ends, old_rest))
    renamed = ids.actors
    if renamed:
        old_keys = [(renamed.get(s, s), renamed.get(t, t), k) for s, t, k in old_keys]
    rest = _match(old_rest, old_keys, new_rest, list(map(ends, new_rest)), _link_signature, ids)
    return _block(*_pairs(old, new, {**with_id, **rest}), ids)
