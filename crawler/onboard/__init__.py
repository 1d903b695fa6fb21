"""Onboarding a news site from its URL (`newsarchive sites add URL`): probe, infer article URLs, sample, write.

Usage::

    from crawler.onboard import onboard
    plan = onboard("https://www.example.co.kr/", delay=1.0)
    print(plan.toml)                       # the commented site file
    plan.samples                           # what the extractor made of ~5 article pages
    path = plan.write(Path("sites"))       # refuses to overwrite
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from crawler.onboard.fetch import Fetcher
from crawler.onboard.probe import Probe, probe
from crawler.onboard.sample import Sample, sample_articles
from crawler.onboard.shapes import ShapeResult, infer, recognise_cms
from crawler.onboard.write import toml_list, toml_str, validate, write_site_file
from crawler.sites import ConfigError, SiteConfig

__all__ = ["Onboarding", "onboard", "default_key", "site_origin"]

DEFAULT_DELAY = 1.0
CMS_NAMES = {"ndsoft": "ndsoft (articleView.html?idxno=)", "wordpress": "WordPress", "arc": "Arc XP (Fusion)",
             "portal": "Korean portal-style (read/view script with an id parameter)"}


@dataclass
class Onboarding:
    """The result of onboarding one URL: what was probed, the inferred rules, samples and the site file."""

    url: str
    key: str
    name: str
    base_url: str
    probe: Probe
    shape: ShapeResult
    cms: str | None
    samples: list[Sample] = field(default_factory=list)
    toml: str = ""
    site: SiteConfig | None = None
    warnings: list[str] = field(default_factory=list)

    def write(self, directory: Path) -> Path:
        """Save the site file into `directory` (refuses to overwrite)."""
        return write_site_file(self.toml, directory, self.key)


def default_key(url: str) -> str:
    """A site key from a URL: the host's distinctive label (`www.tf.co.kr` → `tf`); IPs keep host and port."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if re.fullmatch(r"[\d.]+", host) or host == "localhost":
        key = host.replace(".", "-") + (f"-{parts.port}" if parts.port else "")
    else:
        labels = [lab for lab in host.split(".") if lab not in ("www", "m", "news", "co", "or", "ne", "go", "ac")]
        key = labels[0] if len(labels) > 1 else (labels[0] if labels else host)
    key = re.sub(r"[^a-z0-9_-]+", "-", key).strip("-")[:40]
    return key or "site"


