"""Property test: hostile text in every free-text field, through every output, within bounds.

Each case takes the small chain (tests/fixtures/hostile/small.yaml) and puts drawn text in
every field a person writes freely (the chain's title, intent, description and version,
names, groups and notes of actors, sources' titles, publishers, URLs and notes, link notes
and intended gaps, raters, targets, ignore reasons, view titles, meta values). The text
mixes what breaks outputs (noncharacters, lone surrogates, controls, bidi overrides,
zero-width, tag and other invisible characters, combining marks, emoji sequences,
right-to-left script) with what outputs might obey (markup, Mermaid directives, GitHub
workflow commands, mentions, URLs, e-mail addresses, Markdown) and with very long values
(up to 100,000 characters: one word, many words, many lines). The file is written as JSON
with escapes (so every character is legal), under a file name that is hostile too.

Every case must then:
- load, or be reported as problems (never an exception);
- go through `chain validate`, `chain audit` as text, JSON, Markdown, SARIF and GitHub
  annotations, `chain diff` as text and Markdown, `chain render` as DOT, Mermaid, board SVG,
  and one of the heavier outputs drawn at random (board or detail PNG and PDF, detail SVG,
  the board report as HTML, Word or PDF), each exiting 0, 1 or 2;
- keep each output well-formed for its reader (XML for SVG and Word, JSON, PDF and PNG
  that open, Mermaid lines that are Mermaid, GitHub lines that are one command each) with
  no hidden character raw in it, no line that GitHub would read as a workflow command, no
  Markdown that GitHub would link, and no Mermaid directive;
- stay within the time and memory the tool promises: each command within 5 s of CPU time
  (plus 5 s per 10 MB of input) and 120 s of wall time, and the process under 512 MB plus
  10 times the input.

`python scripts/fuzz.py --mode text --minutes 20` runs it for as long as asked; CI runs a few cases.
"""

from __future__ import annotations

import functools
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from deliverychain.reading import exact
from tests.test_fuzz import fuzz_settings
from tests.test_hostile import SMALL
from tests.test_hostile_text import _AUTOLINKS, _rendered
from tests.test_injection import _MERMAID_LINE

# --- the text --------------------------------------------------------------------------------

#: Characters that break outputs or hide: each must be shown (or escaped), never passed raw.
HIDDEN = [
    "\u200b", "\u2060", "\ufeff", "\u00ad", "\u034f", "\u115f", "\u3164", "\uffa0", "\u180e", "\u061c",
    "\U000e0001", "\U000e0041", "\U000e007f", "\U000e0100", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
    "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\ufffe", "\uffff", "\ufdd0", "\ufdef",
    "\U0001fffe", "\U0010ffff", "\ud800", "\udfff", "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b",
    "\x7f", "\x85", "\x9b", "\u2028", "\u2029",
]
#: Legal text that outputs must carry as it is.
SCRIPTS = [
    "\u0301", "Z\u0351\u0362\u0334\u0317", "\u2764\ufe0f", "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", "\u65e5\u672c\u8a9e",
    "\u05e2\u05d1\u05e8\u05d9\u05ea", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
    "\u0939\u093f\u0928\u094d\u0926\u0940",
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\u00a0", "\u3000", "\U0001d54f", "\ue000", "\U000f0000",
    "\u0378", "\r", "\n", "\r\n", "\t", " ", "  ",
]
#: Text an output might obey.
MARKUP = [
    "<script>alert(1)</script>", "]]>", "<![CDATA[", "&amp;", "&#60;", "%%{init: {'theme': 'dark'}}%%", "%%",
    "::warning::x", "\n::error file=a,line=1::y", "::add-mask::z", "@everyone", "#12", "GH-12",
    "https://evil.example/x?a=1&b=2", "www.evil.example", "someone@evil.example", "mailto:a@b.example",
    "[x](javascript:alert(1))", "![i](x)", "| a | b |", "`tick`", "```", "$x$", "{{x}}", "${x}", "\\", '"', "'",
    "-->", "---", "...", "%0A", "%25", "\\n", "\\u0000", "#35;", "<br/>", "end", "graph", "subgraph", "click",
    "style", "digraph { a -> b }", "\x1b[31mred\x1b[0m", "\x1b]8;;https://evil\x07link\x1b]8;;\x07",
]
LONG_PIECES = ["N", "word ", "\u200b", "\u65e5\u672c", "a\u0301", "\n", "<b>", "\ufffe", "x" * 9 + " "]

