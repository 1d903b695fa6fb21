"""The publication day from htmldate, for pages where our own date reading found none.

Our reader (`crawler.extract.dates` + `extractor._dates`) wants a date it can place: metadata, a labelled stamp
(`입력`, `Published`), a stamp with a time in the article header. On pages with none of those it returned nothing,
while htmldate (adbar/htmldate, already installed with trafilatura) still finds the day in the URL
(`/2015/03/18/`), in `<time>`/`abbr` elements, in `DC.date`-style or `value=` meta tags, or in a bare date near
the headline (`05 février 2016`). Measured on the 397 real labelled pages (`bench/extraction_eval.py --real`): of
the 76 pages we gave no date, htmldate's fast mode found the labelled day on 40, a wrong day on none where a date
is labelled, and a day on 12 whose label has no date; its extensive mode found 11 more right days but also
`YYYY-01-01` guesses from copyright lines and costs ~25 ms a page, so it is not used.

Usage::

    day = htmldate_day(doc, "https://example.com/2024/03/16/story", "Europe/Paris")  # aware midnight, or None
"""

from __future__ import annotations

import logging
from datetime import datetime, tzinfo

from lxml.html import HtmlElement

from crawler.extract.dates import get_zone

log = logging.getLogger(__name__)


def htmldate_day(doc: HtmlElement, url: str, tz: str | tzinfo | None) -> datetime | None:
    """The page's publication day as htmldate's fast mode reads it (midnight in `tz`), or None."""
    try:
        from htmldate import find_date  # imported on first need: ~0.1 s, and most pages never get here
    except ImportError:  # pragma: no cover - htmldate comes with trafilatura, a declared dependency
        return None
    try:
        # htmldate copies a tree it is given before pruning it, so `doc` is left as it is
        day = find_date(doc, extensive_search=False, original_date=True, url=url or None)
    except Exception as exc:  # noqa: BLE001 - a third-party reader's bug must not cost the article
        log.debug("htmldate failed on %s: %s: %s", url, type(exc).__name__, exc)
        return None
    if not day:
        return None
    try:
        y, m, d = (int(part) for part in day.split("-"))
        return datetime(y, m, d, tzinfo=get_zone(tz))
    except ValueError:
        return None
