"""Hostile and broken chain files: each gets a clear problem at its place, never a traceback.

Anything that could crash the interpreter (deep nesting) or eat memory (alias bombs, huge
files) runs in a child process, so a failure here is a failed test, not a dead test run.
The helpers at the top are shared by the other robustness tests (fuzz, injection, no lost
work, determinism).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from deliverychain.findings import Finding
from deliverychain.model.loading import LoadResult, check_file, check_text
from deliverychain.reading.text import MAX_FILE_BYTES

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "hostile"
#: A small valid chain using every part of the format.
SMALL = (FIXTURES / "small.yaml").read_text(encoding="utf-8")
CHAIN_SCRIPT = Path(sys.executable).parent / "chain"

# What YAML counts as a line break (libyaml also counts NEL, LS and PS, which the loader refuses).
_BREAKS = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


# --- shared helpers ----------------------------------------------------------------------


def line_count(text: str) -> int:
    """Lines as a YAML reader numbers them; a position just after a final newline is on the last."""
    return len(_BREAKS.split(text))


def assert_well_placed(result: LoadResult, text: str) -> None:
    """A chain XOR problems; every problem (and related note) at a place inside the text."""
    assert (result.chain is None) == bool(result.problems), result.problems
    lines = _BREAKS.split(text.removeprefix("\ufeff"))
    for problem in result.problems:
        places = [problem.location] + [r.location for r in problem.related]
        for place in places:
            assert place is not None, problem
            assert 1 <= place.line <= len(lines), (problem, len(lines))
            assert 1 <= place.column <= len(lines[place.line - 1]) + 1, (problem, lines[place.line - 1])
        assert problem.rule_id.startswith("DC0"), problem
        assert problem.message, problem


def rules(problems: list[Finding]) -> set[str]:
    return {p.rule_id for p in problems}


def chain_command(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
                  timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The installed `chain` console script, as a user runs it."""
    return subprocess.run([str(CHAIN_SCRIPT), *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, **(env or {})}, timeout=timeout)


def in_child(code: str, timeout: float = 60) -> dict:
    """Run `code` in a fresh interpreter under a 2 GB address-space limit.

    The code leaves its answer in `out` (a dict); peak memory (MB) and seconds are added.
    The seconds are the child's own CPU time: the work the input costs, which a machine busy
    with other processes does not inflate as it does wall time.
    A crash (segfault, MemoryError) fails the calling test with the child's stderr.
    """
    wrapper = textwrap.dedent("""\
        import json, resource, sys, time
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
        out = {}
        started = time.process_time()
        exec(compile(sys.stdin.read(), "<child>", "exec"))
        out["seconds"] = time.process_time() - started
        # VmHWM, the peak of this process's own memory since exec: ru_maxrss would also count
        # the pages of the (large) test process it was forked from.
        status = open("/proc/self/status").read().split("VmHWM:")[1]
        out["peak_mb"] = int(status.split()[0]) / 1024
        print(json.dumps(out))
        """)
    done = subprocess.run([sys.executable, "-c", wrapper], input=textwrap.dedent(code), capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT)
    assert done.returncode == 0, f"child died with {done.returncode}:\n{done.stderr[-3000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def problem(text: str, file: str = "chain.yaml") -> Finding:
    """The first problem of `text`, which must not load."""
    result = check_text(text, file)
    assert_well_placed(result, text)
    assert result.chain is None
    return result.problems[0]


# --- alias bombs ---------------------------------------------------------------------------

# "Billion laughs": nine levels of nine aliases, 9**9 (387 million) strings once expanded.
BILLION_LAUGHS = "lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)
)


@pytest.mark.parametrize("header", ["", "---\n", "%YAML 1.2\n---\n", "# !tag in a comment\n"],
                         ids=["fast-path", "document-marker", "directive", "exact-path"])
def test_billion_laughs_is_refused_fast_in_little_memory(header):
    out = in_child(f"""
        from deliverychain.model.loading import check_text
        result = check_text({header + BILLION_LAUGHS!r}, "bomb.yaml")
        out["rules"] = sorted({{p.rule_id for p in result.problems}})
        out["messages"] = [p.message for p in result.problems if p.rule_id == "DC004"]
        out["loaded"] = result.chain is not None
        """)
    assert not out["loaded"]
    assert "DC004" in out["rules"], out
    assert "alias bomb" in out["messages"][0]
    assert out["seconds"] < 5, out
    assert out["peak_mb"] < 300, out