fragments = st.one_of(st.sampled_from(HIDDEN), st.sampled_from(SCRIPTS), st.sampled_from(MARKUP),
                      st.text(max_size=8), st.characters())
short_text = st.lists(fragments, min_size=1, max_size=24).map("".join)
long_text = st.builds(lambda piece, n, head: head + piece * n, st.sampled_from(LONG_PIECES),
                      st.integers(200, 100_000), st.sampled_from(["", "Name ", "\u202e"]))
#: Mostly short, sometimes long; a letter in front of some so that required fields load.
hostile_text = st.one_of(short_text, short_text.map(lambda t: "A " + t), long_text)

#: Paths (from the document's top) of every free-text field of the small chain.
FREE_TEXT = [
    ("chain", "title"), ("chain", "intent"), ("chain", "description"), ("chain", "version"),
    ("sources", 0, "title"), ("sources", 0, "publisher"), ("sources", 0, "url"), ("sources", 1, "title"),
    ("sources", 1, "note"), *(("actors", i, "name") for i in range(6)), ("actors", 2, "group"),
    ("actors", 4, "note"), ("actors", 2, "meta", "code"), ("links", 1, "assessments", 0, "rater"),
    ("links", 1, "assessments", 0, "note"), ("links", 1, "targets", 0, "name"), ("links", 9, "intended_gap"),
    ("links", 0, "note"), ("ignore", 0, "reason"), ("views", 0, "title"),
]
FILE_NAMES = ["chain.json", "x\n::warning::y.json", "::error::z.json", "\u202eevil.json", "a\tb.json",
              "@someone https:x.json", "\ufffe.json"]

_SEED = exact.read(SMALL, "small.yaml").data
#: What must never appear raw in an output: controls (not tab, LF, CR), noncharacters,
#: surrogates, bidi controls, zero-width and tag characters (joiners and variation
#: selectors are allowed: they are kept where they shape a script).
RAW_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u180e\u200b\u200e\u200f"
                        "\u2028-\u202e\u2060-\u2069\u3164\ufeff\uffa0\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff"
                        "\U000e0000-\U000e007f\U0001fffe\U0001ffff\U0010fffe\U0010ffff]")


def _set(document: Any, path: tuple, value: str) -> None:
    for part in path[:-1]:
        document = document.setdefault(part, {}) if isinstance(document, dict) else document[part]
    document[path[-1]] = value


def hostile_chain(data: st.DataObject) -> tuple[str, str]:
    """A JSON chain file (every character escaped, so legal) with hostile text; and its file name."""
    document = json.loads(json.dumps(_SEED, default=str))
    for path in FREE_TEXT:
        if data.draw(st.integers(0, 3), label="change it") > 0:
            _set(document, path, data.draw(hostile_text, label=".".join(map(str, path))))
    # One field a line, as people write: a code frame shows the line of a finding.
    return json.dumps(document, ensure_ascii=True, indent=1), data.draw(st.sampled_from(FILE_NAMES), label="file name")


# --- the bounds and the checks ---------------------------------------------------------------


#: The most any one step has taken so far in this process (scripts/fuzz.py prints it):
#: CPU and wall-clock seconds and the step; peak memory as a command's own process would have it, and the step.
WORST: dict[str, Any] = {"cpu": 0.0, "cpu_step": "", "wall": 0.0, "wall_step": "", "peak_mb": 0.0, "peak_step": ""}


