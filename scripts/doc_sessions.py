#!/usr/bin/env python3
"""Run the terminal sessions written in a documentation page, and check (or update) them.

    python scripts/doc_sessions.py docs/tutorial.md            check: exit 1 if output differs
    python scripts/doc_sessions.py --update docs/tutorial.md   rewrite the outputs in the page

A page is a script, read from top to bottom in an empty folder:

- a ```console block holds commands, each on a line starting `$ chain `, followed by the
  output it prints (standard output and errors, as a terminal shows them). Every command
  must exit 0 unless an `<!-- exit: N -->` comment stands just before the block;
- `<!-- file: NAME -->` before a code block writes the block to NAME;
- `<!-- append: NAME -->` before a code block adds the block to the end of NAME;
- `<!-- edit: NAME -->` before a ```diff block changes NAME: the `-` lines become the `+`
  lines (lines starting with a space are kept), and they must occur exactly once;
- `<!-- keep: NAME as PATH -->` says that NAME, as made so far, is kept in the docs at PATH
  (relative to the page), for example a diagram the page shows. Commands run with an empty
  PATH, so diagrams are drawn by the WebAssembly Graphviz on every machine.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
DIRECTIVE = re.compile(r"<!--\s*(file|append|edit|exit|keep):\s*(.*?)\s*-->")


@dataclass
class Command:
    line: str
    expected: str


@dataclass
class Block:
    language: str
    body: str
    start: int  # offsets of the body in the page, for --update
    end: int
    directives: dict[str, str] = field(default_factory=dict)


@dataclass
class Mismatch:
    command: str
    expected: str
    actual: str

    def __str__(self) -> str:
        import difflib

        diff = difflib.unified_diff(self.expected.splitlines(), self.actual.splitlines(),
                                    "page", "actual", lineterm="")
        return f"$ {self.command}\n" + "\n".join(diff)


def blocks(page: str) -> list[Block]:
    """Code blocks with the directives in the text just before each (since the previous block)."""
    found: list[Block] = []
    previous_end = 0
    for match in FENCE.finditer(page):
        between = page[previous_end:match.start()]
        directives = {key: value for key, value in DIRECTIVE.findall(between)}
        found.append(Block(match.group(1), match.group(2), match.start(2), match.end(2), directives))
        previous_end = match.end()
    return found


def commands(body: str) -> list[Command]:
    parsed: list[Command] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            parsed.append(Command(line[2:], ""))
        elif parsed:
            parsed[-1].expected += line + "\n"
        else:
            raise ValueError(f"console block does not start with a '$ ' command: {line!r}")
    return parsed


def normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.rstrip().splitlines())


@contextmanager
def inside(folder: Path) -> Iterator[None]:
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def run_command(line: str) -> tuple[str, int]:
    from click.testing import CliRunner

    from deliverychain.cli import main
    words = shlex.split(line)
    if not words or words[0] != "chain":
        raise ValueError(f"only `chain` commands can run in a documentation session: {line!r}")
    # An empty PATH: no system `dot`, so diagrams come from the WebAssembly Graphviz that pip
    # installs and kept diagrams are the same on every machine. A fixed COLUMNS: text that
    # wraps to the terminal (`chain rules`, `chain explain`) wraps the same on every machine.
    result = CliRunner(env={"PATH": "", "COLUMNS": "89"}).invoke(main, words[1:], prog_name="chain",
                                                                  terminal_width=88)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.output, result.exit_code


def apply_edit(path: Path, diff: str) -> None:
    old, new = [], []
    for line in diff.splitlines():
        mark, text = line[:1], line[1:]
        if mark in (" ", ""):
            old.append(text)
            new.append(text)
        elif mark == "-":
            old.append(text)
        elif mark == "+":
            new.append(text)
        else:
            raise ValueError(f"diff lines start with ' ', '-' or '+': {line!r}")
    text = path.read_text(encoding="utf-8")
    before, after = "\n".join(old) + "\n", "\n".join(new) + "\n"
    if text.count(before) != 1:
        raise ValueError(f"the edit's '-' lines occur {text.count(before)} times in {path.name}, not once:\n{before}")
    path.write_text(text.replace(before, after), encoding="utf-8")


def run_page(page_path: Path, update: bool = False) -> list[str]:
    """Run the page's session; return what differs (or, with update, rewrite the page)."""
    page = page_path.read_text(encoding="utf-8")
    problems: list[str] = []
    replacements: list[tuple[int, int, str]] = []
    with tempfile.TemporaryDirectory() as folder, inside(Path(folder)):
        for block in blocks(page):
            d = block.directives
            if "file" in d:
                Path(d["file"]).parent.mkdir(parents=True, exist_ok=True)  # 'plan/actors.csv' makes 'plan'
                Path(d["file"]).write_text(block.body, encoding="utf-8")
            elif "append" in d:
                with open(d["append"], "a", encoding="utf-8") as handle:
                    handle.write(block.body)
            elif "edit" in d:
                apply_edit(Path(d["edit"]), block.body)
            if block.language == "console" and block.body.startswith("$ chain "):
                body = _run_block(block, problems)
                if body != block.body:
                    replacements.append((block.start, block.end, body))
            if "keep" in d:
                name, _, target = d["keep"].partition(" as ")
                kept = page_path.parent / target
                data = Path(name).read_bytes()
                if not kept.exists() or kept.read_bytes() != data:
                    if update:
                        kept.parent.mkdir(parents=True, exist_ok=True)
                        kept.write_bytes(data)
                    else:
                        problems.append(f"{kept.relative_to(ROOT)} differs from the {name} the page makes")
    if update and replacements:
        for start, end, body in sorted(replacements, reverse=True):
            page = page[:start] + body + page[end:]
        page_path.write_text(page, encoding="utf-8")
    return [] if update else problems


def _run_block(block: Block, problems: list[str]) -> str:
    wanted_exit = int(block.directives.get("exit", "0"))
    lines = []
    for command in commands(block.body):
        output, code = run_command(command.line)
        if code != wanted_exit:
            problems.append(f"$ {command.line}\nexited {code}, the page says {wanted_exit}\n{output}")
        if normalise(output) != normalise(command.expected):
            problems.append(str(Mismatch(command.line, normalise(command.expected), normalise(output))))
        lines.append(f"$ {command.line}\n" + (normalise(output) + "\n" if normalise(output) else ""))
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+", type=Path)
    parser.add_argument("--update", action="store_true", help="rewrite the outputs in the pages")
    args = parser.parse_args(argv)
    failed = False
    for page in args.pages:
        problems = run_page(page.resolve(), update=args.update)
        for problem in problems:
            print(f"{page}:\n{problem}\n", file=sys.stderr)
        failed = failed or bool(problems)
    if failed:
        print("Run `python scripts/doc_sessions.py --update PAGE` after checking that the new "
              "output is right.", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
