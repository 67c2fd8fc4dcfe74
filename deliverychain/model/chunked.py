"""Validating a large chain in chunks, letting go of the parsed data as it goes.

`Chain.model_validate` holds the whole parsed document (plain dicts and lists) until the
last model is built, so a 100,000-actor chain briefly exists twice: about 600 MB of parsed
data beside 500 MB of models. Here the long lists (actors, links) are validated a chunk at a
time and each chunk's parsed items are dropped from the list once their models exist; the
models of a chain above `speedups.SHARE_ABOVE` share their fields-sets and id strings.

The result is the same chain, and an invalid chain raises the same ValidationError (the
same errors at the same locations) as `Chain.model_validate`: tests/test_scale.py checks both.
The caller's parsed data is consumed: its long lists are emptied. A memory device, so it is
off with the others (`speedups.ENABLED`).

A flood of bad items (300,000 actors with only an id) made pydantic describe 900,000
errors, 2.9 s and 600 MB for `errors()` alone. An item whose keys are all its model's own
and which lacks a required one is certainly invalid, and when pydantic counts no more
errors among such items than their missing fields, those are all there is: each item is
then kept as one `MissingOnly` (its missing fields, known from its keys) and its errors
are written out only for the problems a report will place (`chain_or_errors`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, TypeAlias

from pydantic import TypeAdapter, ValidationError

from deliverychain import speedups
from deliverychain.model.classes import Chain
from deliverychain.model.misplaced import SECTIONS, keys_of, required_of

#: Lists validated a chunk at a time: the ones that grow with the size of a chain.
LONG_LISTS = ("actors", "links")
#: Items per chunk; below twice this a chain is validated in one go.
CHUNK = 4096


@dataclass(frozen=True, slots=True)
class MissingOnly:
    """An item of a long list whose only errors are its missing required fields (in field order)."""

    key: str
    index: int
    item: dict[str, Any]
    fields: tuple[str, ...]

    def details(self) -> list[dict[str, Any]]:
        """Its errors as `ValidationError.errors()` words them."""
        return [{"type": "missing", "loc": (self.key, self.index, field), "msg": "Field required",
                 "input": self.item} for field in self.fields]


#: One of pydantic's error details (as `errors()` gives them), or an item's missing fields.
Detail: TypeAlias = "dict[str, Any] | MissingOnly"


@cache
def _adapter(key: str) -> TypeAdapter[list[Any]]:
    return TypeAdapter(Chain.model_fields[key].annotation)


def validate_chain(data: Any, chunk: int | None = None, share_above: int = speedups.SHARE_ABOVE) -> Chain:
    """Chain.model_validate(data), consuming the long lists of `data` chunk by chunk."""
    result = chain_or_errors(data, chunk, share_above)
    if isinstance(result, Chain):
        return result
    raise ValidationError.from_exception_data(Chain.__name__, [
        {key: value for key, value in detail.items() if key in ("type", "loc", "input", "ctx")}
        for entry in result for detail in (entry.details() if isinstance(entry, MissingOnly) else [entry])])


def chain_or_errors(data: Any, chunk: int | None = None,
                    share_above: int = speedups.SHARE_ABOVE) -> Chain | list[Detail]:
    """The chain, or its errors in pydantic's order: those `Chain.model_validate(data)` raises.

    `chunk` is `CHUNK` unless given.
    """
    try:
        return _validated(data, chunk or CHUNK, share_above)
    except ValidationError as error:
        return error.errors(include_url=False)  # type: ignore[return-value]
    except _Invalid as invalid:
        return invalid.errors


class _Invalid(Exception):
    def __init__(self, errors: list[Detail]) -> None:
        self.errors = errors


def _validated(data: Any, chunk: int, share_above: int) -> Chain:
    if not isinstance(data, dict) or not speedups.ENABLED:
        return Chain.model_validate(data)
    long_lists = {key: data[key] for key in LONG_LISTS if isinstance(data.get(key), list)}
    shared = len({id(items) for items in long_lists.values()}) < len(long_lists)  # `links: *actors`
    size = sum(len(items) for items in long_lists.values())
    if shared or size < 2 * chunk:
        return Chain.model_validate(data)
    share = size > share_above
    errors: list[Any] = []
    chain: Chain | None = None
    try:
        chain = Chain.model_validate({**data, **{key: [] for key in long_lists}})
    except ValidationError as error:
        errors += error.errors(include_url=False)
    validated: dict[str, list[Any]] = {}
    actor_ids: dict[str, str] | None = None
    for key, items in long_lists.items():
        validated[key] = models = []
        adapter = _adapter(key)
        fields_sets: dict[tuple[Any, ...], speedups.SharedFieldsSet] = {}
        for start in range(0, len(items), chunk):
            part = items[start : start + chunk]
            try:
                built = adapter.validate_python(part)
            except ValidationError as error:
                certain = _certainly_invalid(key, part, start)  # asked only of a failed chunk: valid ones cost nothing
                errors += (_chunk_errors(adapter, key, part, start, certain) if certain else
                           [_moved(detail, key, start + detail["loc"][0])
                            for detail in error.errors(include_url=False)])
            else:
                if share:
                    speedups.share_fields_sets(built, part, fields_sets)
                if share and key == "links" and "actors" in validated:
                    if actor_ids is None:
                        actor_ids = {actor.id: actor.id for actor in validated["actors"]}
                    speedups.share_actor_ids(built, actor_ids)
                models += built
            finally:
                del part
                items[start : start + chunk] = [None] * len(items[start : start + chunk])  # let go of the dicts
        items.clear()
    if errors:
        raise _Invalid(_in_order(errors))
    assert chain is not None
    for key, models in validated.items():
        setattr(chain, key, models)
    return chain


def _moved(detail: Any, key: str, index: int) -> Any:
    """An error of one chunk's item, located at `index` of `key` in the whole chain (as InitErrorDetails)."""
    moved = {"type": detail["type"], "loc": (key, index, *detail["loc"][1:]), "input": detail["input"]}
    if "ctx" in detail:
        moved["ctx"] = detail["ctx"]
    return moved


