"""Near-duplicate detection: MinHash over character shingles, with the LSH index kept in the archive.

A wire story (연합뉴스, 뉴시스, …) reprinted by other outlets arrives with a new byline, a new footer and often
a rewritten lead paragraph or a cut ending. Such copies are *stored* and linked to the first copy
(`articles.duplicate_of`, `articles.similarity`) so search can collapse them; exact copies never get here
(they are caught by `storage.body_hash`).

From body to band keys (`NearDuplicateIndex.fingerprint`):

1. `shingle_source` drops what differs between copies but is not the story: byline/dateline forms at the start
   and end (`(서울=연합뉴스) 김민수 기자 =`, `[데일리경제 박지훈 기자]`), e-mail addresses, URLs and footer lines
   (copyright, 제보/구독 prompts). `shingle_text` then keeps only letters and digits, lowercased — word spacing
   goes too, since Korean spacing differs between outlets and editors.
2. Shingles are overlapping character k-grams of that text (k = `shingle_size`, default 5). Character shingles
   need no Korean tokenizer and survive particles glued to nouns (`한은은`/`한은이`). 5 rather than 3–4: on the
   demo corpus the mean Jaccard of unrelated articles drops from 0.0121 (k=3) / 0.0056 (k=4) to 0.0023 (k=5),
   which keeps random LSH candidates rare at a million articles, while copies keep their similarity
   (lowest labelled copy: 0.58 / 0.57 / 0.57). Each shingle is hashed to 64 bits with numpy (no Python loop).
3. `rensa.RMinHash` turns the shingle hashes into `num_perm` (96) minimum hashes. rensa, not datasketch: for a
   1,700-character article (1,200 shingles) rensa takes 0.012 ms, datasketch's `update_batch` 2.4 ms — more
   than the whole per-article budget — with the same estimation error on the labelled pairs (mean absolute
   error 0.025 vs 0.026); `bench/dedupe_bench.py --compare` measures it. rensa's own in-memory LSH is not
   used: it cannot be stored in the archive and holds ~2.6 GB per million articles. Only the low 16 bits of
   each minimum are kept ("b-bit MinHash": unrelated values agree with probability 1/65536, which biases
   Jaccard estimates by 2e-5) — 192 bytes per article.
4. `band_keys` cuts the signature into `bands` (32) bands of 3 rows and hashes each to one integer (band number
   in the high bits). With b=32, r=3 two texts become candidates with probability 0.986 at Jaccard 0.5,
   0.997 at 0.55 and 0.58 at 0.3; with the spread of similarities between unrelated demo-site articles,
   about 5 random candidates per lookup at a million articles, all screened out by their stored signatures.

A candidate is first screened by the Jaccard its stored signature estimates (no body read), then verified
exactly: the candidate's body is read from `articles` and the two shingle sets compared, so the similarity
stored with a near duplicate is exact. A match also needs most figures of the smaller text to appear in the
other (`numbers_agree`): template briefs — weather, market closes, 부고, lottery numbers — share nearly all their
words and differ only in their numbers, while a reprinted story keeps its figures.

State lives in the archive (tables created by `storage.schema.m004_near_duplicate_index`):
`near_dup_bands (key, article_id)` is the LSH index — WITHOUT ROWID with the key first, so a lookup is one
B-tree probe per band and nothing is rebuilt at start-up; `near_dup_articles (article_id, signature)` holds
each indexed article's 16-bit signature (for the screening above, and to delete its bands after an edit).
About 750 bytes per article on disk (~720 MB per million), nothing but SQLite's page cache in memory.
`meta` records the scheme; opening the index with other parameters re-bands from stored signatures (only
`bands` changed; ~70 s per million articles) or rebuilds from the bodies (`rebuild`, ~210 s per million;
both timed in `rebuild_seconds`).

Usage::

    index = open_index(archive.db, NearDupParams(threshold=0.5))
    fp = index.fingerprint(body)
    match = index.find(fp)                    # Match(article_id=…, similarity=0.83, original_id=…) or None
    index.add(article_id, fp)                 # once the article is stored
"""

from __future__ import annotations

import time
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

import numpy as np
from sqlite_utils import Database

