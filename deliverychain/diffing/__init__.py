"""`chain diff` and `deliverychain.diff`: what changed between two drafts of a chain.

    model.py      the model diff: blocks, items and fields; renames (pure, over two chains)
    audit.py      the audit diff: findings new, resolved and still there, by fingerprint
    sides.py      reading a side: a file, or `git:REV:PATH` through `git show`
    compare.py    the driver: load, audit and compare; the typed result, `ChainDiff`
    text.py, markdown.py, json_output.py    the outputs; wording.py what they share
    diagram.py    the new chain drawn with the changes marked (on the drawing package's pieces)

The package is `diffing`, not `diff`, so that `deliverychain.diff` stays the function.
"""

from deliverychain.diffing.audit import AuditDiff, NewFinding, PersistingFinding, ResolvedFinding, Trend
from deliverychain.diffing.compare import ChainDiff, ConfidenceChange, Draft, SideError, diff
from deliverychain.diffing.model import BlockDiff, Changed, FieldChange, ModelDiff, Renamed

__all__ = [
    "AuditDiff", "BlockDiff", "ChainDiff", "Changed", "ConfidenceChange", "Draft", "FieldChange", "ModelDiff",
    "NewFinding", "PersistingFinding", "Renamed", "ResolvedFinding", "SideError", "Trend", "diff",
]
