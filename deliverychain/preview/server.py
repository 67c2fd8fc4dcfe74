"""The page's server: the standard library's ThreadingHTTPServer, on 127.0.0.1 only.

Routes: `/` (the page), `/app.js` and `/app.css`, `/state` (what the page shows, as JSON),
`/diagram.svg` (the last good diagram) and `/events` (Server-Sent Events: one message
each time `/state` changes). Nothing else is served: no file path is ever read from a
request. Requests naming another host are refused, so a web page elsewhere cannot reach
the preview through a DNS name pointed at 127.0.0.1 (DNS rebinding).
"""

from __future__ import annotations

import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources

from deliverychain.preview.state import PreviewState

HOST = "127.0.0.1"
#: How often an idle event stream sends a comment, to notice pages that have gone away.
KEEPALIVE_S = 15.0

_STATIC = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/index.html": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/app.css": ("app.css", "text/css; charset=utf-8"),
}
_SECURITY_HEADERS = {
    # The page's own script only: a diagram can never run one, whatever a chain file holds.
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
                               "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never holds up the shutdown
    # Windows lets SO_REUSEADDR take a port another program listens on: ask for it elsewhere only.
    allow_reuse_address = sys.platform != "win32"

    def __init__(self, state: PreviewState, port: int = 0) -> None:
        self.state = state
        self.static = {name: resources.files("deliverychain.preview").joinpath("static", name).read_bytes()
                       for name, _ in _STATIC.values()}
        super().__init__((HOST, port), PreviewHandler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "deliverychain-preview"
    sys_version = ""

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal shows what the page shows, not every request

    def _answer(self, body: bool) -> None:
        if not self._host_allowed():
            self._send(HTTPStatus.FORBIDDEN, b"this preview answers only to 127.0.0.1 and localhost\n",
                       "text/plain; charset=utf-8", body)
            return
        route = self.path.split("?", 1)[0]
        state = self.server.state
        if route in _STATIC:
            name, content_type = _STATIC[route]
            self._send(HTTPStatus.OK, self.server.static[name], content_type, body)
        elif route == "/state":
            self._send(HTTPStatus.OK, state.as_json(), "application/json; charset=utf-8", body)
        elif route == "/diagram.svg":
            self._diagram(body)
        elif route == "/events" and body:
            self._events()
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", body)

    def _host_allowed(self) -> bool:
        host = self.headers.get("Host")
        port = self.server.port
        return host is None or host in (f"{HOST}:{port}", f"localhost:{port}")

    def _diagram(self, body: bool) -> None:
        found = self.server.state.diagram()
        if found is None:
            self._send(HTTPStatus.NOT_FOUND, b"no diagram yet\n", "text/plain; charset=utf-8", body)
            return
        svg, digest = found
        self._send(HTTPStatus.OK, svg, "image/svg+xml", body, {"ETag": f'"{digest}"'})

    def _send(self, status: HTTPStatus, data: bytes, content_type: str, body: bool,
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for name, value in {**_SECURITY_HEADERS, **(extra or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self) -> None:
        """One `data: <revision>` message now and at every change, until the page or the server goes."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        for name, value in _SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        state = self.server.state
        seen = -1
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while True:
                revision = state.wait(seen, KEEPALIVE_S)
                if revision is None:  # shutting down
                    return
                self.wfile.write(f"data: {revision}\n\n".encode() if revision != seen else b": idle\n\n")
                self.wfile.flush()
                seen = revision
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            return  # the page was closed
