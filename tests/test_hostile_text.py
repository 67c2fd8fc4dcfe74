"""Legal text that used to break an output or mislead its reader (issue 15, classes 6 and 7).

Each example of the issue is a test here, by name: noncharacters that made SVG invalid XML
and PNG/PDF exit 3, a 3,000-character name wider than the rasteriser allows, zero-width and
tag characters that made two names look identical, file names that GitHub read as workflow
commands, Markdown that GitHub auto-linked, and a Mermaid title that kept `%%{init}%%`.
All of it goes through one helper, `deliverychain.usertext.shown`, tested first.
"""

from __future__ import annotations

import html
import json
import re
import time
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from deliverychain.cli import main
from deliverychain.usertext import ELLIPSIS, shown, shown_name
from tests.conftest import ROOT

SMALL = (ROOT / "tests" / "fixtures" / "hostile" / "small.yaml").read_text(encoding="utf-8")
SVG = "{http://www.w3.org/2000/svg}"


def with_name(name: str, actor: str = "NHS England") -> str:
    """The small chain with one actor renamed (written as a JSON string, which YAML reads)."""
    assert f"name: {actor}\n" in SMALL
    return SMALL.replace(f"name: {actor}\n", f"name: {json.dumps(name)}\n", 1)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output, result.exception)
    return result.exit_code, result.stdout, result.stderr


def svg_text(svg: bytes) -> str:
    """Every text an SVG draws, one space between pieces; the SVG must be well-formed XML."""
    root = ET.fromstring(svg)
    return " ".join(" ".join(t.itertext()) for t in root.iter(f"{SVG}text"))


# --- the one helper ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("NHS\u200bEngland", "NHS<U+200B>England"),  # zero-width space
    ("NHS England\U000e0041\U000e007f", "NHS England<U+E0041><U+E007F>"),  # tag characters
    ("a\ufffeb\uffffc\ufdd0d\U0001fffe", "a<U+FFFE>b<U+FFFF>c<U+FDD0>d<U+1FFFE>"),  # noncharacters
    ("lone \ud800 surrogate", "lone <U+D800> surrogate"),
    ("\u202eevil", "<U+202E>evil"),  # bidi override
    ("Hangul\u3164filler", "Hangul<U+3164>filler"),  # a letter that draws nothing
    ("x\ufe0f", "x<U+FE0F>"),  # a variation selector after ASCII does nothing
    ("\u2764\ufe0f", "\u2764\ufe0f"),  # after an emoji it picks the emoji form: kept
    ("\u0928\u094d\u200d\u0928", "\u0928\u094d\u200d\u0928"),  # a joiner in Devanagari: kept
    ("a\u200db", "a<U+200D>b"),  # between ASCII letters: shown
    ("tab\there\r\nline", "tab here\nline"),
])
def test_shown_makes_every_hidden_character_visible(text, expected):
    assert shown(text) == expected


def test_two_names_that_differ_only_in_hidden_characters_never_look_the_same():
    names = ["NHS England", "NHS\u200bEngland", "NHS\u200b England", "NHS England\U000e0041", "NHS England\u200d",
             "NHS England\ufffe", "NHS England\u2060", "NHS\u00adEngland"]
    assert len({shown(name) for name in names}) == len(names)


def test_a_cut_label_ends_with_an_ellipsis_and_never_splits_a_mark():
    assert shown("x" * 10, limit=10) == "x" * 10
    assert shown("x" * 11, limit=10) == "x" * 9 + ELLIPSIS
    cut = shown("abcd\u200befgh", limit=8)
    assert cut == "abcd" + ELLIPSIS  # '<U+200B>' does not fit whole in the 3 places left
    assert len(shown("\u200b" * 1000, limit=50)) <= 50


def test_shown_costs_the_same_for_a_name_of_any_length():
    huge = "\u200b" * 20_000_000
    started = time.process_time()
    assert shown(huge, limit=200).endswith(ELLIPSIS)
    assert time.process_time() - started < 0.5


def test_shown_name_keeps_a_file_name_on_one_line_and_off_the_start_of_a_line():
    assert shown_name("x\n::warning::y.yaml") == "x\\n::warning::y.yaml"
    assert shown_name("::error::z.yaml") == "./::error::z.yaml"
    assert shown_name("a\rb\tc\x1b") == "a\\rb\\tc<U+001B>"
    assert shown_name("chains/cancer.yaml") == "chains/cancer.yaml"


# --- class 6: legal text that broke outputs ------------------------------------------------


