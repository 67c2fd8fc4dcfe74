"""Memory and speed devices for large chains, in one place and behind one switch.

A national chain holds some 50,000 models and a million list items; a 100,000-actor chain
ten times that. These devices keep such chains fast and small. Each leans on how CPython
or pydantic work inside, so each is checked by tests/test_speedups.py, which fails loudly
if a new release changes what it relies on. With `DELIVERYCHAIN_SPEEDUPS=0` in the
environment every one of them is off: the results are the same, only slower and larger.

- `collector_paused`: the cycle collector off while a chain is read, audited or drawn (a
  chain makes no garbage cycles, yet the collector would rescan everything made so far each
  time the pile grows by a quarter), and a large chain frozen (`gc.freeze`) after loading
  in a one-shot `chain` command.
- `SharedFieldsSet`, `share_fields_sets`, `share_actor_ids`: models of a large chain share
  the set pydantic keeps of the fields each was given, and the id strings of their ends
  (pydantic keeps that set in `__pydantic_fields_set__`).
- `field_columns`: the fields of many models as columns, read from each model's `__dict__`
  (where pydantic keeps field values).
- Chunked validation (`model/chunked.py`) validates the long lists of a large chain a
  chunk at a time, letting go of the parsed data as it goes; it asks `ENABLED` too.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import repeat
from operator import attrgetter, itemgetter
from typing import Any

#: The one switch: every device below is on unless DELIVERYCHAIN_SPEEDUPS is "0".
ENABLED = os.environ.get("DELIVERYCHAIN_SPEEDUPS", "1") != "0"
#: Set by the `chain` command, whose process ends after one command. Only then is a large
#: chain frozen: in a notebook, freezing would also exempt everything made before the load
#: from the cycle collector for the rest of the session.
ONE_SHOT_ENV = "DELIVERYCHAIN_ONE_SHOT"
#: Above this size (about 4,000 actors) a loaded chain is handed to `gc.freeze()` in a one-shot command.
FREEZE_ABOVE_BYTES = 2 * 1024 * 1024
#: Above this many actors and links, models share what they have in common: 250 MB less
#: at 100,000 actors. Below it the saving (35 MB for the national chain) is not worth the
#: pass over every model (0.05 s there).
SHARE_ABOVE = 100_000


def freeze_after_loading(text_size: int | None) -> bool:
    """Whether a chain of this size (None: a spreadsheet, size unknown), loaded by a one-shot command,
    is frozen once loaded."""
    large = text_size is None or text_size > FREEZE_ABOVE_BYTES
    return ENABLED and large and os.environ.get(ONE_SHOT_ENV) == "1"


@contextmanager
def collector_paused(freeze_after: bool = False) -> Iterator[None]:
    """Keep the cycle collector off while millions of list items, tuples and models are made.

    A chain's data holds no reference cycles, yet the collector rescans everything made so
    far each time the pile grows by a quarter: 6 s of a 19 s load at 100,000 actors, and a
    second of its audit. Reference counting frees everything as usual. With the collector
    back on, its first collections would still rescan the whole pile, so a large chain can
    be frozen (`gc.freeze`) as the pause ends: it stays freed by reference counting as
    usual, and only the collector stops looking at it.
    """
    if not ENABLED:
        yield
        return
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze_after:
            gc.freeze()
        if was_enabled:
            gc.enable()


class SharedFieldsSet(set[str]):
    """The names of the fields a model was given, shared by the models given the same fields.

    Pydantic keeps a set of the fields each model was given: 730 bytes for a link with six
    fields, half of what the link's model costs. The models of a large chain share one set
    per combination of fields (250 MB less at 100,000 actors). A model takes a copy of its
    own before the set could change (`own_fields_set`), and copies of it are plain sets, so
    sharing is never visible.
    """

    __slots__ = ()

    def __copy__(self) -> set[str]:
        return set(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> set[str]:
        return set(self)


def own_fields_set(model: Any) -> None:
    """Replace a model's shared fields-set with its own copy, before it can change."""
    fields = model.__pydantic_fields_set__
    if type(fields) is SharedFieldsSet:
        object.__setattr__(model, "__pydantic_fields_set__", set(fields))


def share_fields_sets(models: list[Any], items: list[Any], shared: dict[tuple[Any, ...], SharedFieldsSet]) -> None:
    """Give models made from items with the same keys one fields-set (`SharedFieldsSet`).

    Which fields a model was given depends only on the keys of its item, so the first model
    made from each combination of keys lends its set to the rest. At C speed (map), since
    this runs for every actor and link.
    """
    if not ENABLED or set(map(type, items)) != {dict}:
        return
    keys = list(map(tuple, items))
    for combination in dict.fromkeys(keys):
        if combination not in shared:
            first = models[keys.index(combination)]
            shared[combination] = SharedFieldsSet(first.__pydantic_fields_set__)
    deque(map(object.__setattr__, models, repeat("__pydantic_fields_set__"), map(shared.__getitem__, keys)),
          maxlen=0)


def share_actor_ids(links: list[Any], ids: dict[str, str]) -> None:
    """Point each link's ends at its actors' id strings (equal text, one string per actor).

    The parser makes a new string for every mention of an actor: 25 MB for the two ends of
    250,000 links. An end that names no actor keeps its own string.
    """
    if not ENABLED:
        return
    for field in ("source", "target"):
        values = list(map(attrgetter(field), links))
        deque(map(dict.__setitem__, map(attrgetter("__dict__"), links), repeat(field), map(ids.get, values, values)),
              maxlen=0)


#: Models read per step by `field_columns`: the rows of one step exist at once, the columns grow.
_STEP = 8192


def field_columns(models: Sequence[Any], fields: tuple[str, ...]) -> dict[str, list[Any]]:
    """Each field of the models as a list: {field: [value of model 0, value of model 1, ...]}.

    Read from each model's `__dict__` (where pydantic keeps field values), every field of a
    model at once: three times faster than one attribute at a time over 250,000 links,
    since each model is fetched from memory once.
    """
    if not ENABLED:
        return {field: [getattr(model, field) for model in models] for field in fields}
    columns: list[list[Any]] = [[] for _ in fields]
    row = itemgetter(*fields)
    for start in range(0, len(models), _STEP):
        rows = map(row, map(attrgetter("__dict__"), models[start : start + _STEP]))
        for column, values in zip(columns, zip(*rows, strict=True), strict=True):
            column.extend(values)
    return dict(zip(fields, columns, strict=True))
