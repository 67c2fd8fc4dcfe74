"""Reading an input's bytes, never more than a cap, whatever the path names.

A size from `stat()` says nothing about a device (`/dev/zero` never ends), a named pipe or a
file that grows while it is read, so the cap is on the bytes read: at most the cap plus one,
in chunks, so that going over it is known without holding more. A named pipe or socket is
read only while something is written to it: one that nobody writes to for the `wait` limit
is given up, rather than waited on for ever.

Errors of the file system (no such file, no permission) are raised as `OSError`, for the
caller to word; everything this module refuses is `NotRead`, already worded.
"""

from __future__ import annotations

import os
import select
import stat
from pathlib import Path

from deliverychain import limits

_CHUNK = 1 << 20


class NotRead(Exception):
    """An input that is not read: a folder, a socket, one over the cap, one that sends nothing."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def megabytes(cap: int) -> str:
    return f"{cap // 2**20:,} MB"


def read_path(path: Path, cap: int, what: str = "a chain file") -> bytes:
    """The bytes of the file at `path` (`what` it should be, for messages), at most `cap` of them."""
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a named pipe opens at once, writer or not
    except OSError as error:
        kind = _kind(path)
        if kind:  # a socket cannot be opened (ENXIO); a folder on some systems (EISDIR)
            raise NotRead(f"'{name}' is {kind}, not {what}", "give the path of the file itself") from error
        raise
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise NotRead(f"'{name}' is a folder, not {what}", "give the path of a file inside it")
        if stat.S_ISREG(mode):
            size = os.fstat(fd).st_size
            if size > cap:  # refused before reading anything
                raise too_large(f"'{name}'", cap, size)
            os.set_blocking(fd, True)
            return read_fd(fd, cap, f"'{name}'", wait=False)
        return read_fd(fd, cap, f"'{name}'", wait=True)
    finally:
        os.close(fd)


def read_fd(fd: int, cap: int, name: str, wait: bool) -> bytes:
    """At most `cap` bytes from an open file; with `wait`, giving up on one silent for the `wait` limit."""
    poller = None
    if wait:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
    seconds = limits.get("wait")
    chunks: list[bytes] = []
    total = 0
    while total <= cap:
        if poller is not None and not poller.poll(seconds * 1000):
            raise NotRead(f"nothing was written to {name} for {seconds} second{'s' if seconds != 1 else ''}",
                          f"check that a program is writing to it; {limits.how_to_raise('wait')} waits longer")
        try:
            chunk = os.read(fd, min(_CHUNK, cap + 1 - total))
        except BlockingIOError:
            continue  # woken with nothing to read yet
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > cap:
        raise too_large(name, cap)
    return b"".join(chunks)


def too_large(name: str, cap: int, size: int | None = None) -> NotRead:
    """`name` is over the cap (of `size` bytes, when known)."""
    how_large = f" {megabytes(size)}," if size is not None else ""
    return NotRead(f"{name} is{how_large} larger than the limit of {megabytes(cap)}",
                   "check that this is the file you meant")


def _kind(path: Path) -> str:
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return ""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return ""
