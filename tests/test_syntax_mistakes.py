"""YAML syntax errors said as the mistake a person made, the same whichever reader read the file.

Each case breaks the small chain the way someone drafting one does, and names the line,
column, message and hint the person must see. Both readers (yaml-rs and PyYAML) stop at
different places with different words; the problem they report must be the same.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deliverychain.findings import Finding
from deliverychain.reading import exact, fast, problems, readers
from deliverychain.reading.mistakes import diagnose
from deliverychain.reading.text import Source
from tests.test_hostile import SMALL, chain_command, in_child

# name: (the line as written in small.yaml, the line broken, line, column, message, hint)
MISTAKES = {
    "colon-in-text": (
        "    note: Sees most patients first.\n", "    note: Sees most patients first: then refers.\n", 47, 11,
        "this text has ': ' in it, which YAML reads as the start of another key",
        'put the text in quotes: note: "Sees most patients first: then refers."'),
    "dash-without-space": (
        "  - id: nhse\n", "  -id: nhse\n", 28, 3,
        "a list item needs a space after its '-'", "write '- id: nhse'"),
    "indented-one-too-far": (
        "    tier: national\n", "     tier: national\n", 30, 1,
        "this line is indented 5 spaces; the lines around it use 4", "indent it 4 spaces, like 'name' on line 29"),
    "indented-one-too-little": (
        "    tier: national\n", "   tier: national\n", 30, 1,
        "this line is indented 3 spaces; the lines around it use 4", "indent it 4 spaces, like 'name' on line 29"),
    "list-item-among-keys": (
        "    tier: national\n", "    - tier: national\n", 30, 5,
        "a list item ('- ') among the 'key: value' lines of a block",
        "remove the '- ': the lines above it at this indentation are keys, like 'name' on line 29; to start a new "
        "item of the list, line the '-' up with the one on line 28"),
    "tab-indentation": (
        "    tier: national\n", "\ttier: national\n", 30, 1,
        "this line is indented with a tab",
        "YAML indents with spaces only: replace the tab with spaces, lined up with the lines around it"),
    "unclosed-double-quote": (
        '  version: "1.0"\n', '  version: "1.0\n', 8, 12,
        "the quote that opens this text is not closed", 'end the text with the same quote: version: "1.0"'),
    "unclosed-single-quote": (
        "    name: NHS England\n", "    name: 'NHS England\n", 29, 11,
        "the quote that opens this text is not closed", 'end the text with the same quote: name: "NHS England"'),
    "apostrophe-closes-the-quote": (
        "    name: NHS England\n", "    name: 'NHS England's board'\n", 29, 24,
        "this text ends at its closing quote, and more text follows it",
        'put the whole text in quotes: name: "NHS England\'s board"'),
    "apostrophe-inside-single-quotes": (
        "    name: NHS England\n", "    name: 'Carers' and NHS England'\n", 29, 20,
        "this text ends at its closing quote, and more text follows it",
        'put the whole text in quotes: name: "Carers\' and NHS England"'),
    "key-without-colon": (
        "    kind: national-body\n", "    kind national-body\n", 31, 5,
        "no ':' after the key on this line", "write 'kind: national-body' (a colon and a space after the key)"),
    "list-on-the-key-line": (
        "    roles: [lever]\n", "    roles: - lever\n", 27, 12,
        "a list cannot start on the same line as its key",
        "write 'roles: [lever]', or put each '- item' on a line of its own, indented under 'roles'"),
    "text-starting-with-a-bracket": (
        "    publisher: National Audit Office\n", "    publisher: [Draft] National Audit Office\n", 18, 16,
        "this text starts with '[', which YAML reads as part of its syntax ('[' starts a list)",
        'put the text in quotes: publisher: "[Draft] National Audit Office"'),
}


def broken(name: str) -> str:
    written, mistake = MISTAKES[name][:2]
    assert SMALL.count(written) == 1, written
    return SMALL.replace(written, mistake)


def the_problem(parsed) -> Finding:
    assert parsed is not None and len(parsed.problems) == 1, parsed
    return parsed.problems[0]


def said(problem: Finding) -> tuple[str, int, int, str, str]:
    return problem.rule_id, problem.location.line, problem.location.column, problem.message, problem.hint


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_each_mistake_is_named_with_its_fix(name):
    *_, line, column, message, hint = MISTAKES[name]
    problem = the_problem(readers.read(Source(broken(name), "chain.yaml")))
    assert said(problem) == ("DC002", line, column, message, hint)
    assert problem.related == ()  # the parser's own words are not the user's business


@pytest.mark.parametrize("name", sorted(set(MISTAKES) - {"tab-indentation"}))  # yaml-rs leaves tabs to PyYAML
def test_both_readers_report_the_same_problem(name):
    text = broken(name)
    from_fast, from_exact = the_problem(fast.read(text, "chain.yaml")), the_problem(exact.read(text, "chain.yaml"))
    assert from_fast == from_exact


def test_a_file_the_exact_reader_reads_gets_the_same_words():
    """A '---' at the top sends a file to PyYAML, which reads an open quote on to the next quote, far below."""
    problem = the_problem(readers.read(Source("---\n" + broken("unclosed-double-quote"), "chain.yaml")))
    assert (problem.location.line, problem.message) == (9, "the quote that opens this text is not closed")


def test_when_no_mistake_fits_the_readers_words_are_a_note():
    problem = problems.syntax("chain:\n  id: x\n", "chain.yaml", 2, 3, "something the reader says")
    assert problem.message == "YAML cannot read the file from here"
    assert "indentation" in problem.hint
    assert [(r.location.line, r.location.column, r.message) for r in problem.related] == [
        (2, 3, "the YAML reader stopped here: something the reader says")]


def test_long_texts_are_shortened_in_the_hint():
    note = "word " * 60 + "then: more"
    problem = the_problem(readers.read(Source(SMALL.replace("Sees most patients first.", note), "chain.yaml")))
    assert problem.message.startswith("this text has ': ' in it")
    assert " ... " in problem.hint and len(problem.hint) < 120
    assert problem.hint.endswith('word word ... word word word then: more"')  # cut between words


def test_a_huge_file_with_huge_lines_is_diagnosed_in_bounded_time():
    """Sixty megabytes: a line of twenty, 20,000 lines of 2,000 characters, the error at the end."""
    out = in_child("""
        from deliverychain.reading.mistakes import diagnose
        lines = ["items:", "  - note: " + "x" * 20_000_000] + ["  - note: " + "'x" * 1000] * 20_000 + ["  -id: y"]
        started = time.process_time()
        found = diagnose(lines, len(lines), 3)
        out["diagnosis"] = found.message
        out["diagnosis_seconds"] = time.process_time() - started
        """)
    assert out["diagnosis"] == "a list item needs a space after its '-'"
    assert out["diagnosis_seconds"] < 5, out


@pytest.mark.parametrize("value", ["{a: b]}", "{a: b}}", "[a, b]]"])
def test_brackets_closed_wrongly_are_not_taken_for_text(value):
    problem = the_problem(readers.read(Source(SMALL.replace("[lever]", value), "chain.yaml")))
    assert "starts with" not in problem.message and "put the text in quotes" not in problem.hint


def test_a_place_outside_the_text_is_no_diagnosis():
    assert diagnose(["chain:"], 5, 1) is None


@pytest.mark.parametrize("name", ["colon-in-text", "indented-one-too-little", "unclosed-double-quote"])
def test_validate_says_the_mistake_in_text_and_json(name, tmp_path: Path):
    *_, line, column, message, hint = MISTAKES[name]
    path = tmp_path / "chain.yaml"
    path.write_text(broken(name), encoding="utf-8")
    text = chain_command("validate", str(path))
    assert text.returncode == 2, text.stderr
    shown = text.stdout + text.stderr
    assert f"chain.yaml:{line}:{column}: error[DC002] {message}" in shown
    assert f"hint: {hint}" in shown
    # Only one problem can be known: the summary says why, and what to do next.
    assert "chain.yaml: 1 problem; the YAML could not be read past it: fix it, then run again" in text.stderr
    as_json = chain_command("validate", str(path), "--format", "json")
    assert as_json.returncode == 2
    (problem,) = json.loads(as_json.stdout)["files"][0]["problems"]
    assert (problem["line"], problem["column"], problem["message"], problem["hint"]) == (line, column, message, hint)
