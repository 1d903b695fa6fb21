"""A Scrapy spider loader that turns every site TOML file into a spider named after the site key."""

from __future__ import annotations

from scrapy import Request
from scrapy.settings import BaseSettings

from crawler.sites import ConfigError, SiteConfig, load_sites
from crawler.spiders.site import SiteSpider


def spider_class_for(site: SiteConfig) -> type[SiteSpider]:
    """A `SiteSpider` subclass bound to one site, with its politeness applied as custom settings."""
    pol = site.politeness
    custom = {
        "DOWNLOAD_DELAY": pol.download_delay,
        "CONCURRENT_REQUESTS_PER_DOMAIN": pol.concurrency,
        "AUTOTHROTTLE_ENABLED": pol.autothrottle,
        "ROBOTSTXT_OBEY": pol.obey_robots,
    }
    return type(f"SiteSpider_{site.key}", (SiteSpider,), {"name": site.key, "site": site, "custom_settings": custom})


class SiteSpiderLoader:
    """One spider per configured site (built-in, ./sites, $NEWSARCHIVE_SITES, setting NEWSARCHIVE_SITES)."""

    def __init__(self, settings: BaseSettings):
        try:
            self._sites = load_sites(settings.get("NEWSARCHIVE_SITES"))
        except ConfigError as exc:
            # Scrapy would print a traceback; a broken site file deserves one clear line.
            raise SystemExit(f"error: {exc}") from None
        self._classes = {key: spider_class_for(site) for key, site in self._sites.items()}

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> "SiteSpiderLoader":
        """Scrapy's constructor hook."""
        return cls(settings)

    def load(self, spider_name: str) -> type[SiteSpider]:
        """The spider class for a site key; KeyError (as Scrapy expects) for an unknown one."""
        try:
            return self._classes[spider_name]
        except KeyError:
            raise KeyError(f"Spider not found: {spider_name}") from None

    def list(self) -> list[str]:
        """Every configured site key."""
        return list(self._classes)

    def find_by_request(self, request: Request) -> list[str]:
        """Site keys whose domains cover the request's host."""
        from crawler.urls import same_site

        return [k for k, s in self._sites.items() if same_site(request.url, s.allowed_domains)]