def test_quadratic_alias_fanout_is_refused():
    # One 10,000-item list referred to 10,000 times: 100 million values from 150 KB.
    text = "big: &big [" + ", ".join(["x"] * 10_000) + "]\nfan: [" + ", ".join(["*big"] * 10_000) + "]\n"
    out = in_child(f"""
        from deliverychain.model.loading import check_text
        result = check_text({text!r}, "fan.yaml")
        out["rules"] = sorted({{p.rule_id for p in result.problems}})
        """)
    assert "DC004" in out["rules"]
    assert out["seconds"] < 5 and out["peak_mb"] < 300, out


def test_a_few_aliases_are_fine():
    text = SMALL.replace("    carries: [targets, money]\n", "    carries: &steer [targets, money]\n", 1)
    text = text.replace("kind: commissioning, carries: [money]", "kind: commissioning, carries: *steer")
    result = check_text(text, "chain.yaml")
    assert result.chain is not None, result.problems
    assert result.chain.links[2].carries == ["targets", "money"]


# --- tags that would run code in a careless loader ------------------------------------------


@pytest.mark.parametrize("tagged", [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/object:builtins.dict {{}}",
    "!!python/name:os.system",
    "!!python/module:os",
    "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']",
    "!!binary aGVsbG8=",
    "!!set {{a, b}}",
    "!!omap [a: 1]",
    "!!timestamp 2001-12-14",
    "!custom thing",
])
def test_tags_are_refused_and_never_run(tagged, tmp_path):
    marker = tmp_path / "ran"
    text = SMALL.replace("    note: Sees most patients first.\n",
                         f"    note: {tagged.format(marker=marker)}\n")
    found = check_text(text, "chain.yaml")
    assert_well_placed(found, text)
    assert found.chain is None
    unsafe = [p for p in found.problems if p.rule_id == "DC004"]
    assert unsafe and "tag" in unsafe[0].message
    assert unsafe[0].location.line == text.splitlines().index(f"    note: {tagged.format(marker=marker)}") + 1
    assert unsafe[0].location.column == 11  # where the tag starts
    assert not marker.exists()


def test_tag_directive_shorthand_is_refused():
    text = "%TAG !py! tag:yaml.org,2002:python/\n---\n" + SMALL.replace(
        "note: Sees most patients first.", "note: !py!object/apply:os.getcwd []")
    assert "DC004" in rules(check_text(text, "chain.yaml").problems)


def test_a_plain_str_tag_is_allowed():
    text = SMALL.replace('version: "1.0"', "version: !!str 1.0")
    result = check_text(text, "chain.yaml")
    assert result.chain is not None, result.problems
    assert result.chain.chain.version == "1.0"


def test_tagged_file_fails_validate_with_exit_2_and_no_traceback(tmp_path):
    marker = tmp_path / "ran"
    path = tmp_path / "chain.yaml"
    path.write_text(SMALL.replace("note: Sees most patients first.",
                                  f"note: !!python/object/apply:os.system ['touch {marker}']"))
    done = chain_command("validate", str(path))
    assert done.returncode == 2
    assert re.search(rf"{re.escape(str(path))}:\d+:11: error\[DC004\]", done.stderr), done.stderr
    assert "Traceback" not in done.stderr and not marker.exists()


# --- nesting ---------------------------------------------------------------------------------

DEEP_SHAPES = {
    "flow-lists-100k": "'[' * 100_000 + ']' * 100_000",
    "flow-maps-100k": "'{a: ' * 100_000 + '}' * 100_000",
    "compact-dashes-100k": "'- ' * 100_000 + 'x\\n'",
    "explicit-keys-100k": "'? ' * 100_000 + 'x\\n'",
    "block-indent-1000": "''.join('  ' * i + 'k:\\n' for i in range(1000))",
    "block-lists-1000": "''.join('  ' * i + '-\\n' for i in range(1000))",
    "actor-meta-5000": "open('tests/fixtures/hostile/small.yaml').read().replace("
                       "'meta: {code: QKS, staff: 120}', 'meta: ' + '{a: ' * 5000 + '1' + '}' * 5000)",
}


