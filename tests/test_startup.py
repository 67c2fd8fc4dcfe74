"""What a command imports before it works: only what it needs (start-up time follows imports).

`chain --help` and `--version` import no model, rule or YAML reader; checking `--select` and
`--ignore` patterns imports no rule; listing or explaining the rules needs no pydantic.
The times themselves are measured by benchmarks/run, not here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_IMPORTED = """
import json, sys
from click.testing import CliRunner
from deliverychain.cli import main
result = CliRunner().invoke(main, sys.argv[1:])
ours = ("deliverychain", "pydantic", "yaml")
print(json.dumps([result.exit_code, sorted(m for m in sys.modules if m.startswith(ours))]))
"""


def imported(*args: str) -> tuple[int, list[str]]:
    done = subprocess.run([sys.executable, "-c", _IMPORTED, *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    code, modules = json.loads(done.stdout.strip().splitlines()[-1])
    return code, modules


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["audit", "--help"]])
def test_help_and_version_import_only_the_command_line(args: list[str]):
    code, modules = imported(*args)
    assert code == 0
    assert not [m for m in modules if m.startswith(("pydantic", "yaml", "deliverychain.model", "deliverychain.rules",
                                                    "deliverychain.reading"))], modules


_PATTERNS = """
import json, sys
import click
from deliverychain.cli.audit_cmd import _rule_patterns
try:
    _rule_patterns(None, None, tuple(sys.argv[1:]))
    refused = False
except click.BadParameter:
    refused = True
print(json.dumps([refused, sorted(m for m in sys.modules if m.startswith("deliverychain.rules.dc"))]))
"""


def test_rule_patterns_are_checked_without_importing_a_rule():
    def check(*patterns: str) -> tuple[bool, list[str]]:
        done = subprocess.run([sys.executable, "-c", _PATTERNS, *patterns], capture_output=True, text=True,
                              cwd=ROOT, timeout=60)
        assert done.returncode == 0, done.stderr
        refused, modules = json.loads(done.stdout.strip().splitlines()[-1])
        return refused, modules

    assert check("DC2,numbers-only-feedback", "DC9", "dc101") == (False, [])
    refused, modules = check("DC299")
    assert refused and modules  # an unknown pattern is refused, after looking among the rules themselves


@pytest.mark.parametrize("args", [["rules"], ["explain", "DC201"]])
def test_listing_and_explaining_rules_needs_no_pydantic(args: list[str]):
    code, modules = imported(*args)
    assert code == 0
    assert not [m for m in modules if m.startswith(("pydantic", "deliverychain.model"))], modules
    if args[0] == "explain":
        only = ["deliverychain.rules.dc201_numbers_only_feedback"]
        assert [m for m in modules if m.startswith("deliverychain.rules.dc")] == only
