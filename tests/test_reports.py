"""Every audit output format: snapshots, structure, determinism and injection safety.

The reports are tested with three small test rules (DC191-DC193) in place of the real
analysers, so these tests pin down the report formats whatever the analysers find;
`test_audit_cli.py` also snapshots the real analysers on a fixture chain.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import jsonschema
import pytest

import deliverychain
from deliverychain.findings import Severity
from deliverychain.pipeline import audit_files
from deliverychain.reports.github import annotation, escape_data, escape_property, render_github
from deliverychain.reports.json_report import render_json
from deliverychain.reports.markdown import escape, render_markdown
from deliverychain.reports.run import FailOn, RunReport
from deliverychain.reports.safe import dumps, visible
from deliverychain.reports.sarif import artifact_uri, message_text, render_sarif, sarif_data
from deliverychain.reports.text import render_text
from deliverychain.rules import registry
from deliverychain.rules.base import Description, Rule
from deliverychain.rules.facts.context import AuditContext

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path("tests/fixtures/audit")
SNAPSHOTS = ROOT / "tests" / "snapshots"
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


# --- three small test rules ------------------------------------------------------------
# Each yields its places (never folded: pattern None) and describes each one.

def _weak_links(ctx: AuditContext):
    return ((None, j) for j, link in enumerate(ctx.links) if link.strength in ("weak", "broken"))


def _weak_link(ctx: AuditContext, j: int) -> Description:
    link = ctx.links[j]
    u = ctx.sources[j]
    return Description(
        message=f"{ctx.link_label(j)} is {link.strength}",
        subject=link.key,
        path=ctx.link_path(j, "strength"),
        hint=f"ask {ctx.name(u)} what would make this link work",
        related=((ctx.actor_path(u), f"{ctx.name(u)} is declared here"),),
    )


def _unreached_beneficiaries(ctx: AuditContext):
    working = {"strong", "adequate"}
    for i in ctx.beneficiaries:
        if not any(ctx.links[j].strength in working for j in ctx.in_links[i]):
            yield None, i


def _unreached_beneficiary(ctx: AuditContext, i: int) -> Description:
    reached, via = ctx.reach([ctx.owner], lambda link: True)
    route = [ctx.ids[k] for k in ctx.route_to(i, via)] if reached[i] else []
    return Description(
        message=f"no working link reaches {ctx.name(i)}",
        subject=ctx.ids[i],
        path=ctx.actor_path(i),
        hint="rate the last link of the route, or add a working one",
        trace=tuple(route),
    )


def _unrated_links(ctx: AuditContext):
    return ((None, j) for j, link in enumerate(ctx.links) if link.strength == "unknown")


def _unrated_link(ctx: AuditContext, j: int) -> Description:
    link = ctx.links[j]
    return Description(f"{ctx.link_label(j)} has no strength rating", link.key, ctx.link_path(j),
                       data=(("kind", link.kind), ("carries", tuple(link.carries))))


def _test_rule(id: str, name: str, severity: Severity, check, describe) -> Rule:
    return Rule(id, name, severity, f"Test rule {name}.", "Because tests need findings.",
                "strength: weak\n", "Rate the link.", nao_question=6, family="tests", check=check,
                describe=describe)


TEST_RULES = (
    _test_rule("DC191", "test-weak-link", Severity.WARNING, _weak_links, _weak_link),
    _test_rule("DC192", "test-unreached-beneficiary", Severity.ERROR, _unreached_beneficiaries,
               _unreached_beneficiary),
    _test_rule("DC193", "test-unrated-link", Severity.INFO, _unrated_links, _unrated_link),
)


@pytest.fixture
def test_rules(monkeypatch):
    """Replace the real analysers with TEST_RULES for one test."""
    monkeypatch.setattr(registry, "analyser_rules", lambda: TEST_RULES)
    return TEST_RULES


@pytest.fixture
def in_root(monkeypatch):
    """Run from the repository root, so report paths are 'tests/fixtures/...' everywhere."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(deliverychain.version, "VERSION", "0.0.0-test")