@pytest.mark.parametrize("shape", sorted(DEEP_SHAPES))
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_deep_nesting_is_refused_without_crashing(shape, suffix):
    out = in_child(f"""
        from deliverychain.model.loading import check_text
        text = {DEEP_SHAPES[shape]}
        result = check_text(text, "deep{suffix}")
        out["problems"] = [(p.rule_id, p.location.line, p.location.column, p.message) for p in result.problems]
        """)
    assert out["problems"], out
    if suffix == ".yaml":
        rule, *_, message = out["problems"][0]
        assert rule == "DC004" and "levels deep" in message, out
    else:  # JSON's own reader: too deep, or (for the shapes that are not JSON at all) a syntax error
        assert tuple(out["problems"][0]) == _DEEP_JSON.get(shape, _NOT_JSON), out
    assert out["seconds"] < 10, out


_NOT_JSON = ("DC002", 1, 1, "JSON syntax error: Expecting value")
_DEEP_JSON = {
    "flow-lists-100k": ("DC004", 1, 1, "nested thousands of levels deep"),
    "flow-maps-100k": ("DC002", 1, 2, "JSON syntax error: Expecting property name enclosed in double quotes"),
}


def test_deep_nesting_reports_where_it_passes_the_limit():
    text = "".join("  " * i + f"k{i}:\n" for i in range(70)) + "  " * 70 + "end\n"
    (found,) = check_text(text, "deep.yaml").problems
    assert found.rule_id == "DC004"
    assert (found.location.line, found.location.column) == (65, 129)  # the 65th level starts here


def test_nesting_a_chain_could_use_is_fine():
    nested = "{a: " * 40 + "1" + "}" * 40
    text = SMALL.replace("meta: {code: QKS, staff: 120}", f"meta: {nested}")
    result = check_text(text, "chain.yaml")
    assert result.chain is not None, result.problems


