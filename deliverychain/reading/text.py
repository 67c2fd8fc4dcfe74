"""From bytes to text: the file's size, its encoding, and characters a chain file cannot hold."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from deliverychain.findings import Finding, Location
from deliverychain.reading import bounded, problems

#: Larger files are refused before reading: ten times the largest national chain we know.
MAX_FILE_BYTES = 512 * 1024 * 1024


@dataclass
class Source:
    """A chain file's text and name, with its UTF-8 bytes made once for the checks that scan bytes."""

    text: str
    file: str

    @cached_property
    def utf8(self) -> bytes:
        return self.text.encode("utf-8", "surrogatepass")


def read_text(path: Path) -> str | Finding:
    """The text of the file at `path`, or the problem that stops it being read.

    Whatever the path names (a device, a named pipe, a file still being written), at most
    `MAX_FILE_BYTES` and one more are read (`bounded.py`)."""
    name = str(path)
    here = Location(name, 1, 1)
    try:
        raw = bounded.read_path(path, MAX_FILE_BYTES)
    except bounded.NotRead as refused:
        return problems.unreadable(refused.message, here, refused.hint)
    except FileNotFoundError:
        return problems.unreadable(f"no such file: '{name}'", here,
                                   "check the path; `chain init FILE` writes a new chain")
    except PermissionError:
        return problems.unreadable(f"no permission to read '{name}'", here)
    except OSError as error:
        return problems.unreadable(f"cannot read '{name}': {error.strerror}", here)
    except ValueError:  # a path with a NUL character in it, which no file system allows
        return problems.unreadable(f"no such file: {name!r}", here)
    return decode(raw, name)


def read_stdin(name: str) -> str | Finding:
    """The text on standard input (`chain audit -`), or the problem that stops it being read."""
    here = Location(name, 1, 1)
    try:
        try:
            fd = sys.stdin.fileno()
        except (AttributeError, OSError, ValueError):  # a stream in memory (tests, notebooks)
            raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
            if len(raw) > MAX_FILE_BYTES:
                raise bounded.too_large("standard input", MAX_FILE_BYTES) from None
        else:
            # a pipe nobody writes to is given up after a while; someone typing at a terminal is not
            raw = bounded.read_fd(fd, MAX_FILE_BYTES, "standard input", wait=not os.isatty(fd))
    except bounded.NotRead as refused:
        return problems.unreadable(refused.message, here, refused.hint)
    except (AttributeError, OSError, ValueError):  # no standard input, or a closed one
        return problems.unreadable("standard input could not be read", here,
                                   "pipe a chain file into the command: chain audit - < my-plan.yaml")
    return decode(raw, name)


def decode(raw: bytes, name: str) -> str | Finding:
    """UTF-8 text (a leading byte-order mark dropped), or the problem with the encoding."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(raw):
        return problems.unreadable("the file is saved as UTF-16", Location(name, 1, 1),
                                   "save it as UTF-8 (most editors offer this in Save As)")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark, as some Windows editors write
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        # in characters, as editors count: the bytes before it on its line are valid UTF-8
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        return problems.unreadable(
            f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x})", Location(name, line, column),
            "save the file as UTF-8; text pasted from a spreadsheet is the usual cause",
        )


def _looks_like_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte-order mark: a zero byte beside most ASCII characters."""
    head = raw[:4096]
    return len(head) >= 4 and max(head[0::2].count(0), head[1::2].count(0)) * 3 > len(head)


#: Bytes of ordinary text: printable ASCII, tab, newline, carriage return.
_TEXT_BYTES = bytes(range(0x20, 0x7F)) + b"\t\n\r"
#: Characters a chain file cannot hold: those YAML forbids (control characters, unpaired
#: surrogates, U+FFFE/U+FFFF), the line separators NEL, U+2028 and U+2029, which one of our
#: two YAML readers counts as line breaks and the other does not, and a byte-order mark
#: anywhere but the start (two files pasted together), which they also read differently.
#: yaml-rs would silently drop everything after a NUL.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_LINE_BREAK = re.compile(r"\r\n?|\n")


def forbidden_character(source: Source) -> Finding | None:
    """The first character a chain file cannot hold, as a problem at its place.

    Ordinary ASCII is dropped first at C speed (0.08 s for a 48 MB chain), so the pattern only
    runs over what is left.
    """
    text, file = source.text, source.file
    rest = source.utf8.translate(None, _TEXT_BYTES)
    found = _NOT_TEXT.search(rest.decode("utf-8", "surrogatepass")) if rest else None
    if found is None:
        return None
    at = text.index(found.group())
    line_start = max((m.end() for m in _LINE_BREAK.finditer(text, 0, at)), default=0)
    line = len(_LINE_BREAK.findall(text, 0, at)) + 1
    what = {"\x85": "line separator", "\u2028": "line separator", "\u2029": "line separator",
            "\ufeff": "byte-order mark"}.get(found.group(), "control character")
    return problems.unreadable(
        f"the file contains an invisible {what} (U+{ord(found.group()):04X})",
        Location(file, line, at - line_start + 1),
        "delete it; it usually comes with text pasted from another program "
        "(to start a new line inside a text, use a newline)",
    )
