"""Write outputs safely: atomically for files, straight through for devices and pipes.

A regular file is replaced atomically (a crash part way leaves the previous file as it
was). A symbolic link is followed, so the file it points at is replaced and the link stays
a link. Anything that is not a regular file (`/dev/null`, a terminal, a named pipe) is
written through: renaming a temporary file over it would swap a device for a plain file.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: File systems allow 255 bytes per name almost everywhere; `os.pathconf` says where it can.
_DEFAULT_NAME_MAX = 255
#: What a temporary name adds around the random part: '.' + name + '.' ... '.tmp'.
_TEMPORARY_SUFFIX = ".tmp"

#: Plain words for the errors a write can meet.
_REASONS = {
    errno.ENOSPC: ("the disk is full", "free some space, or write somewhere else"),
    errno.EDQUOT: ("the disk quota is used up", "free some space, or write somewhere else"),
    errno.EROFS: ("the file system is read-only", "write somewhere else"),
    errno.ENAMETOOLONG: ("the file name is too long for this file system", "choose a shorter name"),
    errno.EACCES: ("no permission to write there", "choose a folder you can write to"),
    errno.EPERM: ("no permission to write there", "choose a folder you can write to"),
    errno.ENOENT: ("the folder does not exist", "create it first, or choose another path"),
    errno.ENOTDIR: ("part of the path is a file, not a folder", "check the path"),
    errno.EISDIR: ("it is a folder", "give a file name inside it"),
    errno.ENXIO: ("nothing is reading from that pipe", "start the reader first"),
    errno.EPIPE: ("the reader of that pipe went away", "start the reader again"),
}


class OutputError(Exception):
    """An output that cannot be written, in plain words, with a hint."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def explain(path: str | os.PathLike[str], error: OSError) -> OutputError:
    """An OSError met while writing `path`, as an OutputError a person can act on."""
    reason, hint = _REASONS.get(error.errno or 0, (error.strerror or "the system refused", ""))
    return OutputError(f"cannot write '{os.fsdecode(path)}': {reason}", hint)


def write_output(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path`: atomically for a file, through for a device or pipe.

    Raises OutputError, never a bare OSError.
    """
    try:
        target = Path(os.path.realpath(path))
        try:
            mode = target.stat().st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and stat.S_ISDIR(mode):
            raise OutputError(f"'{os.fsdecode(path)}' is a folder", "give a file name inside it")
        if mode is not None and not stat.S_ISREG(mode):
            _write_through(target, data, fifo=stat.S_ISFIFO(mode))
        else:
            write_atomic(target, data)
    except OSError as error:
        raise explain(path, error) from None


def _write_through(target: Path, data: bytes, fifo: bool) -> None:
    # A pipe with no reader would block for ever: open it without waiting, then write.
    flags = os.O_WRONLY | (os.O_NONBLOCK if fifo else 0)
    fd = os.open(target, flags)
    try:
        if fifo:
            os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`.

    Readers see the old file or the new one, never half of one; on an error, Ctrl-C or
    `kill` the temporary file is removed and the old file is left as it was.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    with _termination_raises():
        fd, temporary = tempfile.mkstemp(prefix=_temporary_prefix(target.name, directory),
                                         suffix=_TEMPORARY_SUFFIX, dir=directory)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if target.exists():
                os.chmod(temporary, target.stat().st_mode & 0o777)
            else:
                os.chmod(temporary, 0o666 & ~_umask())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _temporary_prefix(name: str, directory: Path) -> str:
    """'.name.' cut short enough that the temporary name fits where the output's name fits."""
    try:
        name_max = os.pathconf(directory, "PC_NAME_MAX")
    except (AttributeError, OSError, ValueError):  # no pathconf on Windows
        name_max = _DEFAULT_NAME_MAX
    # mkstemp adds 8 random characters; keep the whole name under the limit in bytes.
    room = name_max - len(_TEMPORARY_SUFFIX) - 8 - 2
    return "." + os.fsencode(name)[: max(room, 0)].decode("utf-8", "ignore") + "."


@contextmanager
def _termination_raises() -> Iterator[None]:
    """While writing, SIGTERM (what `kill` and CI time-outs send) raises SystemExit.

    Python's default for SIGTERM is to stop at once, which would leave the temporary file
    behind; as an exception it passes through the clean-up above. Signal handlers can only
    be set from the main thread; elsewhere the default stays.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
