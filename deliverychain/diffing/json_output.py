"""The diff as versioned JSON, for tools. Every field: docs/diff.md.

Deterministic: items in file order (added and changed in the new draft's, removed in the
old's), list entries sorted, no times or random ids; the same two drafts give the same bytes.
"""

from __future__ import annotations

from typing import Any

from deliverychain.diffing.audit import AuditDiff
from deliverychain.diffing.compare import ChainDiff, Draft
from deliverychain.diffing.model import BlockDiff, FieldChange, plain_value
from deliverychain.diffing.wording import item_key
from deliverychain.findings import Severity
from deliverychain.reports.json_report import finding_dict
from deliverychain.reports.safe import dumps

#: Bump when a field changes meaning or disappears; adding fields keeps the version.
DIFF_JSON_VERSION = 1


def render_json(result: ChainDiff, fail_on_new: Severity | None = None) -> str:
    data: dict[str, Any] = {
        "version": DIFF_JSON_VERSION,
        "old": _draft(result.old),
        "new": _draft(result.new),
        "empty": result.empty,
        "model": {
            "empty": result.model.empty,
            "chain": [_change(c) for c in result.model.chain],
            **{name: _block(block) for name, block in result.model.blocks()},
        },
        "audit": _audit(result.audit) if result.audit else None,
        "confidence": ({"before": result.confidence.before, "after": result.confidence.after}
                       if result.confidence else None),
        "gate": _gate(result, fail_on_new),
    }
    return dumps(data)


def _draft(draft: Draft) -> dict[str, Any]:
    chain = draft.chain
    return {"name": draft.name, "id": chain.chain.id, "title": chain.chain.title,
            "actors": len(chain.actors), "links": len(chain.links), "sources": len(chain.sources)}


def _change(change: FieldChange) -> dict[str, Any]:
    return {"field": change.field, "item": change.item, "old": change.old, "new": change.new,
            "added": list(change.added), "removed": list(change.removed)}


def _item(item: Any) -> dict[str, Any]:
    return {"key": item_key(item), **plain_value(item)}


def _block(block: BlockDiff[Any]) -> dict[str, Any]:
    return {
        "added": [_item(item) for item in block.added],
        "removed": [_item(item) for item in block.removed],
        "renamed": [{"old": r.old.id, "new": r.new.id} for r in block.renamed],
        "changed": [{"key": item_key(c.new), "old_key": item_key(c.old), "changes": [_change(x) for x in c.changes]}
                    for c in block.changed],
    }


def _audit(audit: AuditDiff) -> dict[str, Any]:
    return {
        "trend": audit.trend.value,
        "counts": [{"severity": c.severity.value, "before": c.before, "after": c.after, "trend": c.trend.value}
                   for c in audit.counts],
        "new": [{**finding_dict(n.finding), "was_accepted": n.was_accepted} for n in audit.new],
        "resolved": [{**finding_dict(r.finding), "accepted": r.accepted} for r in audit.resolved],
        "persisting": [{**finding_dict(p.new), "severity_before": p.old.severity.value} for p in audit.persisting],
    }


def _gate(result: ChainDiff, level: Severity | None) -> dict[str, Any] | None:
    if level is None or result.audit is None:
        return None
    failing = result.audit.added_at_or_above(level)
    return {"fail_on_new": level.value, "passed": not failing, "failing": [f.fingerprint for f in failing]}