def _certainly_invalid(key: str, part: list[Any], start: int) -> list[MissingOnly]:
    """The items of `part` that lack a required field and have no key their model does not know."""
    model = SECTIONS[key][0]
    known, required = keys_of(model), required_of(model)
    certain = []
    for offset, item in enumerate(part):
        if isinstance(item, dict) and item.keys() <= known:
            missing = tuple(field for field in required if field not in item)
            if missing:
                certain.append(MissingOnly(key, start + offset, item, missing))
    return certain


def _chunk_errors(adapter: TypeAdapter[list[Any]], key: str, part: list[Any], start: int,
                  certain: list[MissingOnly]) -> list[Any]:
    """The errors of a chunk with certainly invalid items (`certain`), in item order.

    The certain items are validated apart, and kept as MissingOnly when pydantic finds no
    more errors among them than their missing fields; the rest are validated as usual.
    """
    chosen = {entry.index - start for entry in certain}
    rest = [offset for offset in range(len(part)) if offset not in chosen]
    errors: list[Any] = []
    for offsets, entries in ((rest, []), ([entry.index - start for entry in certain], certain)):
        try:
            adapter.validate_python([part[offset] for offset in offsets])
        except ValidationError as error:
            if entries and error.error_count() == sum(len(entry.fields) for entry in entries):
                errors += entries
                continue
            errors += [_moved(detail, key, start + offsets[detail["loc"][0]])
                       for detail in error.errors(include_url=False)]
        else:
            assert not entries, "an item without a required field passed validation"
    return errors


def _in_order(errors: list[Any]) -> list[Detail]:
    """`errors` in pydantic's order (by list, then item), pydantic's own details worded as `errors()` words them."""
    plain = [error for error in errors if not isinstance(error, MissingOnly)]
    worded = iter(ValidationError.from_exception_data(Chain.__name__, plain).errors(include_url=False)
                  if plain else [])
    out: list[Detail] = [error if isinstance(error, MissingOnly) else next(worded) for error in errors]
    lists = {key: rank for rank, key in enumerate(LONG_LISTS)}

    def place(detail: Detail) -> tuple[int, int]:
        if isinstance(detail, MissingOnly):
            return lists[detail.key] + 1, detail.index
        loc = detail["loc"]
        if len(loc) > 1 and loc[0] in lists and isinstance(loc[1], int):
            return lists[loc[0]] + 1, loc[1]
        return 0, 0  # the chain's own fields: validated first

    return sorted(out, key=place)
