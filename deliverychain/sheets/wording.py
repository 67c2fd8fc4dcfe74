"""The model's problems, restated for a spreadsheet.

The model checks a workbook's data exactly as a chain file's, and words its problems for a
chain file: a missing field points at its block and says "add 'kind: ...'", a duplicate id
names the line of the first. In a sheet the block is a row, the field an empty cell, and
lines are rows; the reader has already said once that a required column is missing, so the
same problem is not repeated for every row.
"""

from __future__ import annotations

import dataclasses
import re

from deliverychain.findings import Finding, Location
from deliverychain.reading.positions import KeyPath
from deliverychain.reading.problems import DUPLICATE_ID, MISSING_FIELD, NOT_A_CHAIN
from deliverychain.sheets.positions import CellPositionIndex

#: The subjects of the model's problems ('links[3].kind', 'chain.title'); the reader's own name a sheet.
_MODEL_SUBJECT = re.compile(r"(chain|sources|actors|links|ignore|views)(\[\d+\])?\.")
_PART = re.compile(r"\[(\d+)\]|\.?([^.\[]+)")
_FIRST_LINE = re.compile(r"first declared at line (\d+)")


def restate(problems: list[Finding], positions: CellPositionIndex) -> list[Finding]:
    restated = []
    #: Cells the reader has already explained (a formula with no saved value reads as empty).
    explained = {_cell(p.location) for p in problems if p.rule_id != MISSING_FIELD.id}
    for problem in problems:
        if problem.rule_id == NOT_A_CHAIN.id and "block" in problem.message:
            continue  # the reader said which sheet is missing
        if problem.rule_id == MISSING_FIELD.id and _MODEL_SUBJECT.match(problem.subject):
            path = _path(problem.subject)
            if not positions.has(path):  # the sheet has no such column: said once already
                continue
            if _cell(positions.value(path)) in explained:
                continue
            key = str(path[-1])
            hint = problem.hint.replace(f"add '{key}: ...'", f"fill in the '{key}' cell", 1)
            problem = dataclasses.replace(problem, location=positions.value(path), hint=hint)
        elif problem.rule_id == DUPLICATE_ID.id:
            message = _FIRST_LINE.sub(r"first declared in row \1", problem.message)
            problem = dataclasses.replace(problem, message=message)
        restated.append(problem)
    return sorted(restated, key=Finding.sort_key)


def _cell(location: Location | None) -> tuple[str, str | None, int, int] | None:
    return (location.file, location.sheet, location.line, location.column) if location else None


def _path(subject: str) -> KeyPath:
    """('links', 3, 'kind') from the subject 'links[3].kind' that the model's problems carry."""
    return tuple(int(index) if index else name for index, name in _PART.findall(subject))
