"""The demo news site served over HTTP on 127.0.0.1 (stdlib ThreadingHTTPServer), with a request log.

Usage::

    with DemoSite() as site:                 # free port
        urllib.request.urlopen(site.base_url + "/robots.txt")
        site.request_paths()                 # ["/robots.txt"]
    truth = ground_truth()                   # what a correct crawl should archive
"""

from __future__ import annotations

import hashlib
import logging
import socket
import threading
import time
from typing import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

from crawler.demo import feeds, render
from crawler.demo.store import SiteData, Story, read_bytes
from crawler.demo.truth import GroundTruth, build, ground_truth

__all__ = ["DemoSite", "GroundTruth", "RequestRecord", "ground_truth", "serve"]

log = logging.getLogger(__name__)

HTML_UTF8 = "text/html; charset=utf-8"


@dataclass(frozen=True)
class RequestRecord:
    """One request the demo site answered."""

    method: str
    path: str  # path with query string, as requested
    headers: dict[str, str]
    status: int
    at: float = field(default_factory=time.monotonic)  # when it was answered (politeness checks)


class _Server(ThreadingHTTPServer):
    """ThreadingHTTPServer that knows its DemoSite and keeps client disconnects off stderr."""

    daemon_threads = True
    allow_reuse_address = True
    site: "DemoSite"

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self._conns: set[socket.socket] = set()
        self._conns_lock = threading.Lock()

    def process_request(self, request, client_address) -> None:  # noqa: ANN001 - stdlib signature
        """Track open connections so stop() can cut idle keep-alive clients off."""
        with self._conns_lock:
            self._conns.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:  # noqa: ANN001 - stdlib signature
        """Forget a finished connection."""
        with self._conns_lock:
            self._conns.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Shut down every open client connection (a stopped site must not keep answering)."""
        with self._conns_lock:
            conns = list(self._conns)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001 - stdlib signature
        """Log unexpected handler errors at debug level only (crawlers hang up mid-response routinely)."""
        log.debug("demo site: error serving %s", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    """Routes demo-site requests; see DemoSite for the URL scheme."""

    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "DemoNewsCMS/2.4"
    sys_version = ""
    timeout = 30  # idle keep-alive connections are dropped instead of pinning a thread forever

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        """Stay quiet: the request log on DemoSite replaces per-request stderr lines."""

    def do_GET(self) -> None:
        """Answer a GET."""
        self._handle(head=False)

    def do_HEAD(self) -> None:
        """Answer a HEAD (same headers as GET, no body)."""
        self._handle(head=True)

    # ------------------------------------------------------------------ plumbing

    def _handle(self, head: bool) -> None:
        """Route the request; any bug becomes a logged 500 instead of a silently dropped connection."""
        self._head = head
        self._status = 0
        self._recorded = False
        try:
            self._route()
        except Exception:  # noqa: BLE001 - keep serving; the failure is logged for the developer
            log.exception("demo site: error rendering %s", self.path)
            if not self._status:
                self._send(500, b"internal error", "text/plain; charset=utf-8")
        finally:
            if not self._recorded:
                self._log(self._status)

    def _log(self, status: int) -> None:
        self._recorded = True
        self.server.site._record(self.command, self.path, dict(self.headers.items()), status)

    def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None,
              *, truncate: bool = False) -> None:
        """Send a complete response (or, with truncate, a short one that lies about its length)."""
        self._status = status
        # log before answering: a client that has its response must find the request in the log
        self._log(status)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        if truncate:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if not self._head and status != 304:
            self.wfile.write(body[: len(body) // 3] if truncate else body)
        self.wfile.flush()

    def _send_conditional(self, body: bytes, ctype: str, last_modified: datetime) -> None:
        """Send a page with ETag/Last-Modified, or 304 if the client's validators still match."""
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        headers = {"ETag": etag, "Last-Modified": format_datetime(last_modified.astimezone(timezone.utc), usegmt=True),
                   "Cache-Control": "no-cache"}
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm is not None:
            tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
            if etag in tags or "*" in tags:
                return self._send(304, b"", ctype, headers)
        elif ims:
            try:
                since = parsedate_to_datetime(ims)
            except (TypeError, ValueError):
                since = None
            if since is not None and since.tzinfo is not None and last_modified.replace(microsecond=0) <= since:
                return self._send(304, b"", ctype, headers)
        self._send(200, body, ctype, headers)

    def _not_found(self) -> None:
        """Branded 404 page."""
        self._send(404, render.render_error(self.server.site.data, 404).encode(), HTML_UTF8)

    # ------------------------------------------------------------------ routes

    def _route(self) -> None:
        """Dispatch on path."""
        site = self.server.site
        data, base = site.data, site.base_url
        url = urlsplit(self.path)
        path, query = url.path, parse_qs(url.query)
        if path in ("/", "/index.html"):
            return self._send(200, render.render_home(data, base).encode(), HTML_UTF8)
        if path == "/robots.txt":
            return self._send(200, feeds.robots_txt(base).encode(), "text/plain; charset=utf-8")
        if path == "/rss/allArticle.xml":
            return self._send(200, feeds.rss(data, base).encode(), "application/rss+xml; charset=utf-8")
        sitemaps = {"/sitemap.xml": feeds.sitemap_index, "/sitemap-articles.xml": feeds.sitemap_articles,
                    "/sitemap-news.xml": feeds.sitemap_news}
        if path in sitemaps:
            return self._send(200, sitemaps[path](data, base).encode(), "application/xml; charset=utf-8")
        if path.startswith("/section/"):
            return self._listing(path.removeprefix("/section/"), query)
        if path in ("/news/articleView.html", "/news/draft/articleView.html"):
            return self._article(path.startswith("/news/draft/"), query)
        if path == data.seed_path:
            body = read_bytes(data.config["seed"]["html"])
            return self._send_conditional(body, HTML_UTF8, data.seed_entry.last_modified)
        if path.startswith("/news/photo/") and path.endswith(".jpg"):
            return self._send(200, read_bytes("photo.jpg"), "image/jpeg", {"Cache-Control": "max-age=86400"})
        self._not_found()

    def _listing(self, key: str, query: dict[str, list[str]]) -> None:
        """Section listing page, EUC-KR for the local section."""
        data = self.server.site.data
        try:
            page = int(query.get("page", ["1"])[0])
        except ValueError:
            page = 0
        html = render.render_listing(data, key, page, self.server.site.base_url) if key in data.sections else None
        if html is None:
            return self._not_found()
        if key == "local":
            return self._send(200, html.encode("cp949", "xmlcharrefreplace"), "text/html; charset=euc-kr")
        self._send(200, html.encode(), HTML_UTF8)

    def _article(self, draft: bool, query: dict[str, list[str]]) -> None:
        """Article page by idxno: normal, AMP, or one of the failure cases."""
        site = self.server.site
        try:
            idxno = int(query.get("idxno", [""])[0])
        except ValueError:
            return self._not_found()
        story = site.data.snapshot(idxno)
        if story is None or (story.kind == "draft") != draft or story.kind == "404":
            return self._not_found()
        if story.kind == "500":
            return self._send(500, render.render_error(site.data, 500).encode(), HTML_UTF8)
        amp = query.get("outputType", [""])[0] == "amp" and story.kind == "article" and story.encoding == "utf-8"
        html = (render.render_amp if amp else render.render_article)(site.data, story, site.base_url)
        body, ctype = _encode(story, html)
        if story.kind == "truncated":
            return self._send(200, body, ctype, truncate=True)
        self._send_conditional(body, ctype, story.last_modified)