def test_deep_file_fails_validate_and_render_with_exit_2(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("[" * 100_000 + "]" * 100_000)
    svg = str(tmp_path / "d.svg")
    for command in (["validate", str(path)], ["audit", str(path)], ["render", str(path), "-o", svg]):
        done = chain_command(*command)
        assert done.returncode == 2, (command, done.stderr[-2000:])
        assert f"{path}:1:65: error[DC004" in done.stderr + done.stdout and "Traceback" not in done.stderr
    assert not (tmp_path / "d.svg").exists()


# --- size ------------------------------------------------------------------------------------


def test_fifty_megabyte_chain_loads_in_bounded_time_and_memory(tmp_path):
    path = tmp_path / "big.yaml"
    note = "word " * 10_000_000  # 50 MB of note on one actor
    path.write_text(SMALL.replace("note: Sees most patients first.", f"note: {note}"))
    assert path.stat().st_size > 50_000_000
    out = in_child(f"""
        from deliverychain.model.loading import check_file
        result = check_file({str(path)!r})
        out["note"] = len(result.chain.actor("nurse").note) if result.chain else result.problems[0].message
        """)
    assert out["note"] == len(note.strip())
    assert out["seconds"] < 30, out
    assert out["peak_mb"] < 800, out


def test_fifty_megabytes_of_random_bytes_is_refused_quickly(tmp_path):
    path = tmp_path / "noise.yaml"
    path.write_bytes(os.urandom(1 << 20) * 50)
    out = in_child(f"""
        from deliverychain.model.loading import check_file
        result = check_file({str(path)!r})
        out["problems"] = [(p.rule_id, p.message) for p in result.problems]
        """)
    assert out["problems"][0][0] == "DC001", out
    assert out["seconds"] < 10 and out["peak_mb"] < 800, out


def test_a_file_larger_than_any_chain_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:  # sparse: takes no disk space
        handle.truncate(MAX_FILE_BYTES + 1)
    started = time.perf_counter()
    (found,) = check_file(path).problems
    assert found.rule_id == "DC001" and "larger than the limit" in found.message
    assert time.perf_counter() - started < 1


# --- encodings and line endings -------------------------------------------------------------


def test_invalid_utf8_is_placed_at_the_byte_in_characters(tmp_path):
    path = tmp_path / "chain.yaml"
    path.write_bytes(SMALL.encode().replace(b"name: Kent and Medway ICB", b"name: Kent \xc3\xa9 Medway \xff ICB"))
    (found,) = check_file(path).problems
    line = SMALL.splitlines().index("    name: Kent and Medway ICB") + 1
    assert (found.rule_id, found.location.line) == ("DC001", line)
    assert found.location.column == len("    name: Kent é Medway ") + 1  # é is one character
    assert "not valid UTF-8 (byte 0xff)" in found.message


def test_a_utf8_byte_order_mark_is_accepted_and_moves_nothing(tmp_path):
    broken = SMALL.replace("strength: strong\n    character: directive", "strenght: strong\n    character: directive")
    plain, marked = tmp_path / "plain.yaml", tmp_path / "marked.yaml"
    plain.write_text(broken, encoding="utf-8")
    marked.write_text(broken, encoding="utf-8-sig")
    assert marked.read_bytes().startswith(b"\xef\xbb\xbf")
    places = [[(p.rule_id, p.location.line, p.location.column) for p in check_file(f).problems]
              for f in (plain, marked)]
    assert places[0] == places[1] and places[0][0][0] == "DC006"
    marked.write_text(SMALL, encoding="utf-8-sig")
    assert check_file(marked).chain is not None


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_refused_with_advice(encoding, tmp_path):
    path = tmp_path / "chain.yaml"
    path.write_text(SMALL, encoding=encoding)
    (found,) = check_file(path).problems
    assert found.rule_id == "DC001" and "UTF-16" in found.message
    assert "UTF-8" in found.hint


BROKEN_IN_FOUR_PLACES = (
    SMALL.replace("    strength: strong\n    character: directive", "    strenght: strong\n    character: directive")
    .replace("kind: icb\n", "kind: icb\n    name: Duplicate name\n")
    .replace("strength: planned", "strength: medium")
    .replace("to: patients, kind: support", "to: patience, kind: support")
)


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_windows_and_old_mac_line_endings_keep_positions(newline):
    lf = [(p.rule_id, p.location.line, p.location.column) for p in check_text(BROKEN_IN_FOUR_PLACES).problems]
    other = check_text(BROKEN_IN_FOUR_PLACES.replace("\n", newline))
    assert [(p.rule_id, p.location.line, p.location.column) for p in other.problems] == lf
    assert {"DC003", "DC006", "DC009", "DC012"} <= {rule for rule, _, _ in lf}
    valid = check_text(SMALL.replace("\n", newline))
    assert valid.chain is not None
    assert valid.chain.chain.description == "Two lines of description,\nkept as written.\n"


def test_crlf_syntax_error_is_placed_like_lf():
    broken = SMALL.replace("    kind: department\n", "    kind: [department\n")
    lf = problem(broken)
    crlf = problem(broken.replace("\n", "\r\n"))
    assert (lf.rule_id, lf.location.line, lf.location.column) == (crlf.rule_id, crlf.location.line,
                                                                   crlf.location.column)


def test_tab_indentation_is_a_syntax_error_at_the_tab():
    text = SMALL.replace("    tier: national\n", "\ttier: national\n")
    found = problem(text)
    assert found.rule_id == "DC002" and "tab" in found.hint.lower()
    assert found.location.line == text.splitlines().index("\ttier: national") + 1


def test_tabs_inside_values_are_kept():
    chain = check_text(SMALL.replace("note: Sees most patients first.", 'note: "a\\tb"\t# tab before comment')).chain
    assert chain is not None and chain.actor("nurse").note == "a\tb"


@pytest.mark.parametrize(("char", "what"), [
    ("\x00", "control character (U+0000)"),
    ("\x07", "control character (U+0007)"),
    ("\x1b", "control character (U+001B)"),
    ("\x7f", "control character (U+007F)"),
    ("\x85", "line separator (U+0085)"),
    ("\u2028", "line separator (U+2028)"),
    ("\u2029", "line separator (U+2029)"),
    ("\ufffe", "control character (U+FFFE)"),
    ("\ufeff", "byte-order mark (U+FEFF)"),  # not at the start: two files pasted together
    ("\ud800", "control character (U+D800)"),
])
def test_invisible_characters_are_refused_at_their_place(char, what):
    # yaml-rs used to drop everything after a NUL without a word, and PyYAML counts U+2028 as
    # a line break where yaml-rs does not: both readers must see the same text, so neither does.
    text = SMALL.replace("Sees most patients first.", f"Sees most{char} patients first.")
    found = problem(text)
    assert (found.rule_id, found.location.line) == ("DC001", text[: text.index(char)].count("\n") + 1)
    assert what in found.message
    assert found.location.column == len("    note: Sees most") + 1


def test_escaped_control_characters_in_quotes_are_data():
    chain = check_text(SMALL.replace("note: Sees most patients first.", r'note: "bell\a nul\0 esc\e"')).chain
    assert chain is not None and chain.actor("nurse").note == "bell\a nul\0 esc\x1b"


# --- nothing there ------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "   \n\t\n  ", "# only a comment\n", "---\n", "---\n...\n",
                                  "~\n", "null\n", "\ufeff"])
