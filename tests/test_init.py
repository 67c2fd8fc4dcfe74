"""`chain init`: a commented worked example that validates, audits and shows every part of the format."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import deliverychain
from deliverychain.cli import main
from deliverychain.vocab import DEFAULT_TIERS, LinkKind


def chain(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def scaffolded(tmp_path: Path) -> Path:
    path = tmp_path / "my-plan.yaml"
    result = chain("init", str(path))
    assert result.exit_code == 0, result.output
    return path


def test_init_writes_a_file_that_validates(scaffolded: Path):
    result = chain("validate", str(scaffolded))
    assert result.exit_code == 0, result.output
    assert "valid (9 actors, 18 links, 3 sources)" in result.output


def test_init_says_what_it_wrote_and_what_to_do_next(tmp_path: Path):
    path = tmp_path / "plan.yaml"
    result = chain("init", str(path))
    assert f"Wrote {path}: a worked example with 9 actors and 18 links." in result.output
    assert f"chain validate {path}" in result.output
    assert f"chain audit {path}" in result.output


def test_scaffold_audits_cleanly_and_its_ignore_entry_accepts_a_real_finding(scaffolded: Path):
    result = chain("audit", str(scaffolded), "--format", "json")
    assert result.exit_code == 0, result.output  # nothing at error level
    (report,) = json.loads(result.stdout)["files"]
    assert report["audited"] is True
    assert report["unused_ignores"] == []
    assert [(f["rule"], f["subject"]) for f in report["suppressed"]] == [("DC305", "icb")]
    assert report["suppressed"][0]["suppressed"].startswith("Everything runs through the ICB")
    assert {"DC901", "DC902"} <= set(report["rules"]["passed"])


def test_scaffold_renders(scaffolded: Path):
    svg = scaffolded.with_suffix(".svg")
    result = chain("render", str(scaffolded), "-o", str(svg))
    assert result.exit_code == 0, result.output
    assert b"Practice nurse" in svg.read_bytes()


def test_scaffold_shows_every_part_of_the_format(scaffolded: Path):
    example = deliverychain.load(scaffolded)
    assert {link.kind for link in example.links} == {kind.value for kind in LinkKind}
    assert example.sources and all(s.title for s in example.sources)
    assert any(link.assessments for link in example.links)
    assert any(link.targets for link in example.links)
    assert any(link.intended_gap for link in example.links)
    assert any(term.startswith("x-") for link in example.links for term in link.carries)
    assert example.ignore and all(entry.reason for entry in example.ignore)
    assert example.views
    assert {"practice"} <= {role for actor in example.actors for role in actor.roles}


def test_scaffold_explains_the_tiers_in_comments(scaffolded: Path):
    comments = "\n".join(line for line in scaffolded.read_text().splitlines() if line.lstrip().startswith("#"))
    for tier in DEFAULT_TIERS:
        assert re.search(rf"#\s+{tier}\s", comments), tier
    assert "tiers: [" in comments  # how to use your own tiers


def test_scaffold_comments_name_the_file_as_given(scaffolded: Path):
    text = scaffolded.read_text()
    assert f"#   chain audit {scaffolded}\n" in text
    assert f"#   chain render {scaffolded} -o my-plan.svg\n" in text


def test_init_refuses_to_overwrite(scaffolded: Path):
    scaffolded.write_text("my own work\n")
    result = chain("init", str(scaffolded))
    assert result.exit_code == 2
    assert "already exists" in result.output
    assert "--force" in result.output
    assert scaffolded.read_text() == "my own work\n"


def test_init_force_overwrites(scaffolded: Path):
    scaffolded.write_text("my own work\n")
    result = chain("init", str(scaffolded), "--force")
    assert result.exit_code == 0, result.output
    assert scaffolded.read_text().startswith("# A delivery chain")


def test_title_and_owner_are_filled_in_and_quoted(tmp_path: Path):
    path = tmp_path / "kent.yaml"
    result = chain("init", str(path), "--title", "Faster diagnosis: Kent # pilot",
                   "--owner", "Kent & Medway ICB")
    assert result.exit_code == 0, result.output
    example = deliverychain.load(path)
    assert example.chain.title == "Faster diagnosis: Kent # pilot"
    assert example.chain.id == "faster-diagnosis-kent-pilot"
    assert example.chain.owner == "kent-medway-icb"
    assert example.actor("kent-medway-icb").name == "Kent & Medway ICB"


def test_an_owner_that_clashes_with_an_example_actor_is_refused(tmp_path: Path):
    path = tmp_path / "plan.yaml"
    result = chain("init", str(path), "--owner", "ICB")
    assert result.exit_code == 2
    assert "duplicate actor id 'icb'" in result.output
    assert not path.exists()


@pytest.mark.parametrize("option", ["--title", "--owner"])
def test_empty_title_or_owner_is_refused(tmp_path: Path, option: str):
    result = chain("init", str(tmp_path / "plan.yaml"), option, "  ")
    assert result.exit_code == 2
    assert "is empty" in result.output


def test_init_into_a_folder_or_missing_folder_fails_clearly(tmp_path: Path):
    folder = chain("init", str(tmp_path))
    assert folder.exit_code == 2 and "is a folder" in folder.output
    missing = chain("init", str(tmp_path / "no-such-folder" / "plan.yaml"))
    assert missing.exit_code == 2 and "does not exist" in missing.output


def test_init_leaves_no_temporary_files(tmp_path: Path):
    chain("init", str(tmp_path / "plan.yaml"))
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]


def test_init_help_has_examples():
    result = chain("init", "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert "--force" in result.output


# --- the first audit a new user sees ------------------------------------------------------

#: An inline comment in the template that says which finding the line gives: '# audit: ... (DC306)'.
AUDIT_NOTE = re.compile(r"#\s*audit:.*\((DC\d{3})\)\s*$")
FINDING_LINE = re.compile(r"^(?P<file>\S+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning|info)"
                          r"\[(?P<rule>DC\d{3}) [a-z-]+\] (?P<message>.*)$", re.MULTILINE)


def test_init_then_audit_prints_a_handful_of_different_findings_each_where_the_template_says(tmp_path: Path):
    """`chain init` then `chain audit`, as installed: no more than 8 findings, all different, each
    on the line whose comment in the template names its rule."""
    import subprocess
    import sys

    executable = Path(sys.executable).parent / "chain"
    subprocess.run([str(executable), "init", "my-plan.yaml"], cwd=tmp_path, check=True, capture_output=True)
    audit = subprocess.run([str(executable), "audit", "my-plan.yaml"], cwd=tmp_path, capture_output=True, text=True)
    assert audit.returncode == 0, audit.stderr
    printed = [m.groupdict() for m in FINDING_LINE.finditer(audit.stdout)]
    assert 1 <= len(printed) <= 8, audit.stdout
    assert len({f["rule"] for f in printed}) == len(printed), "each finding is a different lesson"
    assert len({f["message"] for f in printed}) == len(printed)

    lines = (tmp_path / "my-plan.yaml").read_text(encoding="utf-8").splitlines()
    noted = {(number, m.group(1)) for number, line in enumerate(lines, start=1) if (m := AUDIT_NOTE.search(line))}
    assert {(int(f["line"]), f["rule"]) for f in printed} == noted
    assert ("my-plan.yaml:147:15: info[DC306 unevidenced-rating] Department of Health and Social Care -> "
            "NHS England (influence) is rated adequate with no evidence") in audit.stdout
    assert ("Accepted in the chain's ignore list: 1 finding of DC305; `--show-accepted` lists it with its "
            "reason.") in audit.stdout
    assert audit.stdout.endswith("Result: PASS (nothing at or above error level); still worth reading: "
                                 "3 warnings and 3 info findings.\n")
