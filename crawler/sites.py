"""Site definitions: TOML files describing each news site, loaded into typed `SiteConfig` objects.

Usage::

    from crawler.sites import load_sites
    sites = load_sites()              # built-in + ./sites + $NEWSARCHIVE_SITES
    demo = sites["demo"]
    demo.resolve("/rss/all.xml")      # -> "http://127.0.0.1:8765/rss/all.xml"

A bad file raises `ConfigError` whose message names the file, the key and the problem.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crawler.extract.types import ExtractionRules

BUILTIN_SITES_DIR = Path(__file__).parent / "sites"
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
DOMAIN_RE = re.compile(r"^[a-z0-9_]([a-z0-9_.-]{0,251}[a-z0-9_])?$|^\[[0-9a-f:.]+\]$")  # name, IPv4, [IPv6]
MAX_DOWNLOAD_DELAY = 3600.0  # seconds; beyond this a "delay" is a stalled crawl


class ConfigError(ValueError):
    """A site definition (or other configuration) is invalid; the message is one line for the user."""


@dataclass(frozen=True)
class Listing:
    """A listing page (section front) whose article links are followed, with optional pagination."""

    url: str
    link_pattern: str | None = None  # regex an article link must match (defaults to the site's pattern)
    next_page: str | None = None  # CSS selector of the "next page" link
    max_pages: int = 5


@dataclass(frozen=True)
class Discovery:
    """How article URLs are found: any mix of feeds, sitemaps, robots.txt sitemaps and listing pages."""

    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    sitemaps_from_robots: bool = False
    listings: tuple[Listing, ...] = ()
    max_sitemap_age_days: int | None = None  # skip sitemap entries older than this (by lastmod)


@dataclass(frozen=True)
class Politeness:
    """Per-site crawl politeness, applied as Scrapy custom settings."""

    download_delay: float = 1.0
    concurrency: int = 4
    autothrottle: bool = True
    obey_robots: bool = True


@dataclass(frozen=True)
class Schedule:
    """When the scheduler daemon crawls this site: every `interval_minutes` or on a `cron` expression."""

    enabled: bool = True
    interval_minutes: float | None = 60
    cron: str | None = None
    timezone: str = "Asia/Seoul"


@dataclass(frozen=True)
class DedupeRules:
    """Per-site URL identity and revisit rules."""

    article_id_params: tuple[str, ...] = ()  # query parameters that identify an article; others are dropped
    revisit_hours: float = 0  # re-check archived articles younger than this for edits (0 = never)


@dataclass(frozen=True)
class SiteConfig:
    """One news site, as declared in its TOML file."""

    key: str
    name: str
    base_url: str
    allowed_domains: tuple[str, ...]
    article_url_pattern: str
    publisher: str | None = None
    language: str = "ko"
    timezone: str = "Asia/Seoul"
    enabled: bool = True
    discovery: Discovery = field(default_factory=Discovery)
    politeness: Politeness = field(default_factory=Politeness)
    schedule: Schedule = field(default_factory=Schedule)
    dedupe: DedupeRules = field(default_factory=DedupeRules)
    extract: ExtractionRules = field(default_factory=ExtractionRules)
    path: Path | None = None

    def resolve(self, url: str) -> str:
        """Resolve a URL from the config (absolute, or relative to `base_url`)."""
        return urljoin(self.base_url.rstrip("/") + "/", url.lstrip("/")) if not urlsplit(url).scheme else url

    def is_article_url(self, url: str) -> bool:
        """True when `url` looks like one of this site's article pages."""
        return re.search(self.article_url_pattern, url) is not None

    def with_base_url(self, base_url: str) -> "SiteConfig":
        """The same site served from another base URL (a mirror, or the demo site on another port)."""
        host = urlsplit(base_url).hostname
        if not host:
            raise ConfigError(f"{self.key}: base_url {base_url!r} is not an absolute http(s) URL")
        old_host = urlsplit(self.base_url).hostname
        domains = tuple(host if d == old_host else d for d in self.allowed_domains)
        if host not in domains:
            domains = (*domains, host)
        return replace(self, base_url=base_url.rstrip("/"), allowed_domains=domains)


