"""Load a chain file: read it (the load stage), cross-check and validate it; report every problem at once."""

from __future__ import annotations

import os
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
    text_or_problem = read_text(Path(path))
    if isinstance(text_or_problem, Finding):
        return LoadResult(None, [text_or_problem])
    return check_text(text_or_problem, str(path))


def check_text(text: str, file: str = "<string>") -> LoadResult:
    """Load text without raising: a chain, or the problems that stop it loading."""
    with speedups.collector_paused(freeze_after=speedups.freeze_after_loading(len(text))):
        return _check_text(text, file)


def _check_text(text: str, file: str) -> LoadResult:
    from pydantic import ValidationError

    from deliverychain.model.chunked import validate_chain
    from deliverychain.model.references import problems as reference_problems
    from deliverychain.model.validation import validation_problems

    document = reading.read(text, file)
    if document.data is None:
        return LoadResult(None, document.problems)
    problems = document.problems + reference_problems(document.data, document.positions)
    try:
        chain = validate_chain(document.data)  # large chains in chunks; the parsed data is let go
    except ValidationError as error:
        problems += validation_problems(error, document.positions)
        return LoadResult(None, _sorted(problems))
    if problems:
        return LoadResult(None, _sorted(problems))
    chain._file = file
    chain._positions = document.positions
    return LoadResult(chain, [])


def _sorted(problems: list[Finding]) -> list[Finding]:
    return sorted(problems, key=Finding.sort_key)
