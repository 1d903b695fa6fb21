"""Local news sites imitating five real CMS shapes, served over HTTP on 127.0.0.1, with ground truth.

Templates are files under tests/fixtures/cms/; stories are the demo site's Korean articles. Faults can be
switched on to test `newsarchive doctor`: robots_disallow, feed_500, template_changed, urls_moved.

    with CmsSite("wordpress") as site:
        site.base_url, site.articles()        # every article URL the site links
        site.story_of(url)                    # story id behind any URL the site serves, or None
"""

from __future__ import annotations

import hashlib
import html
import json
import threading
from datetime import datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from string import Template
from importlib import resources
from urllib.parse import parse_qs, urlsplit

TEMPLATES = Path(__file__).parents[2] / "fixtures" / "cms"
DATA = resources.files("crawler.demo") / "data" / "articles"  # the demo site's Korean stories
SECTIONS = {"economy": "경제", "politics": "정치", "society": "사회", "it": "IT과학"}
CODES = {"economy": "S1N1", "politics": "S1N2", "society": "S1N3", "it": "S1N4"}
NAMES = {"ndsoft": "한빛일보", "wordpress": "새벽뉴스", "arc": "중앙타임스", "portal": "동네소식", "tfstyle": "팩트뉴스"}
PER_PAGE = 5


def _stories() -> list[dict]:
    rows = []
    for section in SECTIONS:
        rows += json.loads((DATA / f"{section}.json").read_text(encoding="utf-8"))
    for r in rows:
        r["dt"] = datetime.fromisoformat(r["published"])
    return sorted(rows, key=lambda r: r["dt"], reverse=True)


def _t(path: str) -> Template:
    return Template((TEMPLATES / path).read_text(encoding="utf-8"))


def arc_id(idxno: int) -> str:
    """Arc's 26-character upper-case story id, stable per story."""
    digest = hashlib.sha256(str(idxno).encode()).hexdigest()
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return "".join(alphabet[int(digest[i:i + 2], 16) % 32] for i in range(0, 52, 2))


