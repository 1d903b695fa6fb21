"""Loggers of the crawl's hot path skip records that no handler would write.

Scrapy sets its `scrapy` logger to DEBUG (`DEFAULT_LOGGING`) and leaves the level filtering to its root handler, so
every page's "Crawled (200)" and every item's "Scraped from" line is made into a `LogRecord` (with a stack walk
for its caller: ~4–5% of the crawl's reactor thread, bench/README.md) and then thrown away by a handler at INFO.
While a crawl runs, the `scrapy` logger's level is the lowest level any handler it reaches would write.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

#: The loggers whose level is raised (their children inherit it unless they set their own).
HOT_LOGGERS = ("scrapy",)


def lowest_written_level(logger: logging.Logger) -> int:
    """The lowest level a record of `logger` can have and still be written by one of the handlers it reaches
    (`logging.lastResort`'s WARNING when it reaches none); NOTSET when a handler writes everything."""
    levels: list[int] = []
    current: logging.Logger | None = logger
    while current is not None:
        levels += [h.level for h in current.handlers]
        if not current.propagate:
            break
        current = current.parent  # type: ignore[assignment]
    if not levels:
        return logging.lastResort.level if logging.lastResort is not None else logging.NOTSET
    return min(levels)


@contextmanager
def skip_unwritten_records(names: tuple[str, ...] = HOT_LOGGERS) -> Iterator[None]:
    """Within the block, each named logger whose records all handlers would drop below some level gets that level
    (never lower than its own); the levels are restored afterwards. Call it once the crawl's handlers are in place."""
    saved: list[tuple[logging.Logger, int]] = []
    for name in names:
        logger = logging.getLogger(name)
        written = lowest_written_level(logger)
        if written > logger.getEffectiveLevel():
            saved.append((logger, logger.level))
            logger.setLevel(written)
    try:
        yield
    finally:
        for logger, level in saved:
            logger.setLevel(level)