# the pure half lives in storage.fingerprints (extraction workers import it without SQLite); re-exported here
from storage.fingerprints import (  # noqa: F401 - re-exported
    NORMALISATION_VERSION, Fingerprint, NearDupParams, band_keys, estimated_jaccard, fingerprint, jaccard, numbers,
    numbers_agree, overlap, shingle_hashes, shingle_source, shingle_text, signature, text_jaccard,
)
from storage.transactions import writing

BULK_CATCH_UP = 5000  # a catch-up of this many articles or more loads its band keys sorted (see `catch_up`)

SIGNATURE_META_KEY = "near_dup_signature_scheme"
BANDS_META_KEY = "near_dup_bands"
VERIFIED_CACHE = 512  # archived bodies whose shingles an index keeps for verification (~40 KB each)


BandLoader = Callable[[list[tuple[int, int]]], None]  # writes (key, article_id) rows

@dataclass(frozen=True)
class Match:
    """The archived article an incoming text nearly duplicates, and their exact shingle Jaccard similarity."""

    article_id: int
    similarity: float
    original_id: int  # the cluster's first article: `article_id`, or the article it duplicates itself


# ------------------------------------------------------------------------------------------ the index


class NearDuplicateIndex:
    """MinHash-LSH over the archive's article bodies, stored in the archive's own SQLite file."""

    def __init__(self, db: Database, params: NearDupParams | None = None):
        """Use the index tables in `db` (created by the archive's migrations)."""
        self.db = db
        self.params = params or NearDupParams()
        self.rebuild_seconds: float | None = None
        # shingles of archived bodies verified lately: a syndicated story is a candidate for every copy that
        # follows it, and a long-lived writer (`newsarchive ingest`) would shingle it again for each one
        self._verified: OrderedDict[tuple[int, int], Fingerprint] = OrderedDict()

    # -- text ----------------------------------------------------------------------------------------------

    def fingerprint(self, text: str | None) -> Fingerprint:
        """Shingle hashes, signature and band keys of `text` (no signature or keys when it is too short)."""
        return fingerprint(text, self.params)

    def shingles(self, text: str | None) -> Fingerprint:
        """Shingle hashes of `text` only (no signature or band keys): what verifying a candidate needs."""
        return Fingerprint(shingle_source(text), self.params.shingle_size, None, [])

    def _verified_shingles(self, article_id: int, body: str | None) -> Fingerprint:
        """`shingles(body)` of an archived article, remembered by id and text (an edited body is shingled anew)."""
        key = (article_id, hash(body))
        fp = self._verified.get(key)
        if fp is None:
            fp = self._verified[key] = self.shingles(body)
            if len(self._verified) > VERIFIED_CACHE:
                self._verified.popitem(last=False)
        else:
            self._verified.move_to_end(key)
        return fp

    # -- lookups -------------------------------------------------------------------------------------------

    def candidates(self, fp: Fingerprint, *, exclude: int | None = None) -> list[int]:
        """Indexed articles sharing at least one band with `fp`."""
        if not fp.keys:
            return []
        rows = self.db.execute(
            f"SELECT DISTINCT article_id FROM near_dup_bands WHERE key IN ({','.join('?' * len(fp.keys))})", fp.keys
        ).fetchall()
        return [r[0] for r in rows if r[0] != exclude]

    def find(self, text: str | Fingerprint | None, *, exclude: int | None = None) -> Match | None:
        """The most similar archived article at or above the threshold (exact Jaccard), or None."""
        fp = text if isinstance(text, Fingerprint) else self.fingerprint(text)
        ids = self.candidates(fp, exclude=exclude)
        if not ids:
            return None
        p = self.params
        screened: list[tuple[float, int]] = []
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT article_id, signature FROM near_dup_articles WHERE article_id IN ({marks})"
            for article_id, blob in self.db.execute(sql, chunk):
                est = estimated_jaccard(fp.signature, np.frombuffer(blob, dtype=np.uint16))
                if est >= p.threshold - p.screen_margin:
                    screened.append((est, article_id))
        if not screened:
            return None
        best_ids = [i for _, i in sorted(screened, reverse=True)[: p.max_verify]]
        rows = self.db.execute(
            f"SELECT id, body, duplicate_of FROM articles WHERE id IN ({','.join('?' * len(best_ids))})", best_ids
        ).fetchall()
        best: Match | None = None
        for article_id, body, duplicate_of in rows:
            other = self._verified_shingles(int(article_id), body)
            sim, contained = overlap(fp.unique, other.unique)
            small = min(len(fp.unique), len(other.unique))
            near = sim >= p.threshold or (
                p.containment > 0 and small >= p.min_containment_shingles and contained >= p.containment
            )
            if not near or (best is not None and sim <= best.similarity):
                continue
            if not numbers_agree(fp.numbers, other.numbers, p.min_number_overlap):
                continue
            best = Match(int(article_id), round(sim, 4), int(duplicate_of or article_id))
        return best

    # -- writes --------------------------------------------------------------------------------------------

    def add(self, article_id: int, text: str | Fingerprint | None) -> None:
        """Index (or re-index, after an edit) one stored article; too-short texts are recorded without bands."""
        fp = text if isinstance(text, Fingerprint) else self.fingerprint(text)
        with writing(self.db):
            self._remove(article_id)
            self._insert([(article_id, fp)])

    def remove(self, article_id: int) -> None:
        """Take an article out of the index."""
        with writing(self.db):
            self._remove(article_id)

    def _remove(self, article_id: int) -> None:
        row = self.db.execute("SELECT signature FROM near_dup_articles WHERE article_id = ?", [article_id]).fetchone()
        if row is None:
            return
        if row[0]:
            keys = band_keys(np.frombuffer(row[0], dtype=np.uint16), self.params)
            self.db.conn.executemany(
                "DELETE FROM near_dup_bands WHERE key = ? AND article_id = ?", [(k, article_id) for k in keys]
            )
        self.db.execute("DELETE FROM near_dup_articles WHERE article_id = ?", [article_id])

    def _insert(self, entries: list[tuple[int, Fingerprint]], bands: BandLoader | None = None) -> None:
        self.db.conn.executemany(
            "INSERT OR REPLACE INTO near_dup_articles (article_id, signature) VALUES (?, ?)",
            [(i, fp.signature.tobytes() if fp.signature is not None else None) for i, fp in entries],
        )
        (bands or self._insert_bands)([(k, i) for i, fp in entries for k in fp.keys])

    def _insert_bands(self, rows: list[tuple[int, int]]) -> None:
        self.db.conn.executemany("INSERT OR IGNORE INTO near_dup_bands (key, article_id) VALUES (?, ?)", rows)

    # -- keeping the index in step with the articles -------------------------------------------------------

    def size(self) -> int:
        """Number of indexed articles (too-short ones included)."""
        return self.db.execute("SELECT count(*) FROM near_dup_articles").fetchone()[0]

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value]
        )

    def sync(self, progress: Callable[[int, int], None] | None = None) -> str:
        """Bring the index in step with the parameters and the articles; says what it did.

        "current" (nothing to do), "caught up" (indexed articles stored since, e.g. by an import),
        "rebanded" (only `bands` changed: keys recomputed from stored signatures) or "rebuilt" (signatures
        recomputed from the bodies). `rebuild_seconds` is set whenever something was rebuilt.
        """
        p = self.params
        if self._meta(SIGNATURE_META_KEY) not in (None, p.signature_scheme) or (
            self._meta(SIGNATURE_META_KEY) is None and self.size()
        ):
            self.rebuild(progress)
            return "rebuilt"
        if self._meta(BANDS_META_KEY) not in (None, str(p.bands)):
            self.reband(progress)
            return "rebanded"
        with writing(self.db):
            self._set_meta(SIGNATURE_META_KEY, p.signature_scheme)
            self._set_meta(BANDS_META_KEY, str(p.bands))
        return "caught up" if self.catch_up(progress) else "current"

    def catch_up(self, progress: Callable[[int, int], None] | None = None, *, bulk_from: int = BULK_CATCH_UP) -> int:
        """Index the articles stored after the last indexed one (an import, or a crawl that stopped midway).

        A backlog of `bulk_from` articles or more goes through the sorted band loader `rebuild` uses (random
        B-tree inserts made a 500k-article catch-up stall a crawl's start for 20+ minutes); the time it took is
        then in `rebuild_seconds`, as for a rebuild."""
        last = self.db.execute("SELECT coalesce(max(article_id), 0) FROM near_dup_articles").fetchone()[0]
        backlog = self.db.execute("SELECT count(*) FROM articles WHERE id > ?", [last]).fetchone()[0]
        if backlog < bulk_from:
            return self._index_from(last, progress)
        started = time.perf_counter()
        done = self._index_from(last, progress, bulk=True)
        self.rebuild_seconds = time.perf_counter() - started
        return done

    def rebuild(self, progress: Callable[[int, int], None] | None = None, *, batch: int = 2000) -> int:
        """Recompute every article's signature and bands from its body; returns the number of articles."""
        started = time.perf_counter()
        with writing(self.db):
            self.db.execute("DELETE FROM near_dup_bands")
            self.db.execute("DELETE FROM near_dup_articles")
            done = self._index_from(0, progress, batch=batch, bulk=True)
            self._set_meta(SIGNATURE_META_KEY, self.params.signature_scheme)
            self._set_meta(BANDS_META_KEY, str(self.params.bands))
        self.rebuild_seconds = time.perf_counter() - started
        return done

    def reband(self, progress: Callable[[int, int], None] | None = None, *, batch: int = 20000) -> int:
        """Recompute the band keys from the stored signatures (after a change of `bands` only)."""
        started = time.perf_counter()
        total, done, last = self.size(), 0, 0
        with writing(self.db):
            self.db.execute("DELETE FROM near_dup_bands")
            with self._bulk_bands() as load:
                while True:
                    rows = self.db.execute(
                        "SELECT article_id, signature FROM near_dup_articles WHERE article_id > ? "
                        "AND signature IS NOT NULL ORDER BY article_id LIMIT ?",
                        [last, batch],
                    ).fetchall()
                    if not rows:
                        break
                    sigs = [(i, np.frombuffer(blob, dtype=np.uint16)) for i, blob in rows]
                    load([(k, i) for i, sig in sigs for k in band_keys(sig, self.params)])
                    last, done = rows[-1][0], done + len(rows)
                    if progress:
                        progress(done, total)
            self._set_meta(BANDS_META_KEY, str(self.params.bands))
        self.rebuild_seconds = time.perf_counter() - started
        return done

    def _index_from(
        self, after_id: int, progress: Callable[[int, int], None] | None = None, batch: int = 2000, bulk: bool = False
    ) -> int:
        total = self.db.execute("SELECT count(*) FROM articles WHERE id > ?", [after_id]).fetchone()[0]
        done, last = 0, after_id
        with writing(self.db), self._bulk_bands(enabled=bulk) as load:
            while True:
                rows = self.db.execute(
                    "SELECT id, body FROM articles WHERE id > ? ORDER BY id LIMIT ?", [last, batch]
                ).fetchall()
                if not rows:
                    break
                entries = [(article_id, self.fingerprint(body)) for article_id, body in rows]
                self._insert(entries, bands=load)
                last, done = rows[-1][0], done + len(rows)
                if progress:
                    progress(done, total)
        return done

    @contextmanager
    def _bulk_bands(self, enabled: bool = True) -> Iterator[BandLoader]:
        """A loader for many band rows: appended to a temporary table, then copied in key order.

        Inserting tens of millions of random keys straight into the band B-tree touches a random page per
        row; sorted, the same rows fill pages one after another (several times faster at a million articles).
        """
        if not enabled:
            yield self._insert_bands
            return
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS near_dup_load (key INTEGER, article_id INTEGER)")
        self.db.execute("DELETE FROM near_dup_load")

        def load(rows: list[tuple[int, int]]) -> None:
            self.db.conn.executemany("INSERT INTO near_dup_load (key, article_id) VALUES (?, ?)", rows)

        yield load
        self.db.execute(
            "INSERT OR IGNORE INTO near_dup_bands (key, article_id) "
            "SELECT key, article_id FROM near_dup_load ORDER BY key, article_id"
        )
        self.db.execute("DELETE FROM near_dup_load")


def open_index(db: Database, params: NearDupParams | None = None) -> NearDuplicateIndex:
    """An index ready for lookups: rebuilt if its scheme changed, caught up with articles stored since."""
    index = NearDuplicateIndex(db, params)
    index.sync()
    return index