def site_origin(url: str) -> str:
    """The scheme://host[:port] a start URL belongs to; ConfigError (one line) for anything but http(s)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{url!r} is not an http(s) URL (example: https://www.example.co.kr/)")
    return f"{parts.scheme}://{parts.netloc}"


def _domains(base_url: str) -> tuple[str, ...]:
    host = (urlsplit(base_url).hostname or "").lower()
    return (host[4:],) if host.startswith("www.") else (host,)


def onboard(url: str, *, key: str | None = None, name: str | None = None, delay: float = DEFAULT_DELAY,
            samples: int = 5, fetcher: Fetcher | None = None) -> Onboarding:
    """Probe a site from `url`, infer its article URLs, sample a few articles and render its site file."""
    base_url = site_origin(url)
    own = fetcher is None
    fetcher = fetcher or Fetcher(base_url, allowed_domains=_domains(base_url), delay=delay)
    try:
        found = probe(fetcher)
        if found.home is not None and found.home.ok:
            final = urlsplit(found.home.url)
            base_url = f"{final.scheme}://{final.netloc}"  # the site moved us within itself (http→https, www.)
        if found.home is None or not found.home.ok:
            problem = found.home.error if found.home is not None and found.home.error else (
                f"HTTP {found.home.status}" if found.home is not None else "no answer")
            if not found.home_allowed:
                problem = "robots.txt disallows the homepage"
            if not any(s.works for s in found.feeds + found.sitemaps):
                raise ConfigError(f"cannot read {url}: {problem}")
        shape = infer(found.all_links())
        cms = recognise_cms(found.home.text if found.home is not None and found.home.ok else "", found.all_links())
        if shape.pattern is None:
            raise ConfigError(
                f"{url}: found {len(found.all_links())} link(s) but none looks like an article URL "
                "(no id or dated slug); write the site file by hand (README 'Adding a site')")
        plan = Onboarding(url, key or default_key(base_url), name or found.site_name or key or default_key(base_url),
                          base_url, found, shape, cms)
        rx = re.compile(shape.pattern)
        feed_articles = [u for s in found.feeds + found.sitemaps if s.works for u in s.links if rx.search(u)]
        plan.samples = sample_articles(fetcher, feed_articles or shape.articles, count=samples)
        plan.toml = render(plan, delay=max(delay, fetcher.delay))
        plan.site = validate(plan.toml, Path(f"{plan.key}.toml"))
        plan.warnings = _warnings(plan)
        return plan
    finally:
        if own:
            fetcher.close()


def _warnings(plan: Onboarding) -> list[str]:
    out = []
    p = plan.probe
    if not p.home_allowed:
        out.append("robots.txt disallows the homepage for our User-Agent")
    for src in p.feeds + p.sitemaps:
        if src.problem and src.how == "announced":
            out.append(f"{src.kind} {src.url} is announced but broken ({src.problem}); left out")
    bad = [s for s in plan.samples if s.problem]
    if plan.samples and len(bad) == len(plan.samples):
        out.append("no sample article extracted; check the pattern or add [extract] selectors")
    elif bad:
        out.append(f"{len(bad)} of {len(plan.samples)} sample(s) had problems")
    return out


def render(plan: Onboarding, *, delay: float) -> str:
    """The commented site file for an onboarding result."""
    p, shape = plan.probe, plan.shape
    rx = re.compile(shape.pattern or "$^")
    feeds = [s for s in p.feeds if s.works]
    sitemaps = [s for s in p.sitemaps if s.works]
    robots_maps = bool(p.robots_sitemaps) and all(s.url in p.robots_sitemaps for s in sitemaps) and bool(sitemaps)
    listings = [lst for lst in p.listings if sum(1 for u in lst.links if rx.search(u)) >= 2]
    use_listings = not sitemaps
    today = datetime.now(timezone.utc).date().isoformat()
    lines = [
        f"# {plan.name} — written by `newsarchive sites add {plan.url}` on {today}.",
        f"# CMS: {CMS_NAMES.get(plan.cms or '', 'not recognised')}. Check the site any time with `newsarchive doctor {plan.key}`.",
        "",
        "[site]",
        f"key = {toml_str(plan.key)}",
        f"name = {toml_str(plan.name)}",
        f"publisher = {toml_str(plan.name)}",
        f"language = {toml_str(p.language or 'ko')}",
        'timezone = "Asia/Seoul"',
        f"base_url = {toml_str(plan.base_url)}",
        f"allowed_domains = {toml_list(list(_domains(plan.base_url)))}",
    ]
    total = len(p.all_links())
    examples = shape.articles[:2]
    lines.append(f"# inferred from {total} link(s) on the site: {len(shape.articles)} look like articles, e.g.")
    lines += [f"#   {u}" for u in examples]
    lines.append(f"article_url_pattern = {toml_str(shape.pattern or '')}")
    lines += ["", "[discovery]"]
    for src in p.feeds:
        state = f"{len(src.links)} link(s)" if src.works else f"BROKEN at probe time: {src.problem}"
        lines.append(f"# feed {src.url} ({src.how}): {state}")
    lines.append(f"feeds = {toml_list([s.url for s in feeds])}")
    for src in p.sitemaps:
        state = f"{len(src.links)} link(s) read" if src.works else f"not usable at probe time: {src.problem}"
        lines.append(f"# sitemap {src.url} ({src.how}): {state}")
    if robots_maps:
        lines.append("# robots.txt names the sitemaps: read them from there on every crawl")
        lines.append("sitemaps_from_robots = true")
    else:
        lines.append(f"sitemaps = {toml_list([s.url for s in sitemaps])}")
    if use_listings and listings:
        lines.append("# no working sitemap: section pages are walked too (next_page = the page's 'next' link)")
        lines.append("listings = [")
        for lst in listings[:8]:
            nxt = f", next_page = {toml_str(lst.next_page)}, max_pages = 5" if lst.next_page else ""
            lines.append(f"  {{ url = {toml_str(lst.url)}{nxt} }},")
        lines.append("]")
    lines += ["", "[politeness]"]
    why = f"robots.txt Crawl-delay {p.crawl_delay:g} s" if p.crawl_delay else "seconds between requests"
    lines += [f"download_delay = {delay:g}  # {why}", "concurrency = 2"]
    # AutoThrottle starts at 1 s and adapts; with no delay asked for (a local site) it would only slow down
    lines += [f"autothrottle = {'true' if delay > 0 else 'false'}", ""]
    lines += ["[schedule]", "interval_minutes = 60", 'timezone = "Asia/Seoul"', ""]
    lines.append("[dedupe]")
    if shape.id_params:
        lines.append("# only these query parameters identify an article (others, e.g. section or page, are dropped)")
    lines.append(f"article_id_params = {toml_list(shape.id_params)}")
    lines += ["", "# [extract] — add CSS selectors here only if `newsarchive doctor` shows a field missing", ""]
    return "\n".join(lines)
