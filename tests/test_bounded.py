"""Issue 15, classes 1, 3 and 4: bounded reads, near-linear work on odd input, no floods.

Each test is named after its class and example. The costly ones run the installed `chain`
or a child interpreter (tests/test_hostile.py's helpers), measuring CPU seconds and peak
memory, so a regression is a failed test and not a machine out of memory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from benchmarks import shapes
from deliverychain.codeframe import code_frame
from deliverychain.findings import Finding, Location, Severity, capped
from deliverychain.model.loading import check_text
from deliverychain.reading import bounded
from deliverychain.suggest import Suggester
from tests.test_hostile import SMALL, chain_command, in_child

ROOT = Path(__file__).resolve().parent.parent


# --- class 1: unbounded reads ---------------------------------------------------------------


def test_unbounded_reads_dev_zero_is_larger_than_the_limit_and_read_no_further():
    out = in_child("""
        from pathlib import Path
        from deliverychain.model.loading import check_file
        out["problems"] = [(p.rule_id, p.message) for p in check_file(Path("/dev/zero")).problems]
        """)
    (rule, message), = out["problems"]
    assert rule == "DC001" and "larger than the limit of 512 MB" in message, out
    assert out["peak_mb"] < 512 + 200 and out["seconds"] < 5, out


def test_unbounded_reads_dev_zero_on_the_command_line_is_exit_2():
    done = chain_command("validate", "/dev/zero")
    assert done.returncode == 2 and "larger than the limit" in done.stderr and "Traceback" not in done.stderr


def test_unbounded_reads_a_file_that_grows_while_read_is_capped(tmp_path):
    # A regular file whose size (from stat) is under the cap, then grows past it: the read stops
    # at the cap plus one byte, whatever stat said.
    path = tmp_path / "growing.yaml"
    path.write_bytes(b"a" * 100)
    grown = threading.Event()

    def grow() -> None:
        with path.open("ab") as handle:
            handle.write(b"b" * 5000)
        grown.set()

    real_read = os.read

    def read_growing(fd: int, n: int) -> bytes:
        if not grown.is_set():
            grow()
        return real_read(fd, n)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bounded.os, "read", read_growing)
        with pytest.raises(bounded.NotRead, match="larger than the limit"):
            bounded.read_path(path, 1000)


def test_unbounded_reads_a_fifo_with_no_writer_gives_up_after_the_wait(tmp_path):
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    done = chain_command("validate", str(fifo), env={"DELIVERYCHAIN_LIMIT_WAIT": "1"}, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "nothing was written to" in done.stderr and "DELIVERYCHAIN_LIMIT_WAIT" in done.stderr
    assert time.monotonic() - started < 30


def test_unbounded_reads_a_fifo_with_a_writer_is_read(tmp_path):
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)

    def write() -> None:
        time.sleep(0.3)
        with fifo.open("w") as handle:
            handle.write(SMALL)

    writer = threading.Thread(target=write)
    writer.start()
    assert bounded.read_path(fifo, 10**6) == SMALL.encode()
    writer.join()


def test_unbounded_reads_standard_input_that_nobody_writes_to_gives_up():
    sleeper = subprocess.Popen(["sleep", "60"], stdout=subprocess.PIPE)
    try:
        done = subprocess.run([str(Path(sys.executable).parent / "chain"), "validate", "-"], stdin=sleeper.stdout,
                              capture_output=True, text=True, timeout=60,
                              env={**os.environ, "DELIVERYCHAIN_LIMIT_WAIT": "1"})
    finally:
        sleeper.kill()
        sleeper.wait()
    assert done.returncode == 2 and "nothing was written to standard input" in done.stderr


@pytest.mark.parametrize("kind", ["folder", "socket"])
def test_unbounded_reads_folders_and_sockets_are_exit_2_with_a_message(tmp_path, kind):
    import socket

    target = tmp_path / "plan.yaml"
    server = None
    if kind == "folder":
        target.mkdir()
    else:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
    try:
        done = chain_command("audit", str(target))
    finally:
        if server is not None:
            server.close()
    out = done.stdout + done.stderr
    assert done.returncode == 2 and f"is a {kind}" in out and "Traceback" not in out


def test_unbounded_reads_spreadsheets_are_read_through_the_same_cap(tmp_path):
    fifo = tmp_path / "plan.xlsx"
    os.mkfifo(fifo)
    done = chain_command("validate", str(fifo), env={"DELIVERYCHAIN_LIMIT_WAIT": "1"}, timeout=60)
    assert done.returncode == 2 and "nothing was written to" in done.stderr, done.stderr


# --- class 3: quadratic work ------------------------------------------------------------------


def test_quadratic_work_did_you_mean_with_1000_unknown_references():
    out = in_child(f"""
        from deliverychain.model.loading import check_text
        text = {shapes.unknown_refs(1000)!r}
        result = check_text(text, "refs.yaml")
        out["kb"] = len(text) // 1000
        out["unknown"] = sum(p.rule_id == "DC012" for p in result.problems)
        out["hints"] = [p.hint for p in result.problems if p.rule_id == "DC012"][:3]
        """)
    assert out["unknown"] == 1000, out
    assert out["hints"][:2] == ["did you mean 'actor-00001'?", "did you mean 'actor-00002'?"], out
    assert out["seconds"] < 5, out  # 19.6 s before


def test_quadratic_work_did_you_mean_is_bounded_per_question():
    ids = [f"actor-{i:05d}" for i in range(100_000)] + ["nhs-england"]
    suggester = Suggester(ids)
    assert suggester.closest("nhs-englnd") == "nhs-england"
    started = time.process_time()
    answers = [suggester.closest(f"actor-{i:05d}x") for i in range(2000)]
    assert time.process_time() - started < 5
    assert answers[:2] == ["actor-00000", "actor-00001"]
    assert answers[-1] is None  # past the budget, only a difference of case is suggested
    assert suggester.closest("NHS-ENGLAND") == "nhs-england"


def test_quadratic_work_did_you_mean_among_ids_differing_in_case_ignores_the_hash_seed():
    code = ("from deliverychain.model.loading import check_text\n"
            f"r = check_text({shapes.duplicate_ids(30)!r}, 'c.yaml')\n"
            "print([p.hint for p in r.problems if p.rule_id == 'DC012'])\n")
    answers = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "12345")}
    assert len(answers) == 1 and "did you mean 'TRUST'?" in answers.pop()


def test_quadratic_work_gap_grouping_on_a_100k_star():
    out = in_child(f"""
        from deliverychain.pipeline import audit, loads
        chain = loads({shapes.star(100_000)!r})
        import time
        started = time.process_time()
        report = audit(chain)
        out["audit_seconds"] = time.process_time() - started
        out["rules"] = sorted({{f.rule_id for f in report.findings}})
        """, timeout=300)
    assert "DC103" in out["rules"], out
    assert out["audit_seconds"] < 10, out  # 53 s before


def test_quadratic_work_unclosed_bracket_on_a_16_mb_line():
    out = in_child("""
        from deliverychain.model.loading import check_text
        text = 'chain:\\n  id: x\\n  title: "' + 'a' * 16_000_000 + '" ]\\n'
        result = check_text(text, "long.yaml")
        out["problems"] = [(p.rule_id, p.location.line) for p in result.problems]
        """, timeout=300)
    assert out["problems"] == [["DC002", 3]], out
    assert out["peak_mb"] < 512, out  # 2.1 GB before


def test_quadratic_work_code_frame_cuts_a_100_mb_line_before_cleaning_it():
    line = "\x01" * 100_000_000
    started = time.process_time()
    frame = code_frame([line], Location("f", 1, 50_000_000))
    assert time.process_time() - started < 0.5
    shown, caret = frame.splitlines()
    assert len(shown) < 200 and shown.endswith("?…") and "…?" in shown
    assert caret.index("^") == shown.index("|") + 2 + 81  # under the spot, after the leading '…'


def test_quadratic_work_code_frame_of_a_short_line_is_unchanged():
    assert code_frame(["  a: [1, 2", "b:\tc"], Location("f", 2, 3)) == (
        "    1 |   a: [1, 2\n  > 2 | b:→c\n      |   ^^")


# --- class 4: floods ------------------------------------------------------------------------


def _finding(rule: str, line: int, file: str = "f.yaml") -> Finding:
    return Finding(rule, "name", Severity.ERROR, f"problem {line}", f"s{line}", Location(file, line, 1))


def test_floods_capped_lists_the_first_of_each_rule_and_counts_the_rest():
    findings = [_finding("DC007", i) for i in range(1, 251)] + [_finding("DC006", 300), _finding("DC007", 1, "g.yaml")]
    listed = capped(findings, most=100)
    assert [f.message for f in listed[:100]] == [f"problem {i}" for i in range(1, 101)]
    note = listed[100]
    assert note.rule_id == "DC007" and note.message.startswith("150 more DC007 findings in this file")
    assert "DELIVERYCHAIN_LIMIT_PROBLEMS=250" in note.hint and note.location == findings[99].location
    assert [f.message for f in listed[101:]] == ["problem 300", "problem 1"]
    assert capped(findings[:100], most=100) == findings[:100]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "markdown", "github"])
def test_floods_300k_missing_fields_list_100_of_a_rule_in_every_format(tmp_path, fmt):
    path = tmp_path / "flood.yaml"
    path.write_text(shapes.missing_fields(3000))  # 9,000 missing fields: the same as 900,000, smaller
    done = chain_command("audit", str(path), "--format", fmt, timeout=300)
    assert done.returncode == 2, done.stderr
    out = done.stdout + done.stderr
    assert "8,900 more DC007 findings in this file, not listed" in out, out[-2000:]
    if fmt in ("json", "sarif"):
        json.loads(done.stdout)
    listed = {"text": out.count("error[DC007"), "github": out.count("::error "),
              "markdown": out.count("| DC007"), "json": out.count('"DC007"'), "sarif": out.count('"DC007"')}[fmt]
    assert 100 <= listed <= 110, listed


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_floods_validate_lists_100_of_a_rule(tmp_path, fmt):
    path = tmp_path / "flood.yaml"
    path.write_text(shapes.missing_fields(3000))
    done = chain_command("validate", str(path), "--format", fmt, timeout=300)
    assert done.returncode == 2
    out = done.stdout + done.stderr
    assert "8,900 more DC007 findings in this file, not listed" in out
    assert fmt == "json" or "9,001 problems" in done.stderr  # every problem counted (and 'links' empty)


def test_floods_the_limit_is_raised_by_the_environment(tmp_path):
    path = tmp_path / "flood.yaml"
    path.write_text(shapes.missing_fields(100))
    done = chain_command("validate", str(path), env={"DELIVERYCHAIN_LIMIT_PROBLEMS": "1000"})
    assert done.stderr.count("error[DC007]") == 300 and "not listed" not in done.stderr


def test_floods_300k_missing_fields_are_placed_only_up_to_the_limit():
    result = check_text(shapes.missing_fields(3000), "flood.yaml")
    missing = [p for p in result.problems if p.rule_id == "DC007"]
    placed = [p for p in missing if not p.extra.get("unplaced")]
    assert len(missing) == 9000 and len(placed) == 100
    assert all(p.location.line > 1 for p in placed)
