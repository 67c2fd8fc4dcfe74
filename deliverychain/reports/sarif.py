"""The audit report as SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

- tool.driver.rules carries each rule's full documentation (help text and Markdown);
- partialFingerprints come from the rule and subject, so alerts survive edits that move lines;
- findings accepted by the chain's `ignore:` list carry an "inSource" suppression with the
  reason as justification (the ignore list lives in the chain file itself);
- findings below --min-severity are left out of the results;
- artifact URIs are relative to the working directory (under %SRCROOT%) when the file is
  inside it, percent-encoded, so the log is the same on every machine.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from deliverychain.findings import Finding, Location, Severity
from deliverychain.reports.ruledoc import nao_text, rule_markdown, rule_text
from deliverychain.reports.run import RunReport
from deliverychain.reports.safe import dumps, visible

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "deliverychain/v1"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
INFORMATION_URI = "https://github.com/deliverychain/deliverychain"


def artifact_uri(file: str, cwd: str) -> tuple[str, bool]:
    """(URI, relative?) of a file as SARIF wants it: relative with '/' inside `cwd`, else file://."""
    base = Path(os.path.abspath(cwd))
    path = Path(os.path.abspath(os.path.join(cwd, file)))
    try:
        relative = path.relative_to(base)
    except ValueError:
        return path.as_uri(), False
    # Percent-encode the name's bytes: a name that is not UTF-8 still gives a valid URI.
    return quote(os.fsencode(relative.as_posix()), safe="/"), True


def message_text(text: str) -> str:
    """Plain-text SARIF message: hidden characters shown; brackets escaped so user text can
    never form an embedded link ('[text](1)'), as SARIF 2.1.0 section 3.11.6 requires."""
    shown = visible(text, newline="\n")
    if "[" in shown or "]" in shown:
        shown = shown.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return shown


def _rule_descriptor(rule: Any) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": f"{rule.summary} {rule.why}".strip()},
        "help": {"text": rule_text(rule), "markdown": rule_markdown(rule)},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {"tags": sorted({"deliverychain", rule.family} - {""}), "nao": nao_text(rule)},
    }
    if rule.nao_question is not None:
        descriptor["properties"]["nao_question"] = rule.nao_question
    return descriptor


class _Builder:
    def __init__(self, run: RunReport, cwd: str) -> None:
        self.run = run
        self.cwd = cwd
        self.rules = run.reported_rules()
        self.rule_index = {r.id: i for i, r in enumerate(self.rules)}
        self.artifacts: list[dict[str, Any]] = []
        self.artifact_index: dict[str, int] = {}
        for result in run.files:
            self._artifact(result.file)

    def _artifact(self, file: str) -> int:
        if file not in self.artifact_index:
            uri, relative = artifact_uri(file, self.cwd)
            location: dict[str, Any] = {"uri": uri}
            if relative:
                location["uriBaseId"] = "%SRCROOT%"
            self.artifact_index[file] = len(self.artifacts)
            self.artifacts.append({"location": location})
        return self.artifact_index[file]

    def physical(self, location: Location) -> dict[str, Any]:
        index = self._artifact(location.file)
        artifact = dict(self.artifacts[index]["location"], index=index)
        region: dict[str, int] = {"startLine": location.line, "startColumn": location.column}
        if location.end_line is not None and location.end_column is not None:
            end_after_start = (location.end_line, location.end_column) > (location.line, location.column)
            if end_after_start:
                region |= {"endLine": location.end_line, "endColumn": location.end_column}
        place: dict[str, Any] = {"physicalLocation": {"artifactLocation": artifact, "region": region}}
        if location.cell is not None:  # a spreadsheet's cell: line and column are its row and column
            place["logicalLocations"] = [{"name": location.cell, "kind": "element",
                                          "fullyQualifiedName": f"{location.file}:{location.cell}"}]
        return place

    def result(self, finding: Finding) -> dict[str, Any]:
        text = finding.message + (f"\nHint: {finding.hint}" if finding.hint else "")
        result: dict[str, Any] = {
            "ruleId": finding.rule_id,
            "level": _LEVELS[finding.severity],
            "message": {"text": message_text(text)},
        }
        if finding.rule_id in self.rule_index:
            result["ruleIndex"] = self.rule_index[finding.rule_id]
        if finding.location is not None:
            result["locations"] = [self.physical(finding.location)]
        result["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
        if finding.related:
            result["relatedLocations"] = [
                {"id": number, **self.physical(r.location), "message": {"text": message_text(r.message)}}
                for number, r in enumerate(finding.related, start=1)
            ]
        if finding.suppressed is not None:
            result["suppressions"] = [{"kind": "inSource", "status": "accepted",
                                       "justification": visible(finding.suppressed, newline="\n")}]
        properties: dict[str, Any] = {"subject": finding.subject}
        if finding.hint:
            properties["hint"] = finding.hint
        if finding.trace:
            properties["trace"] = list(finding.trace)
        result["properties"] = properties
        return result

    def log(self) -> dict[str, Any]:
        from deliverychain.version import VERSION

        results = [self.result(f) for f in self.run.listed(self.run.findings)]
        run: dict[str, Any] = {
            "tool": {"driver": {
                "name": "deliverychain",
                "version": VERSION,
                "semanticVersion": VERSION,
                "informationUri": INFORMATION_URI,
                "rules": [_rule_descriptor(r) for r in self.rules],
            }},
            "invocations": [{"executionSuccessful": True, "exitCode": self.run.exit_code}],
            "artifacts": self.artifacts,
            "results": results,
            "columnKind": "unicodeCodePoints",
        }
        return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def sarif_data(run: RunReport, cwd: str | None = None) -> dict[str, Any]:
    return _Builder(run, cwd or os.getcwd()).log()


def render_sarif(run: RunReport, cwd: str | None = None) -> str:
    return dumps(sarif_data(run, cwd))
