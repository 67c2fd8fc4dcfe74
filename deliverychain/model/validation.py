"""Pydantic's validation errors, turned into findings a policy analyst can act on.

Each error's `loc` is resolved to the exact node, else its nearest ancestor (a missing
field points at the block it is missing from), as dagster's config loader does.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import replace
from enum import Enum
from typing import Any

from pydantic import BaseModel

from deliverychain import durations, limits
from deliverychain.findings import Finding, Location
from deliverychain.model.chunked import Detail, MissingOnly
from deliverychain.model.classes import Chain
from deliverychain.model.misplaced import belongs_in, describe_misplaced
from deliverychain.reading.positions import KeyPath, PositionIndex
from deliverychain.reading.problems import (
    INVALID_VALUE,
    MISSING_FIELD,
    NOT_A_CHAIN,
    UNKNOWN_KEY,
    UNKNOWN_TERM,
    WRONG_TYPE,
    key_not_text,
)
from deliverychain.suggest import closest, did_you_mean, one_of

_TYPE_WORDS = {
    "string_type": "text",
    "list_type": "a list (for example [a, b] or one '- item' per line)",
    "dict_type": "a block of 'key: value' lines",
    "model_type": "a block of 'key: value' lines",
    "model_attributes_type": "a block of 'key: value' lines",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "date_type": "a date (YYYY-MM-DD)",
}
_BRANCH = re.compile(r"[a-z][a-z0-9-]*\[.*\]")
_BLOCK_NAMES = {
    "Chain": "the file", "ChainInfo": "'chain'", "Source": "source", "Actor": "actor",
    "Link": "link", "Assessment": "assessment", "Target": "target", "IgnoreEntry": "ignore entry",
    "View": "view",
}


def _is_vocab_branch(part: object) -> bool:
    """Union branches pydantic adds to a loc, e.g. 'str-enum[Carry]' or 'constrained-str'."""
    return isinstance(part, str) and (part == "constrained-str" or _BRANCH.fullmatch(part) is not None)


def _unwrap(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _model_at(loc: KeyPath) -> tuple[type[BaseModel] | None, Any]:
    """The model that owns the last key of `loc`, and that key's annotation."""
    current: Any = Chain
    owner: type[BaseModel] | None = None
    annotation: Any = None
    for part in loc:
        candidates = _unwrap(current)
        model = next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)
        if isinstance(part, int):
            seq = next((c for c in candidates if typing.get_origin(c) in (list, dict)), None)
            current = typing.get_args(seq)[-1] if seq is not None else None
            continue
        if model is None:
            return None, None
        field = next((f for name, f in model.model_fields.items() if (f.alias or name) == part), None)
        if field is None:
            return model, None
        owner, annotation, current = model, field.annotation, field.annotation
    return owner, annotation


