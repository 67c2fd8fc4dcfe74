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
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from deliverychain import speedups
from deliverychain.model.classes import Chain

#: Lists validated a chunk at a time: the ones that grow with the size of a chain.
LONG_LISTS = ("actors", "links")
#: Items per chunk; below twice this a chain is validated in one go.
CHUNK = 4096


@cache
def _adapter(key: str) -> TypeAdapter[list[Any]]:
    return TypeAdapter(Chain.model_fields[key].annotation)


def validate_chain(data: Any, chunk: int = CHUNK, share_above: int = speedups.SHARE_ABOVE) -> Chain:
    """Chain.model_validate(data), consuming the long lists of `data` chunk by chunk."""
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
                errors += [_moved(detail, key, start) for detail in error.errors(include_url=False)]
            else:
                if share:
                    speedups.share_fields_sets(built, part, fields_sets)
                if share and key == "links" and "actors" in validated:
                    if actor_ids is None:
                        actor_ids = {actor.id: actor.id for actor in validated["actors"]}
                    speedups.share_actor_ids(built, actor_ids)
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


def _moved(detail: Any, key: str, start: int) -> Any:
    """An error of one chunk, located in the whole chain (as InitErrorDetails)."""
    index, *rest = detail["loc"]
    moved = {"type": detail["type"], "loc": (key, index + start, *rest), "input": detail["input"]}
    if "ctx" in detail:
        moved["ctx"] = detail["ctx"]
    return moved