class Bounds:
    """The promise for one input: CPU seconds and memory, scaled by its size."""

    def __init__(self, size_bytes: int) -> None:
        self.cpu = 5.0 + 5.0 * size_bytes / 10e6
        self.memory_mb = 512 + 10 * size_bytes / 1e6
        self.wall = 120.0

    def timed(self, what: str, step: Callable[[], Any]) -> Any:
        before = _reset_peak()
        cpu, wall = time.process_time(), time.monotonic()
        result = step()
        cpu, wall = time.process_time() - cpu, time.monotonic() - wall
        if cpu > WORST["cpu"]:
            WORST.update(cpu=cpu, cpu_step=what)
        if wall > WORST["wall"]:
            WORST.update(wall=wall, wall_step=what)
        assert cpu <= self.cpu, f"{what} took {cpu:.1f} s of CPU, more than {self.cpu:.1f} s"
        assert wall <= self.wall, f"{what} took {wall:.1f} s, more than {self.wall:.0f} s"
        if before is not None:
            grown = _memory_mb("VmHWM") - before
            peak = fresh_process_mb() + grown
            if peak > WORST["peak_mb"]:
                WORST.update(peak_mb=peak, peak_step=what)
            assert peak <= self.memory_mb, (
                f"{what} grew the process by {grown:.0f} MB: {peak:.0f} MB in a command's own process, "
                f"over {self.memory_mb:.0f} MB")
        return result


