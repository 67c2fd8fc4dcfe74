"""The pipeline: load, audit, report, render. The one driver the `chain` command, the Python API
(`deliverychain.load`, `audit`, `render`) and Jupyter share.

The layers below never call up: loading (reading, model) knows nothing of rules, the audit
engine (analysis) runs the rules it is given, and drawing draws the findings it is given.
This module makes those choices: which rules run, and that a drawing shows the audit.

    cli -> diffing -> pipeline -> reports -> drawing -> analysis -> rules -> model -> reading
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from deliverychain.errors import ChainError
from deliverychain.findings import Finding, Severity
from deliverychain.model import classes, loading
from deliverychain.model.loading import LoadResult, check_text, loads
from deliverychain.reports.run import FailOn, FileResult, RunReport

if TYPE_CHECKING:
    from deliverychain.analysis.engine import AuditReport
    from deliverychain.model import Chain
    from deliverychain.rules.base import Rule

__all__ = ["REPORT_FORMATS", "STDIN", "LoadResult", "audit", "audit_files", "check_file", "check_text",
           "display_name", "load", "loads", "render", "report", "rules"]


# --- load ----------------------------------------------------------------------------------

#: The name a chain read from standard input (the file `-`) goes by in every finding and report.
STDIN = "<stdin>"


def display_name(file: str | os.PathLike[str]) -> str:
    """How a file given on the command line is named in messages: `-` is standard input."""
    return STDIN if str(file) == "-" else str(file)


def check_file(path: str | os.PathLike[str]) -> LoadResult:
    """Load without raising: a chain, or the problems that stop it loading. `-` reads standard input."""
    if str(path) != "-":
        return loading.check_file(path)
    from deliverychain.reading.text import read_stdin
    from deliverychain.reports import sourcelines

    text = read_stdin(STDIN)
    if isinstance(text, Finding):
        return LoadResult(None, [text])
    sourcelines.remember(STDIN, text)  # so that findings show code frames
    return check_text(text, STDIN)


def load(path: str | os.PathLike[str]) -> Chain:
    """The typed chain in `path` (`-`: standard input), or ChainError listing every problem with its place."""
    result = check_file(path)
    if result.chain is None:
        raise ChainError(result.problems)
    return result.chain


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
                fail_on: FailOn = FailOn.ERROR, min_severity: Severity = Severity.INFO) -> RunReport:
    """Load and audit each file; a file that does not load is reported by its problems."""
    from deliverychain.analysis import engine

    chosen = rules(select, ignore)
    results = []
    for file in files:
        loaded = check_file(file)
        if loaded.chain is None:
            results.append(FileResult(display_name(file), loaded.problems))
        else:
            results.append(FileResult(display_name(file), [], engine.audit(loaded.chain, chosen)))
    return RunReport(results, chosen, fail_on, min_severity)


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

    if findings is True:  # a view that cannot be drawn is refused before the audit runs
        drawing.check_view(chain, view, **options)
    shown = audit(chain) if findings is True else None if findings is False else findings
    return drawing.render(chain, format, view, shown, **options)


def _svg(chain: Chain) -> str:
    return render(chain, format="svg").decode("utf-8")


# The model cannot import the drawing layer above it, so the drawing of a chain in Jupyter
# (`Chain._repr_svg_`) is handed to it here, by every public entry point (`deliverychain.load`,
# `loads`, `audit`, `render` all live in this module).
classes.show_chains_as(_svg)
