"""The pipeline: load, audit, report, render. The one driver the `chain` command, the Python API
(`deliverychain.load`, `audit`, `render`) and Jupyter share.

The layers below never call up: loading (reading, model) knows nothing of rules, the audit
engine (analysis) runs the rules it is given, and drawing draws the findings it is given.
This module makes those choices: which rules run, and that a drawing shows the audit.

    cli -> pipeline -> reports | drawing -> analysis -> rules -> model -> reading
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from deliverychain.model import classes
from deliverychain.model.loading import LoadResult, check_file, check_text, load, loads
from deliverychain.reports.run import FailOn, FileResult, RunReport

if TYPE_CHECKING:
    from deliverychain.analysis.engine import AuditReport
    from deliverychain.findings import Finding
    from deliverychain.model import Chain
    from deliverychain.rules.base import Rule

__all__ = ["REPORT_FORMATS", "LoadResult", "audit", "audit_files", "check_file", "check_text", "load", "loads",
           "render", "report", "rules"]


# --- audit ---------------------------------------------------------------------------------


def rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """The analysers and housekeeping rules an audit runs: ids, id prefixes (DC2) or names."""
    from deliverychain.rules import registry

    return registry.chosen(select, ignore)


def audit(chain: Chain, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> AuditReport:
    """Run the analysers over a loaded chain. `select`/`ignore` take rule ids, prefixes or names."""
    from deliverychain.analysis import engine

    return engine.audit(chain, rules(select, ignore))


def audit_files(files: Sequence[str], select: Sequence[str] = (), ignore: Sequence[str] = (),
                fail_on: FailOn = FailOn.ERROR) -> RunReport:
    """Load and audit each file; a file that does not load is reported by its problems."""
    from deliverychain.analysis import engine

    chosen = rules(select, ignore)
    results = []
    for file in files:
        loaded = check_file(file)
        if loaded.chain is None:
            results.append(FileResult(file, loaded.problems))
        else:
            results.append(FileResult(file, [], engine.audit(loaded.chain, chosen)))
    return RunReport(results, chosen, fail_on)


# --- report --------------------------------------------------------------------------------

#: Report formats of `chain audit`, by name: "module:function" of deliverychain.reports.
REPORT_FORMATS = {
    "text": "text:render_text",
    "json": "json_report:render_json",
    "markdown": "markdown:render_markdown",
    "sarif": "sarif:render_sarif",
    "github": "github:render_github",
}


def report(run: RunReport, output_format: str, **options: Any) -> str:
    """The run as a report in one of REPORT_FORMATS (text takes `colour=True`)."""
    import importlib

    module, function = REPORT_FORMATS[output_format].split(":")
    text: str = getattr(importlib.import_module(f"deliverychain.reports.{module}"), function)(run, **options)
    return text


# --- render --------------------------------------------------------------------------------


def render(chain: Chain, format: str = "svg", view: Any = None,
           findings: bool | AuditReport | Iterable[Finding] = True, **options: Any) -> bytes:
    """The chain drawn as `format` (svg, png, pdf, dot or mmd), as bytes, with the audit on it.

    `findings` is True (run the audit with every rule and draw its findings), False (draw
    the chain only), or the findings or AuditReport to draw. Every other option is
    `deliverychain.drawing.render`'s: a view, tiers, focus and depth, kinds, collapse,
    min_severity, engine, dpi, page, theme. Raises RenderError for a request that cannot
    be met (an unknown view, tier or actor).
    """
    from deliverychain import drawing

    shown = audit(chain) if findings is True else None if findings is False else findings
    return drawing.render(chain, format, view, shown, **options)


def _svg(chain: Chain) -> str:
    return render(chain, format="svg").decode("utf-8")


# The model cannot import the drawing layer above it, so the drawing of a chain in Jupyter
# (`Chain._repr_svg_`) is handed to it here, by every public entry point (`deliverychain.load`,
# `loads`, `audit`, `render` all live in this module).
classes.show_chains_as(_svg)