def test_empty_files_say_so(text):
    found = problem(text)
    assert (found.rule_id, found.location.line, found.location.column) == ("DC005", 1, 1)
    assert "empty" in found.message and "chain init" in found.hint


@pytest.mark.parametrize("text", ["just text\n", "- a\n- list\n", "42\n", "[chain, actors]\n", "'chain'\n"])
def test_documents_that_are_not_mappings_say_so(text):
    found = problem(text)
    assert found.rule_id == "DC005" and "key: value" in found.message


def test_a_second_document_is_refused_where_it_starts():
    found = problem(SMALL + "---\nchain: {}\n")
    assert found.rule_id == "DC002" and "second" in found.message
    assert found.location.line == len(SMALL.splitlines()) + 1


# --- paths that are not chain files ---------------------------------------------------------


def test_a_folder_a_missing_path_and_a_nul_in_a_path(tmp_path):
    cases = {
        str(tmp_path): "is a folder",
        str(tmp_path / "missing.yaml"): "no such file",
        str(tmp_path / "bad\x00name.yaml"): "no such file",
        str(tmp_path / "loop.yaml"): "cannot read",
        str(tmp_path / "dangling.yaml"): "no such file",
    }
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    for path, message in cases.items():
        (found,) = check_file(path).problems
        assert found.rule_id == "DC001" and message in found.message, (path, found.message)


def test_an_unreadable_file_says_permission(tmp_path, monkeypatch):
    path = tmp_path / "chain.yaml"
    path.write_text(SMALL)

    def refuse(*args):
        raise PermissionError(13, "Permission denied")

    from deliverychain.reading import bounded

    monkeypatch.setattr(bounded, "read_path", refuse)  # chmod does not stop root, who runs CI
    (found,) = check_file(path).problems
    assert found.rule_id == "DC001" and "no permission to read" in found.message


@pytest.mark.parametrize("command", [["validate"], ["audit"], ["audit", "--format", "sarif"], ["render"],
                                     ["render", "--format", "dot"]])
def test_every_command_refuses_a_folder_and_a_missing_file_with_exit_2(command, tmp_path):
    for target, message in ((tmp_path, "is a folder"), (tmp_path / "missing.yaml", "no such file")):
        done = chain_command(command[0], str(target), *command[1:])
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert message in done.stderr + done.stdout
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr


# --- numbers Python will not write out ------------------------------------------------------


@pytest.mark.parametrize("number", ["9" * 5000, "0x" + "f" * 5000, "0o" + "7" * 6000, "-" + "1" * 4400])
def test_enormous_integers_are_kept_as_the_text_written(number):
    chain = check_text(SMALL.replace('version: "1.0"', f"version: {number}")).chain
    assert chain is not None and chain.chain.version == number


def test_enormous_integer_where_a_number_is_needed_is_a_problem():
    # Read as the text written (reading/sniffs.py: enormous_number), which is not a number that fits.
    found = problem(SMALL.replace("depth: 2", "depth: " + "9" * 5000))
    assert (found.rule_id, found.message) == (
        "DC010", "'views[1].depth': Unable to parse input string as an integer, exceeded maximum size")


