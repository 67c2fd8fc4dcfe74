"""Hearing of each save: the system's notices through watchfiles, or polling where they fail.

The folder is watched, not the file: many editors save by writing a new file and renaming
it over the old one, which a watch on the old file would never see.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

#: How often polling looks at the file.
POLL_EVERY_S = 0.25


def watch_file(path: Path, changed: Callable[[], None], stop: threading.Event, *, poll: bool = False,
               log: Callable[[str], None] = lambda _: None) -> None:
    """Call `changed()` after each change to `path`, until `stop` is set."""
    if not poll:
        try:
            _notified(path, changed, stop)
            return
        except ImportError:
            log("watchfiles is not installed: looking at the file 4 times a second instead")
        except Exception as error:  # no notices here (a full inotify table, a network drive)
            log(f"the system cannot tell us of changes ({error}): looking at the file 4 times a second instead")
    _polled(path, changed, stop)


def _notified(path: Path, changed: Callable[[], None], stop: threading.Event) -> None:
    import watchfiles

    target = path.resolve()
    names = {path.name, target.name}

    def ours(_change: object, changed_path: str) -> bool:
        return Path(changed_path).name in names

    # step: the quiet time that ends a burst of notices; the worker debounces again, so short.
    for _ in watchfiles.watch(target.parent, watch_filter=ours, debounce=1000, step=30, stop_event=stop,
                              recursive=False, rust_timeout=1000, raise_interrupt=False):
        changed()


def _polled(path: Path, changed: Callable[[], None], stop: threading.Event) -> None:
    last = _fingerprint(path)
    while not stop.wait(POLL_EVERY_S):
        now = _fingerprint(path)
        if now != last:
            last = now
            changed()


def _fingerprint(path: Path) -> tuple[int, int, int] | None:
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_mtime_ns, status.st_size, status.st_ino