def check_snapshot(name: str, text: str) -> None:
    """Compare with tests/snapshots/NAME byte for byte; UPDATE_SNAPSHOTS=1 rewrites it."""
    path = SNAPSHOTS / name
    data = text.encode("utf-8")
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.write_bytes(data)
        return
    assert path.exists(), f"no snapshot {path}; run UPDATE_SNAPSHOTS=1 pytest {__file__}"
    expected = path.read_bytes()
    assert data == expected, f"{name} differs from its snapshot (UPDATE_SNAPSHOTS=1 to accept the change)"


def fixture_run(fail_on: FailOn = FailOn.ERROR, *files: str) -> RunReport:
    return audit_files([str(FIXTURES / f) for f in (files or ("fake-rules.yaml",))], fail_on=fail_on)


RENDERERS = {
    "text": ("fake-rules.txt", render_text),
    "json": ("fake-rules.json", render_json),
    "markdown": ("fake-rules.md", render_markdown),
    "sarif": ("fake-rules.sarif", render_sarif),
    "github": ("fake-rules.github.txt", render_github),
}


# --- snapshots ---------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_snapshot_of_each_format(fmt, test_rules, in_root):
    name, render = RENDERERS[fmt]
    check_snapshot(name, render(fixture_run()))


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_snapshot_of_several_files_with_one_unreadable(fmt, test_rules, in_root):
    name, render = RENDERERS[fmt]
    run = audit_files([str(FIXTURES / "fake-rules.yaml"), "tests/fixtures/audit/missing.yaml"])
    stem, dot, suffix = name.partition(".")
    check_snapshot(f"{stem}-two-files{dot}{suffix}", render(run))


def test_what_the_fixture_finds(test_rules, in_root):
    """The snapshots above rest on these findings; stated here so a change is visible."""
    run = fixture_run()
    found = [(f.rule_id, f.subject, f.location.line, f.suppressed is not None) for f in run.findings]
    assert found == [
        ("DC192", "patients", 36, False),
        ("DC191", "nhse->icb:performance-management", 52, False),
        ("DC191", "practice->nurse:mandate", 64, True),
        ("DC193", "nurse->patients:support", 65, False),
        ("DC901", "ignore:DC191:icb->practice", 79, False),
        ("DC902", "ignore:DC1911:nhse", 82, False),
    ]
    assert run.exit_code == 1


# --- text --------------------------------------------------------------------------------

def test_text_groups_by_severity_and_explains_in_plain_words(test_rules, in_root):
    text = render_text(fixture_run())
    assert text.index("Errors (1)") < text.index("Warnings (3)") < text.index("Info (1)")
    assert "tests/fixtures/audit/fake-rules.yaml:52:15: warning[DC191 test-weak-link] " \
           "NHS England -> Integrated care board (performance-management) is weak" in text
    assert "  > 52 |     strength: weak" in text  # the code frame
    assert ("route: Department of Health and Social Care -> NHS England -> Integrated care board -> "
            "GP practice -> Practice nurse -> People with symptoms") in text
    assert "hint: did you mean 'DC191'?" in text
    assert ("Accepted in the chain's ignore list: 1 finding of DC191; `--show-accepted` lists it with its "
            "reason.") in text
    assert "    accepted: " not in text  # accepted findings are listed on request only
    assert "Checked 5 rules: 0 passed, 5 with findings (DC191, DC192, DC193, DC901, DC902)." in text
    assert "Found 1 error, 3 warnings and 1 info finding; 1 finding accepted." in text
    assert text.endswith("Result: FAIL: 1 error needs attention (--fail-on error).\n")
    assert "\x1b[" not in text


