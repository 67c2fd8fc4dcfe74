"""Real headless Chromium for the report's tests: Debian's `chromium`, driven by Playwright.

Playwright's own browser download does not work everywhere, so the tests drive the
system's Chromium (`.ci/run` installs it). On a developer's machine without it the tests
skip; in CI (the CI variable set) a missing Chromium is a failure, not a skip.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

#: The flags that keep a headless Chromium quiet on a machine with no network.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def chromium_path() -> str:
    """The system Chromium, or a skip (a failure in CI) saying how to install it."""
    found = os.environ.get("CHAIN_BROWSER") or shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("Chromium is not installed: .ci/run installs it (apt-get install chromium)")
    pytest.skip("Chromium is not installed (apt-get install chromium)")


@contextmanager
def browser() -> Iterator[Any]:
    """A launched Playwright browser on the system Chromium."""
    path = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=ARGS)
        try:
            yield launched
        finally:
            launched.close()
