"""`DedupePipeline`: one row per story — exact copies become aliases, near copies are stored and linked.

URL identity (tracking parameters, AMP/mobile variants, `rel=canonical`/`og:url`) is settled before this point
by the spider (`crawler.urls.canonical_url`); here the body decides. For each item:

1. Its URL is archived and the page fetched *is* that article → a re-check (revisit policy): passed on, the
   store decides "updated" (old text kept as a version) or "unchanged".
2. Its URL is archived but the page fetched is another one that names it as `rel=canonical`
   (`canonical_from_page`) → that page's URLs become aliases of the archived article; dropped (`duplicate`).
3. Its normalised body equals an archived body (`storage.body_hash`) → its URLs become aliases of that
   article; dropped (`duplicate`).
4. Its body is a near duplicate of an archived one (MinHash-LSH, `storage.near_duplicates`) → stored with
   `duplicate_of` (the first article of the cluster) and `similarity` (exact shingle Jaccard); counted as
   `near_duplicate` *and* `new`. `newsarchive search --collapse-duplicates` shows such a cluster once.

When the store writes an item, its signature goes into the LSH index in the same transaction
(`BatchWriter.after_save`), so later items — in this crawl or the next — are compared with it. During a crawl
articles are written in batches (`pipelines.writer`): an item whose URL, body hash or an LSH band key matches an item
still waiting for its batch waits for that batch to commit first, then is checked, so copies within one batch
are caught as they are across batches.

Settings (Scrapy settings; `newsarchive crawl -s NAME=VALUE` overrides them):

``NEWSARCHIVE_NEAR_DUP_ENABLED`` (default True)
    Look for near duplicates at all (exact duplicates are always caught).
``NEWSARCHIVE_NEAR_DUP_THRESHOLD`` (0.5)
    Jaccard similarity of the two bodies' shingle sets at or above which a copy is a near duplicate. On the
    labelled set (tests/fixtures/near_duplicates) reworked copies start at 0.57 and different stories end at
    0.33 (follow-ups repeating a background paragraph), except template briefs (up to 0.72), which the
    number check below separates.
``NEWSARCHIVE_NEAR_DUP_CONTAINMENT`` (0.95)
    A copy is also a near duplicate when this share of the shorter text's shingles is in the longer one
    (a wire story cut down to its first two paragraphs: Jaccard 0.41–0.45, containment 1.0); 0 turns this off.
``NEWSARCHIVE_NEAR_DUP_SHINGLE_SIZE`` (5)
    Characters per shingle, counted after spaces and punctuation are removed.
``NEWSARCHIVE_NEAR_DUP_PERMUTATIONS`` (96) and ``NEWSARCHIVE_NEAR_DUP_BANDS`` (32)
    MinHash size and LSH bands (bands must divide permutations). Changing them, or the shingle size,
    rebuilds the index in the archive at the next crawl (logged with its duration).
``NEWSARCHIVE_NEAR_DUP_MIN_NUMBER_OVERLAP`` (0.7)
    Share of the figures of the text with fewer figures that must appear in the other: template briefs
    (weather, market closes, 부고) differ only in their numbers. 0 turns the check off.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Callable

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.archive_access import archive_for, guarded_write
from crawler.site_lock_middleware import refused_as_busy
from crawler.stats import Stat
from pipelines.writer import writer_for
from storage import body_hash
from storage.archive import SaveResult
from storage.near_duplicates import BULK_CATCH_UP, Fingerprint, NearDupParams, NearDuplicateIndex

logger = logging.getLogger(__name__)


def near_dup_params(settings: Any) -> NearDupParams:
    """`NearDupParams` from Scrapy settings (defaults from `NearDupParams`)."""
    d = NearDupParams()
    return NearDupParams(
        threshold=settings.getfloat("NEWSARCHIVE_NEAR_DUP_THRESHOLD", d.threshold),
        containment=settings.getfloat("NEWSARCHIVE_NEAR_DUP_CONTAINMENT", d.containment),
        shingle_size=settings.getint("NEWSARCHIVE_NEAR_DUP_SHINGLE_SIZE", d.shingle_size),
        num_perm=settings.getint("NEWSARCHIVE_NEAR_DUP_PERMUTATIONS", d.num_perm),
        bands=settings.getint("NEWSARCHIVE_NEAR_DUP_BANDS", d.bands),
        min_number_overlap=settings.getfloat("NEWSARCHIVE_NEAR_DUP_MIN_NUMBER_OVERLAP", d.min_number_overlap),
    )


class DedupePipeline:
    """Drops exact duplicates (keeping their URLs as aliases) and links near duplicates to their original."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.near_dup_enabled = crawler.settings.getbool("NEWSARCHIVE_NEAR_DUP_ENABLED", True)
        self.params = near_dup_params(crawler.settings)
        self._index: NearDuplicateIndex | None = None
        self._writer_index: NearDuplicateIndex | None = None  # the same index through the writer thread's connection
        # Fingerprints of items on their way to the store, by URL; indexed once the item is stored.
        self._pending: dict[str, tuple[Fingerprint | None, str | None]] = {}
        self._indexed: set[str] = set()  # URLs the store indexed in its transaction (item_scraped skips them)
        # Items passed on but not committed yet (batched writes), by body hash and LSH band key: a later item
        # matching one waits for it. Each URL's future is done when its item left the pipelines.
        self._inflight: dict[str, asyncio.Future] = {}
        self._inflight_keys: dict[str, list[Any]] = {}
        self._waits: dict[Any, asyncio.Future] = {}
        writer_for(crawler).after_save.append(self.index_stored)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_left, signal=signals.item_dropped)
        crawler.signals.connect(self.item_left, signal=signals.item_error)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "DedupePipeline":
        """Scrapy's constructor hook."""
        return cls(crawler)

    @property
    def index(self) -> NearDuplicateIndex:
        """The archive's near-duplicate index, brought up to date on first use (rebuild time is logged)."""
        if self._index is None:
            index = NearDuplicateIndex(archive_for(self.crawler).db, self.params)
            state = index.sync(_sync_progress())
            if index.rebuild_seconds is not None:
                logger.info("near-duplicate index %s in %.1f s", state, index.rebuild_seconds)
                if self.crawler.stats is not None:
                    seconds = round(index.rebuild_seconds, 3)
                    self.crawler.stats.set_value("newsarchive/near_dup_rebuild_seconds", seconds)
            self._index = index
        return self._index

    def open_spider(self) -> None:
        """Sync the index before the first item, so a rebuild does not stall the first article."""
        if refused_as_busy(self.crawler):
            return  # the crawl is refused (site busy, disk full) and closes before its first request
        if self.near_dup_enabled:
            _ = self.index

    def process_item(self, item: Any) -> Any:
        """Pass new articles and re-checks; drop exact copies and canonical-named copies; mark near copies.

        When an item still waiting for its batch has the URL, body hash or an LSH band key of this one, this
        returns a coroutine that waits for that batch before checking (see the module docstring)."""
        adapter = ItemAdapter(item)
        body = adapter.get("body")
        prepared = adapter.get("prepared")  # crawler.page_job: hashed and fingerprinted next to extraction
        fresh = prepared is not None and prepared.current(body)
        adapter["body_hash"] = prepared.body_hash if fresh else body_hash(body)
        fingerprint = None
        if self.near_dup_enabled:
            same = fresh and prepared.fingerprint is not None and prepared.near_dup == self.params
            fingerprint = prepared.fingerprint if same else self.index.fingerprint(body)
        keys = [adapter.get("url"), adapter["body_hash"], *(fingerprint.keys if fingerprint is not None else ())]
        waits = {id(f): f for f in (self._waits.get(k) for k in keys) if f is not None and not f.done()}
        if waits:
            return self._check_after(item, fingerprint, list(waits.values()))
        return self._check(item, fingerprint)

    async def _check_after(self, item: Any, fingerprint: Fingerprint | None, waits: list[asyncio.Future]) -> Any:
        await asyncio.wait(waits)
        return self._check(item, fingerprint)

    def _check(self, item: Any, fingerprint: Fingerprint | None) -> Any:
        adapter = ItemAdapter(item)
        archive = archive_for(self.crawler)
        url = adapter["url"]
        known = archive.article_id_for_url(url)
        if known is not None:
            if adapter.get("canonical_from_page"):
                # Another page naming an archived article as its canonical: keep its URLs, not its text.
                self._drop_as_alias(adapter, known, "canonical copy")
            row = archive.get_article(known) or {}
            # The store rewrites every column on an update: carry the near-duplicate link over.
            adapter["duplicate_of"], adapter["similarity"] = row.get("duplicate_of"), row.get("similarity")
            self._pending[url] = (None, row.get("body_hash"))
            return item
        original = archive.article_id_for_body_hash(adapter["body_hash"])
        if original is not None:
            self._drop_as_alias(adapter, original, "same body")
        if fingerprint is not None:
            match = self.index.find(fingerprint)
            if match is not None:
                adapter["duplicate_of"], adapter["similarity"] = match.original_id, match.similarity
                self.crawler.stats.inc_value(Stat.NEAR_DUPLICATE)
                logger.info("near duplicate (%.2f) of article %d: %s", match.similarity, match.article_id, url)
        self._pending[url] = (fingerprint, None)
        self._track(url, [url, adapter["body_hash"], *(fingerprint.keys if fingerprint is not None else ())])
        return item

    def _track(self, url: str, keys: list[Any]) -> None:
        """Remember a new item on its way to a batch under its body hash and band keys (batched writes only)."""
        if not writer_for(self.crawler).batching():
            return
        future = asyncio.get_running_loop().create_future()
        self._inflight[url] = future
        self._inflight_keys[url] = keys
        for key in keys:
            self._waits[key] = future

    def _settle(self, url: str | None) -> None:
        """The item of `url` left the pipelines (stored, dropped or failed): items waiting for it go on."""
        future = self._inflight.pop(url, None) if url else None
        if future is None:
            return
        for key in self._inflight_keys.pop(url, ()):
            if self._waits.get(key) is future:
                del self._waits[key]
        if not future.done():
            future.set_result(None)

    def _drop_as_alias(self, adapter: ItemAdapter, article_id: int, why: str) -> None:
        archive = archive_for(self.crawler)
        url = adapter["url"]
        with guarded_write(self.crawler):
            for alias in dict.fromkeys([url, adapter.get("fetched_url"), *(adapter.get("aliases") or [])]):
                if alias:
                    archive.add_alias(article_id, alias)
        self.crawler.stats.inc_value(Stat.DUPLICATE)
        # "duplicate of" starts the message: StorePipeline keeps no raw page for such drops.
        page = adapter.get("fetched_url") or url
        raise DropItem(f"duplicate of article {article_id} ({why}): {page}", log_level="INFO")


    def index_stored(self, item: Any, result: SaveResult, archive: Any = None) -> None:
        """Inside the store's transaction, through the connection that writes it (`archive`; the writer thread's
        during a crawl): index a stored article (a re-checked one only when its body changed)."""
        adapter = ItemAdapter(item)
        url = adapter.get("url")
        if not self.near_dup_enabled or url not in self._pending:
            return  # did not come through this pipeline
        fingerprint, old_hash = self._pending[url]  # set on the reactor thread before the item reached the store
        self._indexed.add(url)
        if old_hash is not None and old_hash == adapter.get("body_hash"):
            return
        index = self._index_of(archive)
        index.add(result.id, fingerprint or index.fingerprint(adapter.get("body")))

    def _index_of(self, archive: Any) -> NearDuplicateIndex:
        """The near-duplicate index seen through `archive`'s connection (the crawl's own when None)."""
        if archive is None or archive.db is archive_for(self.crawler).db:
            return self.index
        if self._writer_index is None or self._writer_index.db is not archive.db:
            self._writer_index = NearDuplicateIndex(archive.db, self.params)  # the index is in the file: no sync
        return self._writer_index

    def item_scraped(self, item: Any, response: Any = None, spider: Any = None) -> None:
        """Index a stored article the store did not index itself (a re-checked one only when its body changed)."""
        adapter = ItemAdapter(item)
        url = adapter.get("url")
        self._settle(url)
        fingerprint, old_hash = self._pending.pop(url, (None, None))
        if url in self._indexed:
            self._indexed.discard(url)
            return
        if not self.near_dup_enabled:
            return
        if old_hash is not None and old_hash == adapter.get("body_hash"):
            return
        article_id = archive_for(self.crawler).article_id_for_url(url)
        if article_id is not None:
            with guarded_write(self.crawler):
                self.index.add(article_id, fingerprint or self.index.fingerprint(adapter.get("body")))

    def item_left(self, item: Any, response: Any = None, spider: Any = None, **kwargs: Any) -> None:
        """Forget the fingerprint of an item dropped or failed after this pipeline."""
        url = ItemAdapter(item).get("url")
        self._settle(url)
        self._pending.pop(url, None)
        self._indexed.discard(url)


def _sync_progress(every: int = 100_000) -> Callable[[int, int], None]:
    """A progress callback for `NearDuplicateIndex.sync` that logs long work (a rebuild, a big catch-up) as it goes."""
    logged = 0

    def report(done: int, total: int) -> None:
        nonlocal logged
        if total < BULK_CATCH_UP or (logged and done - logged < every and done < total):
            return
        if not logged:
            logger.info("near-duplicate index: indexing %d stored articles before the first item (once)", total)
        else:
            logger.info("near-duplicate index: %d of %d articles indexed", done, total)
        logged = done

    return report
