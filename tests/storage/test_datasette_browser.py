"""The Datasette plugin as a reader sees it: a real `datasette` server on 127.0.0.1 over an archive crawled from
the demo site, driven by a real headless Chromium (Debian's, through Playwright), screenshots checked.

Needs Debian `chromium` and `fonts-noto-cjk` (.ci/run installs them); without them this module fails, it does
not skip. Every request the browser makes to a host outside 127.0.0.0/8 (the seed article's images) is refused.
"""

from __future__ import annotations

import ipaddress
import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from functools import wraps
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from PIL import Image, ImageChops, ImageStat
from playwright.sync_api import Page, expect, sync_playwright

from crawler.demo.server import DemoSite, ground_truth
from crawler.sites import BUILTIN_SITES_DIR
from storage import Archive
from storage.datasette_plugin.browse import DEFAULT_COLUMNS, INTERNAL_TABLES

ROOT = Path(__file__).parents[2]
SEED_EXPECTED = ROOT / "tests" / "fixtures" / "seed" / "expected.json"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DB_NAME = "news"
EDITED = 1002  # demo article edited between the two crawls, so it has an earlier version
NEW_TITLE = "수정된 제목: 데모 기사 2보"
PHOTO_ARTICLE = 1036  # demo article with two photos on the demo site itself
WIDTH, HEIGHT = 1280, 900


def _require_browser() -> str:
    if not CHROMIUM:
        pytest.fail("chromium is not installed: apt-get install chromium fonts-noto-cjk (.ci/run does)", pytrace=False)
    fonts = subprocess.run(["fc-list", ":lang=ko", "family"], capture_output=True, text=True).stdout
    if "CJK" not in fonts:
        pytest.fail("no Korean font: apt-get install fonts-noto-cjk (.ci/run does)", pytrace=False)
    return CHROMIUM


