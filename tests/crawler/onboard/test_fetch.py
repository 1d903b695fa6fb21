"""The onboarding/doctor HTTP client against real servers on 127.0.0.1 and 127.0.0.2: robots.txt obeyed
(also for redirect targets), Crawl-delay honoured, redirects kept on the site, bodies capped."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawler.onboard.fetch import Fetcher

FIXTURES = Path(__file__).parents[2] / "fixtures" / "onboard"


class Server:
    """A tiny site: fixture files plus redirect and oversized routes; keeps the paths it was asked for."""

    def __init__(self, host: str, routes: dict):
        self.paths: list[str] = []
        self.routes = routes
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                """Quiet."""

            def do_GET(self) -> None:
                server.paths.append(self.path)
                status, headers, body = server.routes.get(self.path, (404, {}, b"missing"))
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.base = f"http://{host}:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        """Stop serving."""
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def sites():
    """The site under test on 127.0.0.1 and another host on 127.0.0.2."""
    other = Server("127.0.0.2", {"/landing": (200, {"Content-Type": "text/html"}, b"<p>elsewhere</p>")})
    page = (FIXTURES / "page.html").read_bytes()
    html = {"Content-Type": "text/html; charset=utf-8"}
    site = Server("127.0.0.1", {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, (FIXTURES / "robots.txt").read_bytes()),
        "/page": (200, html, page),
        "/moved": (301, {"Location": "/page"}, b""),
        "/to-private": (302, {"Location": "/private/secret"}, b""),
        "/private/secret": (200, html, page),
        "/big": (200, html, page * 200),
    })
    site.routes["/offsite"] = (302, {"Location": other.base + "/landing"}, b"")
    yield site, other
    site.close()
    other.close()


def test_redirects_stay_on_site_and_robots_apply_to_targets(sites):
    site, other = sites
    with Fetcher(site.base, delay=0) as f:
        moved = f.get("/moved")
        assert moved.ok and moved.url == site.base + "/page" and "테스트" in moved.text
        off = f.get("/offsite")
        assert not off.ok and "off the site" in off.error and "127.0.0.2" in off.error
        private = f.get("/to-private")
        assert not private.ok and "robots.txt" in private.error
        direct = f.get("/private/secret")
        assert not direct.ok and "robots.txt" in direct.error
    assert other.paths == []  # nothing ever reached the other host
    assert "/private/secret" not in site.paths


def test_body_size_is_capped(sites):
    site, _ = sites
    with Fetcher(site.base, delay=0, max_bytes=4096) as f:
        big = f.get("/big")
        assert not big.ok and "larger than" in big.error and big.body == b""
        assert f.get("/page").ok


def test_crawl_delay_from_robots_spaces_requests(sites):
    site, _ = sites
    with Fetcher(site.base, delay=0) as f:
        f.get("/page")  # reads robots.txt first: Crawl-delay 0.3 s beats our 0
        assert f.delay == pytest.approx(0.3)
        start = time.monotonic()
        for _ in range(3):
            f.get("/page")
        assert time.monotonic() - start >= 0.85  # three waits of 0.3 s at least (a lower bound: load only adds)


def test_unreachable_site_is_a_page_with_an_error_not_an_exception():
    with Fetcher("http://127.0.0.1:9", delay=0, timeout=3) as f:
        page = f.get("/")
    assert not page.ok and page.error
