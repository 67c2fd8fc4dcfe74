"""Load a chain file: read it (the load stage), cross-check and validate it; report every problem at once."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from deliverychain import reading, speedups
from deliverychain.errors import ChainError
from deliverychain.findings import Finding
from deliverychain.model.classes import Chain
from deliverychain.reading.text import read_text


@dataclass
class LoadResult:
    chain: Chain | None
    problems: list[Finding] = field(default_factory=list)
    #: The text read (a byte-order mark dropped); None for a spreadsheet or a file not read.
    text: str | None = None


def load(path: str | os.PathLike[str]) -> Chain:
    """The typed chain in `path`, or ChainError listing every problem with its place."""
    result = check_file(path)
    if result.chain is None:
        raise ChainError(result.problems)
    return result.chain


def loads(text: str, file: str = "<string>") -> Chain:
    result = check_text(text, file)
    if result.chain is None:
        raise ChainError(result.problems)
    return result.chain


def check_file(path: str | os.PathLike[str]) -> LoadResult:
    """Load without raising: a chain, or the problems that stop it loading."""
    from deliverychain.sheets import is_spreadsheet

    if is_spreadsheet(Path(path)):  # a workbook or a folder of CSV files: the same data, cells for lines
        return _check_spreadsheet(Path(path))
    text_or_problem = read_text(Path(path))
    if isinstance(text_or_problem, Finding):
        return LoadResult(None, [text_or_problem])
    return check_text(text_or_problem, str(path))


def check_text(text: str, file: str = "<string>") -> LoadResult:
    """Load text without raising: a chain, or the problems that stop it loading."""
    with speedups.collector_paused(freeze_after=speedups.freeze_after_loading(len(text))):
        return _check_text(text, file)


def _check_spreadsheet(path: Path) -> LoadResult:
    """A workbook or CSV folder (deliverychain.sheets reads it, with a cell for every value) to a chain."""
    from deliverychain.reading import problems
    from deliverychain.sheets.reader import read_spreadsheet
    from deliverychain.sheets.wording import restate

    name = str(path)
    with speedups.collector_paused(freeze_after=speedups.freeze_after_loading(None)):
        parsed, cells = read_spreadsheet(path)
        found = list(parsed.problems)
        if parsed.data is None:
            found = found or [problems.empty(name)]
        result = _check_document(reading.Document(name, parsed.data, found, cells))
    return LoadResult(result.chain, restate(result.problems, cells))


def _check_text(text: str, file: str) -> LoadResult:
    result = _check_document(reading.read(text, file))
    result.text = text.removeprefix("\ufeff")
    return result


def _check_document(document: reading.Document) -> LoadResult:
    """Cross-references and the model, for data read from a chain file or a spreadsheet."""
    from deliverychain.model.chunked import chain_or_errors
    from deliverychain.model.references import problems as reference_problems
    from deliverychain.model.validation import validation_problems

    file = document.file
    if document.data is None:
        return LoadResult(None, document.problems)
    problems = document.problems + reference_problems(document.data, document.positions)
    chain = chain_or_errors(document.data)  # large chains in chunks; the parsed data is let go
    if not isinstance(chain, Chain):
        problems += validation_problems(chain, document.positions)
        return LoadResult(None, _sorted(problems))
    if problems:
        return LoadResult(None, _sorted(problems))
    chain._file = file
    chain._positions = document.positions
    return LoadResult(chain, [])


def _sorted(problems: list[Finding]) -> list[Finding]:
    """In file order. A problem counted past the `problems` limit is one Finding repeated: sorted once."""
    times = Counter(map(id, problems))
    if len(times) == len(problems):
        return sorted(problems, key=Finding.sort_key)
    distinct = list({id(problem): problem for problem in problems}.values())
    return [problem for problem in sorted(distinct, key=Finding.sort_key) for _ in range(times[id(problem)])]