def _crawl(db: Path, base_url: str, sites: Path | None = None) -> None:
    opts = ["--sites", str(sites)] if sites else []
    proc = subprocess.run([sys.executable, "-m", "crawler.cli", "--db", str(db), *opts, "crawl", "demo", "--base-url",
                           base_url, "--no-progress", "--json"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]


def _revisit_sites(tmp: Path) -> Path:
    """A site directory whose `demo` re-checks archived articles, so an edit becomes a new version."""
    toml, n = re.subn(r"\[dedupe\]\n", "[dedupe]\nrevisit_hours = 1000000\n",
                      (BUILTIN_SITES_DIR / "demo.toml").read_text(encoding="utf-8"))
    assert n == 1
    (tmp / "sites").mkdir()
    (tmp / "sites" / "demo.toml").write_text(toml, encoding="utf-8")
    return tmp / "sites"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo site (kept up: article pages load their photos from it) and an archive of two crawls of it."""
    tmp = tmp_path_factory.mktemp("datasette-browser")
    db = tmp / f"{DB_NAME}.db"
    with DemoSite() as demo:
        _crawl(db, demo.base_url)
        demo.edit_article(EDITED, title=NEW_TITLE)
        _crawl(db, demo.base_url, _revisit_sites(tmp))
        yield {"db": db, "base": demo.base_url, "shots": tmp / "screenshots"}


@pytest.fixture(scope="module")
def server(site):
    """`datasette serve` on 127.0.0.1 with the installed plugin (entry point), as a user starts it."""
    port = _free_port()
    log = open(site["db"].parent / "datasette.log", "w+")
    proc = subprocess.Popen([sys.executable, "-m", "datasette", "serve", str(site["db"]), "-h", "127.0.0.1", "-p", str(port)],
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/-/plugins.json", timeout=5) as r:
                    plugins = json.load(r)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail(f"datasette did not start: {log.read()[-2000:]}", pytrace=False)
                time.sleep(0.2)
        assert any(p["name"] == "newsarchive" for p in plugins), f"plugin not installed (pip install -e .): {plugins}"
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


# pytest runs under the Twisted asyncio reactor, whose event loop owns the main thread, and Playwright's sync API
# refuses to run inside a running loop: the browser lives in one thread of its own, and so do the tests using it.
_BROWSER_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="playwright")


def in_browser_thread(fn):
    """Run `fn` (a fixture step or a whole test) in the browser's thread."""
    @wraps(fn)
    def run(*args, **kwargs):
        return _BROWSER_THREAD.submit(fn, *args, **kwargs).result()

    return run


def _loopback_only(route) -> None:
    host = urlsplit(route.request.url).hostname or ""
    try:
        allowed = ipaddress.ip_address(host).is_loopback
    except ValueError:
        allowed = False
    route.continue_() if allowed else route.abort()


@in_browser_thread
def _launch(executable: str):
    playwright = sync_playwright().start()
    # The resolver rule keeps Chromium's own background lookups off the network too.
    return playwright, playwright.chromium.launch(executable_path=executable, headless=True,
                                                  args=["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])


@in_browser_thread
def _stop(playwright, browser) -> None:
    browser.close()
    playwright.stop()


@in_browser_thread
def _new_page(browser, base_url: str) -> Page:
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="ko-KR", base_url=base_url)
    context.route("**/*", _loopback_only)
    return context.new_page()


@pytest.fixture(scope="module")
def browser():
    playwright, b = _launch(_require_browser())
    yield b
    _stop(playwright, b)


@pytest.fixture
def page(browser, server):
    pg = _new_page(browser, server)
    yield pg
    in_browser_thread(pg.context.close)()


def _shot(page: Page, site: dict, name: str, selector: str | None = None) -> Image.Image:
    site["shots"].mkdir(exist_ok=True)
    path = site["shots"] / f"{name}.png"
    (page.locator(selector).first if selector else page).screenshot(path=str(path))
    return Image.open(path).convert("L")


def _ink(image: Image.Image) -> float:
    """Fraction of pixels clearly darker than the white page."""
    histogram = image.histogram()
    return sum(histogram[:160]) / (image.width * image.height)


def assert_renders_korean(page: Page, site: dict, name: str, selector: str) -> None:
    """The element's Korean text is drawn: Chromium used a CJK font for its glyphs, and its screenshot has ink
    where the same element rendered with invisible text has none."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    assert any("CJK" in f["familyName"] and f["glyphCount"] > 0 for f in fonts), fonts
    drawn = _shot(page, site, name + "-text", selector)
    hide = page.add_style_tag(content=f"{selector}, {selector} * {{ color: transparent !important; "
                                      "text-decoration-color: transparent !important; }")
    blank = _shot(page, site, name + "-blank", selector)
    hide.evaluate("style => style.remove()")
    assert _ink(blank) < 0.005, "the blank render is not blank: wrong region"
    assert _ink(drawn) > 0.02, f"{selector} has (almost) no visible text"
    diff = ImageStat.Stat(ImageChops.difference(drawn, blank))
    assert diff.mean[0] > 5, "text render and blank render look the same"


def assert_page_not_blank(image: Image.Image) -> None:
    """A full-page screenshot with content: neither uniform nor almost all white."""
    low, high = image.getextrema()
    assert high - low > 100 and _ink(image) > 0.005


def article_id(db: Path, url: str) -> int:
    with Archive(db, readonly=True) as a:
        found = a.article_id_for_url(url)
    assert found is not None, url
    return found


@in_browser_thread
def test_index_lists_articles_first_and_hides_internal_tables(page, site):
    page.goto("/")
    links = page.locator(f"a[href^='/{DB_NAME}/']").all_inner_texts()
    assert links and links[0] == "articles", links
    for internal in (*INTERNAL_TABLES, "articles_fts_data", "articles_fts_idx"):
        assert internal not in links
    assert_page_not_blank(_shot(page, site, "index"))

    page.goto(f"/{DB_NAME}")
    tables = page.locator("div.db-table h3 a").all_inner_texts()
    assert tables[0] == "articles", tables
    assert set(tables) == {"articles", "article_urls", "article_versions", "crawl_runs", "sources", "watches"}, tables
    assert_page_not_blank(_shot(page, site, "database"))


@in_browser_thread
def test_articles_table_shows_main_columns_newest_first(page, site):
    page.goto(f"/{DB_NAME}/articles")
    headers = page.locator("table.rows-and-columns th").evaluate_all("ths => ths.map(th => th.dataset.column)")
    assert headers == ["id", *DEFAULT_COLUMNS]
    with Archive(site["db"], readonly=True) as a:
        newest = [r["title"] for r in a.db.query("select title from articles order by published_utc desc, id limit 5")]
    assert page.locator("td.col-title").all_inner_texts()[:5] == newest
    assert_renders_korean(page, site, "articles-title-cell", "td.col-title")
    assert_page_not_blank(_shot(page, site, "articles"))

    every = {"body", "body_hash", "search_title"}
    page.get_by_role("link", name="show all columns", exact=True).click()  # the link in the table description
    page.wait_for_url(f"**/{DB_NAME}/articles?*_columns=all*")
    assert every <= set(page.locator("table.rows-and-columns th").evaluate_all("ths => ths.map(th => th.dataset.column)"))

    page.go_back()  # Datasette's column menu: "Show all columns" must not land on the default columns again
    page.locator("th.col-title svg").click()
    page.locator("a.dropdown-show-all-columns").click()
    page.wait_for_url(f"**/{DB_NAME}/articles?*_columns=all*")
    assert every <= set(page.locator("table.rows-and-columns th").evaluate_all("ths => ths.map(th => th.dataset.column)"))


@in_browser_thread
def test_article_page_reads_like_the_article(page, site):
    expected = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))
    seed = article_id(site["db"], site["base"] + ground_truth().seed_path)
    page.goto(f"/{DB_NAME}/-/article/{seed}")
    assert page.locator("article h1").inner_text() == expected["title"]
    assert page.locator("article .subtitle").inner_text() == expected["subtitle"]
    byline = page.locator("article .byline").inner_text()
    assert all(name in byline for name in expected["authors"]) and "2021-04-07" in byline
    assert page.locator("article .body p").all_inner_texts() == expected["body_paragraphs"]
    assert page.locator("article figcaption").all_inner_texts() == expected["captions"]
    # the seed's photos live on its original (non-loopback) host, which the browser is not allowed to reach
    with Archive(site["db"], readonly=True) as a:
        assert page.locator("article .original a").get_attribute("href") == a.get_article(seed)["url"]
    assert_renders_korean(page, site, "seed-title", "article h1")
    assert_renders_korean(page, site, "seed-body", "article .body p")
    assert_page_not_blank(_shot(page, site, "seed-article"))


@in_browser_thread
def test_article_page_shows_photos_with_captions(page, site):
    url = f"{site['base']}/news/articleView.html?idxno={PHOTO_ARTICLE}"
    with Archive(site["db"], readonly=True) as a:
        stored = a.get_article(url)
    assert len(stored["images"]) == 2
    page.goto(f"/{DB_NAME}/-/article/{stored['id']}")
    page.wait_for_load_state("networkidle")
    images = page.locator("article figure img")
    assert images.evaluate_all("imgs => imgs.map(i => i.src)") == [i["url"] for i in stored["images"]]
    page.locator("article figure").last.scroll_into_view_if_needed()  # lazy images load once near the viewport
    page.wait_for_function("[...document.querySelectorAll('article figure img')].every(i => i.complete && i.naturalWidth > 0)")
    assert page.locator("article figcaption").all_inner_texts() == [i["caption"] for i in stored["images"]]
    photo = _shot(page, site, "photo", "article figure img")
    assert ImageStat.Stat(photo).stddev[0] > 10  # the picture itself, not an empty box
    _shot(page, site, "photo-figure", "article figure")
    page.locator("article .original a").evaluate("a => a.scrollIntoView()")
    assert page.locator("article .original a").get_attribute("href") == url


@in_browser_thread
def test_article_page_links_to_its_versions(page, site):
    url = f"{site['base']}/news/articleView.html?idxno={EDITED}"
    with Archive(site["db"], readonly=True) as a:
        current = a.get_article(url)
        (old,) = a.versions(current["id"])
    assert current["title"] == NEW_TITLE and old["title"] != NEW_TITLE
    page.goto(f"/{DB_NAME}/-/article/{current['id']}")
    assert page.locator("article h1").inner_text() == NEW_TITLE
    assert "version 2" in page.locator("article .versions").inner_text()
    page.locator("article .versions li a").first.click()
    page.wait_for_url(f"**/{DB_NAME}/article_versions/{old['id']}")
    expect(page.locator("table.rows-and-columns")).to_contain_text(old["title"])
    page.go_back()
    page.locator("article .versions a", has_text="Earlier versions").click()
    page.wait_for_url(f"**/{DB_NAME}/article_versions?article_id={current['id']}")
    expect(page.locator("td.col-id")).to_have_count(1)


@pytest.mark.parametrize("where", ["search", "articles"])
@in_browser_thread
def test_search_hits_link_to_the_article_page(page, site, where):
    query = "누리호"
    if where == "search":
        page.goto(f"/{DB_NAME}/search?q={quote(query)}")
    else:
        page.goto(f"/{DB_NAME}/articles?_search={quote(query)}")
    hits = page.locator("td.col-title a")
    assert hits.count() >= 1
    title = hits.first.inner_text()
    assert_page_not_blank(_shot(page, site, f"hits-{where}"))
    hits.first.click()
    page.wait_for_url(re.compile(rf"/{DB_NAME}/-/article/\d+$"))
    assert page.locator("article h1").inner_text() == title and query in title
    assert_renders_korean(page, site, f"hit-article-{where}", "article h1")
