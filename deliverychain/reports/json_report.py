"""The audit report as versioned JSON, for other tools. Every field: docs/reference/json-report.md.

Deterministic: files in the order given, findings in file order, rules by id, no times
or random ids; the same chain gives byte-identical output.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any

from deliverychain.findings import Finding, Location
from deliverychain.reports.run import SEVERITIES, FileResult, RunReport, count_by_severity, rule_outcomes
from deliverychain.reports.safe import dumps

if TYPE_CHECKING:
    from deliverychain.rules.base import Rule

#: Bump when a field changes meaning or disappears; adding fields keeps the version.
JSON_VERSION = 1


def location_dict(location: Location | None) -> dict[str, Any]:
    """The place; a cell of a spreadsheet adds its sheet and name (line is then the row)."""
    place = {
        "file": location.file if location else None,
        "line": location.line if location else None,
        "column": location.column if location else None,
        "end_line": location.end_line if location else None,
        "end_column": location.end_column if location else None,
    }
    if location is not None and location.sheet is not None:
        place |= {"sheet": location.sheet, "cell": location.cell}
    return place


def finding_dict(finding: Finding) -> dict[str, Any]:
    """One finding; the same shape in `chain validate --format json` and `chain audit --format json`."""
    return {
        "rule": finding.rule_id,
        "name": finding.rule_name,
        "severity": finding.severity.value,
        "message": finding.message,
        "subject": finding.subject,
        **location_dict(finding.location),
        "hint": finding.hint,
        "fingerprint": finding.fingerprint,
        "related": [{**location_dict(r.location), "message": r.message} for r in finding.related],
        "trace": list(finding.trace),
        "suppressed": finding.suppressed,
        "data": plain_data(finding.extra),
    }


def plain_data(value: Any) -> Any:
    """Analyser details as JSON values, with sorted keys and sets, whatever their Python type."""
    if isinstance(value, dict):
        return {str(k): plain_data(v) for k, v in sorted(value.items(), key=lambda item: str(item[0]))}
    if isinstance(value, (list, tuple)):
        return [plain_data(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((plain_data(v) for v in value), key=repr)
    if isinstance(value, Enum):
        return plain_data(value.value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def rule_dict(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "severity": rule.severity.value,
        "family": rule.family,
        "summary": rule.summary,
    }


def _counts(findings: list[Finding]) -> dict[str, int]:
    counts = count_by_severity(findings)
    return {**{s.value: counts[s] for s in SEVERITIES}, "total": len(findings)}


def _file_dict(run: RunReport, result: FileResult) -> dict[str, Any]:
    chain = result.chain
    audit = result.audit
    outcome = rule_outcomes(run.rules, [result])
    return {
        "file": result.file,
        "audited": audit is not None,
        "chain": None if chain is None else {
            "id": chain.chain.id,
            "title": chain.chain.title,
            "actors": len(chain.actors),
            "links": len(chain.links),
        },
        "rules": {
            "passed": [r.id for r in outcome.passed],
            "failed": [r.id for r in outcome.failed],
            "accepted": [r.id for r in outcome.accepted],
        },
        "findings": [finding_dict(f) for f in run.listed(result.active)],
        "suppressed": [finding_dict(f) for f in run.listed(result.suppressed)],
        "unused_ignores": [] if audit is None else [
            {"entry": index + 1, "rule": entry.rule, "subject": entry.subject, "reason": entry.reason,
             **_ignore_location(chain, index)}
            for index, entry in audit.unused_ignores
        ],
        "summary": {"findings": _counts(result.active), "suppressed": len(result.suppressed)},
    }


def _ignore_location(chain: Any, index: int) -> dict[str, Any]:
    location = chain.positions.value(("ignore", index)) if chain is not None and chain.positions else None
    return location_dict(location)


def report_data(run: RunReport) -> dict[str, Any]:
    from deliverychain.version import VERSION

    outcome = run.outcomes()
    code = run.exit_code
    return {
        "version": JSON_VERSION,
        "tool": {"name": "deliverychain", "version": VERSION},
        "fail_on": run.fail_on.value,
        "min_severity": run.min_severity.value,
        "result": {0: "pass", 1: "fail"}.get(code, "not-audited"),
        "exit_code": code,
        "summary": {
            "files": len(run.files),
            "audited": len(run.files) - len(run.unloaded),
            "rules_checked": outcome.checked,
            "rules_passed": len(outcome.passed),
            "rules_failed": len(outcome.failed),
            "rules_accepted": len(outcome.accepted),
            "findings": _counts(run.active),
            "suppressed": len(run.suppressed),
            "unused_ignores": sum(len(r.audit.unused_ignores) for r in run.files if r.audit),
        },
        "rules": [rule_dict(r) for r in sorted(run.rules, key=lambda r: r.id)],
        "files": [_file_dict(run, result) for result in run.files],
    }


def render_json(run: RunReport) -> str:
    return dumps(report_data(run))
