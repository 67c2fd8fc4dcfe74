"""`chain audit`, `chain rules` and `chain explain` end to end: exit codes, options, files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import deliverychain
from deliverychain.cli import main
from deliverychain.reports.ruledoc import SECTIONS
from deliverychain.rules import registry
from deliverychain.rules.registry import all_rules
from tests.test_reports import FIXTURES, ROOT, TEST_RULES, check_snapshot

CHAIN = """\
chain:
  id: mini
  title: Mini chain
  intent: Faster diagnosis
  owner: dhsc
actors:
  - id: dhsc
    name: DHSC
    tier: government
    kind: department
  - id: nurse
    name: Practice nurse
    tier: frontline
    kind: practice-nurse
  - id: patients
    name: Patients
    tier: public
    kind: patients
links:
  - from: dhsc
    to: nurse
    kind: mandate
    strength: {first}
  - from: nurse
    to: patients
    kind: support
    strength: {second}
"""
#: With the test rules: no findings; one info (unrated link); one warning (weak link); one
#: error (nothing working reaches the patients) with its warning.
CLEAN = CHAIN.format(first="strong", second="strong")
INFO = CHAIN.format(first="unknown", second="strong")
WARNING = CHAIN.format(first="weak", second="strong")
ERROR = CHAIN.format(first="strong", second="broken")


@pytest.fixture
def test_rules(monkeypatch):
    monkeypatch.setattr(registry, "analyser_rules", lambda: TEST_RULES)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def severities(path: Path) -> list[str]:
    code, out, _ = run("audit", "--format", "json", "--fail-on", "never", str(path))
    assert code == 0
    return [f["severity"] for f in json.loads(out)["files"][0]["findings"]]


# --- the exit-code matrix ------------------------------------------------------------------

def test_the_chains_of_the_matrix_find_what_they_say(test_rules, write_chain):
    assert severities(write_chain(CLEAN)) == []
    assert severities(write_chain(INFO)) == ["info"]
    assert severities(write_chain(WARNING)) == ["warning"]
    assert sorted(severities(write_chain(ERROR))) == ["error", "warning"]


@pytest.mark.parametrize(("chain", "fail_on", "code"), [
    (CLEAN, "error", 0), (CLEAN, "info", 0),
    (INFO, "error", 0), (INFO, "warning", 0), (INFO, "info", 1), (INFO, "never", 0),
    (WARNING, "error", 0), (WARNING, "warning", 1), (WARNING, "info", 1), (WARNING, "never", 0),
    (ERROR, "error", 1), (ERROR, "warning", 1), (ERROR, "info", 1), (ERROR, "never", 0),
])
def test_exit_code_follows_fail_on(test_rules, write_chain, chain, fail_on, code):
    path = write_chain(chain)
    assert run("audit", "--fail-on", fail_on, str(path))[0] == code


def test_default_fail_level_is_error(test_rules, write_chain):
    assert run("audit", str(write_chain(WARNING)))[0] == 0
    assert run("audit", str(write_chain(ERROR)))[0] == 1


def test_accepted_findings_do_not_fail(test_rules, write_chain):
    accepted = ERROR + ("ignore:\n  - rule: \"*\"\n    subject: \"*\"\n"
                        "    reason: The board accepts every finding until the review in May.\n")
    code, out, _ = run("audit", "--fail-on", "info", str(write_chain(accepted)))
    assert code == 0
    assert "Accepted in the chain's ignore list: 2 findings of DC191 and DC192;" in out
    code, out, _ = run("audit", "--fail-on", "info", "--show-accepted", str(write_chain(accepted)))
    assert code == 0
    assert "    accepted: The board accepts every finding until the review in May." in out


def test_bad_input_exits_2_and_rules_do_not_run(test_rules, write_chain):
    path = write_chain(ERROR.replace("strength: broken", "strength: medium"))
    code, out, _ = run("audit", "--format", "json", str(path))
    assert code == 2
    (file,) = json.loads(out)["files"]
    assert file["audited"] is False
    assert [f["rule"] for f in file["findings"]] == ["DC009"]  # no DC19x: the analysers did not run


def test_missing_file_exits_2(test_rules, tmp_path):
    code, out, _ = run("audit", str(tmp_path / "nope.yaml"))
    assert code == 2
    assert "error[DC001 unreadable-file] no such file" in out
    assert "Result: NOT AUDITED" in out


def test_one_bad_file_among_several_exits_2(test_rules, write_chain):
    good = write_chain(ERROR, "good.yaml")
    bad = write_chain("- not a chain\n", "bad.yaml")
    code, out, _ = run("audit", str(good), str(bad))
    assert code == 2
    assert "good.yaml: Mini chain (3 actors, 2 links)" in out and "bad.yaml: could not be read" in out
    assert "Result: INCOMPLETE: 1 of 2 files could not be read as a chain" in out


@pytest.mark.parametrize("args", [
    ["audit"],  # no file
    ["audit", "--no-such-option", "x.yaml"],
    ["audit", "--format", "xml", "x.yaml"],
    ["audit", "--fail-on", "sometimes", "x.yaml"],
    ["audit", "--select", "DC7", "x.yaml"],
])
def test_usage_errors_exit_2(test_rules, args):
    assert run(*args)[0] == 2


def test_unknown_rule_in_select_suggests_the_nearest(test_rules):
    code, _, err = run("audit", "--select", "DC1911", "x.yaml")
    assert code == 2
    assert "'DC1911' is not a rule id, id prefix (such as DC2) or rule name; did you mean 'DC191'?" in err


# --- options --------------------------------------------------------------------------------

def rule_ids(*args: str) -> list[str]:
    code, out, _ = run("audit", "--format", "json", "--fail-on", "never", *args)
    assert code == 0
    return [r["id"] for r in json.loads(out)["rules"]]


@pytest.mark.parametrize(("options", "expected"), [
    ([], ["DC191", "DC192", "DC193", "DC901", "DC902"]),
    (["--select", "DC19"], ["DC191", "DC192", "DC193"]),
    (["--select", "DC191,test-unrated-link"], ["DC191", "DC193"]),
    (["--select", "dc191", "--select", "DC192"], ["DC191", "DC192"]),
    (["--ignore", "DC9"], ["DC191", "DC192", "DC193"]),
    (["--select", "DC19", "--ignore", "DC192, DC193"], ["DC191"]),
])
def test_select_and_ignore(test_rules, write_chain, options, expected):
    assert rule_ids(*options, str(write_chain(CLEAN))) == expected


def test_output_file_is_written_and_never_over_an_input(test_rules, write_chain, tmp_path):
    path = write_chain(ERROR)
    target = tmp_path / "audit.sarif"
    code, out, err = run("audit", "--format", "sarif", "-o", str(target), str(path))
    assert code == 1 and out == ""
    assert (f"{target}: report written (2 findings, 1 at or above error, so the exit code is 1; "
            "add --fail-on never to export without failing)") in err
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    before = path.read_bytes()
    code, _, err = run("audit", "-o", str(path), str(path))
    assert code == 2 and "refusing to overwrite the input file" in err
    assert path.read_bytes() == before


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "sarif", "github"])
def test_every_format_from_the_command_line(test_rules, write_chain, fmt):
    code, out, _ = run("audit", "--format", fmt, str(write_chain(WARNING)))
    assert code == 0
    assert "DC191" in out


def test_help_lists_formats_exit_codes_and_examples():
    code, out, _ = run("audit", "--help")
    assert code == 0
    for words in ("text|json|markdown|sarif|github", "--fail-on", "Exit codes: 0",
                  "chain audit my-plan.yaml --format sarif", "--min-severity", "--summary", "--show-accepted",
                  "chain audit my-plan.yaml --format markdown -o audit.md --fail-on never"):
        assert words in out
    flat = " ".join(out.split())
    assert "3 an internal error (a bug in deliverychain: please report it)." in flat
    assert "The exit code still follows --fail-on: add --fail-on never to export without failing." in flat
    assert "The exit code follows --fail-on alone: --min-severity only changes what is listed" in flat


def test_exporting_with_fail_on_never_does_not_fail_the_shell(test_rules, write_chain, tmp_path):
    target = tmp_path / "report.md"
    code, out, err = run("audit", str(write_chain(ERROR)), "--format", "markdown", "-o", str(target),
                         "--fail-on", "never")
    assert (code, out) == (0, "")
    assert err == f"{target}: report written (2 findings; --fail-on never)\n"
    assert target.read_text(encoding="utf-8").startswith("# Delivery chain audit: Mini chain\n\n"
                                                         "**1 error and 1 warning are worth reading.**")
    code, _, err = run("audit", str(write_chain(WARNING)), "-o", str(target))
    assert code == 0 and err == f"{target}: report written (1 finding, none at or above error)\n"


@pytest.mark.parametrize(("chain", "fail_on", "min_severity", "code", "result"), [
    (WARNING, "warning", "error", 1, "Result: FAIL: 1 warning needs attention (--fail-on warning); 1 of them is "
                                     "below --min-severity error and not listed."),
    (WARNING, "error", "error", 0, "Result: PASS (nothing at or above error level); still worth reading: 1 warning."),
    (INFO, "info", "warning", 1, "Result: FAIL: 1 info finding needs attention (--fail-on info); 1 of them is "
                                 "below --min-severity warning and not listed."),
])
def test_min_severity_is_display_only_and_the_exit_code_follows_fail_on(test_rules, write_chain, chain, fail_on,
                                                                         min_severity, code, result):
    got, out, _ = run("audit", str(write_chain(chain)), "--fail-on", fail_on, "--min-severity", min_severity)
    assert got == code
    assert "Not listed: 1 " in out and "[DC19" not in out
    assert out.endswith(result + "\n")


def test_summary_and_show_accepted_from_the_command_line(test_rules, write_chain):
    accepted = ERROR + ("ignore:\n  - rule: DC191\n    subject: \"*\"\n"
                        "    reason: The support link is being rebuilt this quarter.\n")
    code, out, _ = run("audit", str(write_chain(accepted)), "--summary")
    assert code == 1
    assert "  error    DC192 test-unreached-beneficiary  1 finding, at line 15\n" in out
    assert "Accepted in the chain's ignore list: 1 finding of DC191; `--show-accepted` lists it with its reason." in out
    code, out, _ = run("audit", str(write_chain(accepted)), "--show-accepted")
    assert code == 1
    assert "    accepted: The support link is being rebuilt this quarter.\n" in out


def test_summary_is_for_the_text_report_only(test_rules, write_chain):
    code, out, err = run("audit", str(write_chain(CLEAN)), "--summary", "--format", "json")
    assert (code, out) == (2, "")
    assert "Error: --summary is for the text report, not --format json" in err


def test_python_api_returns_the_audit_report(test_rules):
    chain = deliverychain.loads(WARNING, "mini.yaml")
    report = deliverychain.audit(chain, select=["DC191"])
    assert [(f.rule_id, f.subject) for f in report.findings] == [("DC191", "dhsc->nurse:mandate")]
    assert [r.id for r in report.rules] == ["DC191"]


# --- as a user meets it: the installed command, piped ------------------------------------------

def chain_command(*args: str, seed: str = "0", cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).parent / "chain"
    env = {**os.environ, "PYTHONHASHSEED": seed}
    env.pop("NO_COLOR", None)
    return subprocess.run([str(executable), *args], capture_output=True, text=True, env=env, cwd=cwd)


def test_piped_output_has_no_colour_codes_and_no_traceback():
    result = chain_command("audit", str(FIXTURES / "small.yaml"), "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    assert "\x1b[" not in result.stdout and "Traceback" not in result.stderr
    assert "Result: PASS" in result.stdout


@pytest.mark.parametrize("fmt", ["json", "sarif", "markdown", "text"])
def test_output_is_identical_under_any_hash_seed(fmt):
    args = ("audit", str(FIXTURES / "small.yaml"), "--format", fmt, "--fail-on", "never")
    first, second = chain_command(*args, seed="1"), chain_command(*args, seed="4242")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout


# --- the real analysers on a small fixture chain ------------------------------------------------

@pytest.mark.parametrize(("fmt", "suffix"), [
    ("text", "txt"), ("json", "json"), ("markdown", "md"), ("sarif", "sarif"), ("github", "github.txt"),
])
def test_snapshot_with_the_real_analysers(fmt, suffix, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(deliverychain.version, "VERSION", "0.0.0-test")
    _, out, _ = run("audit", str(FIXTURES / "small.yaml"), "--format", fmt, "--fail-on", "never")
    check_snapshot(f"small.{suffix}", out)


# --- chain rules and chain explain ---------------------------------------------------------------

def test_rules_lists_every_rule():
    code, out, _ = run("rules")
    assert code == 0
    for rule in all_rules():
        assert f"{rule.id}  {rule.name}" in out
    assert f"{len(all_rules())} rules." in out


@pytest.mark.parametrize("columns", [60, 80, 132])
def test_rules_wraps_to_the_terminal_width(columns):
    result = CliRunner(env={"COLUMNS": str(columns)}).invoke(main, ["rules"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(map(len, lines)) < columns
    flat = " ".join(result.stdout.split())
    for rule in all_rules():
        assert " ".join(rule.summary.split()) in flat  # every word kept, in order
    wide = CliRunner(env={"COLUMNS": "1000"}).invoke(main, ["rules"]).stdout
    assert len(wide.splitlines()) < len(lines)


def test_rules_on_a_very_narrow_terminal_puts_summaries_under_the_names():
    out = CliRunner(env={"COLUMNS": "50"}).invoke(main, ["rules"]).stdout
    assert "  DC201  numbers-only-feedback  error\n    Those who steer practice" in out
    assert max(len(line) for line in out.splitlines() if not line.startswith("  DC")) < 50


def test_explain_wraps_to_a_narrow_terminal():
    out = CliRunner(env={"COLUMNS": "50"}).invoke(main, ["explain", "DC301"]).stdout
    assert max(len(line) for line in out.splitlines() if not line.startswith("    ")) < 50  # examples stay as written


def test_rules_json_has_every_field():
    code, out, _ = run("rules", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["version"] == 1
    assert [r["id"] for r in data["rules"]] == [r.id for r in all_rules()]
    unused = next(r for r in data["rules"] if r["id"] == "DC901")
    assert unused["name"] == "unused-ignore" and unused["severity"] == "warning" and unused["fix"]


@pytest.mark.parametrize("rule", [r.id for r in all_rules()])
def test_every_rule_is_documented_in_its_fixed_sections(rule):
    code, out, _ = run("explain", rule)
    assert code == 0
    positions = [out.index(f"\n{heading}\n") for heading in SECTIONS]
    assert positions == sorted(positions)
    found = registry.rule_by_id(rule)
    assert found is not None and found.summary and found.why and found.example and found.fix


def test_explain_by_name_and_lower_case_id():
    assert run("explain", "unused-ignore")[1] == run("explain", "dc901")[1] == run("explain", "DC901")[1]
    code, out, _ = run("explain", "DC901", "--format", "markdown")
    assert code == 0 and out.startswith("# DC901 unused-ignore (warning, suppression)\n")


def test_explain_unknown_rule_suggests_and_exits_2(test_rules):
    code, _, err = run("explain", "DC1911")
    assert code == 2
    assert "error: no rule 'DC1911'" in err and "did you mean 'DC191'?" in err


# --- colour ----------------------------------------------------------------------------------------

class _Terminal:
    def isatty(self) -> bool:
        return True


def test_colour_on_a_terminal_unless_no_color(monkeypatch):
    from deliverychain.cli.output import use_colour

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(_Terminal()) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_colour(_Terminal()) is False


def test_text_report_is_coloured_when_the_terminal_allows(test_rules, write_chain, monkeypatch):
    import deliverychain.cli.output as output

    path = write_chain(ERROR)
    monkeypatch.setattr(output, "use_colour", lambda stream=None: True)
    assert "\x1b[31m" in run("audit", str(path))[1]
    target = path.parent / "report.txt"  # a file never gets colour codes
    run("audit", str(path), "-o", str(target))
    assert "\x1b[" not in target.read_text(encoding="utf-8")


def test_a_write_error_with_no_system_message_never_prints_none(test_rules, write_chain, tmp_path, monkeypatch):
    import deliverychain.cli.files as files

    def refuse(target, data):
        raise OSError("an internal detail")  # no errno, so no strerror

    monkeypatch.setattr(files, "write_safely", refuse)
    code, _, err = run("audit", str(write_chain(CLEAN)), "-o", str(tmp_path / "report.txt"))
    assert code == 2
    assert err.startswith(f"error: cannot write '{tmp_path / 'report.txt'}': ")
    assert "None" not in err and "internal detail" not in err
