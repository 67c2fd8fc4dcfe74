"""Helpers for the tests of `chain watch`: fetch from the preview, wait for it, start it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import ROOT

CANCER = ROOT / "chains" / "cancer.yaml"
#: Long enough for a loaded CI machine; every wait returns as soon as its condition holds.
TIMEOUT_S = 60.0
#: The line of chains/cancer.yaml that gives a link its strength, and a different strength.
STRENGTH_LINE = "    strength: strong\n"
WEAKER_LINE = "    strength: weak\n"


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def state(url: str) -> dict[str, Any]:
    status, _, body = get(url + "state")
    assert status == 200
    data: dict[str, Any] = json.loads(body)
    return data


def wait_for(url: str, condition: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
    """The preview's state once `condition` holds; fails after TIMEOUT_S saying what it waited for."""
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        now = state(url)
        if condition(now):
            return now
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {TIMEOUT_S:.0f} s for {what}; the preview's state: {now}")
        time.sleep(0.05)


def settled(url: str, after_version: int = 0) -> dict[str, Any]:
    """The state once drawing is done and the version has passed `after_version`."""
    return wait_for(url, lambda s: not s["busy"] and s["version"] > after_version,
                    f"a drawing after version {after_version}")


def copy_cancer(folder: Path) -> Path:
    path = folder / "cancer.yaml"
    shutil.copyfile(CANCER, path)
    return path


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace `old` by `new` in the file (the first `count` times), as an editor's save would."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def chain_command() -> list[str]:
    return [sys.executable, "-c", "from deliverychain.cli import run; run()"]


def start_watch(path: Path, *options: str) -> tuple[subprocess.Popen[str], str]:
    """`chain watch PATH` in its own process, and the address it printed."""
    process = subprocess.Popen([*chain_command(), "watch", str(path), *options], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, cwd=ROOT, env={**os.environ, "COLUMNS": "100"})
    assert process.stdout is not None
    first = process.stdout.readline()
    found = re.search(r"at (http://127\.0\.0\.1:\d+/)$", first.strip())
    if found is None:
        process.kill()
        _, errors = process.communicate(timeout=TIMEOUT_S)
        raise AssertionError(f"chain watch printed {first!r}, not its address; stderr: {errors}")
    return process, found.group(1)
