"""A test that never ends fails, quickly, rather than hanging CI (pyproject's `timeout`).

Two mutants of the analysers once turned a breadth-first search into a loop that never
ends (a queue that refills itself); only a timeout caught them. This shows that
pytest-timeout turns such a loop into a failure naming the test, and that the suite's
configuration sets a limit at all.
"""

from __future__ import annotations

import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A search that puts back every actor it takes, as a mutated 'not yet seen' test does:
# the shape of those mutants, in memory that stays bounded.
NEVER_ENDS = '''
def test_a_search_that_never_ends():
    queue, seen = [0], set()
    while queue:
        u = queue.pop()
        seen.add(u)
        if u in seen:  # a mutant of 'if u not in seen'
            queue.append(u)
'''


def test_a_loop_that_never_ends_fails_with_a_timeout(tmp_path: Path) -> None:
    test_file = tmp_path / "test_loop.py"
    test_file.write_text(NEVER_ENDS, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\ntimeout = 2\n", encoding="utf-8")
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "pytest", str(test_file), "-p", "no:cacheprovider"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    seconds = time.monotonic() - started
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Timeout" in run.stdout
    assert "1 failed" in run.stdout
    assert "test_a_search_that_never_ends" in run.stdout
    assert seconds < 60  # the limit is 2 s; the rest is starting Python on a busy machine


def test_the_suite_has_a_time_limit_for_every_test() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    limit = config["tool"]["pytest"]["ini_options"]["timeout"]
    assert 0 < limit <= 300
    # Under mutation testing a mutant that loops is cut off sooner still.
    assert "timeout=30" in config["tool"]["mutmut"]["pytest_add_cli_args"]
