"""What an analyser yields: a finding without positions (the engine adds them)."""

from __future__ import annotations

from dataclasses import dataclass

from deliverychain.findings import Severity
from deliverychain.positions import KeyPath


@dataclass(frozen=True, slots=True)
class Emission:
    #: Specific and in the users' words, naming the actors.
    message: str
    #: Stable id of what the finding is about: an actor id, a link key, or "a->b->c" for a route.
    subject: str
    #: Key path into the file, e.g. ("links", 3, "strength"); resolved to line and column.
    path: KeyPath
    hint: str = ""
    #: Other places worth seeing: (key path, what is there).
    related: tuple[tuple[KeyPath, str], ...] = ()
    #: Ordered actor ids of a route or loop.
    trace: tuple[str, ...] = ()
    #: Overrides the rule's default severity (e.g. an intended gap is info).
    severity: Severity | None = None
    #: Machine-readable details for JSON output and the diagram overlay.
    data: tuple[tuple[str, object], ...] = ()