def test_enormous_integer_in_json_is_kept_as_text():
    data = json.loads(json.dumps({"chain": {"id": "j", "title": "t", "intent": "i", "owner": "a"},
                                  "actors": [{"id": "a", "name": "A", "tier": "government", "kind": "k"}]}))
    text = json.dumps(data).replace('"title": "t"', '"title": ' + "7" * 5000)
    chain = check_text(text, "chain.json").chain
    assert chain is not None and chain.chain.title == "7" * 5000


# --- loops of every shape -------------------------------------------------------------------


def loops_chain(ring: int = 50, clique: int = 12) -> str:
    """Self-links, a 2-cycle, a `ring`-long cycle and a peer clique of `clique` practices."""
    out = ["chain: {id: loops, title: Loops, intent: Every shape of loop, owner: a0}", "actors:",
           "  - {id: a0, name: Centre, tier: government, kind: department}"]
    out += [f"  - {{id: a{i}, name: Ring {i}, tier: system, kind: icb}}" for i in range(1, ring)]
    out += [f"  - {{id: p{j}, name: Peer {j}, tier: organisation, kind: pcn, roles: [practice]}}"
            for j in range(clique)]
    out += ["links:",
            "  - {from: a0, to: a0, kind: mandate}",
            "  - {from: a1, to: a1, kind: feedback, carries: [narrative]}",
            "  - {from: a0, to: a1, kind: mandate}",
            "  - {from: a1, to: a0, kind: reporting, carries: [metrics]}"]
    out += [f"  - {{from: a{i}, to: a{(i + 1) % ring}, kind: support}}" for i in range(1, ring)]
    out += [f"  - {{from: p{j}, to: p{k}, kind: peer-learning, carries: [learning]}}"
            for j in range(clique) for k in range(clique) if j != k]
    out += [f"  - {{from: a{ring - 1}, to: p0, kind: commissioning}}",
            "  - {from: p0, to: a1, kind: reporting, carries: [metrics]}"]
    return "\n".join(out) + "\n"


def test_loops_of_every_shape_audit_and_render_terminate(tmp_path):
    path = tmp_path / "loops.yaml"
    path.write_text(loops_chain())
    started = time.perf_counter()
    audit = chain_command("audit", str(path), "--format", "json", "--fail-on", "never")
    assert audit.returncode == 0, audit.stderr
    report = json.loads(audit.stdout)
    findings = {f["rule"]: f for f in report["files"][0]["findings"]}
    # The peers learn from each other, so no "no peer learning" finding names them...
    assert all("'pcn'" not in f["message"] for f in report["files"][0]["findings"])
    # ...but only p0 is steered and reports back: peer learning is neither.
    assert findings["DC101"]["message"].startswith("11 of 12 practice actors are not reached")
    assert findings["DC103"]["message"].startswith("11 of 12 practice actors have no route back")
    dot = chain_command("render", str(path), "--format", "dot", "--no-findings")
    assert dot.returncode == 0, dot.stderr
    assert '"a0" -> "a0"' in dot.stdout and '"a1" -> "a1"' in dot.stdout
    assert len(re.findall(r'\[id="line\d+"', dot.stdout)) == loops_chain().count("from:")
    svg = chain_command("render", str(path), "-o", str(tmp_path / "loops.svg"))
    assert svg.returncode == 0, svg.stderr
    assert time.perf_counter() - started < 60


def test_a_self_loop_or_a_loop_among_practice_is_no_route_back():
    text = textwrap.dedent("""\
        chain: {id: s, title: Self, intent: x, owner: dhsc}
        actors:
          - {id: dhsc, name: DHSC, tier: government, kind: department}
          - {id: nurse, name: Nurse, tier: frontline, kind: nurse, roles: [practice]}
          - {id: gp, name: GP, tier: frontline, kind: gp, roles: [practice]}
        links:
          - {from: dhsc, to: dhsc, kind: mandate}
          - {from: dhsc, to: nurse, kind: mandate}
          - {from: dhsc, to: gp, kind: mandate}
          - {from: nurse, to: nurse, kind: feedback, carries: [narrative]}
          - {from: gp, to: nurse, kind: feedback, carries: [narrative]}
          - {from: nurse, to: gp, kind: feedback, carries: [narrative]}
        """)
    from deliverychain.pipeline import audit

    chain = check_text(text).chain
    assert chain is not None
    found = [f for f in audit(chain).findings if f.rule_id == "DC103"]
    assert len(found) == 1 and found[0].message.startswith("both practice actors have no route back")


