"""Drawing after saves: wait until the saves settle, then one snapshot for all of them.

An editor's save can be several writes, and a user may save three times in a second; each
notice only marks the file as changed, and drawing starts once no notice has come for
QUIET_S. A save that arrives while a large chain is being drawn is drawn next, once.
"""

from __future__ import annotations

import gc
import os
import queue
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from deliverychain.preview.snapshot import DrawOptions, Snapshot, take_snapshot, unplaced_problem
from deliverychain.preview.state import PreviewState
from deliverychain.rules.wording import count
from deliverychain.speedups import collector_paused

#: Draw once no save has been noticed for this long.
QUIET_S = 0.1
#: How long the cycle collector waits for a page to fetch a new drawing.
FETCH_WAIT_S = 0.5

T = TypeVar("T")
_jobs: queue.SimpleQueue[tuple[Future[Any], Callable[..., Any], tuple[Any, ...]]] = queue.SimpleQueue()
_drawing_thread: threading.Thread | None = None
_drawing_thread_lock = threading.Lock()


def on_drawing_thread(function: Callable[..., T], *args: Any) -> T:
    """`function(*args)`, run on the one thread that loads and draws for every preview in the process.

    One long-lived thread sidesteps a crash: with yaml-rs 0.1.6, loading a chain on a new
    thread after another thread that loaded one has ended kills the process (a
    segmentation fault), and a thread that never ends never meets it.
    """
    global _drawing_thread
    with _drawing_thread_lock:
        if _drawing_thread is None:
            _drawing_thread = threading.Thread(target=_serve_jobs, name="preview-drawing", daemon=True)
            _drawing_thread.start()
    future: Future[T] = Future()
    _jobs.put((future, function, args))
    return future.result()


def _serve_jobs() -> None:
    while True:
        future, function, args = _jobs.get()
        try:
            future.set_result(function(*args))
        except BaseException as error:  # handed to the caller, whatever it is
            future.set_exception(error)


class Worker:
    def __init__(self, path: Path, options: DrawOptions, state: PreviewState, log: Callable[[str], None]) -> None:
        self.path = path
        self.options = options
        self.state = state
        self.log = log
        self._wake = threading.Condition()
        self._pending = True  # the first drawing
        self._last_notice = 0.0
        self._stopped = False

    def changed(self) -> None:
        """The file changed (called by the watcher's thread)."""
        with self._wake:
            self._pending = True
            self._last_notice = time.monotonic()
            self._wake.notify()

    def stop(self) -> None:
        with self._wake:
            self._stopped = True
            self._wake.notify()

    def run(self) -> None:
        """Draw each settled change until stopped (the worker thread's body)."""
        while self._next():
            self.draw_once()

    def _next(self) -> bool:
        with self._wake:
            self._wake.wait_for(lambda: self._pending or self._stopped)
            while not self._stopped:
                quiet_for = time.monotonic() - self._last_notice
                if quiet_for >= QUIET_S:
                    break
                self._wake.wait(QUIET_S - quiet_for)
            self._pending = False
            return not self._stopped

    def draw_once(self) -> None:
        drawn_from: list[object] = []  # the chain and its audit
        with collector_paused():
            self.state.begin()
            snapshot = self._snapshot(drawn_from)
            shown = self.state.publish(snapshot)
            # An audit leaves its chain in a reference cycle, which only the cycle collector
            # frees (0.3-0.7 s at national scale, holding up every thread): it runs once the
            # page has fetched what is new, or after FETCH_WAIT_S if no page does.
            self.state.wait_until_fetched(FETCH_WAIT_S)
            drawn_from.clear()
        gc.collect()
        self.log(describe(snapshot, shown))

    def _snapshot(self, drawn_from: list[object]) -> Snapshot:
        try:
            return on_drawing_thread(take_snapshot, str(self.path), self.options, drawn_from)
        except Exception as error:  # a bug: say so on the page and go on watching
            if os.environ.get("CHAIN_DEBUG"):
                traceback.print_exc()
            bug = unplaced_problem(f"internal error: {type(error).__name__}: {error}",
                                   "This is a bug in deliverychain, not in your file. Please report it with the "
                                   "file; set CHAIN_DEBUG=1 to see the details.")
            return Snapshot("failed", problems=[bug], problem_count=1)


def describe(snapshot: Snapshot, shown: bool) -> str:
    """One line for the terminal about what the page now shows."""
    seconds = sum(snapshot.timings.values())
    if not shown:
        return f"no change to show ({seconds:.2f} s)"
    if snapshot.status == "ok":
        counts = snapshot.counts
        numbered = len(snapshot.findings or [])
        return (f"drawn: {count(counts.get('actors', 0), 'actor')}, {count(counts.get('links', 0), 'link')}, "
                f"{count(numbered, 'finding')} ({seconds:.2f} s)")
    first = snapshot.problems[0] if snapshot.problems else {}
    where = (f"cell {first['cell']}: " if first.get("cell") else
             f"line {first['line']}, column {first['column']}: " if first.get("line") else "")
    what = "does not load" if snapshot.status == "invalid" else "could not be drawn"
    return (f"{what}: {count(snapshot.problem_count, 'problem')}, the first at {where}{first.get('message', '')}"
            if where else f"{what}: {first.get('message', '')}")
