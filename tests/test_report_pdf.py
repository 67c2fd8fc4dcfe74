"""The PDF report, end to end through `chain report`, read back with pypdf: A4 pages, text a
reader can search and copy, every font embedded, the same bytes twice; and a clear exit 2
when no browser can print it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.chromium import chromium_path
from tests.conftest import ROOT

CHAIN = "chains/success-regime-2015.yaml"
CHAIN_COMMAND = str(Path(sys.executable).with_name("chain"))


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CHAIN_COMMAND, *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300,
                          check=False)


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    browser = chromium_path()
    out = tmp_path_factory.mktemp("pdf") / "annex.pdf"
    done = run("report", CHAIN, "-o", str(out), "--engine", "wasm", "--browser", browser)
    assert done.returncode == 0, done.stderr
    assert "board report written" in done.stderr
    return out


def test_every_page_is_a4(pdf_file: Path) -> None:
    pages = PdfReader(pdf_file).pages
    assert len(pages) >= 3
    for page in pages:
        assert sorted((round(float(page.mediabox.width)), round(float(page.mediabox.height)))) == [595, 842]


def test_the_text_can_be_read_back(pdf_file: Path) -> None:
    reader = PdfReader(pdf_file)
    first = reader.pages[0].extract_text()
    assert "Delivery confidence in the chain's design" in first
    assert "Amber/Red" in first
    assert "Learning stops at NHS England" in first
    everything = "\n".join(page.extract_text() for page in reader.pages)
    assert "Evidence" in everything and "About this assessment" in everything
    assert "DC201" in everything  # in small print, for the analyst
    assert reader.metadata.title.startswith("The success regime")


def test_every_font_is_embedded(pdf_file: Path) -> None:
    fonts = {}
    for page in PdfReader(pdf_file).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            fonts[str(font["/BaseFont"])] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts


def test_the_same_chain_prints_the_same_bytes(pdf_file: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    assert run("report", CHAIN, "-o", str(again), "--engine", "wasm", "--browser", chromium_path()).returncode == 0
    assert again.read_bytes() == pdf_file.read_bytes()


def test_no_browser_is_exit_2_with_a_hint_and_nothing_written(tmp_path: Path) -> None:
    out = tmp_path / "annex.pdf"
    env = {key: value for key, value in os.environ.items() if key != "CHAIN_BROWSER"}
    env["PATH"] = str(tmp_path)  # no browser on it
    done = run("report", CHAIN, "-o", str(out), env=env)
    assert done.returncode == 2
    assert "printed by Chromium, Chrome or Edge, and none was found" in done.stderr
    assert "hint: install Chromium" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()
    named = run("report", CHAIN, "-o", str(out), "--browser", str(tmp_path / "no-such-browser"))
    assert named.returncode == 2 and "was not found" in named.stderr