# ---------------------------------------------------------------- loading and validation


class _Reader:
    """Typed access to one TOML table, raising ConfigError that names file and key."""

    def __init__(self, data: dict[str, Any], path: Path, prefix: str = ""):
        self.data, self.path, self.prefix = data, path, prefix
        self.used: set[str] = set()

    def _err(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.path}: key '{self.prefix}{key}': {problem}")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ..., *, required: bool = False) -> Any:
        self.used.add(key)
        if key not in self.data:
            if required or default is ...:
                raise self._err(key, "is required")
            return default
        value = self.data[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if isinstance(value, bool) and kind in (int, float):
            raise self._err(key, f"must be a {kind.__name__}, got {value!r}")
        if not isinstance(value, kind):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise self._err(key, f"must be a {names}, got {type(value).__name__} {value!r}")
        return value

    def strings(self, key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        value = self.get(key, (list, str), list(default))
        if isinstance(value, str):
            value = [value]
        if not all(isinstance(v, str) and v.strip() for v in value):
            raise self._err(key, "must be a list of non-empty strings")
        return tuple(value)

    def table(self, key: str) -> "_Reader":
        value = self.get(key, dict, {})
        return _Reader(value, self.path, f"{self.prefix}{key}.")

    def regex(self, key: str, default: Any = ..., *, required: bool = False) -> str | None:
        value = self.get(key, str, default, required=required)
        if value is not None:
            if not value.strip():
                raise self._err(key, "is empty: it would match every URL")
            try:
                re.compile(value)
            except re.error as exc:
                raise self._err(key, f"is not a valid regular expression: {exc}") from None
            risk = backtracking_risk(value)
            if risk:
                raise self._err(key, f"may take exponential time on some URLs ({risk}): {value!r}")
        return value

    def positive(self, key: str, kind: type, default: Any, *, allow_zero: bool = True,
                 maximum: float | None = None) -> Any:
        value = self.get(key, kind, default)
        if isinstance(value, float) and not math.isfinite(value):
            raise self._err(key, f"must be a finite number, got {value!r}")
        if value is not None and (value < 0 or (value == 0 and not allow_zero)):
            raise self._err(key, f"must be {'>= 0' if allow_zero else '> 0'}, got {value!r}")
        if value is not None and maximum is not None and value > maximum:
            raise self._err(key, f"must be at most {maximum:g}, got {value!r}")
        return value

    def domains(self, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        """Host names a crawl may request (subdomains included): no scheme, port or path."""
        values = self.strings(key, default)
        if not values:
            raise self._err(key, "must list at least one domain (an empty list would refuse every request)")
        for value in values:
            if not DOMAIN_RE.match(value.strip().lower()) or value != value.strip():
                raise self._err(key, f"must be host names without scheme, port or path, got {value!r}")
        return tuple(v.lower() for v in values)

    def urls(self, key: str) -> tuple[str, ...]:
        """Discovery URLs: relative to base_url, or absolute http(s) URLs."""
        values = self.strings(key)
        for value in values:
            self.check_url(key, value)
        return values

    def check_url(self, key: str, value: str) -> None:
        """ConfigError unless `value` is relative or an absolute http(s) URL."""
        parts = urlsplit(value.strip())
        if not parts.scheme and not parts.netloc:
            return
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise self._err(key, f"must be a path or an http(s) URL, got {value!r}")
        # a URL outside allowed_domains is `newsarchive doctor`'s to report; crawls refuse it (crawler.scope)

    def timezone(self, key: str, default: str) -> str:
        value = self.get(key, str, default)
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise self._err(key, f"unknown timezone {value!r} (use an IANA name such as 'Asia/Seoul')") from None
        return value

    def check_unknown(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise self._err(unknown[0], "is not a known setting (check the spelling; see README 'Site config')")


def parse_site(data: dict[str, Any], path: Path) -> SiteConfig:
    """Build a `SiteConfig` from parsed TOML, validating every key."""
    root = _Reader(data, path)
    s = root.table("site")
    if "site" not in data:
        raise ConfigError(f"{path}: key 'site': table [site] is required")
    key = s.get("key", str, required=True)
    if not KEY_RE.match(key):
        raise s._err("key", f"must be lowercase letters, digits, '-' or '_' (max 40), got {key!r}")
    base_url = s.get("base_url", str, required=True)
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise s._err("base_url", f"must be an absolute http(s) URL, got {base_url!r}")
    language = s.get("language", str, "ko")
    tz = s.timezone("timezone", "Asia/Seoul")
    site_kw = dict(
        key=key,
        name=s.get("name", str, key),
        base_url=base_url.rstrip("/"),
        allowed_domains=s.domains("allowed_domains", (parts.hostname,)),
        article_url_pattern=s.regex("article_url_pattern", required=True),
        publisher=s.get("publisher", str, None),
        language=language,
        timezone=tz,
        enabled=s.get("enabled", bool, True),
    )
    s.check_unknown()
    domains = site_kw["allowed_domains"]
    if not same_site_host(parts.hostname, domains):
        raise s._err("allowed_domains", f"does not cover the base_url host {parts.hostname!r}")

    d = root.table("discovery")
    listings = []
    for i, raw in enumerate(d.get("listings", list, [])):
        if not isinstance(raw, dict):
            raise d._err(f"listings[{i}]", "must be a table with at least 'url'")
        lr = _Reader(raw, path, f"discovery.listings[{i}].")
        listing_url = lr.get("url", str, required=True)
        lr.check_url("url", listing_url)
        listings.append(
            Listing(
                url=listing_url,
                link_pattern=lr.regex("link_pattern", None),
                next_page=lr.get("next_page", str, None),
                max_pages=lr.positive("max_pages", int, 5, allow_zero=False),
            )
        )
        lr.check_unknown()
    discovery = Discovery(
        feeds=d.urls("feeds"),
        sitemaps=d.urls("sitemaps"),
        sitemaps_from_robots=d.get("sitemaps_from_robots", bool, False),
        listings=tuple(listings),
        max_sitemap_age_days=d.positive("max_sitemap_age_days", int, None),
    )
    d.check_unknown()
    if not (discovery.feeds or discovery.sitemaps or discovery.sitemaps_from_robots or discovery.listings):
        raise ConfigError(
            f"{path}: key 'discovery': declare at least one of feeds, sitemaps, sitemaps_from_robots, listings"
        )

    p = root.table("politeness")
    politeness = Politeness(
        download_delay=p.positive("download_delay", float, 1.0, maximum=MAX_DOWNLOAD_DELAY),
        concurrency=p.positive("concurrency", int, 4, allow_zero=False),
        autothrottle=p.get("autothrottle", bool, True),
        obey_robots=p.get("obey_robots", bool, True),
    )
    p.check_unknown()

    sc = root.table("schedule")
    cron = sc.get("cron", str, None)
    interval = sc.positive("interval_minutes", float, None if cron else 60.0, allow_zero=False)
    if cron and "interval_minutes" in sc.data:
        raise sc._err("cron", "give either cron or interval_minutes, not both")
    if cron:
        try:
            from apscheduler.triggers.cron import CronTrigger

            CronTrigger.from_crontab(cron)
        except ValueError as exc:
            raise sc._err("cron", f"is not a valid crontab expression: {exc}") from None
    schedule = Schedule(
        enabled=sc.get("enabled", bool, True),
        interval_minutes=interval,
        cron=cron,
        timezone=sc.timezone("timezone", tz),
    )
    sc.check_unknown()

    dd = root.table("dedupe")
    dedupe = DedupeRules(
        article_id_params=dd.strings("article_id_params"),
        revisit_hours=dd.positive("revisit_hours", float, 0.0),
    )
    dd.check_unknown()

    e = root.table("extract")
    rules = ExtractionRules(
        title=e.get("title", str, None),
        subtitle=e.get("subtitle", str, None),
        body=e.get("body", str, None),
        published=e.get("published", str, None),
        modified=e.get("modified", str, None),
        authors=e.get("authors", str, None),
        section=e.get("section", str, None),
        tags=e.get("tags", str, None),
        remove=e.strings("remove"),
        publisher=site_kw["publisher"],
        language=language,
        timezone=tz,
    )
    e.check_unknown()
    _check_selectors(rules, path)
    root.check_unknown()
    return SiteConfig(
        **site_kw, discovery=discovery, politeness=politeness, schedule=schedule, dedupe=dedupe, extract=rules, path=path
    )


def same_site_host(host: str, domains: tuple[str, ...]) -> bool:
    """True when `host` is one of `domains` or a subdomain of one."""
    host = host.lower()
    return any(host == d or host.endswith("." + d) for d in domains)


def backtracking_risk(pattern: str) -> str | None:
    """Why `pattern` can backtrack exponentially (a repeated group that itself repeats), or None.

    Python's `re` backtracks: `(a+)+$` takes exponential time on `aaaa…!`, and article patterns run on
    every URL a hostile site links to. Nested unbounded repeats are refused; possessive and atomic ones
    cannot backtrack and are allowed. A heuristic over the parsed pattern, not a proof of safety.
    """
    try:
        from re import _constants as C, _parser as parser  # the stdlib's own parse tree

        tree = parser.parse(pattern)
    except Exception:  # another Python's internals: skip the check rather than refuse a valid pattern
        return None
    repeats = {C.MAX_REPEAT, C.MIN_REPEAT}
    unbounded = C.MAXREPEAT

    def has_unbounded(items: Any) -> bool:
        for op, av in items:
            if op in repeats and (av[1] == unbounded or has_unbounded(av[2])):
                return True
            if op in repeats or op is C.SUBPATTERN or op is C.BRANCH:
                subs = [av[2]] if op in repeats else [av[3]] if op is C.SUBPATTERN else av[1]
                if any(has_unbounded(sub) for sub in subs):
                    return True
        return False

    def starts_with(items: Any) -> set[int] | None:
        """The characters a sequence must start with, when its first item is a literal or a literal set."""
        if not items:
            return None
        op, av = items[0]
        if op is C.LITERAL:
            return {av}
        if op is C.IN and all(o is C.LITERAL for o, _ in av):
            return {v for _, v in av}
        if op is C.SUBPATTERN:
            return starts_with(av[3])
        return None

    def can_match(element: Any, chars: set[int]) -> bool:
        """Whether a repeated single element may match one of `chars` (True when unsure)."""
        if len(element) != 1:
            return True
        op, av = element[0]
        if op is C.LITERAL:
            return av in chars
        if op is C.NOT_LITERAL:
            return chars != {av}
        if op is C.IN:
            return any(re.fullmatch(f"[{_set_source(av)}]", chr(c)) for c in chars)
        return True

    def inner_repeats(items: Any) -> list[Any]:
        """Bodies of the unbounded repeats inside `items` (not inside possessive or atomic ones)."""
        found = []
        for op, av in items:
            if op in repeats:
                if av[1] == unbounded:
                    found.append(av[2])
                found += inner_repeats(av[2])
            elif op is C.SUBPATTERN:
                found += inner_repeats(av[3])
            elif op is C.BRANCH:
                for sub in av[1]:
                    found += inner_repeats(sub)
        return found

    def walk(items: Any) -> str | None:
        for op, av in items:
            if op in repeats:
                lo, hi, body = av
                if (hi == unbounded or hi > 10) and has_unbounded(body):
                    # `(?:/[a-z]+)*` is safe: each round starts with '/', which the inner repeat cannot eat,
                    # so there is one way to split the input; `(a+)+` has exponentially many
                    first = starts_with(list(body))
                    if first is None or any(can_match(list(e), first) for e in inner_repeats(list(body))):
                        return "a repeated group contains another unbounded repeat, like (a+)+"
                found = walk(body)
            elif op is C.SUBPATTERN:
                found = walk(av[3])
            elif op is C.BRANCH:
                found = next((f for f in map(walk, av[1]) if f), None)
            else:
                found = None
            if found:
                return found
        return None

    return walk(tree)


def _set_source(items: Any) -> str:
    """A character-class body for parsed `[...]` items (literals, ranges, categories, negation)."""
    from re import _constants as C

    categories = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_WORD: r"\w",
                  C.CATEGORY_NOT_WORD: r"\W", C.CATEGORY_SPACE: r"\s", C.CATEGORY_NOT_SPACE: r"\S"}
    out = []
    for op, av in items:
        if op is C.NEGATE:
            out.insert(0, "^")
        elif op is C.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is C.RANGE:
            out.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is C.CATEGORY and av in categories:
            out.append(categories[av])
        else:
            return r"\s\S"  # unknown: assume it matches anything
    return "".join(out)


def _check_selectors(rules: ExtractionRules, path: Path) -> None:
    """Fail early on CSS selectors that would only break at crawl time."""
    from cssselect import GenericTranslator, SelectorError

    tr = GenericTranslator()
    names = ["title", "subtitle", "body", "published", "modified", "authors", "section", "tags"]
    pairs = [(n, getattr(rules, n)) for n in names] + [(f"remove[{i}]", s) for i, s in enumerate(rules.remove)]
    for name, sel in pairs:
        if sel:
            try:
                tr.css_to_xpath(sel)
            except SelectorError as exc:
                raise ConfigError(f"{path}: key 'extract.{name}': invalid CSS selector {sel!r}: {exc}") from None


def load_site_file(path: str | Path) -> SiteConfig:
    """Load and validate one site TOML file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    return parse_site(data, path)


def site_dirs(extra: str | os.PathLike | None = None) -> list[Path]:
    """Where site files are looked for: built-in, ./sites, then $NEWSARCHIVE_SITES (os.pathsep-separated)."""
    dirs = [BUILTIN_SITES_DIR, Path.cwd() / "sites"]
    for origin, raw in (("$NEWSARCHIVE_SITES", os.environ.get("NEWSARCHIVE_SITES")), ("--sites", extra)):
        for part in str(raw or "").split(os.pathsep):
            if not part:
                continue
            if not Path(part).exists():  # a typo would otherwise silently crawl without the user's sites
                raise ConfigError(f"{origin}: no such site file or directory: {part}")
            dirs.append(Path(part))
    # the same folder named twice (`--sites ./sites` from the working directory) is read once
    unique: dict[Path, Path] = {}
    for d in dirs:
        unique.setdefault(d.resolve(), d)
    return list(unique.values())


def load_sites(extra: str | os.PathLike | None = None) -> dict[str, SiteConfig]:
    """Load every site definition; a later directory overrides an earlier one with the same key."""
    sites: dict[str, SiteConfig] = {}
    seen: dict[str, Path] = {}
    for d in site_dirs(extra):
        if d.is_file():
            files = [d]
        elif d.is_dir():
            files = sorted(d.glob("*.toml"))
        else:
            continue
        for f in files:
            site = load_site_file(f)
            if site.key in seen and seen[site.key].parent == f.parent:
                raise ConfigError(f"{f}: key 'site.key': {site.key!r} is already defined in {seen[site.key]}")
            seen[site.key] = f
            sites[site.key] = site
    return dict(sorted(sites.items()))


def get_site(key: str, extra: str | os.PathLike | None = None) -> SiteConfig:
    """One site by key, or ConfigError listing the known keys."""
    sites = load_sites(extra)
    if key not in sites:
        known = ", ".join(sites) or "none"
        raise ConfigError(f"unknown site {key!r} (known sites: {known})")
    return sites[key]
