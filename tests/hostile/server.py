"""A hostile HTTP server for the crawler's tests: a ThreadingHTTPServer on one loopback address that answers
each path from a route table (status, headers, body) and logs every request it gets.

Usage::

    with HostileServer("127.0.0.2") as other:
        other.route("/feed.xml", body=b"<rss/>", ctype="application/rss+xml")
        other.redirect("/old/1", "http://127.0.0.1:8000/news/1", status=301)
        ... crawl ...
        other.paths()        # every path requested, in order
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Callable


@dataclass
class Reply:
    """One canned answer: status, headers and a body (or a function producing it, for large payloads)."""

    status: int = 200
    body: bytes | Callable[[], bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)


class HostileServer:
    """Serves `Reply` objects by path on `host`:free port; unknown paths get 404. Records requested paths."""

    def __init__(self, host: str = "127.0.0.1"):
        self.host = host
        self.routes: dict[str, Reply] = {}
        self.requests: list[str] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """http://host:port of the running server."""
        assert self._server is not None, "server not started"
        return f"http://{self.host}:{self._server.server_address[1]}"

    @property
    def port(self) -> int:
        """The port the server listens on."""
        assert self._server is not None, "server not started"
        return self._server.server_address[1]

    def route(self, path: str, body: bytes | Callable[[], bytes] = b"", *, status: int = 200,
              ctype: str = "text/html; charset=utf-8", headers: dict[str, str] | None = None) -> None:
        """Answer GET `path` (path and query, exactly as requested) with this body."""
        self.routes[path] = Reply(status, body, {"Content-Type": ctype, **(headers or {})})

    def redirect(self, path: str, location: str, *, status: int = 302) -> None:
        """Answer GET `path` with a redirect to `location`."""
        self.routes[path] = Reply(status, b"", {"Location": location})

    def paths(self) -> list[str]:
        """Every path requested so far, in order."""
        with self._lock:
            return list(self.requests)

    def count(self, prefix: str) -> int:
        """How many requests started with `prefix`."""
        return sum(1 for p in self.paths() if p.startswith(prefix))

    def __enter__(self) -> "HostileServer":
        server = _QuietServer((self.host, 0), _handler_for(self))
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name=f"hostile-{self.host}", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()


class _QuietServer(ThreadingHTTPServer):
    """A threading server that does not print a traceback when the crawler hangs up on a refused payload."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001 - stdlib signature
        """Ignore: dropped connections are what the crawler is supposed to do with bombs."""


def _handler_for(site: HostileServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 30

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
            """Quiet: the server's request list is the log."""

        def do_GET(self) -> None:
            """Answer from the route table."""
            with site._lock:
                site.requests.append(self.path)
            reply = site.routes.get(self.path) or Reply(404, b"not found", {"Content-Type": "text/plain"})
            body = reply.body() if callable(reply.body) else reply.body
            try:
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the crawler hung up on a payload it refused
                self.close_connection = True

    return Handler
