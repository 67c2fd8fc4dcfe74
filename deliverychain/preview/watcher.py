"""Hearing of each save: the system's notices through watchfiles, or polling where they fail.

The folder is watched, not the file: many editors save by writing a new file and renaming
it over the old one, which a watch on the old file would never see. Whichever way, the
file's size, time and inode are also compared once a second, from the moment the watcher
is made: a save made while the system's watch was being set up, or one the system did
not announce, is still drawn.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

#: How often polling looks at the file.
POLL_EVERY_S = 0.25
#: How often, with the system's notices, the file is looked at all the same.
CHECK_EVERY_MS = 1000

Fingerprint = tuple[int, int, int] | None


class Watcher:
    """Calls `changed()` after each change to `path` until `stop` is set; `run` is the thread's body.

    Made before the first drawing starts, so that no save after that is missed.
    """

    def __init__(self, path: Path, changed: Callable[[], None], stop: threading.Event, *, poll: bool = False,
                 log: Callable[[str], None] = lambda _: None) -> None:
        self.path = path
        self.changed = changed
        self.stop = stop
        self.poll = poll
        self.log = log
        self._seen = _fingerprint(path)

    def run(self) -> None:
        if not self.poll:
            try:
                self._notified()
                return
            except ImportError:
                self.log("watchfiles is not installed: looking at the file 4 times a second instead")
            except Exception as error:  # no notices here (a full inotify table, a network drive)
                self.log(f"the system cannot tell us of changes ({error}): "
                         "looking at the file 4 times a second instead")
        while not self.stop.wait(POLL_EVERY_S):
            self._compare(announced=False)

    def _notified(self) -> None:
        import watchfiles

        target = self.path.resolve()
        names = {self.path.name, target.name}

        def ours(_change: object, changed_path: str) -> bool:
            return Path(changed_path).name in names

        # step: the quiet time that ends a burst of notices (the worker debounces again, so
        # short); yield_on_timeout: an empty set every CHECK_EVERY_MS, for the comparison.
        for changes in watchfiles.watch(target.parent, watch_filter=ours, debounce=1000, step=30,
                                        stop_event=self.stop, recursive=False, rust_timeout=CHECK_EVERY_MS,
                                        yield_on_timeout=True, raise_interrupt=False):
            self._compare(announced=bool(changes))

    def _compare(self, announced: bool) -> None:
        now = _fingerprint(self.path)
        if announced or now != self._seen:
            self._seen = now
            self.changed()


def _fingerprint(path: Path) -> Fingerprint:
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_mtime_ns, status.st_size, status.st_ino
