"""What the page shows now: written by the worker, read by the server's threads.

Two counters tell the page what to fetch. `version` moves when what the page shows
changes (a save that changes nothing, such as a touch, does not move it); `revision` also
moves when drawing starts and ends, so the page can say "updating". The diagram is
identified by the hash of its SVG: an edit that draws the same picture keeps the hash, and
the page does not reload it.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from deliverychain.preview.snapshot import Snapshot


class PreviewState:
    def __init__(self, file: str) -> None:
        self.file = file
        self._changed = threading.Condition()
        self._revision = 0
        self._version = 0
        self._busy = True
        self._closed = False
        self._renders = 0
        self._current: Snapshot | None = None
        #: The last snapshot that loaded (its findings) and the last one drawn (its diagram).
        self._loaded: Snapshot | None = None
        self._drawn: Snapshot | None = None
        self._timings: dict[str, float] = {}
        #: What a page last fetched: the revision of /state and the hash of /diagram.svg.
        self._fetched = -1
        self._fetched_diagram: str | None = None

    # --- written by the worker --------------------------------------------------

    def begin(self) -> None:
        """Drawing has started (the page says so until `publish`)."""
        with self._changed:
            self._busy = True
            self._bump()

    def publish(self, snapshot: Snapshot) -> bool:
        """The newest snapshot; True when the page has something new to show."""
        with self._changed:
            self._renders += 1
            self._busy = False
            self._timings = snapshot.timings
            new = self._current is None or snapshot.content() != self._current.content()
            if new:
                self._version += 1
                self._current = snapshot
                if snapshot.findings is not None:
                    self._loaded = snapshot
                if snapshot.svg is not None:
                    self._drawn = snapshot
            self._bump()
            return new

    def close(self) -> None:
        """Wake every waiting reader and tell it to stop (the server is shutting down)."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def wait_until_fetched(self, timeout: float) -> None:
        """Until a page has fetched the newest state and diagram, or `timeout` (there may be no page)."""
        with self._changed:
            revision = self._revision
            diagram = self._drawn.diagram_hash if self._drawn else None
            self._changed.wait_for(lambda: self._closed or (
                self._fetched >= revision and diagram in (None, self._fetched_diagram)), timeout)

    def _bump(self) -> None:
        self._revision += 1
        self._changed.notify_all()

    # --- read by the server -----------------------------------------------------

    def wait(self, seen: int, timeout: float) -> int | None:
        """The revision once it differs from `seen` (or after `timeout`); None once closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._revision != seen, timeout)
            return None if self._closed else self._revision

    def diagram(self) -> tuple[bytes, str] | None:
        """The last good diagram's SVG and hash."""
        with self._changed:
            drawn = self._drawn
            if drawn is None or drawn.svg is None:
                return None
            self._fetched_diagram = drawn.diagram_hash
            self._changed.notify_all()
        return drawn.svg, str(drawn.diagram_hash)

    def as_json(self) -> bytes:
        with self._changed:
            self._fetched = self._revision
            self._changed.notify_all()
            return json.dumps(self._json(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def _json(self) -> dict[str, Any]:
        current, loaded, drawn = self._current, self._loaded, self._drawn
        data: dict[str, Any] = {
            "file": self.file,
            "version": self._version,
            "revision": self._revision,
            "busy": self._busy,
            "renders": self._renders,
            "status": current.status if current else "starting",
            "title": (loaded.title if loaded else "") or self.file,
            "problems": current.problems if current else [],
            "problem_count": current.problem_count if current else 0,
            "findings": loaded.findings if loaded and loaded.findings is not None else [],
            "findings_current": loaded is not None and loaded is current,
            "counts": loaded.counts if loaded else {},
            "diagram": None,
            "timings": {k: round(v, 4) for k, v in self._timings.items()},
        }
        if drawn is not None:
            data["diagram"] = {"hash": drawn.diagram_hash, "current": drawn is current}
        return data
