"""The live preview behind `chain watch`: a local page that redraws a chain file at each save.

The parts, in the order a save travels through them:

- watcher.py: hears of a save (watchfiles, or polling where it cannot be used);
- worker.py: waits for the saves to settle (debounce), then takes a snapshot;
- snapshot.py: load, audit, number the findings, draw (one snapshot of the file);
- state.py: the last snapshot and the last good diagram, and who is waiting for news;
- server.py: the page, its data and a stream of change notices (Server-Sent Events),
  from the standard library's ThreadingHTTPServer on 127.0.0.1 only;
- app.py: starts and stops all of the above together.

The page itself is static/index.html, app.js and app.css.
"""

from __future__ import annotations

from deliverychain.preview.app import PreviewApp, PreviewOptions

__all__ = ["PreviewApp", "PreviewOptions"]
