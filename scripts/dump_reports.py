#!/usr/bin/env python3
"""Write every report the project makes of its example chains to one folder, to diff.

    python scripts/dump_reports.py build/dump/before
    ... change the code ...
    python scripts/dump_reports.py build/dump/after
    diff -r build/dump/before build/dump/after      # nothing: every report byte-identical

A refactoring that must not change any output (moving rules into modules of their own,
the load stage into a package) is checked with this. Everything runs through the `chain`
command line (click's test runner, in one process), so the files are what users get:

- `chain audit` in every format (json, sarif, text, markdown, github), with its exit code,
  of every chain in chains/, of the tests' fixture chains (tests/fixtures/audit, hostile,
  golden), of every case chain of the rule fixtures (tests/fixtures/rules/DCnnn.yaml), and
  of the national chain built by benchmarks/national_chain.py;
- `chain validate --format json` of the same files;
- `chain render --format dot` and `--format mmd` of the example and fixture chains;
- `chain rules --format json`, `--format markdown`, and `chain explain` of every rule.

Generated inputs (the national chain, the rule cases) are written once to
build/dump-inputs/ and reused, so that both runs read the same bytes.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INPUTS = Path("build/dump-inputs")
AUDIT_FORMATS = {"json": "json", "sarif": "sarif", "text": "txt", "markdown": "md", "github": "github.txt"}


def _invoke(args: list[str]) -> tuple[str, int]:
    """stdout and stderr of one `chain` command, and its exit code."""
    from click.testing import CliRunner

    from deliverychain.cli import main

    result = CliRunner().invoke(main, args, catch_exceptions=False)
    return result.output, result.exit_code


def _write(folder: Path, name: str, text: str, code: int) -> None:
    (folder / name).write_text(f"{text}\n[exit {code}]\n", encoding="utf-8")


def _rule_cases() -> list[Path]:
    """Each case chain of the rule fixtures, as a file of its own."""
    import yaml

    folder = INPUTS / "rule-cases"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for spec_path in sorted((ROOT / "tests" / "fixtures" / "rules").glob("DC*.yaml")):
        spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        for number, case in enumerate(spec["cases"], start=1):
            path = folder / f"{spec_path.stem}-{number:02}.yaml"
            if not path.exists() or path.read_text(encoding="utf-8") != case["chain"]:
                path.write_text(case["chain"], encoding="utf-8")
            written.append(path)
            if case["expect"]:
                folded = folder / f"{spec_path.stem}-{number:02}-x{_COPIES}.yaml"
                text = _copied(case["chain"])
                if not folded.exists() or folded.read_text(encoding="utf-8") != text:
                    folded.write_text(text, encoding="utf-8")
                written.append(folded)
    return written


#: Copies of a failing case in one chain: more than analysis/folding.FOLD_AT, so that its findings fold.
_COPIES = 7


def _copied(text: str) -> str:
    """The case's chain with everything but its owner repeated, ids suffixed: places alike, to fold."""
    import yaml

    data = yaml.safe_load(text)
    owner = data["chain"]["owner"]

    def renamed(actor_id: str, k: int) -> str:
        return actor_id if actor_id == owner else f"{actor_id}-{k}"

    actors = [a for a in data["actors"] if a["id"] == owner]
    links = []
    for k in range(1, _COPIES + 1):
        actors += [{**a, "id": renamed(a["id"], k), "name": f"{a['name']} {k}"} for a in data["actors"]
                   if a["id"] != owner]
        links += [{**link, "from": renamed(link["from"], k), "to": renamed(link["to"], k)}
                  for link in data.get("links", []) if "id" not in link]
    copy = {key: value for key, value in data.items() if key not in ("ignore", "views")}
    copy.update(actors=actors, links=links)
    return yaml.safe_dump(copy, sort_keys=False, allow_unicode=True)


def _national() -> list[Path]:
    """The national chain, and the same with a comment that sends it to the exact YAML reader."""
    path = INPUTS / "national.yaml"
    if not path.exists():
        subprocess.run([sys.executable, "benchmarks/national_chain.py", "-o", str(path)], check=True,
                       stdout=subprocess.DEVNULL)
    exact = INPUTS / "national-exact.yaml"
    if not exact.exists():
        exact.write_bytes(b"# planning guidance 2023_24\n" + path.read_bytes())
    return [path, exact]


