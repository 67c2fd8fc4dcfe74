"""The report as a PDF: the HTML page printed on A4 by headless Chromium (or Chrome, or Edge).

Printing the same page a reader sees on screen keeps one layout for both, with the fonts
embedded by the browser's PDF writer. The browser is a program on the machine, not a
Python package: it is looked for on PATH and in the usual places, or named with `browser`
(`--browser`, or the CHAIN_BROWSER environment variable). None found is a clear error
(exit 2) that says how to get one, or to write HTML or Word instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from deliverychain.reports.board.errors import ReportError

#: Names of Chromium-based browsers on PATH, in order of preference.
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",
                 "microsoft-edge", "msedge")
_INSTALLED = {
    "darwin": ("/Applications/Chromium.app/Contents/MacOS/Chromium",
               "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
               "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge"),
    "win32": (r"C:\Program Files\Google\Chrome\Application\chrome.exe",
              r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
              r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
              r"C:\Program Files\Microsoft\Edge\Application\msedge.exe"),
}
#: A print that takes longer than this has met a broken browser.
TIMEOUT_S = 180
_HINT = ("install Chromium (Debian/Ubuntu: apt-get install chromium; macOS: brew install --cask chromium) or "
         "Chrome, or name one with --browser or CHAIN_BROWSER; or write .html (and print it from any browser) "
         "or .docx instead")
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:[0-9+\-Z']*\)")


def find_browser(explicit: str | None = None) -> str:
    """The browser to print with: `explicit`, CHAIN_BROWSER, one on PATH, or one installed in the usual place."""
    named = explicit or os.environ.get("CHAIN_BROWSER")
    if named:
        found = shutil.which(named) or (named if Path(named).is_file() else None)
        if found is None:
            raise ReportError(f"the browser '{named}' was not found", _HINT)
        return found
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    for path in _INSTALLED.get(sys.platform, ()):
        if Path(path).is_file():
            return path
    raise ReportError("a PDF report is printed by Chromium, Chrome or Edge, and none was found", _HINT)


def print_pdf(html: bytes, browser: str) -> bytes:
    """`html` printed to PDF by `browser`, headless, on the page size the page's CSS asks for (A4)."""
    with tempfile.TemporaryDirectory(prefix="chain-report-") as folder:
        page, pdf = Path(folder, "report.html"), Path(folder, "report.pdf")
        page.write_bytes(html)
        command = [browser, "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   "--disable-extensions", "--mute-audio", f"--user-data-dir={Path(folder, 'profile')}",
                   "--no-pdf-header-footer", "--print-to-pdf-no-header", f"--print-to-pdf={pdf}", page.as_uri()]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise ReportError(f"the browser took more than {TIMEOUT_S} s to print the report",
                              "write .html and print it from a browser, or try another browser") from None
        except OSError as error:
            raise ReportError(f"cannot run the browser '{browser}': {error.strerror}", _HINT) from None
        if not pdf.is_file() or pdf.stat().st_size == 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise ReportError("the browser could not print the report" + (f": {detail[-1]}" if detail else ""),
                              "write .html and print it from a browser, or try another browser with --browser")
        return fixed_dates(pdf.read_bytes())


def fixed_dates(pdf: bytes) -> bytes:
    """The creation and change times a PDF writer records, replaced by a fixed one of the same length.

    The same report then gives the same bytes on every run, as far as the browser allows.
    """
    def fixed(match: re.Match[bytes]) -> bytes:
        original = match.group(0)
        stamp = b"/" + match.group(1) + b" (D:20000101000000Z)"
        return stamp.ljust(len(original))[: len(original)] if len(stamp) <= len(original) else original

    return _PDF_DATE.sub(fixed, pdf)
