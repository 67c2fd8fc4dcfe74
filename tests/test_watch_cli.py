"""`chain watch` (and `chain serve`) from the command line: its errors, --port, and a clean stop."""

from __future__ import annotations

import signal
import socket
import subprocess
from pathlib import Path

import pytest

from tests.watching import TIMEOUT_S, chain_command, copy_cancer, settled, start_watch, state


def run_chain(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*chain_command(), *args], capture_output=True, text=True, timeout=TIMEOUT_S, check=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stop(process: subprocess.Popen[str], how: signal.Signals = signal.SIGINT) -> tuple[int, str]:
    process.send_signal(how)
    _, errors = process.communicate(timeout=TIMEOUT_S)
    return process.returncode, errors


def test_a_missing_file_is_exit_2_with_a_hint(tmp_path: Path):
    done = run_chain("watch", str(tmp_path / "nothing.yaml"))
    assert done.returncode == 2 and done.stdout == ""
    assert f"error: no such file: '{tmp_path / 'nothing.yaml'}'" in done.stderr and "chain init" in done.stderr


def test_a_folder_is_exit_2(tmp_path: Path):
    done = run_chain("watch", str(tmp_path))
    assert done.returncode == 2 and "is a folder" in done.stderr and "Traceback" not in done.stderr


def test_a_folder_of_a_chains_csv_files_is_watched(tmp_path: Path):
    folder = tmp_path / "plan"
    done = run_chain("convert", str(copy_cancer(tmp_path)), f"{folder}/")
    assert done.returncode == 0, done.stderr
    process, url = start_watch(folder)
    try:
        assert settled(url)["status"] == "ok"
    finally:
        code, errors = stop(process)
    assert code == 0 and "drawn: 23 actors, 52 links" in errors


def test_a_port_in_use_is_exit_2_with_a_hint(tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_chain("watch", str(copy_cancer(tmp_path)), "--port", str(port))
    assert done.returncode == 2
    assert f"error: port {port} on 127.0.0.1 is in use by another program" in done.stderr
    assert "leave --port out" in done.stderr and "Traceback" not in done.stderr


def test_a_port_out_of_range_is_a_usage_error(tmp_path: Path):
    done = run_chain("watch", str(copy_cancer(tmp_path)), "--port", "70000")
    assert done.returncode == 2 and "70000 is not in the range 0<=x<=65535" in done.stderr


def test_port_serves_there_and_ctrl_c_stops_cleanly_releasing_it(tmp_path: Path):
    path = copy_cancer(tmp_path)
    port = free_port()
    process, url = start_watch(path, "--port", str(port))
    try:
        assert url == f"http://127.0.0.1:{port}/"
        assert settled(url)["status"] == "ok"
    finally:
        code, errors = stop(process)
    assert code == 0, errors
    assert "drawn: 23 actors, 52 links" in errors and errors.rstrip().endswith("Stopped.")
    assert "Traceback" not in errors and "interrupted" not in errors
    # The port is free again: a second preview takes it.
    again, url = start_watch(path, "--port", str(port))
    try:
        assert state(url)["file"] == str(path)
    finally:
        code, errors = stop(again, signal.SIGTERM)
    assert code == 0 and "Traceback" not in errors


def test_serve_is_another_name_for_watch():
    done = run_chain("serve", "--help")
    assert done.returncode == 0 and "Usage: chain serve [OPTIONS] FILE" in done.stdout
    assert "Preview the chain in FILE in your web browser" in done.stdout
    listed = run_chain("--help").stdout
    assert "  watch " in listed and "  serve " not in listed


def test_open_asks_the_browser_to_show_the_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    record = tmp_path / "opened.txt"
    browser = tmp_path / "browser"  # a stand-in browser that records the address it was given
    browser.write_text(f"#!/bin/sh\necho \"$1\" > '{record}'\n", encoding="utf-8")
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(browser))
    process, url = start_watch(copy_cancer(tmp_path), "--open")
    try:
        settled(url)
    finally:
        stop(process)
    assert record.read_text(encoding="utf-8").strip() == url
