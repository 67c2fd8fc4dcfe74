"""Shape fuzzing (issue 15): chains of awkward shapes answer within time and memory bounds.

Stars, long chains, dense cliques, many parallel links, many unknown references, many
duplicate ids and floods of missing fields (benchmarks/shapes.py), at sizes hypothesis
draws, sometimes two shapes in one file, go through `chain validate` and `chain audit` in
every report format. Every case must exit 0, 1 or 2 (never 3, never a traceback), within
5 s of CPU time per 10 MB of input (5 s at least), and under 512 MB plus ten times the
input's size, measured as the child process's own peak RSS (`os.wait4`).

CI runs a small fixed sample (sizes up to 1,500); `scripts/fuzz.py --mode shape` runs the
same property for as long as asked, at sizes up to 30,000 (FUZZ_SHAPE_MAX_SIZE).
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from benchmarks import shapes
from tests.test_fuzz import fuzz_settings

CHAIN = Path(sys.executable).parent / "chain"
MAX_SIZE = int(os.environ.get("FUZZ_SHAPE_MAX_SIZE", "1500"))
FORMATS = ["text", "json", "sarif", "markdown", "github"]


def run_measured(args: list[str], timeout: float = 600) -> tuple[int, str, float, float]:
    """Exit code, stderr, CPU seconds and peak memory (MB) of one `chain` run, its own."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen([str(CHAIN), *args], stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        try:
            _, status, usage = os.wait4(child.pid, 0)
        except BaseException:
            child.kill()
            raise
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return (child.returncode, err.read().decode("utf-8", "replace"),
                usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def sized(shape: str, size: int) -> int:
    """A clique's links grow as the square of its actors: keep its links near `size`."""
    return max(2, math.isqrt(size)) if shape == "clique" else size


def _merged(first: str, second: str) -> str:
    """Two chains' actors and links in one file (ids clash: more duplicate ids)."""
    head, actors_and_links = first.split("actors:\n", 1)
    actors, links = actors_and_links.split("links:\n", 1)
    other_actors, other_links = second.split("actors:\n", 1)[1].split("links:\n", 1)
    return f"{head}actors:\n{actors}{other_actors}links:\n{links}{other_links}"


def prop_shapes(data: st.DataObject) -> None:
    names = sorted(shapes.SHAPES)
    shape = data.draw(st.sampled_from(names), label="shape")
    size = data.draw(st.integers(1, MAX_SIZE), label="size")
    text = shapes.SHAPES[shape](sized(shape, size))
    if data.draw(st.booleans(), label="two shapes"):
        other = data.draw(st.sampled_from(names), label="second shape")
        text = _merged(text, shapes.SHAPES[other](sized(other, data.draw(st.integers(1, MAX_SIZE), label="size 2"))))
    command = data.draw(st.sampled_from(["validate", "audit"]), label="command")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "shape.yaml"
        path.write_text(text, encoding="utf-8")
        args = [command, str(path)]
        if command == "audit":
            args += ["--format", data.draw(st.sampled_from(FORMATS), label="format")]
        code, stderr, seconds, peak_mb = run_measured(args)
    megabytes = len(text.encode()) / 2**20
    assert code in (0, 1, 2), (code, stderr[-3000:])
    assert "Traceback" not in stderr, stderr[-3000:]
    assert seconds <= max(5.0, 5.0 * megabytes / 10), (seconds, megabytes)
    assert peak_mb <= 512 + 10 * megabytes, (peak_mb, megabytes)


#: name -> (property, examples in CI); scripts/fuzz.py --mode shape runs them for longer.
PROPERTIES: dict[str, tuple[Callable[[st.DataObject], None], int]] = {
    "shapes": (prop_shapes, 4),
}


@fuzz_settings(PROPERTIES["shapes"][1])
@given(data=st.data())
def test_awkward_shapes_answer_within_time_and_memory_bounds(data):
    prop_shapes(data)


def test_run_measured_reports_the_childs_own_exit_time_and_memory():
    code, stderr, seconds, peak_mb = run_measured(["--version"])
    assert code == 0 and stderr == "" and 0 < seconds < 5 and 10 < peak_mb < 512