@pytest.mark.parametrize("style", ["board", "detail"])
def test_a_name_with_u_fffe_and_u_ffff_gives_valid_svg_png_and_pdf(write_chain, tmp_path: Path, style: str):
    """Issue 15: a name containing U+FFFE or U+FFFF made the SVG invalid XML (svg, png and pdf exit 3)."""
    path = write_chain(with_name("NHS \ufffe England \uffff"))
    for suffix in ("svg", "png", "pdf"):
        out = tmp_path / f"chain.{suffix}"
        code, _, stderr = run("render", str(path), "-o", str(out), "--style", style, "--engine", "wasm")
        assert code == 0, stderr
    assert "NHS <U+FFFE> England <U+FFFF>" in " ".join(svg_text((tmp_path / "chain.svg").read_bytes()).split())
    assert (tmp_path / "chain.png").read_bytes().startswith(b"\x89PNG")
    import pypdfium2

    document = pypdfium2.PdfDocument(tmp_path / "chain.pdf")
    words = " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert "U+FFFE" in words


@pytest.mark.parametrize("style", ["board", "detail"])
def test_unicode_noncharacters_draw_in_png_and_pdf(write_chain, tmp_path: Path, style: str):
    """Issue 15: noncharacters (U+FDD0, U+1FFFE) made cairo refuse the text: PNG and PDF exit 3."""
    path = write_chain(with_name("NHS \ufdd0 \U0001fffe England \U0010ffff"))
    for suffix in ("png", "pdf"):
        code, _, stderr = run("render", str(path), "-o", str(tmp_path / f"chain.{suffix}"), "--style", style,
                              "--engine", "wasm")
        assert code == 0, stderr


def test_a_3000_character_name_is_cut_and_fits_the_rasteriser(write_chain, tmp_path: Path):
    """Issue 15: a 3,000-character name made a detail PNG wider than cairo's 32,767 pixels."""
    path = write_chain(with_name("N" * 3_000))
    out = tmp_path / "chain.png"
    code, _, stderr = run("render", str(path), "-o", str(out), "--style", "detail", "--engine", "wasm")
    assert code == 0, stderr
    from PIL import Image

    with Image.open(out) as image:
        assert image.width < 4_000 and image.height < 4_000, image.size
    code, svg, _ = run("render", str(path), "--style", "detail", "--engine", "wasm")
    drawn = "".join(svg_text(svg.encode()).split())
    assert "N" * 199 + ELLIPSIS in drawn and "N" * 200 not in drawn
    code, svg, _ = run("render", str(path), "--style", "board", "--format", "svg")
    drawn = "".join(svg_text(svg.encode()).split())
    assert "N" * 199 + ELLIPSIS in drawn and "N" * 200 not in drawn


def test_a_long_word_is_broken_so_no_box_outgrows_the_page(write_chain):
    def page_width(name: str) -> float:
        path = write_chain(with_name(name), "word.yaml")
        code, svg, _ = run("render", str(path), "--style", "board", "--format", "svg")
        assert code == 0
        return float(ET.fromstring(svg.encode()).get("viewBox").split()[2])

    usual = page_width("NHS England")
    assert page_width("https://example.org/" + "a" * 150) < 1.2 * usual


def test_zero_width_and_tag_characters_are_shown_so_two_names_never_look_identical(write_chain):
    """Issue 15: zero-width and tag characters passed into SVG, DOT and Mermaid, so two names
    could look identical. They are shown as <U+XXXX>: removing them would make the names the same."""
    text = with_name("NHS\u200bEngland\U000e0041").replace("name: Practice nurse", "name: NHSEngland", 1)
    path = write_chain(text)
    outputs = {
        "dot": run("render", str(path), "--format", "dot")[1],
        "mmd": run("render", str(path), "--format", "mmd")[1],
        "detail svg": svg_text(run("render", str(path), "--format", "svg", "--engine", "wasm")[1].encode()),
        "board svg": svg_text(run("render", str(path), "--format", "svg", "--style", "board")[1].encode()),
    }
    for name, output in outputs.items():
        assert "\u200b" not in output and "\U000e0041" not in output, name
        decoded = re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), output)  # Mermaid's entity codes
        squashed = "".join(decoded.split())
        assert "NHS<U+200B>England<U+E0041>" in squashed, name
        assert "NHSEngland" in squashed, name  # the other actor, drawn differently


# --- class 7: escaping -----------------------------------------------------------------------


def _command_lines(text: str) -> list[str]:
    """Lines GitHub Actions would read as workflow commands."""
    return [line for line in text.splitlines() if line.lstrip().startswith("::")]


