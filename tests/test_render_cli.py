"""`chain render` end to end through the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from deliverychain.cli import main
from tests.test_render import FIXTURE


def chain(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["render", *args])


def test_writes_the_format_of_the_output_extension(tmp_path: Path):
    for suffix, start in ((".svg", b"<?xml"), (".dot", b"// "), (".mmd", b"---\n"), (".png", b"\x89PNG"),
                          (".pdf", b"%PDF")):
        out = tmp_path / f"chain{suffix}"
        result = chain(str(FIXTURE), "-o", str(out), "--engine", "wasm")
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(start), suffix
        assert f"drawn to {out}" in result.output


def test_format_option_wins_over_the_extension(tmp_path: Path):
    out = tmp_path / "diagram.txt"
    result = chain(str(FIXTURE), "-o", str(out), "--format", "mmd")
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("---\ntitle:")


def test_text_formats_go_to_standard_output_without_o():
    result = chain(str(FIXTURE), "--format", "dot", "--no-findings")
    assert result.exit_code == 0
    assert result.stdout.startswith("// Faster cancer diagnosis") and 'digraph "render-fixture"' in result.stdout
    assert "DC" not in result.stdout  # --no-findings: no badges
    svg = chain(str(FIXTURE), "--engine", "wasm")  # svg is the default
    assert svg.exit_code == 0 and svg.stdout.startswith("<?xml")


def test_binary_formats_need_an_output_file():
    result = chain(str(FIXTURE), "--format", "png")
    assert result.exit_code == 2
    assert "PNG is a binary format and needs an output file" in result.output
    assert "add -o diagram.png" in result.output


def test_an_unknown_extension_is_a_clear_error(tmp_path: Path):
    result = chain(str(FIXTURE), "-o", str(tmp_path / "chain.jpg"))
    assert result.exit_code == 2
    assert "cannot tell the format of" in result.output and "--format" in result.output
    assert not (tmp_path / "chain.jpg").exists()


def test_a_bad_chain_reports_the_load_problems_like_validate(write_chain):
    path = write_chain("""
        chain: {id: c, title: T, intent: I, owner: nobody}
        actors:
          - {id: a, name: A, tier: nationl, kind: body}
    """)
    result = chain(str(path), "--format", "dot")
    assert result.exit_code == 2
    assert "'nationl' is not a tier of this chain" in result.output
    assert "did you mean 'national'?" in result.output
    assert "nothing drawn" in result.output
    assert "Traceback" not in result.output


def test_a_missing_file(tmp_path: Path):
    result = chain(str(tmp_path / "none.yaml"))
    assert result.exit_code == 2 and "no such file" in result.output


def test_never_overwrites_the_input(tmp_path: Path):
    source = tmp_path / "chain.yaml"
    source.write_bytes(FIXTURE.read_bytes())
    result = chain(str(source), "-o", str(source), "--format", "svg")
    assert result.exit_code == 2 and "refusing to overwrite the input file" in result.output
    assert source.read_bytes() == FIXTURE.read_bytes()


def test_folders_and_missing_folders_are_clear_errors(tmp_path: Path):
    folder = chain(str(FIXTURE), "-o", str(tmp_path), "--format", "svg")
    assert folder.exit_code == 2 and "is a folder" in folder.output
    missing = chain(str(FIXTURE), "-o", str(tmp_path / "no" / "chain.svg"))
    assert missing.exit_code == 2 and "does not exist" in missing.output


def test_views_from_the_file_and_from_options(tmp_path: Path):
    out = tmp_path / "view.dot"
    result = chain(str(FIXTURE), "-o", str(out), "--view", "upward", "--no-findings")
    assert result.exit_code == 0
    dot = out.read_text(encoding="utf-8")
    assert "reporting" in dot and "mandate" not in dot
    focus = chain(str(FIXTURE), "--format", "dot", "--focus", "nurse", "--depth", "1", "--no-findings")
    assert focus.exit_code == 0
    assert '"nurse"' in focus.stdout and '"dhsc"' not in focus.stdout
    tiers = chain(str(FIXTURE), "--format", "dot", "--tiers", "government:national", "--no-findings")
    assert tiers.exit_code == 0 and "ORGANISATION" not in tiers.stdout and "NATIONAL" in tiers.stdout


def test_view_errors_suggest_what_was_meant():
    unknown = chain(str(FIXTURE), "--view", "stearing", "--format", "dot")
    assert unknown.exit_code == 2
    assert "no view 'stearing' in this chain" in unknown.output and "did you mean 'steering'?" in unknown.output
    depth = chain(str(FIXTURE), "--depth", "2", "--format", "dot")
    assert depth.exit_code == 2 and "--depth needs --focus" in depth.output
    kinds = chain(str(FIXTURE), "--kinds", "reportng", "--format", "dot")
    assert kinds.exit_code == 2 and "did you mean 'reporting'?" in kinds.output


def test_the_system_engine_missing_is_a_clear_error(monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = chain(str(FIXTURE), "--engine", "system")
    assert result.exit_code == 2 and "'dot' is not on PATH" in result.output


def test_help_has_examples():
    result = chain("--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output and "chain render chains/cancer.yaml -o cancer.pdf" in result.output
    for option in ("--view", "--tiers", "--focus", "--feedback-only", "--collapse", "--no-findings", "--engine",
                   "--dpi", "--page"):
        assert option in result.output


def test_output_folder_without_format_is_called_a_folder(tmp_path):
    from click.testing import CliRunner

    from deliverychain.cli import main

    chain = Path(__file__).resolve().parents[1] / "chains" / "cancer.yaml"
    result = CliRunner().invoke(main, ["render", str(chain), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a folder" in result.stderr


def test_png_and_pdf_render_where_cairo_cannot_be_loaded(tmp_path: Path):
    # cairocffi raises OSError at import when no native cairo library can be loaded; a
    # stand-in package first on the path does exactly that in a real `chain` process. PNG
    # and PDF (the board style) need no cairo: they are drawn with reportlab and PDFium.
    from tests.test_cairo_extra import stand_in

    env = stand_in(tmp_path, "cairocffi", "raise OSError(\"no library called 'cairo-2' was found\")",
                   "no library called 'cairo-2'")
    for suffix, magic in ((".png", b"\x89PNG"), (".pdf", b"%PDF")):
        out = tmp_path / f"x{suffix}"
        result = subprocess.run(
            [str(Path(sys.executable).parent / "chain"), "render", str(FIXTURE), "-o", str(out)],
            capture_output=True, text=True, env=env, timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert out.read_bytes().startswith(magic)
    # The detail style's PNG still goes through cairosvg: missing, it is exit 2 with a hint.
    (tmp_path / "fake" / "cairosvg").mkdir()
    (tmp_path / "fake" / "cairosvg" / "__init__.py").write_text("import cairocffi\n")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "chain"), "render", str(FIXTURE), "-o", str(tmp_path / "d.png"),
         "--style", "detail"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert "--style board" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "d.png").exists()
