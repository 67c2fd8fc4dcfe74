"""The preview as one thing to start and stop: server, watcher and worker, each in a thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from deliverychain.preview.server import PreviewServer
from deliverychain.preview.snapshot import DrawOptions
from deliverychain.preview.state import PreviewState
from deliverychain.preview.watcher import Watcher
from deliverychain.preview.worker import Worker

#: How long stopping waits for each thread (a national chain being drawn is not waited for).
JOIN_S = 2.0


@dataclass(frozen=True)
class PreviewOptions:
    #: 0: any free port.
    port: int = 0
    #: Look at the file 4 times a second rather than wait for the system's notices.
    poll: bool = False
    draw: DrawOptions = field(default_factory=DrawOptions)


class PreviewApp:
    """`with PreviewApp(path) as app:` serves `app.url` until the block ends.

    Raises OSError at construction when the port cannot be had.
    """

    def __init__(self, path: Path, options: PreviewOptions | None = None,
                 log: Callable[[str], None] = lambda _: None) -> None:
        options = options or PreviewOptions()
        self.state = PreviewState(str(path))
        self.server = PreviewServer(self.state, options.port)
        self.worker = Worker(path, options.draw, self.state, log)
        self._stop = threading.Event()
        watcher = Watcher(path, self.worker.changed, self._stop, poll=options.poll, log=log)
        self._threads = [
            threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.2},
                             name="preview-server", daemon=True),
            threading.Thread(target=self.worker.run, name="preview-worker", daemon=True),
            threading.Thread(target=watcher.run, name="preview-watcher", daemon=True),
        ]
        self._started = False

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> None:
        self._started = True
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        """Stop everything and release the port; safe to call twice."""
        self._stop.set()
        self.worker.stop()
        self.state.close()
        if self._started:
            self.server.shutdown()
            self._started = False
        self.server.server_close()
        for thread in self._threads:
            if thread.is_alive():
                thread.join(JOIN_S)

    def __enter__(self) -> PreviewApp:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()
