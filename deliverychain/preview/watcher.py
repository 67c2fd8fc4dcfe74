"""Hearing of each save: the system's notices through watchfiles, or polling where they fail.

The folder is watched, not the file: many editors save by writing a new file and renaming
it over the old one, which a watch on the old file would never see. A chain kept as CSV
files (a folder of them, or one of them named) is all the CSV files of its folder. Whichever
way, the files' sizes, times and inodes are also compared once a second, from the moment
the watcher is made: a save made while the system's watch was being set up, or one the
system did not announce, is still drawn.
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

Fingerprint = tuple[tuple[str, int, int, int], ...]


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
        # The folder to watch, and which names in it are the chain's.
        csv = path.is_dir() or path.suffix.lower() == ".csv"
        self.folder = path if path.is_dir() else path.resolve().parent
        self.names = None if csv else {path.name, path.resolve().name}
        self._seen = self._fingerprint()

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

    def _ours(self, name: str) -> bool:
        return name.lower().endswith(".csv") if self.names is None else name in self.names

    def _notified(self) -> None:
        import watchfiles

        def ours(_change: object, changed_path: str) -> bool:
            return self._ours(Path(changed_path).name)

        # step: the quiet time that ends a burst of notices (the worker debounces again, so
        # short); yield_on_timeout: an empty set every CHECK_EVERY_MS, for the comparison.
        for changes in watchfiles.watch(self.folder, watch_filter=ours, debounce=1000, step=30,
                                        stop_event=self.stop, recursive=False, rust_timeout=CHECK_EVERY_MS,
                                        yield_on_timeout=True, raise_interrupt=False):
            self._compare(announced=bool(changes))

    def _compare(self, announced: bool) -> None:
        now = self._fingerprint()
        if announced or now != self._seen:
            self._seen = now
            self.changed()

    def _fingerprint(self) -> Fingerprint:
        """Name, time, size and inode of each of the chain's files (none: gone)."""
        try:
            names = sorted(n for n in os.listdir(self.folder) if self._ours(n)) if self.names is None \
                else [self.path.name]
        except OSError:
            return ()
        found = []
        for name in names:
            try:
                status = os.stat(self.folder / name if self.names is None else self.path)
            except (OSError, ValueError):
                continue
            found.append((name, status.st_mtime_ns, status.st_size, status.st_ino))
        return tuple(found)
