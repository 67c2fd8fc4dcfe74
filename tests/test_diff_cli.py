"""`chain diff` end to end: outputs, the gate's exit codes, usage errors, the Python API."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import cmarkgfm
import pytest
import yaml
from click.testing import CliRunner, Result
from cmarkgfm.cmark import Options

import deliverychain
from deliverychain.cli import main
from deliverychain.diffing import ChainDiff, SideError
from deliverychain.diffing.markdown import MAX_ROWS, render_markdown
from deliverychain.diffing.text import render_text
from tests.test_diff_model import BASE, actor, edited, link
from tests.test_injection import HOSTILE


def write(path: Path, data: dict[str, Any]) -> str:
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return str(path)


def chain_diff(*args: str) -> Result:
    return CliRunner().invoke(main, ["diff", *args])


def add_weak_link(data: dict[str, Any]) -> None:
    """A new weak support link on the route to practice: one new warning (DC301)."""
    data["links"].append({"from": "nhse", "to": "nurse", "kind": "support", "strength": "weak",
                          "carries": ["guidance"], "character": "supportive"})


def strengthen(data: dict[str, Any]) -> None:
    """The weak support link made adequate: its warning resolved, nothing new."""
    link(data, "practice", "nurse")["strength"] = "adequate"


@pytest.fixture
def drafts(tmp_path: Path) -> dict[str, str]:
    return {
        "base": write(tmp_path / "base.yaml", BASE),
        "worse": write(tmp_path / "worse.yaml", edited(add_weak_link)),
        "better": write(tmp_path / "better.yaml", edited(strengthen)),
    }


# --- the gate --------------------------------------------------------------------------------------


def test_without_the_gate_a_diff_exits_0_whatever_changed(drafts: dict[str, str]) -> None:
    result = chain_diff(drafts["base"], drafts["worse"])
    assert result.exit_code == 0, result.output
    assert "New findings" in result.stdout and "DC301" in result.stdout


@pytest.mark.parametrize(("level", "worse", "better"), [("error", 0, 0), ("warning", 1, 0), ("info", 1, 0)])
def test_the_gate_fails_only_on_findings_the_new_draft_adds(drafts: dict[str, str], level: str, worse: int,
                                                            better: int) -> None:
    result = chain_diff(drafts["base"], drafts["worse"], "--fail-on-new", level)
    assert result.exit_code == worse, result.output
    assert ("Gate: FAIL" if worse else "Gate: PASS") in result.stdout
    assert chain_diff(drafts["base"], drafts["better"], "--fail-on-new", level).exit_code == better


def test_findings_already_there_never_fail_the_gate(drafts: dict[str, str]) -> None:
    """The base chain has an error (DC201) already: the gate at error level passes the same chain."""
    before = deliverychain.audit(deliverychain.load(drafts["base"]))
    assert any(f.severity == "error" for f in before.active)
    result = chain_diff(drafts["base"], drafts["base"], "--fail-on-new", "info")
    assert result.exit_code == 0, result.output


def test_an_info_only_addition_fails_at_info_and_passes_at_warning(tmp_path: Path, drafts: dict[str, str]) -> None:
    def peers(data: dict[str, Any]) -> None:  # a second practice with no peer learning: DC204, info
        data["actors"].append({"id": "practice-2", "name": "Second practice", "tier": "organisation",
                               "kind": "gp-practice"})
        data["links"].append({"from": "practice-2", "to": "nurse", "kind": "support", "strength": "strong",
                              "carries": ["guidance"], "character": "supportive"})
        data["links"].append({"from": "nhse", "to": "practice-2", "kind": "support", "strength": "strong",
                              "carries": ["guidance"], "character": "supportive"})
        data["ignore"] = []

    new = write(tmp_path / "peers.yaml", edited(peers))
    data = json.loads(chain_diff(drafts["base"], new, "--format", "json").stdout)
    assert {f["severity"] for f in data["audit"]["new"]} == {"info"}, data["audit"]["new"]
    assert chain_diff(drafts["base"], new, "--fail-on-new", "warning").exit_code == 0
    assert chain_diff(drafts["base"], new, "--fail-on-new", "info").exit_code == 1


# --- usage --------------------------------------------------------------------------------------------


def test_usage_errors_exit_2(drafts: dict[str, str]) -> None:
    for args in ([drafts["base"]], [drafts["base"], drafts["worse"], "--against", "HEAD"],
                 ["--against", "HEAD", "git:HEAD:x.yaml"], [drafts["base"], drafts["worse"], "--format", "xml"],
                 [drafts["base"], drafts["worse"], "--fail-on-new", "never"]):
        result = chain_diff(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output


def test_help_documents_the_exit_codes() -> None:
    result = chain_diff("--help")
    assert result.exit_code == 0
    assert "Exit codes: 0" in result.stdout and "--fail-on-new" in result.stdout


def test_a_missing_file_names_its_side(drafts: dict[str, str], tmp_path: Path) -> None:
    result = chain_diff(drafts["base"], str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "the new side" in result.stderr and "no such file" in result.stderr


# --- outputs ---------------------------------------------------------------------------------------------


def test_text_names_every_kind_of_change_without_colour_when_piped(drafts: dict[str, str], tmp_path: Path) -> None:
    def many(data: dict[str, Any]) -> None:
        add_weak_link(data)
        strengthen(data)
        actor(data, "nurse")["name"] = "Practice nurses"
        data["actors"].append({"id": "pcn", "name": "Primary care network", "tier": "organisation", "kind": "pcn"})
        data["links"].append({"from": "pcn", "to": "nurse", "kind": "peer-learning", "carries": ["learning"]})
        data["sources"].pop(0)
        for item in data["actors"] + data["links"]:
            item["evidence"] = [e for e in item.get("evidence", []) if e != "plan"]
        for assessment in link(data, "nhse", "practice")["assessments"]:
            assessment["evidence"] = ["review"]

    result = chain_diff(drafts["base"], write(tmp_path / "many.yaml", edited(many)))
    text = result.stdout
    assert "\x1b[" not in text
    for expected in ("Sources: 1 removed", "Actors: 1 added, 2 changed", "  + pcn: Primary care network",
                     '      name: "Practice nurse" -> "Practice nurses"', "  ~ practice->nurse:support",
                     "      strength: weak -> adequate", "  + nhse->nurse:support", "New findings",
                     "Resolved findings", "Still there", "Result: "):
        assert expected in text, (expected, text)


def test_text_is_coloured_only_when_asked(drafts: dict[str, str]) -> None:
    result = deliverychain.diff(drafts["base"], drafts["worse"])
    assert "\x1b[" in render_text(result, colour=True)
    assert "\x1b[" not in render_text(result, colour=False)


def test_json_has_a_version_and_the_documented_shape(drafts: dict[str, str]) -> None:
    data = json.loads(chain_diff(drafts["base"], drafts["worse"], "--format", "json",
                                 "--fail-on-new", "warning").stdout)
    assert data["version"] == 1
    assert set(data) == {"version", "old", "new", "empty", "model", "audit", "confidence", "gate"}
    assert set(data["old"]) == {"name", "id", "title", "actors", "links", "sources"}
    assert set(data["model"]) == {"empty", "chain", "sources", "actors", "links", "ignore", "views"}
    for block in ("sources", "actors", "links", "ignore", "views"):
        assert set(data["model"][block]) == {"added", "removed", "renamed", "changed"}
    (added,) = data["model"]["links"]["added"]
    assert added["key"] == "nhse->nurse:support" and added["from"] == "nhse" and added["strength"] == "weak"
    audit = data["audit"]
    assert set(audit) == {"trend", "counts", "new", "resolved", "persisting"}
    assert [c["severity"] for c in audit["counts"]] == ["error", "warning", "info"]
    assert all(set(c) == {"severity", "before", "after", "trend"} for c in audit["counts"])
    new = audit["new"][0]
    assert {"rule", "severity", "subject", "message", "fingerprint", "line", "was_accepted"} <= set(new)
    assert all("severity_before" in p for p in audit["persisting"])
    assert data["gate"] == {"fail_on_new": "warning", "passed": False, "failing": [new["fingerprint"]]}
    scale = {"Green", "Amber/Green", "Amber", "Amber/Red", "Red"}
    assert set(data["confidence"]) == {"before", "after"} and set(data["confidence"].values()) <= scale


def test_every_output_is_byte_identical_run_to_run(drafts: dict[str, str]) -> None:
    for fmt in ("text", "json", "markdown"):
        first = chain_diff(drafts["base"], drafts["worse"], "--format", fmt).stdout
        assert first == chain_diff(drafts["base"], drafts["worse"], "--format", fmt).stdout


def test_a_reordered_redraft_is_an_empty_diff_in_every_format(drafts: dict[str, str], tmp_path: Path) -> None:
    reordered = edited(lambda d: [d[block].reverse() for block in ("actors", "links", "sources")])
    path = tmp_path / "reordered.yaml"
    path.write_text("# reordered and commented\n" + yaml.safe_dump(reordered, default_flow_style=True, width=50),
                    encoding="utf-8")
    data = json.loads(chain_diff(drafts["base"], str(path), "--format", "json").stdout)
    assert data["empty"] is True and data["model"]["empty"] is True
    assert not data["audit"]["new"] and not data["audit"]["resolved"]
    assert "The chain: no changes" in chain_diff(drafts["base"], str(path)).stdout
    assert "No changes to the chain itself" in chain_diff(drafts["base"], str(path), "--format", "markdown").stdout


def test_output_file_is_written_and_an_input_is_never_overwritten(drafts: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "diff.md"
    result = chain_diff(drafts["base"], drafts["worse"], "--format", "markdown", "-o", str(target))
    assert result.exit_code == 0 and target.read_text(encoding="utf-8").startswith("## Chain diff:")
    before = Path(drafts["worse"]).read_bytes()
    refused = chain_diff(drafts["base"], drafts["worse"], "-o", drafts["worse"])
    assert refused.exit_code == 2 and Path(drafts["worse"]).read_bytes() == before


# --- Markdown as GitHub reads it -------------------------------------------------------------------------

ACTIVE_TEXT = {
    "mention": "@octocat and @deliverychain/board",
    "issue": "fixes #12 and owner/repo#3",
    "url": "see https://evil.example/x and www.evil.example",
    "email": "write to someone@example.org",
}
ALLOWED_TAGS = {"p", "h2", "h3", "table", "thead", "tbody", "tr", "th", "td", "strong", "code"}


def hostile_pair(tmp_path: Path) -> tuple[str, str]:
    names = list(HOSTILE.values()) + list(ACTIVE_TEXT.values())

    def old(data: dict[str, Any]) -> None:
        for i, item in enumerate(data["actors"]):
            item["name"] = names[i % len(names)]
        data["sources"][0]["title"] = names[-1]

    def new(data: dict[str, Any]) -> None:
        old(data)
        for i, item in enumerate(data["actors"]):
            item["name"] = names[(i + 5) % len(names)]
            item["note"] = names[(i + 7) % len(names)]
        add_weak_link(data)
        link(data, "practice", "nurse")["note"] = " ".join(ACTIVE_TEXT.values())
        data["chain"]["title"] = names[1] + names[-4]
        data["actors"].append({"id": "x", "name": names[0] + names[-3], "tier": "team", "kind": "team"})
        data["ignore"].append({"rule": "DC301", "subject": "a`b | <i>c</i> @octocat #7", "reason": names[2]})

    return write(tmp_path / "old.yaml", edited(old)), write(tmp_path / "new.yaml", edited(new))


def test_markdown_renders_on_github_as_plain_text_and_tables(tmp_path: Path) -> None:
    old, new = hostile_pair(tmp_path)
    markdown = chain_diff(old, new, "--format", "markdown", "--fail-on-new", "warning").stdout
    html = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    tags = set(re.findall(r"</?([a-zA-Z][a-zA-Z0-9]*)", html))
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS  # no links, no HTML from the file
    for row in re.findall(r"<table>.*?</table>", html, re.S):
        widths = {len(re.findall(r"<t[hd][ >]", tr)) for tr in re.findall(r"<tr>.*?</tr>", row, re.S)}
        assert len(widths) == 1, widths  # no pipe in a name split a cell
    text = re.sub(r"<code>.*?</code>", "", html, flags=re.S)
    text = re.sub(r"<[^>]+>", "", text)
    assert re.search(r"@\w", text) is None, "a mention GitHub would notify"
    assert re.search(r"#\d", text) is None, "an issue reference GitHub would link"
    assert "https://evil" not in text and "www.evil" not in text
    assert "\u200b" in text  # how they were kept inert
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_long_tables_stop_at_max_rows_and_count_the_rest(tmp_path: Path) -> None:
    def crowd(data: dict[str, Any]) -> None:
        for n in range(MAX_ROWS + 7):
            data["actors"].append({"id": f"team-{n}", "name": f"Team {n}", "tier": "team", "kind": "team"})

    result = deliverychain.diff(write(tmp_path / "a.yaml", BASE), write(tmp_path / "b.yaml", edited(crowd)))
    markdown = render_markdown(result)
    assert markdown.count("| Added | Team ") == MAX_ROWS
    assert "…and 7 more actors (`chain diff --format json` lists every one)." in markdown


# --- Python -----------------------------------------------------------------------------------------------


def test_the_python_api_takes_paths_or_chains_and_names_a_bad_side(drafts: dict[str, str], tmp_path: Path) -> None:
    from_paths = deliverychain.diff(drafts["base"], drafts["worse"])
    from_chains = deliverychain.diff(deliverychain.load(drafts["base"]), deliverychain.load(drafts["worse"]))
    assert isinstance(from_paths, ChainDiff)
    assert [lk.key for lk in from_paths.model.links.added] == [lk.key for lk in from_chains.model.links.added]
    models_only = deliverychain.diff(drafts["base"], drafts["worse"], audit=False)
    assert models_only.audit is None and not models_only.model.empty
    broken = tmp_path / "broken.yaml"
    broken.write_text("chain: [\n", encoding="utf-8")
    with pytest.raises(SideError) as raised:
        deliverychain.diff(drafts["base"], broken)
    assert raised.value.side == "new" and isinstance(raised.value, deliverychain.ChainError)
    assert "the new side" in str(raised.value) and raised.value.problems
