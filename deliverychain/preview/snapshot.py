"""One snapshot of a chain file: loaded, audited, its findings numbered, drawn.

A snapshot is plain data (what the page shows) and the SVG bytes; it holds no chain, so
the state keeps no more than one national chain's worth of memory between saves.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from typing import Any

from deliverychain.codeframe import code_frame
from deliverychain.findings import Finding, Location, Severity, numbered
from deliverychain.reports.safe import visible

#: At most this many problems go to the page (a broken national file can have thousands).
MAX_PROBLEMS = 200


@dataclass(frozen=True)
class DrawOptions:
    """How the preview draws: the least severity numbered and drawn."""

    min_severity: str = "warning"


@dataclass(frozen=True)
class Snapshot:
    #: "ok" (drawn), "invalid" (the file does not load) or "failed" (loaded, but not drawn).
    status: str
    title: str = ""
    #: What stops the file loading or being drawn, as the page shows it.
    problems: list[dict[str, Any]] = field(default_factory=list)
    #: How many problems there were in all (the page lists at most MAX_PROBLEMS).
    problem_count: int = 0
    #: The numbered findings; None when the file did not load (the page keeps the last good ones).
    findings: list[dict[str, Any]] | None = None
    counts: dict[str, int] = field(default_factory=dict)
    svg: bytes | None = None
    #: Seconds spent loading, auditing and drawing.
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def diagram_hash(self) -> str | None:
        return hashlib.sha256(self.svg).hexdigest()[:16] if self.svg is not None else None

    def content(self) -> dict[str, Any]:
        """Everything the page shows, timings aside: equal content means nothing to redraw."""
        return {"status": self.status, "title": self.title, "problems": self.problems,
                "problem_count": self.problem_count, "findings": self.findings, "counts": self.counts,
                "diagram": self.diagram_hash}


def take_snapshot(path: str, options: DrawOptions, keep: list[object] | None = None) -> Snapshot:
    """Load, audit and draw the file at `path`; never raises for anything the file contains.

    The cycle collector is paused throughout: with it running, the objects a national
    chain's audit and diagram make set off collections that rescan the whole chain again
    and again (over 2 s of 7, measured). The snapshot keeps no chain: the chain and its
    audit go into `keep`, for the caller to let go once the page has been told.
    """
    from deliverychain.speedups import collector_paused

    with collector_paused():
        return _snapshot(path, options, [] if keep is None else keep)


def _snapshot(path: str, options: DrawOptions, keep: list[object]) -> Snapshot:
    from deliverychain.drawing import RenderError
    from deliverychain.pipeline import audit, check_file

    started = time.perf_counter()
    result = check_file(path)
    loaded = time.perf_counter()
    if result.chain is None:
        lines = (result.text or "").lstrip("\ufeff").splitlines()
        shown = result.problems[:MAX_PROBLEMS]
        return Snapshot("invalid", problems=[problem_json(p, lines) for p in shown],
                        problem_count=len(result.problems), timings={"load": loaded - started})
    chain = result.chain
    keep.append(result)
    report = audit(chain)
    keep.append(report)
    audited = time.perf_counter()
    floor = Severity(options.min_severity)
    chosen = numbered(report.findings, floor)
    findings = [finding_json(n, f) for n, f in chosen]
    counts = _counts(report.findings, floor, len(chain.actors), len(chain.links))
    title = visible(chain.chain.title)
    timings = {"load": loaded - started, "audit": audited - loaded}
    try:
        svg = draw_svg(chain, report, options)
    except RenderError as error:
        return Snapshot("failed", title, [unplaced_problem(error.message, error.hint)], 1, findings, counts, None,
                        timings)
    timings["draw"] = time.perf_counter() - audited
    return Snapshot("ok", title, [], 0, findings, counts, svg, timings)


def draw_svg(chain: Any, report: Any, options: DrawOptions) -> bytes:
    """The board-style diagram as SVG, one page at its own size (collapsed when large).

    Its actors, links and callouts carry `data-actor`, `data-link`, `data-finding` and
    `data-findings`, which the page highlights by.
    """
    from deliverychain.drawing import render

    return render(chain, format="svg", style="board", findings=report, min_severity=options.min_severity)


def _where(location: Location | None) -> dict[str, Any]:
    """Line and column in a chain file; in a workbook or CSV file also the cell ('Links!C14')."""
    return {"line": location.line if location else None, "column": location.column if location else None,
            "cell": location.cell if location else None}


def problem_json(problem: Finding, lines: list[str]) -> dict[str, Any]:
    """A problem that stops the file loading, with the lines around it."""
    frame = code_frame(lines, problem.location) if problem.location else ""
    return {"severity": problem.severity.value, "rule": problem.rule_id, "message": visible(problem.message),
            "hint": visible(problem.hint), **_where(problem.location), "frame": visible(frame, newline="\n")}


def unplaced_problem(message: str, hint: str) -> dict[str, Any]:
    """A problem with no place in the file (the diagram could not be drawn, a bug)."""
    return {"severity": "error", "rule": "", "message": visible(message), "hint": visible(hint),
            **_where(None), "frame": ""}


def finding_json(n: int, finding: Finding) -> dict[str, Any]:
    """A numbered finding as the page lists it."""
    return {"n": n, "severity": finding.severity.value, "rule": finding.rule_id,
            "name": finding.rule_name.replace("-", " "), "message": visible(finding.message),
            "hint": visible(finding.hint), **_where(finding.location), "fingerprint": finding.fingerprint}


def _counts(findings: list[Finding], floor: Severity, actors: int, links: int) -> dict[str, int]:
    active = [f for f in findings if f.suppressed is None]
    counts = {s.value: sum(1 for f in active if f.severity == s) for s in Severity}
    counts["below"] = sum(1 for f in active if f.severity.rank < floor.rank)
    counts["accepted"] = len(findings) - len(active)
    counts["actors"], counts["links"] = actors, links
    return counts