class CmsSite:
    """One imitated news site of `kind` on 127.0.0.1 (a free port), started by `with` or start()."""

    def __init__(self, kind: str, *, host: str = "127.0.0.1", count: int = 40):
        self.kind = kind
        self.name = NAMES[kind]
        self.stories = _stories()[:count]
        self.by_id = {s["idxno"]: s for s in self.stories}
        self.by_arc = {arc_id(s["idxno"]): s["idxno"] for s in self.stories}
        self.faults: set[str] = set()
        self.requests: list[str] = []
        self._server = ThreadingHTTPServer((host, 0), self._handler())
        self._server.daemon_threads = True
        self.base_url = f"http://{host}:{self._server.server_address[1]}"
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> "CmsSite":
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "CmsSite":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ ground truth

    def article_url(self, s: dict, *, page: int | None = None) -> str:
        """The URL under which the site links story `s` (listing pages of the portal add their page)."""
        n, sec, d = s["idxno"], s["section"], s["dt"]
        if self.kind == "ndsoft":
            if "urls_moved" in self.faults:
                return f"{self.base_url}/news/view.php?id={n}"
            return f"{self.base_url}/news/articleView.html?idxno={n}"
        if self.kind == "wordpress":
            return f"{self.base_url}/{d:%Y/%m/%d}/{sec}-story-{n}/"
        if self.kind == "arc":
            return f"{self.base_url}/{sec}/{d:%Y/%m/%d}/{arc_id(n)}/"
        if self.kind == "portal":
            tail = f"&page={page}" if page else ""
            return f"{self.base_url}/news/read.php?section={sec}&no={n}{tail}"
        return f"{self.base_url}/read/{sec}/{1853000 + n}.htm"

    def articles(self) -> list[str]:
        """Every story's URL."""
        return [self.article_url(s) for s in self.stories]

    def story_of(self, url: str) -> int | None:
        """The story id a URL serves (any variant the site accepts), or None for a non-article page."""
        parts = urlsplit(url)
        path, q = parts.path, parse_qs(parts.query)
        segs = [p for p in path.split("/") if p]
        n = None
        if self.kind == "ndsoft" and path in ("/news/articleView.html", "/news/view.php"):
            n = (q.get("idxno") or q.get("id") or ["0"])[0]
        elif self.kind == "wordpress" and len(segs) == 4 and segs[0].isdigit() and "-story-" in segs[3]:
            n = segs[3].rsplit("-", 1)[1]
        elif self.kind == "arc" and len(segs) == 5 and segs[4] in self.by_arc:
            n = self.by_arc[segs[4]]
        elif self.kind == "portal" and path == "/news/read.php":
            n = (q.get("no") or ["0"])[0]
        elif self.kind == "tfstyle" and len(segs) == 3 and segs[0] == "read" and segs[2].endswith(".htm"):
            n = int(segs[2][:-4]) - 1853000
        try:
            n = int(n) if n is not None else None
        except ValueError:
            return None
        return n if n in self.by_id else None

    # ------------------------------------------------------------------ rendering

    def _fields(self, s: dict) -> dict[str, str]:
        e = html.escape
        d = s["dt"]
        return {
            "title": e(s["title"]), "subtitle": e(s.get("subtitle") or ""), "author": e(s["author"]),
            "author_slug": f"reporter{s['idxno'] % 7}", "email": e(s["email"]), "section": s["section"],
            "section_name": SECTIONS[s["section"]], "published": d.isoformat(),
            "published_text": f"{d:%Y-%m-%d %H:%M}", "idxno": str(s["idxno"]), "url": self.article_url(s),
            "summary": e(s["paragraphs"][0][:90]) if s["paragraphs"] else "", "rfc_date": format_datetime(d),
            "arc_id": arc_id(s["idxno"]),
        }

    def _common(self) -> dict[str, str]:
        return {"site_name": self.name, "base": self.base_url, "nav": self._nav(), "arc_site": "jtimes",
                "charset": "euc-kr" if self.kind == "portal" else "utf-8"}

    def _nav(self) -> str:
        out = []
        for sec, label in SECTIONS.items():
            out.append(f'<li><a href="{self._section_url(sec)}">{label}</a></li>')
        return "".join(out)

    def _section_url(self, sec: str, page: int = 1) -> str:
        if self.kind == "ndsoft":
            tail = f"&page={page}" if page > 1 else ""
            return f"/news/articleList.html?sc_section_code={CODES[sec]}&view_type=sm{tail}"
        if self.kind == "wordpress":
            return f"{self.base_url}/category/{sec}/" + (f"page/{page}/" if page > 1 else "")
        if self.kind == "arc":
            return f"/{sec}/"
        if self.kind == "portal":
            return f"/news/list.php?section={sec}&page={page}"
        return f"/list/{sec}"

    def _link_list(self, stories: list[dict], *, page: int | None = None) -> str:
        if self.kind == "wordpress":
            item = _t("wordpress/post_link.html")
            return "\n".join(item.substitute({**self._common(), **self._fields(s)}) for s in stories)
        return "\n".join(
            f'<li><a href="{self.article_url(s, page=page)}">{html.escape(s["title"])}</a></li>' for s in stories
        )

    def home(self) -> str:
        """The homepage: navigation and the latest stories."""
        return _t(f"{self.kind}/home.html").substitute(**self._common(), links=self._link_list(self.stories[:8]))

    def section(self, sec: str, page: int) -> str | None:
        """A section listing page (None past its last page)."""
        rows = [s for s in self.stories if s["section"] == sec]
        paginated = self.kind in ("ndsoft", "wordpress", "portal")
        chunk = rows[(page - 1) * PER_PAGE: page * PER_PAGE] if paginated else rows
        if not chunk:
            return None
        pages = ""
        if paginated and page * PER_PAGE < len(rows):
            nxt = self._section_url(sec, page + 1)
            pages = {
                "ndsoft": f'<li class="pagination-next"><a href="{nxt}">다음</a></li>',
                "wordpress": f'<a class="next page-numbers" href="{nxt}">다음 »</a>',
                "portal": f'<a href="{nxt}">다음</a>',
            }[self.kind]
        template = {"wordpress": "wordpress/archive.html", "arc": "arc/section.html"}.get(self.kind, f"{self.kind}/list.html")
        return _t(template).substitute(**self._common(), section_name=SECTIONS[sec], links=self._link_list(
            chunk, page=page if self.kind == "portal" else None), pages=pages)

    def article(self, n: int) -> str:
        """One article page in the site's template."""
        s = self.by_id[n]
        f = {**self._common(), **self._fields(s)}
        paras = "\n".join(f"<p>{html.escape(p)}</p>" for p in s["paragraphs"])
        related = self._link_list([r for r in self.stories if r["section"] == s["section"] and r is not s][:3])
        if self.kind == "ndsoft" and "template_changed" in self.faults:
            return _t("ndsoft/article_changed.html").substitute(f)
        if self.kind == "arc":
            ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": s["title"],
                  "datePublished": f["published"], "author": [{"@type": "Person", "name": s["author"]}],
                  "articleSection": f["section_name"], "articleBody": "\n\n".join(s["paragraphs"]),
                  "publisher": {"@type": "Organization", "name": self.name}, "mainEntityOfPage": f["url"]}
            f["jsonld"] = json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
            paras = "\n".join(f'<p class="article-body__paragraph">{html.escape(p)}</p>' for p in s["paragraphs"])
            f["tags"] = "".join(f'<a href="/tags/{i}/">#{html.escape(t)}</a>' for i, t in enumerate(s.get("tags", [])))
        template = {"wordpress": "wordpress/single.html", "arc": "arc/story.html"}.get(self.kind, f"{self.kind}/article.html")
        return _t(template).substitute(f, paragraphs=paras, related=related)

    def feed(self) -> str:
        """RSS of the 20 latest stories."""
        item = _t("common/rss_item.xml")
        items = "\n".join(item.substitute(self._fields(s)) for s in self.stories[:20])
        return _t("common/rss.xml").substitute(site_name=self.name, base=self.base_url, items=items)

    def urlset(self, stories: list[dict], *, news: bool = False, extra: list[str] = ()) -> str:
        """A sitemap urlset of stories (Google News fields when `news`) plus extra page URLs."""
        item = _t("common/news_item.xml" if news else "common/url_item.xml")
        rows = [item.substitute({**self._fields(s), "site_name": self.name}) for s in stories]
        rows += [_t("common/url_item.xml").substitute(url=u, published="2026-01-01") for u in extra]
        return _t("common/urlset.xml").substitute(items="\n".join(rows))

    def index(self, urls: list[str]) -> str:
        """A sitemap index."""
        item = _t("common/sitemap_item.xml")
        return _t("common/sitemapindex.xml").substitute(items="\n".join(item.substitute(url=u) for u in urls))

    def page(self, title: str) -> str:
        """A static non-article page (about, privacy …)."""
        return _t("common/page.html").substitute(self._common(), title=title)

    def robots(self) -> str:
        """robots.txt of the site."""
        if "robots_disallow" in self.faults:
            return "User-agent: *\nDisallow: /\n"
        lines = ["User-agent: *"]
        lines += {"ndsoft": ["Disallow: /member/", f"Sitemap: {self.base_url}/sitemap.xml"],
                  "wordpress": ["Disallow: /wp-admin/", "Allow: /wp-admin/admin-ajax.php",
                                f"Sitemap: {self.base_url}/wp-sitemap.xml"],
                  "arc": ["Disallow: /pf/api/", f"Sitemap: {self.base_url}/arc/outboundfeeds/sitemap-index/?outputType=xml",
                          f"Sitemap: {self.base_url}/arc/outboundfeeds/news-sitemap/?outputType=xml"],
                  "portal": ["Disallow: /admin/"], "tfstyle": ["Disallow: /search/"]}[self.kind]
        return "\n".join(lines) + "\n"

    # ------------------------------------------------------------------ routing

    def route(self, raw_path: str) -> tuple[int, str, str]:
        """(status, content type, body) for a request path."""
        parts = urlsplit(raw_path)
        path, q = parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}
        xml, htm = "application/xml; charset=utf-8", "text/html; charset=utf-8"
        if path == "/robots.txt":
            return 200, "text/plain; charset=utf-8", self.robots()
        if path == "/":
            return 200, htm, self.home()
        n = self.story_of(self.base_url + raw_path)
        if n is not None:
            moved = "urls_moved" in self.faults
            if self.kind == "ndsoft" and moved != (path == "/news/view.php"):
                return 404, htm, self.page("페이지를 찾을 수 없습니다")
            return 200, htm, self.article(n)
        k = self.kind
        if k == "ndsoft":
            if path == "/rss/allArticle.xml":
                return (500, htm, "Internal Server Error") if "feed_500" in self.faults else (200, xml, self.feed())
            if path == "/sitemap.xml":
                return 200, xml, self.urlset(self.stories)
            if path == "/news/articleList.html":
                sec = {v: s for s, v in CODES.items()}.get(q.get("sc_section_code", ""))
                body = self.section(sec, int(q.get("page", 1))) if sec else None
                return (200, htm, body) if body else (404, htm, self.page("없는 페이지"))
            if path in ("/com/company.html", "/com/policy.html", "/member/login.html"):
                return 200, htm, self.page("회사소개")
        if k == "wordpress":
            if path == "/feed/":
                return 200, "application/rss+xml; charset=UTF-8", self.feed()
            if path == "/wp-sitemap.xml":
                maps = ["wp-sitemap-posts-post-1.xml", "wp-sitemap-posts-page-1.xml",
                        "wp-sitemap-taxonomies-category-1.xml", "wp-sitemap-users-1.xml"]
                return 200, xml, self.index([f"{self.base_url}/{m}" for m in maps])
            if path == "/wp-sitemap-posts-post-1.xml":
                return 200, xml, self.urlset(self.stories)
            if path == "/wp-sitemap-posts-page-1.xml":
                return 200, xml, self.urlset([], extra=[f"{self.base_url}/about/", f"{self.base_url}/contact/"])
            if path == "/wp-sitemap-taxonomies-category-1.xml":
                return 200, xml, self.urlset([], extra=[f"{self.base_url}/category/{s}/" for s in SECTIONS])
            if path == "/wp-sitemap-users-1.xml":
                return 200, xml, self.urlset([], extra=[f"{self.base_url}/author/reporter{i}/" for i in range(7)])
            segs = [s for s in path.split("/") if s]
            if segs[:1] == ["category"] and len(segs) >= 2 and segs[1] in SECTIONS:
                page = int(segs[3]) if len(segs) == 4 and segs[2] == "page" else 1
                body = self.section(segs[1], page)
                return (200, htm, body) if body else (404, htm, self.page("없는 페이지"))
            if path in ("/about/", "/contact/") or segs[:1] in (["author"], ["tag"]):
                return 200, htm, self.page("소개")
        if k == "arc":
            if path == "/arc/outboundfeeds/sitemap-index/":
                days = sorted({s["dt"].date() for s in self.stories}, reverse=True)
                return 200, xml, self.index([f"{self.base_url}/arc/outboundfeeds/sitemap/{d}/?outputType=xml" for d in days])
            if path.startswith("/arc/outboundfeeds/sitemap/"):
                day = path.rstrip("/").rsplit("/", 1)[1]
                return 200, xml, self.urlset([s for s in self.stories if str(s["dt"].date()) == day])
            if path == "/arc/outboundfeeds/news-sitemap/":
                return 200, xml, self.urlset(self.stories[:10], news=True)
            if path == "/arc/outboundfeeds/rss/":
                return 200, xml, self.feed()
            segs = [s for s in path.split("/") if s]
            if len(segs) == 1 and segs[0] in SECTIONS:
                return 200, htm, self.section(segs[0], 1)
            if path in ("/about-us/", "/privacy-policy/") or segs[:1] in (["people"], ["tags"]):
                return 200, htm, self.page("회사소개")
        if k == "portal":
            if path == "/news/list.php" and q.get("section") in SECTIONS:
                body = self.section(q["section"], int(q.get("page", 1)))
                return (200, htm, body) if body else (404, htm, self.page("없는 페이지"))
            if path in ("/company/intro.php", "/member/login.php"):
                return 200, htm, self.page("회사소개")
        if k == "tfstyle":
            if path == "/rss/news.xml":
                return 500, htm, "<html><body>Server Error</body></html>"
            if path == "/sitemap.xml":
                return 200, xml, self.urlset(self.stories, news=True)
            segs = [s for s in path.split("/") if s]
            if segs[:1] == ["list"] and len(segs) == 2 and segs[1] in SECTIONS:
                return 200, htm, self.section(segs[1], 1)
            if path in ("/etc/about.htm", "/etc/privacy.htm"):
                return 200, htm, self.page("회사소개")
        return 404, htm, self.page("페이지를 찾을 수 없습니다")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                """Quiet: `site.requests` keeps the paths."""

            def do_GET(self) -> None:
                site.requests.append(self.path)
                status, ctype, body = site.route(self.path)
                if site.kind == "portal" and ctype.startswith("text/html"):
                    # old Korean sites: EUC-KR declared only in <meta>, not in the Content-Type header
                    ctype, data = "text/html", body.encode("cp949", errors="xmlcharrefreplace")
                else:
                    data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