#: Broken and awkward variations of tests/fixtures/hostile/small.yaml: (name, old text, new text).
_VARIANTS = (
    ("syntax", "links:\n", "links:\n  - [unclosed\n"),
    ("duplicate-key", "kind: national-body\n", "kind: national-body\n    kind: nhse\n"),
    ("unknown-key", "kind: national-body\n", "kind: national-body\n    strenght: weak\n"),
    ("unknown-reference", "{from: nhse,", "{from: nhsee,"),
    ("unknown-term", "strength: adequate}", "strength: medium}"),
    ("tag", "kind: national-body\n", "kind: !!python/object national-body\n"),
    ("tab", "kind: national-body\n", "kind: national-body\n\tname: x\n"),
    ("deep", "links:\n", "deep: " + "[" * 70 + "]" * 70 + "\nlinks:\n"),
    ("second-document", "links:\n", "---\nlinks:\n"),
    ("underscore-number", "kind: national-body\n", "kind: national-body\n    note: 2023_24\n"),
    ("block-scalar", "kind: national-body\n", "kind: national-body\n    note: |\n      two\n      lines\n"),
    ("crlf", "\n", "\r\n"),
    ("control-character", "kind: national-body\n", "kind: national\x07-body\n"),
)


def _broken() -> list[Path]:
    base = (ROOT / "tests" / "fixtures" / "hostile" / "small.yaml").read_text(encoding="utf-8")
    folder = INPUTS / "variants"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, old, new in _VARIANTS:
        assert old in base, name
        path = folder / f"{name}.yaml"
        text = base.replace(old, new) if name == "crlf" else base.replace(old, new, 1)
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
    for name, data in (("empty", b""), ("utf16", "chain: x\n".encode("utf-16")), ("not-utf8", b"chain: \xff\n"),
                       ("list", b"- just\n- a list\n")):
        path = folder / f"{name}.yaml"
        path.write_bytes(data)
        written.append(path)
    json_path = folder / "small.json"
    import yaml

    json_path.write_text(json.dumps(yaml.safe_load(base), default=str, indent=1), encoding="utf-8")
    return [*written, json_path, folder / "missing.yaml"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", help="where to write the reports (created; existing files replaced)")
    args = parser.parse_args(argv)
    out = Path(args.folder).resolve()
    out.mkdir(parents=True, exist_ok=True)
    import os

    os.chdir(ROOT)  # paths in reports are relative to the repository, as in the tests
    sys.path.insert(0, str(ROOT))
    INPUTS.mkdir(parents=True, exist_ok=True)

    examples = sorted(Path("chains").glob("*.yaml"))
    fixtures = sorted([*Path("tests/fixtures/audit").glob("*.yaml"), *Path("tests/fixtures/hostile").glob("*.yaml"),
                       Path("tests/golden/render-fixture.yaml")])
    drawn = [*examples, *fixtures]
    audited = [*drawn, *_rule_cases(), *_national(), *_broken()]

    for path in audited:
        stem = str(path).replace("/", "__")
        for fmt, suffix in AUDIT_FORMATS.items():
            _write(out, f"{stem}.audit.{suffix}", *_invoke(["audit", str(path), "--format", fmt]))
        _write(out, f"{stem}.validate.json", *_invoke(["validate", str(path), "--format", "json"]))
    for path in drawn:
        stem = str(path).replace("/", "__")
        for fmt in ("dot", "mmd"):
            _write(out, f"{stem}.render.{fmt}", *_invoke(["render", str(path), "--format", fmt]))
    rules_json, code = _invoke(["rules", "--format", "json"])
    _write(out, "rules.json", rules_json, code)
    _write(out, "rules.md", *_invoke(["rules", "--format", "markdown"]))
    _write(out, "rules.txt", *_invoke(["rules"]))
    for rule in json.loads(rules_json)["rules"]:
        _write(out, f"explain.{rule['id']}.txt", *_invoke(["explain", rule["id"]]))
        _write(out, f"explain.{rule['id']}.md", *_invoke(["explain", rule["name"], "--format", "markdown"]))
    print(f"{len(list(out.iterdir()))} files in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
