"""The CI page's chain diff workflow: valid, and its scripts do what the page says, run for real."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import ROOT
from tests.test_diff_cli import add_weak_link
from tests.test_diff_git import git, write
from tests.test_diff_model import BASE, edited
from tests.test_docs import fenced

CI = ROOT / "docs" / "ci.md"


def workflow() -> dict[str, Any]:
    (body,) = [b for b in fenced(CI, "yaml") if b.startswith("# .github/workflows/chain-diff.yaml")]
    loaded: dict[str, Any] = yaml.safe_load(body)
    return loaded


def gate_step() -> dict[str, Any]:
    (body,) = [b for b in fenced(CI, "yaml") if "--fail-on-new" in b]
    (step,) = yaml.safe_load(body)
    return dict(step)


def test_the_workflow_comments_the_markdown_diff_with_the_rights_it_needs() -> None:
    flow = workflow()
    assert flow["permissions"] == {"contents": "read", "pull-requests": "write"}
    steps = flow["jobs"]["diff"]["steps"]
    assert steps[0]["uses"].startswith("actions/checkout") and steps[0]["with"]["fetch-depth"] == 0
    runs = " ".join(step.get("run", "") for step in steps)
    assert 'chain diff --against "$BASE" "$file" --format markdown' in runs
    assert "gh pr comment" in runs and "--body-file diff.md" in runs


def run_step(step: dict[str, Any], repo: Path, base: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BASE": base, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def test_the_workflow_scripts_run_on_a_real_pull_request(tmp_path: Path) -> None:
    """A base branch with two chains; a pull request that worsens one and adds a third."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    write(repo / "chains" / "plan.yaml", BASE)
    write(repo / "chains" / "other.yaml", BASE)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "branch", "base")
    write(repo / "chains" / "plan.yaml", edited(add_weak_link))
    write(repo / "chains" / "new-plan.yaml", BASE)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "a pull request")

    diff_step = next(s for s in workflow()["jobs"]["diff"]["steps"] if "diff.md" in s.get("run", "")
                     and "chain diff" in s.get("run", ""))
    done = run_step(diff_step, repo, "base")
    assert done.returncode == 0, done.stderr
    markdown = (repo / "diff.md").read_text(encoding="utf-8")
    assert markdown.count("## Chain diff:") == 1  # plan.yaml only: other.yaml unchanged, new-plan.yaml added
    assert "`chains/plan.yaml`" in markdown and "DC301" in markdown

    gate = run_step(gate_step(), repo, "base")
    assert gate.returncode == 1, (gate.stdout, gate.stderr)  # the pull request adds a warning
    git(repo, "checkout", "-q", "base")
    assert run_step(gate_step(), repo, "base").returncode == 0
