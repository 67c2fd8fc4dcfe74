"""How a diff reads, shared by the text and Markdown outputs: labels, values, counts."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from deliverychain.diffing.audit import AuditDiff, SeverityCount
from deliverychain.diffing.model import BlockDiff, FieldChange
from deliverychain.model import Actor, IgnoreEntry, Link, Source, View
from deliverychain.rules.wording import count

#: Block name -> (one, many): the words for its items.
NOUNS = {
    "sources": ("source", "sources"),
    "actors": ("actor", "actors"),
    "links": ("link", "links"),
    "ignore": ("ignore entry", "ignore entries"),
    "views": ("view", "views"),
}
HEADINGS = {"sources": "Sources", "actors": "Actors", "links": "Links", "ignore": "Ignore list", "views": "Views"}
_SEVERITY_NOUNS = {"error": ("error", "errors"), "warning": ("warning", "warnings"), "info": ("info", "info")}


def block_summary(name: str, block: BlockDiff[Any]) -> str:
    """'2 added, 1 renamed, 3 changed'."""
    parts = [(len(block.added), "added"), (len(block.removed), "removed"), (len(block.renamed), "renamed"),
             (len(block.changed), "changed")]
    return ", ".join(f"{n:,} {what}" for n, what in parts if n)


def item_key(item: Any) -> str:
    """What identifies an item in the file: an id, a link key, an ignore entry's rule and subject."""
    if isinstance(item, Link):
        return item.key
    if isinstance(item, IgnoreEntry):
        return f"{item.rule} {item.subject}"
    return str(item.id)


def item_words(item: Any, names: Callable[[str], str]) -> str:
    """A short description for a reader: names rather than ids."""
    if isinstance(item, Actor):
        return f"{item.name} ({item.tier}, {item.kind})"
    if isinstance(item, Link):
        return f"{names(item.source)} -> {names(item.target)} ({item.kind})"
    if isinstance(item, Source):
        return item.title
    if isinstance(item, View):
        return item.title or ""
    if isinstance(item, IgnoreEntry):
        return item.reason
    return ""


def value_text(value: Any, limit: int | None = None) -> str:
    """A field's value on one line: lists joined, text quoted, nothing as 'none'; cut at `limit`."""
    text = _value_text(value)
    if limit is not None and len(text) > limit:
        return text[: limit - 1].rstrip() + "…"
    return text


def _value_text(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            return "[" + ", ".join(value) + "]"
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, str) and (" " in value or not value):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def change_text(change: FieldChange, arrow: str = "->", limit: int | None = None) -> str:
    """'strength: weak -> adequate', 'evidence: + nao-2005, - hsj-2019', 'assessments: added (by NAO)'."""
    label = change.field if change.item is None else f"{change.field} [{change.item}]"
    if change.added or change.removed:
        if change.field in ("assessments", "targets"):
            words = [f"added {_object_text(v, limit)}" for v in change.added]
            words += [f"removed {_object_text(v, limit)}" for v in change.removed]
            return f"{change.field}: " + "; ".join(words)
        marks = [f"+ {v}" for v in change.added] + [f"- {v}" for v in change.removed]
        return f"{label}: " + ", ".join(marks)
    return f"{label}: {value_text(change.old, limit)} {arrow} {value_text(change.new, limit)}"


def _object_text(value: Any, limit: int | None) -> str:
    """An assessment or a target: its rater or name, then its other fields."""
    if isinstance(value, Mapping):
        head = value.get("rater") or value.get("name") or ""
        rest = {k: v for k, v in value.items() if k not in ("rater", "name")}
        return f"{head} {value_text(rest, limit)}".strip() if rest else str(head)
    return value_text(value, limit)


def severity_words(counts: SeverityCount, arrow: str = "->") -> str:
    one, many = _SEVERITY_NOUNS[counts.severity.value]
    noun = many if counts.before != 1 or counts.after != 1 else one
    return f"{noun} {counts.before:,} {arrow} {counts.after:,} ({counts.trend.value})"


def trend_sentence(audit: AuditDiff, arrow: str = "->") -> str:
    """'better: errors 2 -> 1 (better), warnings 4 -> 4 (same), info 1 -> 1 (same)'."""
    return f"{audit.trend.value}: " + ", ".join(severity_words(c, arrow) for c in audit.counts)


def audit_summary(audit: AuditDiff) -> str:
    """'1 new finding, 2 resolved, 4 still there'."""
    return (f"{count(len(audit.new), 'new finding')}, {len(audit.resolved):,} resolved, "
            f"{len(audit.persisting):,} still there")
