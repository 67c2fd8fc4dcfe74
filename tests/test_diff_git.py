"""`git:REV:PATH` and `--against REV`, against a repository each test builds in tmp_path."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from deliverychain.cli import main
from tests.test_diff_model import BASE, edited, link

if shutil.which("git") is None:  # pragma: no cover - git is on every CI runner and dev machine
    pytest.fail("these tests need git", pytrace=False) if os.environ.get("CI") else pytest.skip("no git")


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                          cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


def write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# a plan\n" + yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def redraft(data: dict[str, Any]) -> None:
    link(data, "practice", "nurse")["strength"] = "adequate"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with two commits of plans/plan.yaml: the base chain, then a redraft."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    write(root / "plans" / "plan.yaml", BASE)
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first draft")
    write(root / "plans" / "plan.yaml", edited(redraft))
    git(root, "commit", "-q", "-am", "second draft")
    monkeypatch.chdir(root)
    return root


def chain_diff(*args: str) -> Result:
    return CliRunner().invoke(main, ["diff", *args])


def changed_links(result: Result) -> list[tuple[str, list[dict[str, Any]]]]:
    data = json.loads(result.stdout)
    return [(c["key"], c["changes"]) for c in data["model"]["links"]["changed"]]


STRENGTH = [("practice->nurse:support",
             [{"field": "strength", "item": None, "old": "weak", "new": "adequate", "added": [], "removed": []}])]


def test_a_file_at_a_revision_against_the_file_now(repo: Path) -> None:
    result = chain_diff("git:HEAD~1:plans/plan.yaml", "plans/plan.yaml", "--format", "json")
    assert result.exit_code == 0, result.output
    assert changed_links(result) == STRENGTH
    assert json.loads(result.stdout)["old"]["name"] == "git:HEAD~1:plans/plan.yaml"


def test_against_a_revision_reads_the_same_file_there(repo: Path) -> None:
    result = chain_diff("--against", "HEAD~1", "plans/plan.yaml", "--format", "json")
    assert result.exit_code == 0, result.output
    assert changed_links(result) == STRENGTH
    assert chain_diff("--against", "HEAD", "plans/plan.yaml", "--format", "json").stdout.count('"empty": true') == 2


def test_paths_are_relative_to_the_current_folder(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "plans")
    result = chain_diff("--against", "HEAD~1", "plan.yaml", "--format", "json")
    assert result.exit_code == 0, result.output
    assert changed_links(result) == STRENGTH
    absolute = chain_diff(f"git:HEAD~1:{repo / 'plans' / 'plan.yaml'}", "plan.yaml", "--format", "json")
    assert changed_links(absolute) == STRENGTH


def test_both_sides_at_revisions_and_a_branch_name(repo: Path) -> None:
    git(repo, "branch", "first", "HEAD~1")
    result = chain_diff("git:first:plans/plan.yaml", "git:HEAD:plans/plan.yaml", "--format", "json")
    assert result.exit_code == 0, result.output
    assert changed_links(result) == STRENGTH


def test_an_uncommitted_edit_against_the_last_commit(repo: Path) -> None:
    def more(data: dict[str, Any]) -> None:
        redraft(data)
        data["chain"]["version"] = "3"

    write(repo / "plans" / "plan.yaml", edited(more))
    result = chain_diff("--against", "HEAD", "plans/plan.yaml", "--format", "json")
    chain_changes = json.loads(result.stdout)["model"]["chain"]
    assert [(c["field"], c["old"], c["new"]) for c in chain_changes] == [("version", "1", "3")]


def test_the_repository_is_left_as_it_was(repo: Path) -> None:
    before = git(repo, "status", "--porcelain", "--ignored"), git(repo, "rev-parse", "HEAD")
    chain_diff("--against", "HEAD~1", "plans/plan.yaml")
    assert (git(repo, "status", "--porcelain", "--ignored"), git(repo, "rev-parse", "HEAD")) == before


# --- errors: exit 2, naming the side ---------------------------------------------------------------


def assert_bad_side(result: Result, side: str, *words: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert f"the {side} side" in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    assert "Traceback" not in result.output


def test_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    write(tmp_path / "plan.yaml", BASE)
    monkeypatch.chdir(tmp_path)
    assert_bad_side(chain_diff("--against", "HEAD", "plan.yaml"), "old", "not inside a git repository")


def test_an_unknown_revision(repo: Path) -> None:
    assert_bad_side(chain_diff("--against", "no-such-branch", "plans/plan.yaml"), "old",
                    "unknown git revision 'no-such-branch'")
    assert_bad_side(chain_diff("plans/plan.yaml", "git:--output=x:plans/plan.yaml"), "new", "not a git revision")
    assert not (repo / "x").exists()


def test_a_path_the_revision_does_not_have(repo: Path) -> None:
    write(repo / "plans" / "new-plan.yaml", BASE)
    assert_bad_side(chain_diff("--against", "HEAD", "plans/new-plan.yaml"), "old",
                    "no file 'plans/new-plan.yaml' at revision 'HEAD'")
    assert_bad_side(chain_diff("git:HEAD:plans", "plans/plan.yaml"), "old", "is a folder")
    assert_bad_side(chain_diff("git:HEAD", "plans/plan.yaml"), "old", "names no revision or no file")


def test_a_bad_file_on_either_side(repo: Path) -> None:
    (repo / "plans" / "plan.yaml").write_text("chain: [unclosed\n", encoding="utf-8")
    assert_bad_side(chain_diff("--against", "HEAD", "plans/plan.yaml"), "new", "plans/plan.yaml:")
    git(repo, "commit", "-q", "-am", "a broken draft")
    write(repo / "plans" / "plan.yaml", BASE)
    result = chain_diff("--against", "HEAD", "plans/plan.yaml")
    assert_bad_side(result, "old", "git:HEAD:plans/plan.yaml:1:")
    assert "the new side" not in result.stderr


def test_git_side_in_a_real_process(repo: Path) -> None:
    """End to end as CI runs it: a `chain` process, git underneath, JSON out."""
    chain = Path(sys.executable).parent / "chain"
    done = subprocess.run([str(chain), "diff", "--against", "HEAD~1", "plans/plan.yaml", "--format", "json"],
                          cwd=repo, capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    assert [(c["key"], c["changes"]) for c in json.loads(done.stdout)["model"]["links"]["changed"]] == STRENGTH
