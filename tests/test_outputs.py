"""Writing outputs: files are replaced atomically; links, devices and pipes are written through.

Each test is named after the class of output it protects (issue 15, class 2): what `-o`
points at must still be what it was after the write, and every way a write can fail is
exit 2 with a plain message, never exit 3.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from deliverychain.cli import main

CHAIN = str(Path(__file__).resolve().parents[1] / "chains" / "cancer.yaml")
EXECUTABLE = str(Path(sys.executable).parent / "chain")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def chain(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_symlink_output_writes_the_file_it_points_at_and_stays_a_link(tmp_path: Path):
    real = tmp_path / "real.svg"
    real.write_text("old")
    link = tmp_path / "link.svg"
    link.symlink_to(real.name)
    result = chain("render", CHAIN, "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == real.name
    assert real.read_bytes().startswith(b"<?xml")


@pytest.mark.skipif(not IS_ROOT and not os.environ.get("CI"), reason="mknod needs root (CI runs as root)")
def test_character_device_output_is_written_through_and_stays_a_device(tmp_path: Path):
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # the null device, as /dev/null is
    result = chain("render", CHAIN, "-o", str(device), "--format", "svg")
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(device.stat().st_mode) and device.stat().st_rdev == os.makedev(1, 3)
    assert not [p for p in tmp_path.iterdir() if p.name != "null"]  # no temporary file left


def test_named_pipe_with_a_reader_gets_the_report(tmp_path: Path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    try:
        result = subprocess.run([EXECUTABLE, "audit", CHAIN, "--format", "json", "-o", str(pipe)],
                                capture_output=True, text=True, timeout=60)
    finally:
        if reader.is_alive():  # unblock the reader whatever happened
            with open(pipe, "wb"):
                pass
        reader.join(10)
    assert result.returncode == 1, result.stderr  # the cancer chain has errors
    assert json.loads(received[0])["version"] == 1
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_named_pipe_without_a_reader_is_a_clear_error_not_a_hang(tmp_path: Path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    result = subprocess.run([EXECUTABLE, "audit", CHAIN, "-o", str(pipe)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "nothing is reading from that pipe" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_mean_standard_output(tmp_path: Path, name: str):
    result = subprocess.run([EXECUTABLE, "render", CHAIN, "-o", name, "--format", "dot"],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.lstrip().startswith("//") and "digraph" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_longest_allowed_name_is_written(tmp_path: Path):
    # 255 bytes is the usual limit for one name; the temporary name must fit beside it.
    name = "a" * (255 - len(".svg")) + ".svg"
    result = chain("render", CHAIN, "-o", str(tmp_path / name))
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_too_long_a_name_is_exit_2_in_plain_words(tmp_path: Path):
    result = subprocess.run([EXECUTABLE, "render", CHAIN, "-o", str(tmp_path / ("a" * 300 + ".svg"))],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "the file name is too long" in result.stderr and "internal error" not in result.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="file names that are not UTF-8 exist on Linux")
def test_file_name_that_is_not_utf8_gives_valid_sarif(tmp_path: Path):
    folder = os.path.join(os.fsencode(tmp_path), b"plans\xff")
    os.mkdir(folder)
    with open(os.path.join(folder, b"c.yaml"), "wb") as handle:
        handle.write(Path(CHAIN).read_bytes())
    result = subprocess.run([EXECUTABLE, "audit", os.fsdecode(b"plans\xff/c.yaml"), "--format", "sarif",
                             "-o", "out.sarif"], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    log = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    uri = log["runs"][0]["artifacts"][0]["location"]["uri"]
    assert uri == "plans%FF/c.yaml"