@pytest.mark.parametrize("name", ["x\n::warning::y.yaml", "::error::z.yaml", "a\r\n::add-mask::secret.yaml"])
def test_a_file_name_never_starts_a_github_workflow_command(tmp_path: Path, monkeypatch, name: str):
    """Issue 15: raw file names (with a newline and `::warning::`) reached the stderr summaries,
    where GitHub reads them as workflow commands."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text("# a comment, so convert says comments stay behind\n" + SMALL, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text(SMALL.replace("kind: mandate", "kind: nonsense", 1), encoding="utf-8")
    runs = [("validate", name), ("audit", name), ("audit", name, "--summary"), ("render", name, "-o", "out.svg"),
            ("render", name, "-o", "o\n::notice::x.svg"), ("render", "broken.yaml", "-o", name + ".svg"),
            ("validate", "missing\n::error::x.yaml"), ("render", name, "-o", "missing\n::error::dir/x.svg"),
            ("audit", name, "-o", "::error::report.txt"), ("diff", name, "broken.yaml"),
            ("convert", name, name + ".json"), ("convert", name, "::error::out.xlsx"),
            ("convert", "broken.yaml", "x.json"),
            ("init", name + ".new.yaml"), ("report", name, "-o", name + ".html", "--engine", "wasm")]
    for args in runs:
        _, stdout, stderr = run(*args)
        assert not _command_lines(stdout) and not _command_lines(stderr), (args, stdout, stderr)
    assert shown_name(name) in run("validate", name)[1]


_AUTOLINKS = {
    "url": re.compile(r"https?://|www\.", re.IGNORECASE),
    # Starts only where a run of address characters starts: tried from every character of a long
    # word, the search took time quadratic in its length (minutes on the fuzz test's long fields).
    "e-mail": re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+"),
    "mention": re.compile(r"@\w"),
    "issue": re.compile(r"#\d"),
}


def _rendered(markdown: str) -> str:
    """The text GitHub would look for links in: code spans (where it links nothing) left out,
    entities decoded, escapes removed."""
    return html.unescape(re.sub(r"\\(.)", r"\1", re.sub(r"(?<!\\)`[^`\n]*`", "", markdown)))


def test_markdown_never_auto_links_or_mentions_from_user_text(write_chain, tmp_path: Path):
    """Issue 15: Markdown let GitHub auto-link bare URLs and e-mail addresses from names."""
    name = "Team nhs.team@example.org, see https://evil.example/x and www.evil.example, ping @everyone #12"
    path = write_chain(with_name(name))
    old = tmp_path / "old.yaml"
    old.write_text(SMALL, encoding="utf-8")
    audit = run("audit", str(path), "--format", "markdown", "--fail-on", "never")[1]
    diff = run("diff", str(old), str(path), "--format", "markdown")[1]
    for what, markdown in (("audit", audit), ("diff", diff)):
        text = _rendered(markdown)
        assert name.replace("\u200b", "") in text.replace("\u200b", ""), what  # every word still there
        for kind, pattern in _AUTOLINKS.items():
            assert not pattern.search(text), (what, kind, pattern.search(text))


def test_a_title_longer_than_word_allows_still_makes_a_word_report(write_chain, tmp_path: Path):
    """Found by the text-field fuzz mode: a chain title over 255 characters (Word's limit for
    a document property) made `chain report -o x.docx` exit 3."""
    path = write_chain(SMALL.replace('title: "Earlier diagnosis: a small chain"', f"title: {'T' * 300}", 1))
    code, _, stderr = run("report", str(path), "-o", str(tmp_path / "annex.docx"), "--engine", "wasm")
    assert code == 0, stderr
    import zipfile

    with zipfile.ZipFile(tmp_path / "annex.docx") as docx:
        title = ET.fromstring(docx.read("docProps/core.xml")).find("{http://purl.org/dc/elements/1.1/}title").text
    assert title == "T" * 254 + ELLIPSIS


def test_the_mermaid_title_keeps_no_init_directive(write_chain):
    """Issue 15: the Mermaid title kept `%%{init: ...}%%` raw."""
    title = "Plan %%{init: {'theme': 'dark', 'securityLevel': 'loose'}}%% end"
    path = write_chain(SMALL.replace('title: "Earlier diagnosis: a small chain"', f"title: {json.dumps(title)}", 1))
    code, mermaid, _ = run("render", str(path), "--format", "mmd")
    assert code == 0
    assert "%%{" not in mermaid and "}%%" not in mermaid
    front = re.match(r"(?s)^---\ntitle: (.*?)\n---\n", mermaid)
    assert front and json.loads(front.group(1)) == title  # YAML reads the escapes back to the title
