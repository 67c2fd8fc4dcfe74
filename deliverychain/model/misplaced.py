"""Whole items written in the wrong section: a link pasted under `sources:`, and the like.

Pydantic reports such an item key by key (every key unknown, every required field
missing); what the writer needs to hear is one thing: which section the item belongs in.
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel

from deliverychain.model.classes import Actor, Link, Source

#: The sections whose items can be mistaken for one another, and the word for one item.
SECTIONS: dict[str, tuple[type[BaseModel], str]] = {
    "actors": (Actor, "an actor"),
    "sources": (Source, "a source"),
    "links": (Link, "a link"),
}


@cache
def keys_of(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(field.alias or name for name, field in model.model_fields.items())


@cache
def required_of(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(field.alias or name for name, field in model.model_fields.items() if field.is_required())


def belongs_in(section: str, keys: set[str]) -> str | None:
    """The other section whose items have every one of `keys` (and more of them than `section`'s), else None."""
    if section not in SECTIONS or not keys:
        return None
    own = len(keys & keys_of(SECTIONS[section][0]))
    if own == len(keys):
        return None  # every key fits where it is: a missing field, not a misplaced item
    fits = [other for other, (model, _) in SECTIONS.items()
            if other != section and keys <= keys_of(model) and len(keys) > own]
    return fits[0] if len(fits) == 1 else None


def _and(words: tuple[str, ...]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def describe_misplaced(section: str, other: str) -> tuple[str, str]:
    """The message and the hint for an item of `section` that belongs in `other`."""
    here_word, there_word = SECTIONS[section][1], SECTIONS[other][1]
    there_keys, here_keys = _and(required_of(SECTIONS[other][0])), _and(required_of(SECTIONS[section][0]))
    return (f"this looks like {there_word}, not {here_word}: move it under '{other}:'",
            f"{there_word} has {there_keys}; {here_word} (what '{section}:' holds) has {here_keys}")
