"""`newsarchive sites add URL` then `crawl`, as a user runs them, against five local sites that imitate
real CMS shapes (none configured in advance), checked against each site's own ground truth."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from storage import Archive
from tests.crawler.onboard.cms_sites import CmsSite

KINDS = ["ndsoft", "wordpress", "arc", "portal", "tfstyle"]


def cli(*args: str, cwd: Path) -> subprocess.Popen:
    """Start the CLI in a subprocess (one Twisted reactor per process)."""
    return subprocess.Popen([sys.executable, "-m", "crawler.cli", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen) -> tuple[int, str, str]:
    """Wait for a CLI subprocess; (exit code, stdout, stderr)."""
    stdout, stderr = proc.communicate(timeout=240)
    return proc.returncode, stdout, stderr


@pytest.fixture(scope="module")
def onboarded(tmp_path_factory):
    """Every site onboarded with `sites add` and crawled once (the five run side by side)."""
    work = tmp_path_factory.mktemp("onboard")
    sites = {kind: CmsSite(kind).start() for kind in KINDS}
    try:
        adds = {k: cli("sites", "add", s.base_url + "/", "--delay", "0", cwd=work) for k, s in sites.items()}
        added = {k: finish(p) for k, p in adds.items()}
        for kind, (code, out, err) in added.items():
            assert code == 0, f"{kind}: {err}"
        files = {k: work / "sites" / f"127-0-0-1-{s.base_url.rsplit(':', 1)[1]}.toml" for k, s in sites.items()}
        crawls = {k: cli("--db", str(work / f"{k}.db"), "crawl", files[k].stem, "--no-progress", "--json", cwd=work)
                  for k in KINDS}
        crawled = {k: finish(p) for k, p in crawls.items()}
        yield {"work": work, "sites": sites, "files": files, "added": added, "crawled": crawled}
    finally:
        for s in sites.values():
            s.stop()


@pytest.mark.parametrize("kind", KINDS)
def test_crawl_after_add_archives_the_sites_articles(onboarded, kind):
    code, out, err = onboarded["crawled"][kind]
    assert code == 0, err
    site = onboarded["sites"][kind]
    with Archive(onboarded["work"] / f"{kind}.db") as archive:
        urls = [r["url"] for r in archive.db.query("select url from articles")]
    stories = {site.story_of(u) for u in urls} - {None}
    non_articles = [u for u in urls if site.story_of(u) is None]
    recall = len(stories) / len(site.stories)
    assert recall >= 0.95, f"{kind}: archived {len(stories)} of {len(site.stories)} articles"
    assert len(non_articles) < 0.02 * max(len(urls), 1), f"{kind}: non-article pages archived: {non_articles[:3]}"


@pytest.mark.parametrize("kind", KINDS)
def test_written_site_file_says_where_things_came_from(onboarded, kind):
    path = onboarded["files"][kind]
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    site = onboarded["sites"][kind]
    assert data["site"]["base_url"] == site.base_url
    assert data["site"]["name"] == site.name  # the portal declares EUC-KR only in <meta>
    assert "look like articles" in text
    cms = {"ndsoft": "ndsoft", "wordpress": "WordPress", "arc": "Arc XP", "portal": "portal-style",
           "tfstyle": "not recognised"}[kind]
    assert cms in text.splitlines()[1], text.splitlines()[1]  # "# CMS: …" recognised from markup and URLs
    discovery = data["discovery"]
    if kind == "portal":  # no feed, no sitemap: only section listings can find its articles
        assert not discovery.get("feeds") and not discovery.get("sitemaps") and discovery["listings"]
        assert data["dedupe"]["article_id_params"] == ["no"]  # section/page parameters are not identity
    if kind == "tfstyle":  # the announced feed answers 500: left out, and said so
        assert "BROKEN at probe time" in text and not discovery["feeds"]
        assert discovery["sitemaps"] == [site.base_url + "/sitemap.xml"]
    if kind == "ndsoft":
        assert data["dedupe"]["article_id_params"] == ["idxno"]


def test_sample_report_lists_what_the_extractor_found(onboarded):
    code, out, err = onboarded["added"]["ndsoft"]
    site = onboarded["sites"]["ndsoft"]
    titles = [s["title"] for s in site.stories]
    assert "5 sample article(s)" in err
    assert sum(1 for t in titles if t[:8] in err) >= 3, err  # sample titles are shown (the table wraps them)
    assert sum(1 for s in site.stories if s["author"] in err) >= 3, err  # and their bylines


def test_add_refuses_to_overwrite_and_dry_run_writes_nothing(onboarded, tmp_path):
    site = onboarded["sites"]["wordpress"]
    key = onboarded["files"]["wordpress"].stem
    code, out, err = finish(cli("sites", "add", site.base_url + "/", "--delay", "0", cwd=onboarded["work"]))
    assert code == 2 and err.count("\n") == 1 and key in err, err
    # a deep link onboards the site it belongs to; --dry-run prints the file (stdout) and writes nothing
    code, out, err = finish(cli("sites", "add", site.base_url + "/category/economy/", "--delay", "0", "--key", "wp2",
                                "--dry-run", "--samples", "0", cwd=tmp_path))
    assert code == 0, err
    data = tomllib.loads(out)
    assert data["site"]["key"] == "wp2" and data["site"]["base_url"] == site.base_url
    assert not (tmp_path / "sites").exists()


def test_add_bad_url_is_one_line(tmp_path):
    code, out, err = finish(cli("sites", "add", "ftp://example", cwd=tmp_path))
    assert code == 2 and err.strip().startswith("error:") and err.count("\n") == 1, err


def test_site_that_disallows_us_is_refused_in_one_line():
    from crawler.onboard import onboard
    from crawler.sites import ConfigError

    with CmsSite("ndsoft") as site:
        site.faults.add("robots_disallow")
        with pytest.raises(ConfigError, match="robots.txt disallows the homepage"):
            onboard(site.base_url + "/", delay=0, samples=0)
        assert site.requests == ["/robots.txt"]  # nothing else was fetched