def _keys_of(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _vocabulary(annotation: Any) -> type[Enum] | None:
    for candidate in _unwrap(annotation):
        if typing.get_origin(candidate) is list:
            return _vocabulary(typing.get_args(candidate)[0])
        if isinstance(candidate, type) and issubclass(candidate, Enum):
            return candidate
    return None


def _show(value: Any) -> str:
    """A value as the user wrote it (in YAML, never a Python repr), in quotes when it is text; cut at 60 characters."""
    text = f"'{value}'" if isinstance(value, str) else _as_yaml(value)
    return text if len(text) <= 60 else text[:57] + "..."


#: The rule of each kind of pydantic error, as `_problem_for` words it (near enough to count by).
_RULE_OF = {"extra_forbidden": UNKNOWN_KEY, "missing": MISSING_FIELD, "enum": UNKNOWN_TERM,
            **dict.fromkeys(_TYPE_WORDS, WRONG_TYPE)}


def validation_problems(errors: list[Detail], positions: PositionIndex) -> list[Finding]:
    """The problems of pydantic's `errors` (`chunked.chain_or_errors`), in their order.

    Past the `problems` limit of a rule a problem is counted, not placed or worded: each
    is the same Finding (one a rule), which no report lists (`findings.capped`) but every
    count counts. Placing 900,000 of them took a minute and gigabytes.
    """
    details = [(item, (), "") if isinstance(item, MissingOnly) else (item, _loc_of(item), item["type"])
               for item in errors]
    moved, typos = _misplaced_items(details), _typos(details)
    problems: list[Finding] = [_misplaced(place, section, positions) for place, section in moved.items()]
    seen: set[tuple[KeyPath, str]] = set()
    items = []
    #: The types a value could have been, per place: one problem says them all ('text or a list').
    wanted: dict[KeyPath, list[str]] = {}
    for item, loc, kind in details:
        if isinstance(item, MissingOnly):  # an item with known keys only: no typo, not misplaced
            items.append((item, loc, kind))
            continue
        if loc[:2] in moved or (kind == "missing" and loc in typos):
            continue  # said once, by the item's or the typo's own problem
        if kind == "string_pattern_mismatch" and any(_is_vocab_branch(p) for p in item["loc"]):
            continue  # the vocabulary branch of the same union reports it
        if kind in _TYPE_WORDS:
            words = wanted.setdefault(loc, [])
            if words:  # another branch of the same union: said with the first
                words.append(_TYPE_WORDS[kind])
                continue
            words.append(_TYPE_WORDS[kind])
        if (loc, kind) in seen:
            continue
        seen.add((loc, kind))
        items.append((item, loc, kind))
    most = limits.get("problems")
    made: dict[str, int] = {}
    counted: dict[str, Finding] = {}
    for entry, entry_loc, entry_kind in items:
        for item, loc, kind in _each(entry, entry_loc, entry_kind, made.get(MISSING_FIELD.id, 0), most):
            rule = _RULE_OF.get(kind, INVALID_VALUE)
            made[rule.id] = made.get(rule.id, 0) + 1
            if made[rule.id] <= most:
                problems.append(_problem_for(item, loc, kind, positions, " or ".join(wanted.get(loc, ()))))
                continue
            if rule.id not in counted:
                problem = rule(f"{rule.id} problem over the problems limit: counted, not placed",
                               Location(positions.file, 1, 1), subject=f"{rule.id}:counted")
                counted[rule.id] = replace(problem, extra={"unplaced": True})
            problems.append(counted[rule.id])
    return problems


def _each(entry: Any, loc: KeyPath, kind: str, made: int, most: int) -> list[tuple[Any, KeyPath, str]]:
    """An error as (detail, place, kind); an item's missing fields each so, worded only while they will be placed."""
    if not isinstance(entry, MissingOnly):
        return [(entry, loc, kind)]
    if made >= most:
        return [(None, (), "missing")] * len(entry.fields)
    return [(detail, _loc_of(detail), "missing") for detail in entry.details()]


def _loc_of(item: Any) -> KeyPath:
    """Where an error is, without the union branches pydantic adds; an unknown key's last part as written."""
    keep = item["loc"][-1:] if item["type"] == "extra_forbidden" else ()
    return tuple(p for p in item["loc"][: len(item["loc"]) - len(keep)] if not _is_vocab_branch(p)) + keep


def _misplaced(place: KeyPath, section: str, positions: PositionIndex) -> Finding:
    message, hint = describe_misplaced(str(place[0]), section)
    return UNKNOWN_KEY(message, positions.value(place), hint, subject=_dotted(place))


def _misplaced_items(items: list[tuple[Any, KeyPath, str]]) -> dict[KeyPath, str]:
    """Items of actors, sources or links that belong in another of them: (section, index) -> that section.

    Such an item always lacks a required field of its own section, and the error that says
    so carries the item as written: its keys are the evidence.
    """
    moved: dict[KeyPath, str] = {}
    for item, loc, kind in items:
        if kind != "missing" or len(loc) != 3 or not isinstance(loc[1], int) or not isinstance(item["input"], dict):
            continue
        section = str(loc[0])
        other = belongs_in(section, {str(key) for key in item["input"]})
        if other is not None:
            moved[loc[:2]] = other
    return moved


def _typos(items: list[tuple[Any, KeyPath, str]]) -> set[KeyPath]:
    """Missing fields whose near miss is written in the same block ('teir' for 'tier'): one mistake, said once."""
    unknown: dict[KeyPath, list[str]] = {}
    for _, loc, kind in items:
        if kind == "extra_forbidden":
            unknown.setdefault(loc[:-1], []).append(str(loc[-1]))
    typos: set[KeyPath] = set()
    for _, loc, kind in items:
        if kind != "missing" or loc[:-1] not in unknown:
            continue
        model, _ = _owner_of_children(loc[:-1])
        known = _keys_of(model) if model else []
        if any(closest(key, known) == loc[-1] for key in unknown[loc[:-1]]):
            typos.add(loc)
    return typos


def _problem_for(item: Any, loc: KeyPath, kind: str, positions: PositionIndex, wanted: str = "") -> Finding:
    value = item.get("input")
    where = _dotted(loc)
    parent_model, annotation = _model_at(loc[:-1]) if kind == "extra_forbidden" else _model_at(loc)
    if kind == "invalid_key":  # a list or mapping as a key, read by yaml-rs: said as the exact reader says it
        return key_not_text(positions.value(loc[:-1]))
    if kind == "extra_forbidden":
        key = str(loc[-1])
        model, _ = _owner_of_children(loc[:-1])
        known = _keys_of(model) if model else []
        hint = did_you_mean(key, known) or f"the keys here are: {one_of(known)}"
        block = _BLOCK_NAMES.get(model.__name__, "this block") if model else "this block"
        return UNKNOWN_KEY(f"unknown key '{key}' in {block}", positions.key(loc), hint,
                            subject=where)
    if kind == "missing":
        key = str(loc[-1])
        block = _BLOCK_NAMES.get(parent_model.__name__, "block") if parent_model else "block"
        vocab = _vocabulary(annotation)
        hint = f"add '{key}: ...'" + (f" (one of: {one_of(m.value for m in vocab)})" if vocab else "")
        if loc == ("chain",) or loc == ("actors",):
            return NOT_A_CHAIN(f"the file has no '{key}' block", positions.value(()),
                                "a chain file needs 'chain:' and 'actors:'; run `chain init` for a template",
                                subject=where)
        return MISSING_FIELD(f"{block} is missing required field '{key}'",
                            positions.value(loc[:-1]), hint, subject=where)
    if kind == "enum":
        vocab = _vocabulary(annotation)
        allowed = [m.value for m in vocab] if vocab else []
        hint = did_you_mean(str(value), allowed) if isinstance(value, str) else ""
        extra = "; or your own term as 'x-...'" if loc and "carries" in loc else ""
        hint = (hint + " " if hint else "") + f"allowed: {one_of(allowed)}{extra}"
        return UNKNOWN_TERM(f"{_show(value)} is not a known {_term_name(loc)}",
                            positions.value(loc), hint, subject=where)
    if kind == "string_pattern_mismatch" and item.get("ctx", {}).get("pattern") == durations.PATTERN:
        return INVALID_VALUE(f"{_show(value)} is not a duration", positions.value(loc),
                            "write a duration as a number and a unit (2y, 18m, 6w, 10d) or in ISO 8601 "
                            "(P1Y6M)", subject=where)
    if kind == "string_pattern_mismatch":
        return INVALID_VALUE(f"{_show(value)} is not a valid id",
                            positions.value(loc),
                            "ids use letters, digits and _ . : / - with no spaces "
                            f"(for example '{_slug(str(value))}')", subject=where)
    if kind in ("string_too_short",):
        return INVALID_VALUE(f"'{where}' must not be empty", positions.value(loc),
                            "write some text, or remove the key", subject=where)
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_from_datetime_inexact"):
        return INVALID_VALUE(f"{_show(value)} is not a date", positions.value(loc),
                            "write dates as YYYY-MM-DD, for example 2019-01-07", subject=where)
    if kind in _TYPE_WORDS:
        if loc == ():
            return NOT_A_CHAIN("a chain file must be a block of 'key: value' lines",
                                positions.value(()),
                                "start with 'chain:' and 'actors:'; run `chain init` for a template",
                                subject="file")
        if value is None:
            return WRONG_TYPE(f"'{where}' is empty: it should be {wanted or _TYPE_WORDS[kind]}",
                              positions.value(loc), _type_hint(kind, value), subject=where)
        return WRONG_TYPE(f"'{where}' should be {wanted or _TYPE_WORDS[kind]}, not {_show(value)}",
                            positions.value(loc), _type_hint(kind, value), subject=where)
    return INVALID_VALUE(f"'{where}': {item['msg']}", positions.value(loc), "",
                        subject=where)


def _owner_of_children(loc: KeyPath) -> tuple[type[BaseModel] | None, Any]:
    """The model whose fields are the keys directly under `loc`."""
    if not loc:
        return Chain, None
    _, annotation = _model_at(loc)
    candidates = _unwrap(annotation)
    if isinstance(loc[-1], int):
        # loc points at a list item: its model is the list's element type
        _, parent_annotation = _model_at(loc[:-1])
        candidates = [a for c in _unwrap(parent_annotation) if typing.get_origin(c) is list
                      for a in _unwrap(typing.get_args(c)[0])]
    model = next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)
    return model, annotation


