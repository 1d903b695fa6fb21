"""Crawl fleet: Scrapyd nodes crawl, Redis carries items, `newsarchive ingest` is the archive's one writer.

See docs/scale.md. Nothing here is imported by a single-machine crawl.
"""