def test_text_colour_only_when_asked(test_rules, in_root):
    coloured = render_text(fixture_run(), colour=True)
    assert "\x1b[31m" in coloured  # errors in red
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == render_text(fixture_run())


def test_text_pass_line_mentions_what_is_left(test_rules, in_root):
    text = render_text(fixture_run(FailOn.NEVER))
    assert text.endswith("Result: PASS (--fail-on never); still worth reading: 1 error, 3 warnings and "
                         "1 info finding.\n")


# --- JSON --------------------------------------------------------------------------------

def test_json_report_fields(test_rules, in_root):
    report = json.loads(render_json(fixture_run()))
    assert report["version"] == 1
    assert (report["result"], report["exit_code"], report["fail_on"]) == ("fail", 1, "error")
    assert report["summary"]["findings"] == {"error": 1, "warning": 3, "info": 1, "total": 5}
    assert report["summary"]["suppressed"] == 1
    (file,) = report["files"]
    assert file["rules"]["failed"] == ["DC191", "DC192", "DC193", "DC901", "DC902"]
    (accepted,) = file["suppressed"]
    assert accepted["suppressed"].startswith("The practice is being merged")
    assert file["unused_ignores"] == [{
        "entry": 2, "rule": "DC191", "subject": "icb->practice", "reason": "Was weak last year.",
        "file": "tests/fixtures/audit/fake-rules.yaml", "line": 79, "column": 5,
        "end_line": file["unused_ignores"][0]["end_line"], "end_column": file["unused_ignores"][0]["end_column"],
    }]
    unrated = next(f for f in file["findings"] if f["rule"] == "DC193")
    assert unrated["data"] == {"carries": ["practice-change"], "kind": "support"}
    assert [r["id"] for r in report["rules"]] == ["DC191", "DC192", "DC193", "DC901", "DC902"]


def test_fingerprints_survive_edits_that_move_lines(test_rules, tmp_path, in_root):
    original = (FIXTURES / "fake-rules.yaml").read_text(encoding="utf-8")
    moved = tmp_path / "moved.yaml"
    moved.write_text("# a new comment\n# and another\n" + original, encoding="utf-8")
    before = {f.fingerprint: f.location.line for f in fixture_run().findings}
    after = {f.fingerprint: f.location.line for f in audit_files([str(moved)]).findings}
    assert before.keys() == after.keys()
    assert all(after[key] == line + 2 for key, line in before.items())


def test_json_escapes_hidden_characters_and_round_trips():
    data = {"name": "NHS \u202eEngland\u202c", "tag": "x\U000e0001", "emoji": "👩‍⚕️", "quote": 'a "b" \\ c'}
    text = dumps(data)
    assert "\u202e" not in text and "\\u202e" in text and "\\udb40\\udc01" in text
    assert "👩" in text  # ordinary text stays readable
    assert json.loads(text) == data


# --- Markdown ----------------------------------------------------------------------------

NASTY = 'A | B\nC <script>alert("x")</script> [link](javascript:x) *bold* `code` \\ \u202eevil'


def _table_cells(row: str) -> list[str]:
    """Split a Markdown table row on unescaped pipes, as GitHub does."""
    return re.split(r"(?<!\\)\|", row.strip())[1:-1]


def test_markdown_escape_keeps_text_literal():
    escaped = escape(NASTY)
    assert "\n" not in escaped
    assert "<script>" not in escaped and "&lt;script>" in escaped
    assert "\\|" in escaped and "\\[link\\]" in escaped and "\\*bold\\*" in escaped and "\\`code\\`" in escaped
    assert "\u202e" not in escaped and "&lt;U+202E>" in escaped
    assert len(_table_cells(f"| {escaped} | x |")) == 2


