"""deliverychain: model and audit policy-to-practice delivery chains.

    >>> import deliverychain
    >>> chain = deliverychain.load("chains/cancer.yaml")
    >>> report = deliverychain.audit(chain)
    >>> svg = deliverychain.render(chain, format="svg")
    >>> html = deliverychain.report(chain)                 # the board report; also "pdf", "docx"
    >>> changes = deliverychain.diff("git:HEAD:chains/cancer.yaml", "chains/cancer.yaml")

Names are imported on first use so that `chain --help` starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from deliverychain.version import VERSION as __version__

__all__ = ["Chain", "ChainError", "__version__", "audit", "diff", "export", "load", "loads", "render", "report"]

if TYPE_CHECKING:
    from deliverychain.diffing.compare import diff
    from deliverychain.errors import ChainError
    from deliverychain.exports import export
    from deliverychain.model import Chain
    from deliverychain.pipeline import audit, load, loads, render
    from deliverychain.reports.board.api import report

_WHERE = {
    "Chain": "deliverychain.model",
    "ChainError": "deliverychain.errors",
    "load": "deliverychain.pipeline",
    "loads": "deliverychain.pipeline",
    "audit": "deliverychain.pipeline",
    "render": "deliverychain.pipeline",
    "report": "deliverychain.reports.board.api",
    "diff": "deliverychain.diffing.compare",
    "export": "deliverychain.exports",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'deliverychain' has no attribute {name!r}")
