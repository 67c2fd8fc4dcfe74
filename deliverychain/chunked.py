"""Validating a large chain in chunks, letting go of the parsed data as it goes.

`Chain.model_validate` holds the whole parsed document (plain dicts and lists) until the
last model is built, so a 100,000-actor chain briefly exists twice: about 600 MB of parsed
data beside 500 MB of models. Here the long lists (actors, links) are validated a chunk at a
time and each chunk's parsed items are dropped from the list once their models exist.

The result is the same chain, and an invalid chain raises the same ValidationError (the
same errors at the same locations) as `Chain.model_validate`: tests/test_scale.py checks both.
The caller's parsed data is consumed: its long lists are emptied.
"""

from __future__ import annotations

from collections import deque
from functools import cache
from itertools import repeat
from operator import attrgetter
from typing import Any

from pydantic import TypeAdapter, ValidationError

from deliverychain.model import Chain, SharedFieldsSet

#: Lists validated a chunk at a time: the ones that grow with the size of a chain.
LONG_LISTS = ("actors", "links")
#: Items per chunk; below twice this a chain is validated in one go.
CHUNK = 4096
#: Above this many actors and links, models share what they have in common (`_share_fields_sets`,
#: `_share_actor_ids`): 250 MB less at 100,000 actors. Below it the saving (35 MB for the
#: national chain) is not worth the pass over every model (0.05 s there).
SHARE_ABOVE = 100_000


@cache
def _adapter(key: str) -> TypeAdapter[list[Any]]:
    return TypeAdapter(Chain.model_fields[key].annotation)


def validate_chain(data: Any, chunk: int = CHUNK, share_above: int = SHARE_ABOVE) -> Chain:
    """Chain.model_validate(data), consuming the long lists of `data` chunk by chunk."""
    if not isinstance(data, dict):
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
        fields_sets: dict[tuple[Any, ...], SharedFieldsSet] = {}
        for start in range(0, len(items), chunk):
            part = items[start : start + chunk]
            try:
                built = adapter.validate_python(part)
            except ValidationError as error:
                errors += [_moved(detail, key, start) for detail in error.errors(include_url=False)]
            else:
                if share:
                    _share_fields_sets(built, part, fields_sets)
                if share and key == "links" and "actors" in validated:
                    if actor_ids is None:
                        actor_ids = {actor.id: actor.id for actor in validated["actors"]}
                    _share_actor_ids(built, actor_ids)
                models += built
            del part
            items[start : start + chunk] = [None] * len(items[start : start + chunk])  # let go of the dicts
        items.clear()
    if errors:
        raise ValidationError.from_exception_data(Chain.__name__, errors)
    assert chain is not None
    for key, models in validated.items():
        setattr(chain, key, models)
    return chain


def _share_fields_sets(models: list[Any], items: list[Any], shared: dict[tuple[Any, ...], SharedFieldsSet]) -> None:
    """Give models made from items with the same keys one fields-set (`model.SharedFieldsSet`).

    Which fields a model was given depends only on the keys of its item, so the first model
    made from each combination of keys lends its set to the rest. At C speed (map), since
    this runs for every actor and link.
    """
    if set(map(type, items)) != {dict}:
        return
    keys = list(map(tuple, items))
    for combination in dict.fromkeys(keys):
        if combination not in shared:
            first = models[keys.index(combination)]
            shared[combination] = SharedFieldsSet(first.__pydantic_fields_set__)
    deque(map(object.__setattr__, models, repeat("__pydantic_fields_set__"), map(shared.__getitem__, keys)),
          maxlen=0)


def _share_actor_ids(links: list[Any], ids: dict[str, str]) -> None:
    """Point each link's ends at its actors' id strings (equal text, one string per actor).

    The parser makes a new string for every mention of an actor: 25 MB for the two ends of
    250,000 links. An end that names no actor keeps its own string.
    """
    for field in ("source", "target"):
        values = list(map(attrgetter(field), links))
        deque(map(dict.__setitem__, map(attrgetter("__dict__"), links), repeat(field), map(ids.get, values, values)),
              maxlen=0)


def _moved(detail: Any, key: str, start: int) -> Any:
    """An error of one chunk, located in the whole chain (as InitErrorDetails)."""
    index, *rest = detail["loc"]
    moved = {"type": detail["type"], "loc": (key, index + start, *rest), "input": detail["input"]}
    if "ctx" in detail:
        moved["ctx"] = detail["ctx"]
    return moved
