"""The documentation is a product: generated pages are current, examples run, links resolve.

Every check here is also a command a writer can run (see each test), so a failure says
exactly what to do.
"""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import deliverychain
from tests.conftest import ROOT

DOCS = ROOT / "docs"
sys.path.insert(0, str(ROOT / "scripts"))

import build_examples  # noqa: E402
import doc_sessions  # noqa: E402
import gen_docs  # noqa: E402


def fenced(page: Path, language: str) -> list[str]:
    return [body for lang, body in doc_sessions.FENCE.findall(page.read_text(encoding="utf-8")) if lang == language]


# --- generated pages --------------------------------------------------------------------


def test_generated_reference_is_current():
    """If this fails: python scripts/gen_docs.py, then commit docs/reference and docs/chain.schema.json."""
    import difflib

    for path, text in gen_docs.generate().items():
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        diff = "\n".join(difflib.unified_diff(current.splitlines(), text.splitlines(), "committed", "code",
                                              lineterm="", n=1))
        assert current == text, f"{path.relative_to(ROOT)} is stale; run python scripts/gen_docs.py\n{diff[:3000]}"


def test_example_pages_are_current():
    """If this fails: python scripts/build_examples.py, then commit docs/examples."""
    assert build_examples.main(["--check"]) == 0


def test_gen_docs_check_fails_on_a_stale_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(gen_docs, "ROOT", tmp_path)
    monkeypatch.setattr(gen_docs, "PAGES", {"docs/x.md": lambda: "new\n"})
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "x.md").write_text("old\n")
    assert gen_docs.main(["--check"]) == 1
    assert (tmp_path / "docs" / "x.md").read_text() == "old\n"  # --check never writes
    assert gen_docs.main([]) == 0
    assert (tmp_path / "docs" / "x.md").read_text() == "new\n"
    assert gen_docs.main(["--check"]) == 0


def test_format_reference_covers_every_field_and_term():
    from deliverychain import model, vocab

    page = (DOCS / "reference" / "format.md").read_text(encoding="utf-8")
    for _, model_name, _ in gen_docs.BLOCKS:
        for name, field in getattr(model, model_name).model_fields.items():
            assert f"| `{field.alias or name}` |" in page, f"{model_name}.{name}"
    for meanings in vocab.MEANINGS.values():
        for term, meaning in meanings.items():
            assert f"| `{term}` | {meaning} |" in page


def test_rule_reference_has_every_rule_with_its_sections():
    from deliverychain.rules.registry import all_rules

    page = (DOCS / "reference" / "rules.md").read_text(encoding="utf-8")
    for rule in all_rules():
        section = page.split(f"\n### {rule.id}\n", 1)[1].split("\n### ", 1)[0]
        assert f"**`{rule.name}`**" in section
        for heading in ("**What it checks.**", "**Why it matters.**", "**Failing example.**", "**How to fix.**"):
            assert heading in section, (rule.id, heading)
        if rule.nao_question:
            assert f"**NAO question {rule.nao_question}.**" in section


def test_cli_reference_has_every_command():
    from deliverychain.cli import COMMANDS

    page = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"## chain {name}\n" in page
        assert f"Usage: chain {name} " in page


def test_published_schema_is_the_schema_of_the_code():
    from deliverychain.schema import chain_schema_json

    assert (DOCS / "chain.schema.json").read_text(encoding="utf-8") == chain_schema_json()


# --- hand-written pages -----------------------------------------------------------------


def test_tutorial_session_runs_as_written():
    """If this fails: python scripts/doc_sessions.py docs/tutorial.md shows the difference."""
    problems = doc_sessions.run_page(DOCS / "tutorial.md")
    assert not problems, "\n\n".join(problems)


def test_tutorial_covers_init_validate_audit_render():
    commands = [c.line.split()[1] for block in fenced(DOCS / "tutorial.md", "console")
                for c in doc_sessions.commands(block)]
    assert {"init", "validate", "audit", "render"} <= set(commands)


def test_python_api_examples_run(monkeypatch: pytest.MonkeyPatch):
    """The ```pycon blocks of docs/python-api.md, run as one doctest from the repository root."""
    monkeypatch.chdir(ROOT)
    text = "\n".join(fenced(DOCS / "python-api.md", "pycon"))
    assert text.count(">>>") >= 10
    test = doctest.DocTestParser().get_doctest(text, {}, "python-api.md", str(DOCS / "python-api.md"), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)


def test_complete_examples_in_the_format_guide_validate():
    examples = [body for body in fenced(DOCS / "format.md", "yaml") if body.startswith("chain:")]
    assert examples
    for body in examples:
        chain = deliverychain.loads(body)
        assert chain.links


def test_rule_ids_in_documentation_examples_exist():
    from deliverychain.rules.registry import rule_by_id

    pages = [*DOCS.glob("*.md"), ROOT / "deliverychain" / "templates" / "chain.yaml"]
    named = {(page.name, rule) for page in pages
             for rule in re.findall(r"rule: (DC\d{3})", page.read_text(encoding="utf-8"))}
    assert len(named) >= 3
    for page, rule in named:
        assert rule_by_id(rule) is not None, (page, rule)


def test_method_page_quotes_the_same_twelve_questions_as_the_rule_reference():
    page = (DOCS / "method.md").read_text(encoding="utf-8")
    for number, question in gen_docs.NAO_QUESTIONS.items():
        assert f"| {number} | {question} |" in page


def test_examples_page_lists_every_example_chain():
    page = (DOCS / "examples.md").read_text(encoding="utf-8")
    for chain in build_examples.chain_files():
        assert f"(examples/{chain.stem}.md)" in page, chain.name


def test_pre_commit_hooks_run_real_commands_and_are_documented():
    from deliverychain.cli import COMMANDS

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    ci = (DOCS / "ci.md").read_text(encoding="utf-8")
    assert [h["id"] for h in hooks] == ["chain-validate", "chain-audit"]
    for hook in hooks:
        program, command = hook["entry"].split()
        assert program == "chain" and command in COMMANDS
        assert f"`{hook['id']}`" in ci
        pattern = re.compile(hook["files"])
        assert pattern.search("chains/cancer.yaml") and pattern.search("plans/kent.chain.yaml")
        assert not pattern.search(".github/workflows/ci.yaml")


def test_ci_page_workflow_is_valid_yaml_with_the_sarif_upload():
    workflows = [yaml.safe_load(body) for body in fenced(DOCS / "ci.md", "yaml") if body.startswith("name:")]
    (workflow,) = workflows
    steps = workflow["jobs"]["audit"]["steps"]
    runs = " ".join(step.get("run", "") for step in steps)
    assert "--format sarif -o results.sarif" in runs and "--format github" in runs
    assert any(step.get("uses", "").startswith("github/codeql-action/upload-sarif") for step in steps)


def test_site_builds_with_no_broken_links(tmp_path: Path):
    """mkdocs build --strict: a broken link or anchor, or a page missing from the nav, fails."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "reference" / "rules" / "index.html").exists()
    assert (tmp_path / "site" / "chain.schema.json").exists()
