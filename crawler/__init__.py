"""newsarchive crawler: Scrapy project, site configs, article extraction, CLI and scheduler."""

__version__ = "0.1.0"
