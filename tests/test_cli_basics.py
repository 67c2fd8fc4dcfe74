"""`chain validate`, `chain schema`, `--version` and `--help`, end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from deliverychain import __version__
from deliverychain.cli import COMMANDS, main
from tests.test_loader import VALID

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version():
    code, out, _ = run("--version")
    assert code == 0 and __version__ in out


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help_with_examples(command: str):
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "Examples:" in out
    assert f"chain {command}" in out


def test_validate_valid_file(write_chain):
    path = write_chain(VALID)
    code, out, _ = run("validate", str(path))
    assert code == 0
    assert "valid (2 actors, 1 link, 1 source)" in out


def test_validate_invalid_file_shows_location_frame_and_hint(write_chain):
    path = write_chain(VALID.replace("strength: weak", "strenght: weak"))
    code, _, err = run("validate", str(path))
    assert code == 2
    assert f"{path}:25:5: error[DC006] unknown key 'strenght' in link" in err
    assert "> 25 |     strenght: weak" in err
    assert "hint: did you mean 'strength'?" in err
    assert "Traceback" not in err


def test_validate_several_files_fails_if_any_is_invalid(write_chain, tmp_path):
    good = write_chain(VALID, "good.yaml")
    bad = write_chain("- not a chain\n", "bad.yaml")
    code, out, err = run("validate", str(good), str(bad))
    assert code == 2
    assert "good.yaml: valid" in out and "bad.yaml: 1 problem" in err


def test_validate_json_format(write_chain):
    path = write_chain(VALID.replace("strength: weak", "strength: medium"))
    code, out, _ = run("validate", "--format", "json", str(path))
    assert code == 2
    report = json.loads(out)
    (problem,) = report["files"][0]["problems"]
    assert (problem["rule"], problem["line"], problem["column"]) == ("DC009", 25, 15)


def test_validate_missing_file_and_folder(tmp_path):
    code, _, err = run("validate", str(tmp_path / "nope.yaml"))
    assert code == 2 and "no such file" in err
    code, _, err = run("validate", str(tmp_path))
    assert code == 2 and "is a folder" in err


def test_usage_errors_exit_2():
    assert run("validate")[0] == 2
    assert run("no-such-command")[0] == 2
    assert run("validate", "--format", "xml", "x.yaml")[0] == 2


def test_schema_to_stdout_and_file(tmp_path):
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "deliverychain chain file"
    target = tmp_path / "chain.schema.json"
    assert run("schema", "-o", str(target))[0] == 0
    assert target.read_text() == out


def test_console_script_runs_without_traceback_on_bad_input(tmp_path):
    """The installed `chain` entry point, as a user meets it."""
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"chain: [\x00\xff")
    chain = Path(sys.executable).parent / "chain"
    result = subprocess.run([str(chain), "validate", str(bad)], capture_output=True, text=True,
                            env={**os.environ, "PYTHONHASHSEED": "1"})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "bad.yaml:1:" in result.stderr


def test_code_frames_follow_edits_to_the_file(tmp_path):
    from deliverychain.reports.sourcelines import lines_of

    path = tmp_path / "c.yaml"
    path.write_text("first: 1\n", encoding="utf-8")
    assert lines_of(str(path)) == ["first: 1"]
    path.write_text("second: 2\nthird: 3\n", encoding="utf-8")
    assert lines_of(str(path)) == ["second: 2", "third: 3"]