# --- wrong shapes where the cross-checks look ------------------------------------------------


@pytest.mark.parametrize("strength", ["[weak, strong]", "{a: 1}", "7", "null", "true"])
def test_an_intended_gap_with_a_strength_of_the_wrong_shape(strength):
    # Found by scripts/fuzz.py: a list here made the cross-checks raise TypeError.
    text = SMALL.replace("strength: missing, intended_gap:", f"strength: {strength}, intended_gap:")
    found = check_text(text, "chain.yaml")
    assert_well_placed(found, text)
    assert found.chain is None
    assert rules(found.problems) & {"DC008", "DC009", "DC010"}


@pytest.mark.parametrize("block", ["actors", "links", "sources", "views", "ignore", "chain"])
@pytest.mark.parametrize("value", ["[[1, 2]]", "{a: {b: c}}", "[~, ~]", "'text'", "[{id: [x]}]", "[{1: 2}]"])
def test_blocks_of_the_wrong_shape_are_reported_not_raised(block, value):
    text = re.sub(rf"(?m)^{block}:\n(?:[ -].*\n)*", f"{block}: {value}\n", SMALL)
    assert text != SMALL
    found = check_text(text, "chain.yaml")
    assert_well_placed(found, text)
    assert found.chain is None


@pytest.mark.parametrize("key", ["s[ources", "a[b]", "str-enum[Carry]", "constrained-str", "]"])
def test_an_unknown_key_that_looks_like_pydantic_bookkeeping_is_reported(key):
    # Found by scripts/fuzz.py: a '[' in an unknown key made the loader raise IndexError.
    text = SMALL.replace("    capacity: sufficient\n", f"    {json.dumps(key)}: sufficient\n")
    found = problem(text)
    assert (found.rule_id, found.message) == ("DC006", f"unknown key '{key}' in actor")
    assert found.location.line == text.splitlines().index(f"    {json.dumps(key)}: sufficient") + 1


# --- where yaml-rs read differently from YAML 1.2 (found by the property tests) ----------------


@pytest.mark.parametrize("written", ["2024_25", "1_000", "_1", "1_", "0b101", "0B1", "0X1F", "+0x1F", "-0o17"])
def test_numbers_yaml_12_reads_as_text_stay_text(written):
    # yaml-rs read these as numbers, so an id `2024_25` became `202425`.
    chain = check_text(SMALL.replace('  version: "1.0"\n', f"  version: {written}\n")).chain
    assert chain is not None and chain.chain.version == written
    assert check_text(SMALL.replace("  id: small\n", "  id: 2024_25\n")).chain.chain.id == "2024_25"


@pytest.mark.parametrize(("block", "expected"), [
    ("|\n", ""), ("|\n\n", ""), (">-\n   \n", ""), ("|+\n", ""), ("|\n    Two lines", "Two lines"),
    ("|\n    Two lines\n", "Two lines\n"), ("|+\n    Two lines\n\n", "Two lines\n\n"),
])
def test_block_scalars_that_are_empty_or_end_the_file(block, expected):
    # yaml-rs added a line break to an empty block, and to one ending a file without one.
    text = SMALL.replace("  description: |\n    Two lines of description,\n    kept as written.\n", "")
    text = text + f"extra: {block}"
    from deliverychain.reading import readers
    from deliverychain.reading.text import Source

    assert readers.read(Source(text, "c.yaml")).data["extra"] == expected


def test_a_syntax_error_at_the_end_of_a_file_without_a_final_newline_is_placed_inside_it():
    text = "chain:\n  id: x\n  p"  # yaml-rs placed this error at line 4, column 1
    found = problem(text)
    assert (found.rule_id, found.location.line, found.location.column) == ("DC002", 3, 3)  # the 'p' with no ':'
    assert "no ':'" in found.message
