"""Names of the crawl-stats counters newsarchive keeps (they end up in the crawl_runs table)."""


class Stat:
    """Scrapy stats keys; `dropped/<reason>` and `failed/<reason>` break the totals down."""

    FETCHED = "newsarchive/fetched"  # article pages downloaded
    NEW = "newsarchive/new"
    UPDATED = "newsarchive/updated"
    UNCHANGED = "newsarchive/unchanged"
    DUPLICATE = "newsarchive/duplicate"  # exact duplicate of an archived article (kept as an alias)
    NEAR_DUPLICATE = "newsarchive/near_duplicate"  # stored, linked to its original
    DROPPED = "newsarchive/dropped"  # failed validation
    FAILED = "newsarchive/failed"  # article page could not be fetched
    SKIPPED_SEEN = "newsarchive/skipped_seen"  # already archived: not requested again
    EXTRACTION_FAILED = "newsarchive/extraction_failed"
    DISCOVERY_FAILED = "newsarchive/discovery_failed"  # feed/sitemap/listing unreadable
    STORE_FAILED = "newsarchive/store_failed"  # the archive refused the write (counted, run marked failed)
    NOT_MODIFIED = "newsarchive/not_modified"  # revisit answered 304 (also counted as unchanged)
    SKIPPED_FAILED = "newsarchive/skipped_failed"  # failed recently: not retried until its backoff ends
    ROBOTS_DENIED = "robotstxt/forbidden"  # Scrapy's own count of URLs robots.txt disallowed
    REDIRECTED = "newsarchive/redirected"  # article pages stored under the URL their redirects ended at
    SKIPPED_OFFSCOPE = "newsarchive/skipped_offscope"  # refused: other host, scheme or a private address
    DISCOVERY_BUDGET = "newsarchive/discovery_budget_exhausted"  # discovery requests not sent (budget spent)

    COUNTS = {
        "fetched": FETCHED,
        "new": NEW,
        "updated": UPDATED,
        "unchanged": UNCHANGED,
        "duplicate": DUPLICATE,
        "near_duplicate": NEAR_DUPLICATE,
        "dropped": DROPPED,
        "failed": FAILED,
        "skipped_seen": SKIPPED_SEEN,
        "extraction_failed": EXTRACTION_FAILED,
        "discovery_failed": DISCOVERY_FAILED,
        "robots_denied": ROBOTS_DENIED,
        "store_failed": STORE_FAILED,
        "not_modified": NOT_MODIFIED,
        "skipped_failed": SKIPPED_FAILED,
        "skipped_offscope": SKIPPED_OFFSCOPE,
    }


def counts_from_stats(stats: dict) -> dict[str, int]:
    """The crawl-run counts (fetched, new, …) read from a Scrapy stats dict; missing ones are 0."""
    return {name: int(stats.get(key, 0) or 0) for name, key in Stat.COUNTS.items()}


# The counts a person reads, in the order and under the short names every view uses (live line, crawl
# summary, `runs`); each name means exactly what its Stat comment says, wherever it is shown.
SUMMARY_COLUMNS: list[tuple[str, str]] = [
    ("fetched", "fetched"), ("new", "new"), ("updated", "upd"), ("unchanged", "same"), ("duplicate", "dup"),
    ("near_duplicate", "near"), ("dropped", "drop"), ("failed", "fail"), ("skipped_seen", "seen"),
]

SUMMARY_LEGEND = ("upd = updated (old text kept), same = unchanged, dup = exact duplicate (kept as alias), "
                  "near = near duplicate (stored, linked), drop = no usable article, fail = could not be fetched, "
                  "seen = already archived, not fetched")

# Counts that have no column (they are usually 0) but explain a short crawl when they are not: said in one line
# under the summary table, per site, only when non-zero.
SUMMARY_NOTES: list[tuple[str, str]] = [
    ("skipped_offscope", "refused off-scope (other host, scheme or private address)"),
    ("robots_denied", "denied by robots.txt"),
    ("skipped_failed", "not retried yet (failed recently, backing off)"),
    ("discovery_failed", "feed/sitemap/listing pages unreadable"),
    ("store_failed", "refused by the archive"),
]


def summary_notes(counts: dict[str, int]) -> str:
    """The non-zero counts of SUMMARY_NOTES as one phrase ("5 refused off-scope (…), 2 denied by robots.txt")."""
    return ", ".join(f"{counts[name]:,} {words}" for name, words in SUMMARY_NOTES if counts.get(name))
