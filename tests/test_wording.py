"""Numbers read as English in every output: never 'There are 1 error', '1 links' or '1 info'.

Every command and format is run on chains that produce exactly one of things (one error,
one warning, one info finding, one accepted finding, one link, one source, one problem)
as well as on the real example chains, and everything printed is scanned.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from deliverychain.cli import main
from deliverychain.rules import registry
from tests.test_audit_cli import ERROR, INFO, WARNING
from tests.test_reports import FIXTURES, ROOT, TEST_RULES

NOUNS = ("errors", "warnings", "findings", "actors", "links", "rules", "problems", "files", "sources",
         "places", "routes", "reasons", "assessments", "entries")
#: '1 links', '1 practice actors', 'There are 1 error', and the bare uncountable '1 info'.
WRONG = re.compile(
    rf"(?<![\d.,])1 (?!(?:with|of|in|at|for)\b)(?:[a-z-]+ )?(?:{'|'.join(NOUNS)})\b"
    r"|\bthere (?:are|were) 1\b"
    r"|(?<![\d.,])\d+ info(?! finding)\b",
    re.IGNORECASE,
)

ONE_LINK = """\
chain: {id: one, title: One of each, intent: I, owner: a}
sources:
  - {id: s, title: A source}
actors:
  - {id: a, name: A, tier: government, kind: department}
  - {id: b, name: B, tier: public, kind: patients}
links:
  - {from: a, to: b, kind: support, strength: strong, evidence: [s]}
"""
ONE_PROBLEM = "chain: {id: x, title: T, intent: I, owner: a}\nactors:\n  - {id: a, name: A, tier: nowhere, kind: k}\n"
ACCEPTED = ERROR + ("ignore:\n  - rule: DC191\n    subject: \"*\"\n"
                    "    reason: The support link is being rebuilt this quarter.\n")


def wrong_numbers(text: str) -> list[str]:
    return [line for line in text.splitlines() if WRONG.search(line)]


def test_the_check_itself_catches_what_it_must():
    for bad in ("There are 1 error", "1 links", "with 1 practice actors", "and 5 info.", "1 info, 0 accepted"):
        assert wrong_numbers(bad), bad
    for good in ("1 link", "2 links", "1 of 2 practice actors", "1 info finding", "10,761 actors", "DC201 links",
                 "1 with findings"):
        assert not wrong_numbers(good), good


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1, 2), result.output
    return result.stdout + result.stderr


AUDIT_VARIANTS = ([], ["--summary"], ["--show-accepted"], ["--min-severity", "warning"],
                  ["--format", "markdown"], ["--format", "github"], ["--format", "sarif"])


@pytest.mark.parametrize("chain", [ERROR, WARNING, INFO, ACCEPTED, ONE_LINK, ONE_PROBLEM],
                         ids=["error", "warning", "info", "accepted", "one-link", "one-problem"])
def test_one_of_everything_in_every_output(chain, tmp_path, monkeypatch):
    monkeypatch.setattr(registry, "analyser_rules", lambda: TEST_RULES)
    path = tmp_path / "plan.yaml"
    path.write_text(chain, encoding="utf-8")
    printed = [invoke("validate", str(path)), invoke("render", str(path), "--format", "dot")]
    printed += [invoke("audit", str(path), *variant) for variant in AUDIT_VARIANTS]
    printed.append(invoke("audit", str(path), "-o", str(tmp_path / "audit.md")))
    printed.append(invoke("audit", str(path), str(tmp_path / "missing.yaml")))
    for text in printed:
        assert not wrong_numbers(text), "\n".join(wrong_numbers(text))


@pytest.mark.parametrize("chain", [*sorted(p.name for p in (ROOT / "chains").glob("*.yaml")), "small", "init"])
def test_real_chains_in_every_output(chain, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    if chain == "init":
        printed = [invoke("init", "plan.yaml")]
        path = Path("plan.yaml")
    else:
        printed = []
        path = FIXTURES.resolve().parent.parent.parent / (
            "tests/fixtures/audit/small.yaml" if chain == "small" else f"chains/{chain}")
    printed += [invoke("audit", str(path), "--fail-on", "never", *variant) for variant in AUDIT_VARIANTS]
    printed.append(invoke("validate", str(path)))
    for text in printed:
        assert not wrong_numbers(text), "\n".join(wrong_numbers(text))


def test_rules_and_explain_read_as_english():
    printed = invoke("rules") + invoke("rules", "--format", "markdown")
    assert not wrong_numbers(printed), "\n".join(wrong_numbers(printed))


def test_names_beyond_the_first_three_are_counted_unless_a_limit_is_given():
    from deliverychain.rules.wording import join_names

    names = ["A", "B", "C", "D"]
    assert join_names(names) == "A, B, C and 1 more"
    assert join_names(names, limit=4) == "A, B, C and D"
    assert join_names(names[:3]) == "A, B and C"


def test_a_share_of_a_total_reads_as_english_for_every_noun():
    from deliverychain.rules.wording import of_total

    assert of_total(0, 1, "practice actor") == "0 of 1 practice actor"
    assert of_total(3, 5, "practice actor") == "3 of 5 practice actors"
    assert of_total(3, 5, "beneficiary") == "3 of 5 beneficiaries"
    assert of_total(2, 2, "beneficiary") == "both beneficiaries"
    assert of_total(1, 1, "beneficiary") == "the one beneficiary"