def test_markdown_report_is_a_board_table(test_rules, in_root):
    text = render_markdown(fixture_run())
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    findings_header = "| Severity | Rule | What is wrong | Where | What to do |"
    assert findings_header in rows
    assert all(len(_table_cells(row)) in (4, 5) for row in rows)
    assert "| Error | DC192 test-unreached-beneficiary | no working link reaches People with symptoms |" in text
    assert "## Accepted findings" in text and "The practice is being merged" in text
    assert text.startswith("# Delivery chain audit: Faster diagnosis in one system\n\n"
                           "**1 error needs attention** (at or above the fail level, error).\n")
    assert "Result" not in text and "FAIL" not in text


# --- nasty names through every format ---------------------------------------------------

NASTY_CHAIN = """\
chain:
  id: nasty
  title: 'Title | with <b>html</b>'
  intent: Test
  owner: a
actors:
  - id: a
    name: {name}
    tier: government
    kind: department
  - id: b
    name: Plain
    tier: public
    kind: patients
links:
  - from: a
    to: b
    kind: support
    strength: weak
"""


@pytest.fixture
def nasty_run(test_rules, tmp_path, monkeypatch) -> RunReport:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "nasty chain, 100%.yaml"
    path.write_text(NASTY_CHAIN.format(name=json.dumps(NASTY)), encoding="utf-8")
    run = audit_files([path.name])
    assert any(NASTY in f.message for f in run.findings), "the nasty name must reach a message"
    return run


def test_nasty_names_in_markdown(nasty_run):
    text = render_markdown(nasty_run)
    assert "<script>" not in text and "<b>" not in text and "\u202e" not in text
    for row in (line for line in text.splitlines() if line.startswith("| ")):
        assert len(_table_cells(row)) in (4, 5), row


def test_nasty_names_in_json(nasty_run):
    text = render_json(nasty_run)
    assert "\u202e" not in text
    report = json.loads(text)
    assert any(NASTY in f["message"] for f in report["files"][0]["findings"])


def test_nasty_names_in_github_annotations(nasty_run):
    lines = render_github(nasty_run).splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == len(nasty_run.active)
    assert all("\u202e" not in line and "\r" not in line for line in lines)
    weak = next(line for line in commands if "DC191" in line)
    assert weak.startswith("::warning file=nasty chain%2C 100%25.yaml,line=19,col=15,")
    assert "A | B%0AC <script>" in weak


def test_nasty_names_in_sarif(nasty_run):
    data = sarif_data(nasty_run)
    _validate_sarif(data)
    result = next(r for r in data["runs"][0]["results"] if r["ruleId"] == "DC191")
    assert "\\[link\\]" in result["message"]["text"] and "<U+202E>" in result["message"]["text"]
    assert data["runs"][0]["artifacts"][0]["location"]["uri"] == "nasty%20chain%2C%20100%25.yaml"


def test_nasty_names_in_text(nasty_run):
    text = render_text(nasty_run)
    assert "\u202e" not in text and "<U+202E>" in text


# --- SARIF -------------------------------------------------------------------------------

def _validate_sarif(data: dict) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    jsonschema.Draft4Validator.check_schema(schema)
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(data), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def test_sarif_validates_against_the_official_schema(test_rules, in_root):
    _validate_sarif(sarif_data(fixture_run()))
    _validate_sarif(sarif_data(audit_files(["tests/fixtures/audit/missing.yaml"])))