def _reset_peak() -> float | None:
    """Start measuring the peak memory afresh (Linux: writing 5 to clear_refs resets VmHWM
    to the memory in use now), and return the memory in use now, in MB; None where that
    cannot be done.

    The test process holds more than a command would (hypothesis, every module any case has
    imported, what earlier cases left to the allocator), so a step is measured by how much
    it grows the process, added to what a command's process holds before its work."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        return None
    return _memory_mb("VmRSS")


def _memory_mb(field: str) -> float:
    with open("/proc/self/status") as status:
        return int(status.read().split(f"{field}:")[1].split()[0]) / 1024


@functools.cache
def fresh_process_mb() -> float:
    """The peak memory of a new process that has imported the command line and the pipeline:
    the floor every command pays before its work (measured once). Modules a step imports on
    first use (Graphviz's WebAssembly build, PDFium, python-docx) are in the growth of the
    first case that uses them only."""
    code = ("import resource, deliverychain.cli, deliverychain.pipeline; "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(done.stdout) / 1024


def _around(text: str, found: re.Match[str], width: int = 60) -> str:
    return repr(text[max(0, found.start() - width):found.end() + width])


def _no_raw_hidden(what: str, text: str) -> None:
    found = RAW_HIDDEN.search(text)
    assert found is None, f"{what} has a raw {found.group(0)!r} at {found.start()}: {_around(text, found)}"


def _no_workflow_command(what: str, text: str) -> None:
    for line in text.splitlines():
        assert not line.lstrip().startswith("::"), f"{what} has a line GitHub reads as a command: {line[:200]!r}"


def _cli(bounds: Bounds, *args: str) -> tuple[int, str, str]:
    from deliverychain.cli import main

    result = bounds.timed(f"chain {args[0]} {' '.join(args[2:])}", lambda: CliRunner().invoke(main, list(args)))
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr[-2000:], result.exception)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr[-2000:]
    _no_workflow_command(f"chain {args[0]} (stderr)", result.stderr)
    _no_raw_hidden(f"chain {args[0]} (stderr)", result.stderr)
    return result.exit_code, result.stdout, result.stderr


def _check_svg(what: str, svg: bytes) -> None:
    root = ET.fromstring(svg)  # well-formed XML: no noncharacter or control got in
    assert not any(e.tag.rsplit("}", 1)[-1] in {"script", "foreignObject"} for e in root.iter()), what
    _no_raw_hidden(what, svg.decode("utf-8"))


def _check_mermaid(text: str) -> None:
    _no_raw_hidden("Mermaid", text)
    assert "%%{" not in text and "}%%" not in text, "a Mermaid directive"
    body = text.split("\n---\n", 1)[1]
    for line in body.splitlines():
        assert any(p.match(line) for p in _MERMAID_LINE), f"not Mermaid: {line[:300]!r}"


def _check_markdown(what: str, text: str) -> None:
    _no_raw_hidden(what, text)
    shown = _rendered(text)
    for kind, pattern in _AUTOLINKS.items():
        found = pattern.search(shown)
        assert found is None, f"{what}: GitHub would make a {kind} of {_around(shown, found, 40)}"


_COMMAND = re.compile(r"^::(error|warning|notice) ((?:[a-zA-Z]+=[^,:]*,)*[a-zA-Z]+=[^,:]*)::(.*)$")


def _check_github(text: str) -> None:
    for line in text.splitlines():
        assert _COMMAND.match(line) or line.startswith("deliverychain:"), f"not one command: {line[:300]!r}"


def _heavy_outputs() -> list[str]:
    outputs = ["board png", "board pdf", "detail svg", "detail png", "detail pdf", "report html", "report docx"]
    if shutil.which("chromium") or shutil.which("google-chrome") or os.environ.get("CHAIN_BROWSER"):
        outputs.append("report pdf")
    return outputs


def _check_heavy(bounds: Bounds, chain: Any, which: str, engine: str) -> None:
    from deliverychain.drawing import RenderError
    from deliverychain.pipeline import render
    from deliverychain.reports.board.api import report
    from deliverychain.reports.board.errors import ReportError

    kind, format = which.split()
    try:
        if kind == "report":
            data = bounds.timed(which, lambda: report(chain, format, engine=engine))
        else:
            data = bounds.timed(which, lambda: render(chain, format=format, style=kind, engine=engine))
    except (RenderError, ReportError) as error:  # a limit or a missing tool: exit 2 on the command line
        assert error.message and error.hint is not None
        return
    if format == "svg":
        _check_svg(which, data)
    elif format == "png":
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            assert image.width * image.height <= 50e6, image.size
    elif format == "pdf":
        import pypdfium2

        assert len(pypdfium2.PdfDocument(data)) >= 1
    elif format == "docx":
        with zipfile.ZipFile(io.BytesIO(data)) as docx:
            ET.fromstring(docx.read("word/document.xml"))
    else:
        page = data.decode("utf-8")
        assert "<script>alert(1)</script>" not in page, "user markup in the HTML"
        _no_raw_hidden(which, page)


# --- the property ----------------------------------------------------------------------------


def prop_text_fields(data: st.DataObject) -> None:
    from deliverychain.pipeline import check_text, render

    text, name = hostile_chain(data)
    bounds = Bounds(len(text.encode("utf-8")))
    result = bounds.timed("check_text", lambda: check_text(text, name))
    assert (result.chain is None) == bool(result.problems)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        old = Path(folder) / "old.yaml"
        old.write_text(SMALL, encoding="utf-8")
        code, stdout, _ = _cli(bounds, "validate", str(path))
        assert code == (0 if result.chain is not None else 2)
        _no_workflow_command("chain validate", stdout)
        if result.chain is None:
            return
        for format in ("text", "json", "markdown", "sarif", "github"):
            _, out, _ = _cli(bounds, "audit", str(path), "--format", format, "--fail-on", "never")
            if format in ("json", "sarif"):
                json.loads(out)
            elif format == "markdown":
                _check_markdown("audit Markdown", out)
            elif format == "github":
                _check_github(out)
            else:
                _no_workflow_command("chain audit", out)
            _no_raw_hidden(f"audit {format}", out)
        for format in ("text", "markdown"):
            _, out, _ = _cli(bounds, "diff", str(old), str(path), "--format", format)
            if format == "markdown":
                _check_markdown("diff Markdown", out)
            _no_raw_hidden(f"diff {format}", out)
        engine = data.draw(st.sampled_from(["wasm", "system"] if shutil.which("dot") else ["wasm"]), label="engine")
        dot = bounds.timed("DOT", lambda: render(result.chain, format="dot").decode("utf-8"))
        _no_raw_hidden("DOT", dot)
        _check_mermaid(bounds.timed("Mermaid", lambda: render(result.chain, format="mmd").decode("utf-8")))
        _check_svg("board SVG", bounds.timed("board SVG", lambda: render(result.chain, format="svg", style="board")))
        _check_heavy(bounds, result.chain, data.draw(st.sampled_from(_heavy_outputs()), label="heavy output"), engine)


#: name -> (property, examples in CI); scripts/fuzz.py --mode text runs them for longer.
PROPERTIES: dict[str, tuple[Callable[[st.DataObject], None], int]] = {
    "text-fields": (prop_text_fields, 4),
}


@fuzz_settings(PROPERTIES["text-fields"][1])
@given(data=st.data())
def test_hostile_text_in_every_field_keeps_every_output_well_formed_and_bounded(data):
    prop_text_fields(data)