def _term_name(loc: KeyPath) -> str:
    names = {"kind": "link kind", "strength": "link strength", "character": "link character",
             "roles": "actor role", "capacity": "capacity", "carries": "thing a link carries",
             "basis": "target basis", "kinds": "link kind"}
    for part in reversed(loc):
        if isinstance(part, str):
            return names.get(part, part)
    return "term"


def _type_hint(kind: str, value: Any) -> str:
    if kind == "list_type" and isinstance(value, str) and "," in value:
        items = ", ".join(v.strip() for v in value.split(","))
        return f"write a list in brackets: [{items}]"
    if kind == "list_type" and isinstance(value, dict) and value:
        first = next(iter(value))
        return f"start each item with '- ', for example '- {_as_yaml(first)}: {_as_yaml(value[first])}'"
    if kind == "list_type":
        return "write a list in brackets, for example [a, b]"
    if kind in ("dict_type", "model_type", "model_attributes_type") and isinstance(value, list):
        return "remove the '- ': this block holds 'key: value' lines, not a list of items"
    if kind == "string_type" and isinstance(value, (dict, list)):
        return "quote the text if it contains ': ' or starts with '[' or '{'"
    return ""


def _slug(text: str) -> str:
    out = "".join(c.lower() if c.isalnum() else "-" for c in text).strip("-")
    while "--" in out:
        out = out.replace("--", "-")
    return out or "my-id"


def _dotted(loc: KeyPath) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _as_yaml(value: Any, budget: int = 80) -> str:
    """`value` written as flow YAML ([a, b], {a: 1}, true, ~): short, and nothing a YAML writer would not write.

    Keys that are themselves lists or mappings (PyYAML gives them as tuples and frozensets)
    are written as the list or mapping they were. `budget` stops a huge value early.
    """
    if value is None:
        return "~"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, frozenset)):
        pairs = value.items() if isinstance(value, dict) else sorted(value, key=repr)
        parts = []
        for pair in pairs:
            if budget <= 0:
                parts.append("...")
                break
            key, item = pair if isinstance(pair, tuple) and len(pair) == 2 else (pair, None)
            parts.append(f"{_as_yaml(key, budget)}: {_as_yaml(item, budget)}")
            budget -= len(parts[-1])
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, (list, tuple)):
        parts = []
        for item in value:
            if budget <= 0:
                parts.append("...")
                break
            parts.append(_as_yaml(item, budget))
            budget -= len(parts[-1])
        return "[" + ", ".join(parts) + "]"
    return str(value)