def _encode(story: Story, html: str) -> tuple[bytes, str]:
    """Bytes and Content-Type of an article page (EUC-KR pages encoded as cp949, the superset real sites use)."""
    if story.encoding == "utf-8":
        return html.encode(), HTML_UTF8
    body = html.encode("cp949", "xmlcharrefreplace")
    return body, "text/html; charset=euc-kr" if story.charset_header else "text/html"


class DemoSite:
    """The bundled Korean demo news site, served on host:port (0 = a free port) in a daemon thread.

    URL scheme: `/`, `/section/{key}?page=N`, `/news/articleView.html?idxno=N` (`&outputType=amp`),
    `/news/draft/articleView.html?idxno=N` (robots-disallowed), `/read/economy/1853871.htm` (seed),
    `/rss/allArticle.xml`, `/robots.txt`, `/sitemap.xml` → `/sitemap-articles.xml`, `/sitemap-news.xml`.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port
        self.data = SiteData()
        self.requests: list[RequestRecord] = []
        self._log_lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._base_url: str | None = None

    @property
    def base_url(self) -> str:
        """Root URL of the running server, e.g. http://127.0.0.1:54321 (valid after start())."""
        if self._base_url is None:
            raise RuntimeError("DemoSite is not started")
        return self._base_url

    def start(self) -> "DemoSite":
        """Bind and serve in a daemon thread; returns self."""
        if self._server is not None:
            return self
        server = _Server((self.host, self.port), _Handler)
        server.site = self
        self._server = server
        self.port = server.server_address[1]
        self._base_url = f"http://{self.host}:{self.port}"
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                                        name=f"demo-site:{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        server.close_connections()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> "DemoSite":
        """Start on entering a with block."""
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        """Stop on leaving a with block."""
        self.stop()

    def _record(self, method: str, path: str, headers: dict[str, str], status: int) -> None:
        """Append to the request log (handler threads call this concurrently)."""
        with self._log_lock:
            self.requests.append(RequestRecord(method, path, headers, status))

    def request_paths(self) -> list[str]:
        """Paths (with query) requested so far, in order."""
        with self._log_lock:
            return [r.path for r in self.requests]

    def clear_log(self) -> None:
        """Forget logged requests."""
        with self._log_lock:
            self.requests.clear()

    def edit_article(self, idxno: int, *, title: str | None = None, append_paragraph: str | None = None) -> None:
        """Change a served article (new modified time, so new ETag and Last-Modified)."""
        self.data.edit(idxno, title=title, append_paragraph=append_paragraph)

    def truth(self) -> GroundTruth:
        """Ground truth of this instance, reflecting edits made with edit_article()."""
        return build(self.data)


def serve(port: int = 8765, host: str = "127.0.0.1", *, announce: Callable[[str], None] | None = None) -> None:
    """Serve the demo site until Ctrl-C (blocking); `announce(base_url)` is called once it listens."""
    site = DemoSite(host, port).start()
    if announce:
        announce(site.base_url)
    else:
        print(f"데모뉴스 demo site on {site.base_url}  (Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        site.stop()