def test_sarif_content(test_rules, in_root):
    (run,) = sarif_data(fixture_run())["runs"]
    driver = run["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == ["DC191", "DC192", "DC193", "DC901", "DC902"]
    help_markdown = driver["rules"][0]["help"]["markdown"]
    assert help_markdown.startswith(
        "## DC191 test-weak-link (warning, tests)\n\nSince deliverychain 0.1.0.\n\n### What it checks\n")
    assert "### Why it matters" in help_markdown and "Question 6: Do agencies communicate" in help_markdown
    assert run["artifacts"] == [{"location": {"uri": "tests/fixtures/audit/fake-rules.yaml", "uriBaseId": "%SRCROOT%"}}]
    results = {(r["ruleId"], r["properties"]["subject"]): r for r in run["results"]}
    accepted = results["DC191", "practice->nurse:mandate"]
    assert accepted["suppressions"] == [{"kind": "inSource", "status": "accepted", "justification":
                                         "The practice is being merged; the board accepted this until April."}]
    weak = results["DC191", "nhse->icb:performance-management"]
    assert weak["level"] == "warning" and weak["ruleIndex"] == 0
    assert weak["partialFingerprints"]["deliverychain/v1"] == fixture_run().findings[1].fingerprint
    assert weak["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 52, "startColumn": 15, "endLine": 52, "endColumn": 19}
    assert weak["relatedLocations"][0]["message"]["text"] == "NHS England is declared here"
    assert results["DC193", "nurse->patients:support"]["level"] == "note"
    assert run["invocations"] == [{"executionSuccessful": True, "exitCode": 1}]


def test_sarif_uris(tmp_path):
    assert artifact_uri("chains/a b.yaml", str(tmp_path)) == ("chains/a%20b.yaml", True)
    assert artifact_uri(str(tmp_path / "x" / "é.yaml"), str(tmp_path)) == ("x/%C3%A9.yaml", True)
    outside, relative = artifact_uri("/elsewhere/c.yaml", str(tmp_path))
    assert (outside, relative) == ("file:///elsewhere/c.yaml", False)


def test_sarif_message_brackets_cannot_form_links():
    assert message_text("see [here](1) \\ ok") == "see \\[here\\](1) \\\\ ok"
    assert message_text("plain \\ text") == "plain \\ text"


# --- GitHub ------------------------------------------------------------------------------

def test_github_escaping_rules():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_github_annotation_shape(test_rules, in_root):
    run = fixture_run()
    weak = next(f for f in run.active if f.rule_id == "DC191")
    assert annotation(weak) == (
        "::warning file=tests/fixtures/audit/fake-rules.yaml,line=52,col=15,endColumn=19,"
        "title=DC191 test-weak-link::NHS England -> Integrated care board (performance-management) is weak"
        "%0AHint: ask NHS England what would make this link work"
    )
    lines = render_github(run).splitlines()
    assert lines[0].startswith("::error ") and "title=DC192 test-unreached-beneficiary" in lines[0]
    assert not any("practice->nurse" in line and "DC191" in line for line in lines)  # accepted: not annotated
    assert lines[-1] == ("deliverychain: 1 file, 1 error, 3 warnings, 1 info finding, 1 accepted; "
                         "fail level error; exit code 1")


# --- helpers -------------------------------------------------------------------------------

def test_visible_shows_hidden_characters():
    assert visible("a\u202eb\x1b[31m\u200bc") == "a<U+202E>b<U+001B>[31m<U+200B>c"
    assert visible("two\nlines\tand tab") == "two lines and tab"
    # A joiner shapes Persian script (mi-khaham, "I want") and is kept there; between Latin
    # letters it does nothing visible, so it is shown.
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    assert visible(persian) == persian
    assert visible("Persian\u200cjoiner") == "Persian<U+200C>joiner"


def test_reports_are_identical_on_every_run(test_rules, in_root):
    for _, render in RENDERERS.values():
        assert render(fixture_run()) == render(fixture_run())


def test_every_json_field_is_documented(test_rules, in_root):
    """docs/reference/json-report.md names every field the report has."""
    doc = (ROOT / "docs" / "reference" / "json-report.md").read_text(encoding="utf-8")
    report = json.loads(render_json(fixture_run()))

    def keys(value, inside_data=False):
        if isinstance(value, dict):
            for key, child in value.items():
                if not inside_data:
                    yield key
                yield from keys(child, inside_data or key == "data")
        elif isinstance(value, list):
            for child in value:
                yield from keys(child, inside_data)

    missing = sorted({key for key in keys(report) if f"`{key}`" not in doc})
    assert not missing, f"not described in json-report.md: {missing}"


def test_vendored_sarif_schema_is_the_official_one():
    # The hash of the file as OASIS publishes it, recorded in tests/data/SOURCES.md.
    sources = (SARIF_SCHEMA.parent / "SOURCES.md").read_text(encoding="utf-8")
    recorded = re.search(r"SHA-256 as published is\s+`([0-9a-f]{64})`", sources)
    assert recorded is not None
    assert hashlib.sha256(SARIF_SCHEMA.read_bytes()).hexdigest() == recorded.group(1)


def test_findings_are_numbered_most_severe_first_then_in_file_order():
    from deliverychain.findings import Finding, Location, Severity, numbered

    def finding(severity: Severity, line: int, suppressed: str | None = None) -> Finding:
        return Finding("DC101", "x", severity, "m", f"s{line}", Location("f.yaml", line, 1), suppressed=suppressed)

    found = [finding(Severity.WARNING, 3), finding(Severity.ERROR, 9), finding(Severity.INFO, 1),
             finding(Severity.ERROR, 2), finding(Severity.ERROR, 5, suppressed="accepted")]
    assert [(n, f.location.line) for n, f in numbered(found)] == [(1, 2), (2, 9), (3, 3)]
    assert [f.location.line for _, f in numbered(found, Severity.INFO)] == [2, 9, 3, 1]


# --- less noise: folding, --min-severity, --summary, --show-accepted ----------------------------

def small_run(fail_on: FailOn = FailOn.NEVER, min_severity: Severity = Severity.INFO) -> RunReport:
    """The real analysers on tests/fixtures/audit/small.yaml: 3 errors, 6 warnings, 7 DC306 info, 2 accepted."""
    return audit_files([str(FIXTURES / "small.yaml")], fail_on=fail_on, min_severity=min_severity)


def test_repeated_info_findings_fold_into_one_block_with_every_place_on_a_line(in_root):
    text = render_text(small_run())
    assert text.count("info[DC306 unevidenced-rating]") == 1  # the first in full, once
    assert text.count("hint: cite what the rating rests on") == 1
    assert ("tests/fixtures/audit/small.yaml:64:15: info[DC306 unevidenced-rating] NHS England -> NHS England "
            "region (mandate) is rated strong with no evidence\n") in text
    folded = text.split("    6 more like this one (DC306 unevidenced-rating):\n", 1)[1].split("\n\n", 1)[0]
    assert folded.splitlines() == [
        "      tests/fixtures/audit/small.yaml:76:15: Integrated care board -> Acute trust (commissioning) is "
        "rated adequate with no evidence",
        "      tests/fixtures/audit/small.yaml:81:15: Integrated care board -> GP practice (funding) is rated "
        "adequate with no evidence",
        "      tests/fixtures/audit/small.yaml:86:15: GP practice -> GP (mandate) is rated adequate with no evidence",
        "      tests/fixtures/audit/small.yaml:101:15: NHS England region -> NHS England (reporting) is rated "
        "strong with no evidence",
        "      tests/fixtures/audit/small.yaml:106:15: GP -> People with symptoms (support) is rated adequate "
        "with no evidence",
        "      tests/fixtures/audit/small.yaml:111:15: People with symptoms -> GP practice (voice) is rated weak "
        "with no evidence",
    ]
    assert "Info (7)" in text  # the heading still counts every finding


def test_a_long_fold_lists_the_first_places_and_says_where_the_rest_are(in_root, monkeypatch):
    import deliverychain.reports.text as text_report

    monkeypatch.setattr(text_report, "FOLDED_LINES", 2)
    text = render_text(small_run())
    assert "      tests/fixtures/audit/small.yaml:81:15: Integrated care board -> GP practice" in text
    assert "small.yaml:86:15" not in text
    assert "      and 4 more: `--format json` or `--format markdown` lists every finding\n" in text


def test_only_info_findings_fold_and_only_past_the_threshold(test_rules, tmp_path, in_root):
    from deliverychain.reports.text import FOLD_AT

    links = "".join(f"  - {{from: a, to: b{i}, kind: support, strength: weak}}\n"
                    f"  - {{from: b{i}, to: c, kind: support}}\n" for i in range(FOLD_AT + 2))
    actors = "".join(f"  - {{id: b{i}, name: B{i}, tier: system, kind: icb}}\n" for i in range(FOLD_AT + 2))
    path = tmp_path / "many.yaml"
    path.write_text("chain: {id: m, title: Many, intent: I, owner: a}\nactors:\n"
                    "  - {id: a, name: A, tier: government, kind: department}\n" + actors +
                    "  - {id: c, name: C, tier: public, kind: patients, roles: [beneficiary]}\n"
                    "links:\n" + links, encoding="utf-8")
    text = render_text(audit_files([str(path)], fail_on=FailOn.NEVER))
    assert text.count("warning[DC191 test-weak-link]") == FOLD_AT + 2  # warnings: each in full
    assert text.count("info[DC193 test-unrated-link]") == 1  # FOLD_AT + 2 info findings: folded
    assert f"    {FOLD_AT + 1} more like this one (DC193 test-unrated-link):" in text


def test_min_severity_lists_less_but_counts_and_fails_on_everything(in_root):
    run = small_run(FailOn.INFO, Severity.WARNING)
    text = render_text(run)
    assert "info[" not in text and "Info (" not in text
    assert "\n\nNot listed: 7 info findings below --min-severity warning.\n\n" in text
    assert "Found 3 errors, 6 warnings and 7 info findings; 2 findings accepted." in text
    assert text.endswith("Result: FAIL: 3 errors, 6 warnings and 7 info findings need attention (--fail-on info); "
                         "7 of them are below --min-severity warning and not listed.\n")
    assert run.exit_code == 1


def test_min_severity_in_every_other_format(in_root):
    run = small_run(FailOn.NEVER, Severity.ERROR)
    report = json.loads(render_json(run))
    assert report["min_severity"] == "error"
    (file,) = report["files"]
    assert {f["severity"] for f in file["findings"]} == {"error"} and file["suppressed"] == []  # DC306: info
    assert report["summary"]["findings"] == {"error": 3, "warning": 6, "info": 7, "total": 16}
    sarif = sarif_data(run)["runs"][0]["results"]
    assert [r["level"] for r in sarif] == ["error"] * 3
    github = render_github(run).splitlines()
    assert [line.split(" ", 1)[0] for line in github[:-1]] == ["::error"] * 3
    assert github[-1] == ("deliverychain: 1 file, 3 errors, 6 warnings, 7 info findings, 2 accepted, "
                          "13 below --min-severity error not annotated; fail level never; exit code 0")
    markdown = render_markdown(run)
    assert "| Warning |" not in markdown and "| Info |" not in markdown and "## Accepted findings" not in markdown
    assert ("Not listed here: 6 warnings and 7 info findings below the severity this report was asked to show "
            "(`--min-severity error`).") in markdown
    assert ("Not listed here: 2 info findings accepted in the chain's ignore list, below the severity this "
            "report was asked to show (`--min-severity error`).") in markdown


def test_summary_is_one_line_per_rule_most_severe_first(in_root):
    text = render_text(small_run(), summary=True)
    rows = [line for line in text.splitlines() if line.startswith("  ")]
    assert rows == [
        "  error    DC101 practice-unreached                   1 finding, at line 44",
        "  error    DC103 no-route-back                        2 findings, first at line 40",
        "  warning  DC202 numbers-only-performance-management  1 finding, at line 68",
        "  warning  DC301 weak-link-on-route                   2 findings, first at line 69",
        "  warning  DC302 directive-without-support            1 finding, at line 70",
        "  warning  DC901 unused-ignore                        1 finding, at line 117",
        "  warning  DC902 invalid-ignore-rule                  1 finding, at line 120",
        "  info     DC306 unevidenced-rating                   7 findings, first at line 64",
    ]
    assert "hint:" not in text and " | " not in text  # no frames, no hints
    assert "Found 3 errors, 6 warnings and 7 info findings; 2 findings accepted." in text


def test_a_rule_with_findings_of_two_severities_says_so_in_the_summary(in_root):
    run = small_run()
    first = next(f for f in run.findings if f.rule_id == "DC306" and f.suppressed is None)
    first.severity = Severity.WARNING  # as DC201 does for an intended gap, the other way round
    row = next(line for line in render_text(run, summary=True).splitlines() if "DC306" in line)
    assert row == "  warning  DC306 unevidenced-rating                   7 findings (1 warning and 6 info findings), " \
                  "first at line 64"


def test_accepted_findings_are_counted_by_default_and_listed_with_reasons_on_request(in_root):
    text = render_text(small_run())
    assert ("\n\nAccepted in the chain's ignore list: 2 findings of DC306; `--show-accepted` lists them with "
            "their reasons.\n\n") in text
    assert "    accepted: " not in text
    shown = render_text(small_run(), show_accepted=True)
    accepted = shown.split("Accepted in the chain's ignore list (2)\n\n", 1)[1].split("\n\nChecked", 1)[0]
    assert accepted.startswith("tests/fixtures/audit/small.yaml:91:15: info[DC306 unevidenced-rating] Acute trust "
                               "-> NHS England region (reporting) is rated strong with no evidence\n")
    assert "  > 96 |     strength: strong" in accepted  # each with its code frame
    assert accepted.count("    accepted: Data returns are rated from the submission record, not from a "
                          "published source.") == 2


def test_markdown_says_what_needs_attention_in_words(test_rules, tmp_path, in_root):
    from tests.test_audit_cli import CLEAN, ERROR, INFO, WARNING

    def verdict(chain: str, fail_on: FailOn) -> str:
        path = tmp_path / "c.yaml"
        path.write_text(chain, encoding="utf-8")
        return render_markdown(audit_files([str(path)], fail_on=fail_on)).split("\n\n")[1]

    assert verdict(ERROR, FailOn.ERROR) == "**1 error needs attention** (at or above the fail level, error)."
    assert verdict(ERROR, FailOn.WARNING) == ("**1 error and 1 warning need attention** (at or above the fail "
                                              "level, warning).")
    assert verdict(WARNING, FailOn.ERROR) == ("**Nothing at or above the fail level (error).** "
                                              "1 warning is worth reading.")
    assert verdict(INFO, FailOn.NEVER) == "**1 info finding is worth reading.**"
    assert verdict(CLEAN, FailOn.ERROR) == "**No findings.**"
    two = render_markdown(fixture_run(FailOn.ERROR, "fake-rules.yaml", "fake-rules.yaml")).split("\n\n")[1]
    assert two == "**2 errors need attention** (at or above the fail level, error)."


def test_counts_read_as_english():
    from deliverychain.findings import Finding
    from deliverychain.reports.run import counts_phrase, severity_count

    def findings(*severities: Severity) -> list[Finding]:
        return [Finding("DC1", "x", s, "m", "s", None) for s in severities]

    assert severity_count(1, Severity.INFO) == "1 info finding"
    assert severity_count(2, Severity.ERROR) == "2 errors"
    assert counts_phrase(findings(Severity.ERROR)) == "1 error"
    assert counts_phrase(findings(Severity.ERROR, Severity.INFO, Severity.INFO)) == "1 error and 2 info findings"
    assert counts_phrase(findings(Severity.WARNING), zeros=True) == "0 errors, 1 warning and 0 info findings"
    assert counts_phrase([]) == "no findings"
