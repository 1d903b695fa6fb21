"""Dedupe benchmark: per-article cost of `DedupePipeline` with a large archive, LSH state size, rebuild time.

    .venv/bin/python bench/dedupe_bench.py --articles 1000000 [--db /tmp/dedupe_bench.db] [--queries 3000]
    .venv/bin/python bench/dedupe_bench.py --compare        # rensa vs datasketch on real article text
    .venv/bin/python bench/dedupe_bench.py --labelled       # precision/recall on tests/fixtures/near_duplicates

The main run builds (or reuses, with the same --db and --articles) an archive of synthetic Korean articles:
Zipf-distributed pseudo-words of common Hangul syllables with particles glued on, ~800 characters each, and
one article in twenty a reworked copy (new lead, cut ending, byline/footer) of an earlier one. The article
rows are written with plain SQL (search columns left empty: this is not a search benchmark), then the
near-duplicate index is built with `NearDuplicateIndex.rebuild()` — which is exactly what a scheme change
costs, so that time is reported as the rebuild time. Then `--queries` incoming articles (70% new stories,
20% near copies of archived ones, 10% exact copies under new URLs) go through the real `DedupePipeline`
(`process_item`, then `item_scraped` after a minimal article row is written, as the store would): the
reported cost covers the body hash, URL and body-hash lookups, MinHash, the LSH lookup with candidate
screening and verification, and indexing the stored article. Timings are with the archive in the OS page
cache (the machine's normal state during hourly crawls).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storage import Archive, body_hash  # noqa: E402
from storage.fingerprints import _codes, _shingle_hashes  # noqa: E402
from storage.near_duplicates import (  # noqa: E402
    NearDupParams,
    NearDuplicateIndex,
    estimated_jaccard,
    shingle_source,
    signature,
    text_jaccard,
)

ROOT = Path(__file__).resolve().parents[1]
SYLLABLES = (
    "가각간갈감강개거건검게격결경계고곡공과관광교구국군권규균그극근금기긴길김나난남내노녀논농뉴능다단달담당대"
    "더도독동두드등라락란람랑래량러레려력련령례로록론료루류률리린림립마막만말망매면명모목무문물미민바박반발방배"
    "백번범법변별병보복본부북분불비사산살삼상새색생서석선설성세소속손송수숙순술시식신실심아악안압애야약양어억언"
    "업여역연열염영예오온완왕외요용우운원월위유육윤율은음의이인일임입자작장재저적전절점정제조족존종주준중증지직"
    "진질집차착찬참창채책처천철청체초촌총최추축출충취측치친침카타탄태택토통퇴투특파판패평포표품프피필하학한할함"
    "합항해핵행향허혁현혈협형호홍화확환활황회효후훈휴흥희"
)
PARTICLES = "은 는 이 가 을 를 의 에 에서 으로 로 와 과 도 했다 밝혔다 말했다 것으로 있다".split()


class Corpus:
    """Deterministic synthetic Korean articles (not language, but news-like shingle statistics)."""

    def __init__(self, seed: int = 7, vocab: int = 200_000, zipf: float = 0.95, text_seed: int | None = None):
        rng = np.random.default_rng(seed)
        words: set[str] = set()
        while len(words) < vocab:
            n = rng.choice([2, 3, 4], p=[0.6, 0.3, 0.1])
            words.add("".join(SYLLABLES[i] for i in rng.integers(0, len(SYLLABLES), n)))
        self.words = np.array(sorted(words))
        ranks = np.arange(1, vocab + 1, dtype=float)
        self.cdf = np.cumsum(ranks**-zipf / (ranks**-zipf).sum())
        # The vocabulary depends on `seed` only; the texts on `text_seed` too (queries on a reused archive
        # must not replay the articles it was built from).
        self.rng = rng if text_seed is None else np.random.default_rng([seed, text_seed])

    def article(self, n_words: int = 220) -> str:
        """One article: sentences of 8-16 words, a third of the words with a particle, paragraphs of 3 sentences."""
        rng = self.rng
        idx = np.minimum(np.searchsorted(self.cdf, rng.random(n_words)), len(self.words) - 1)
        words = self.words[idx].tolist()
        parts = rng.integers(0, len(PARTICLES) * 3, n_words)
        words = [w + PARTICLES[k] if k < len(PARTICLES) else w for w, k in zip(words, parts)]
        out, sentences, i = [], [], 0
        while i < n_words:
            n = int(rng.integers(8, 17))
            sentences.append(" ".join(words[i : i + n]) + ".")
            i += n
        for j in range(0, len(sentences), 3):
            out.append(" ".join(sentences[j : j + 3]))
        return "\n\n".join(out)

    def reworked_copy(self, body: str) -> str:
        """Another outlet's version: own lead sentence, last paragraph cut, byline and footer."""
        paras = body.split("\n\n")
        lead = self.article(14).replace("\n\n", " ")
        paras = [lead, *paras[:-1]] if len(paras) > 2 else [lead, *paras]
        return "[데일리경제 박지훈 기자] " + "\n\n".join(paras) + "\n\n박지훈 기자 jh@daily.kr\n\n<저작권자 © 데일리경제, 무단전재 및 재배포 금지>"


def rss_mb() -> float:
    """Peak resident set size of this process, MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    """Current resident set size of this process, MB (Linux)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def table_bytes(db, names: list[str]) -> dict[str, int]:
    """Bytes on disk per table/index (dbstat), or page-count based totals when dbstat is unavailable."""
    try:
        rows = db.execute(
            f"SELECT name, sum(pgsize) FROM dbstat WHERE name IN ({','.join('?' * len(names))}) GROUP BY name", names
        ).fetchall()
        return dict(rows)
    except Exception:  # noqa: BLE001 - dbstat not compiled in
        return {}


# ---------------------------------------------------------------------------------------------- build


def build(path: Path, n: int, corpus: Corpus, params: NearDupParams) -> dict:
    """Write `n` synthetic articles (5% reworked copies) and build the near-duplicate index over them."""
    report: dict = {}
    t0 = time.perf_counter()
    with Archive(path) as archive:
        db = archive.db
        db.execute("PRAGMA journal_mode = WAL")
        bodies: list[str] = []
        batch, done = 10000, 0
        with db.atomic():
            while done < n:
                rows = []
                for i in range(done, min(done + batch, n)):
                    if i > 100 and i % 20 == 0:
                        body = corpus.reworked_copy(bodies[int(corpus.rng.integers(0, len(bodies)))])
                    else:
                        body = corpus.article()
                    if len(bodies) < 200000:
                        bodies.append(body)
                    else:
                        bodies[i % 200000] = body
                    rows.append((i + 1, f"https://bench.example.kr/news/{i + 1}", "bench", body_hash(body), body,
                                 f"기사 {i + 1}", "2026-03-01T00:00:00Z"))
                db.conn.executemany(
                    "INSERT INTO articles (id, url, site, body_hash, body, title, published_utc, version) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, 1)", rows)
                done += len(rows)
                print(f"\r  articles {done:,}/{n:,}  {time.perf_counter() - t0:.0f} s", end="", file=sys.stderr)
        print(file=sys.stderr)
        report["insert_articles_s"] = round(time.perf_counter() - t0, 1)
        index = NearDuplicateIndex(db, params)
        t1 = time.perf_counter()
        index.rebuild(lambda d, t: print(f"\r  index {d:,}/{t:,}  {time.perf_counter() - t1:.0f} s", end="",
                                         file=sys.stderr) if d % 50000 == 0 or d == t else None)
        print(file=sys.stderr)
        report["rebuild_from_bodies_s"] = round(index.rebuild_seconds, 1)
        t2 = time.perf_counter()
        reband = NearDuplicateIndex(db, params)
        reband.reband()
        report["reband_from_signatures_s"] = round(time.perf_counter() - t2, 1)
        db.execute("ANALYZE")
    return report


# ---------------------------------------------------------------------------------------------- queries


def run_queries(path: Path, n_articles: int, n_queries: int, corpus: Corpus, params: NearDupParams) -> dict:
    """Time the real DedupePipeline on incoming articles; returns percentiles and outcome counts."""
    from scrapy.exceptions import DropItem
    from scrapy.utils.test import get_crawler

    from crawler.archive_access import archive_for, close_archive
    from crawler.items import ArticleItem
    from pipelines.dedupe import DedupePipeline

    rss_before = current_rss_mb()
    crawler = get_crawler(settings_dict={
        "NEWSARCHIVE_DB": str(path), "NEWSARCHIVE_NEAR_DUP_THRESHOLD": params.threshold,
        "NEWSARCHIVE_NEAR_DUP_SHINGLE_SIZE": params.shingle_size, "NEWSARCHIVE_NEAR_DUP_PERMUTATIONS": params.num_perm,
        "NEWSARCHIVE_NEAR_DUP_BANDS": params.bands})
    crawler.stats.open_spider()
    pipeline = DedupePipeline.from_crawler(crawler)
    t_open = time.perf_counter()
    pipeline.open_spider()
    open_s = time.perf_counter() - t_open
    archive = archive_for(crawler)
    rng = np.random.default_rng(99)
    next_id = archive.db.execute("SELECT max(id) FROM articles").fetchone()[0] + 1
    costs: dict[str, list[float]] = {"new": [], "near": [], "exact": []}
    phases: dict[str, list[float]] = {"process_item": [], "item_scraped": []}
    run = time.strftime("%Y%m%d%H%M%S")
    outcome = {"new": 0, "near_found": 0, "exact_dropped": 0}
    for q in range(n_queries):
        r = rng.random()
        if r < 0.7:
            kind, body = "new", corpus.article()
        else:
            src = int(rng.integers(1, n_articles + 1))
            original = archive.db.execute("SELECT body FROM articles WHERE id = ?", [src]).fetchone()[0]
            kind, body = ("near", corpus.reworked_copy(original)) if r < 0.9 else ("exact", original)
        url = f"https://incoming.example.kr/{run}/{q}"
        item = ArticleItem(url=url, fetched_url=url, title="t", body=body, aliases=[])
        start = time.perf_counter()
        try:
            item = pipeline.process_item(item)
        except DropItem:
            costs[kind].append(time.perf_counter() - start)
            outcome["exact_dropped"] += 1
            continue
        elapsed = time.perf_counter() - start
        phases["process_item"].append(elapsed)
        outcome["near_found" if item.get("duplicate_of") else "new"] += 1
        # what the store would write (not timed: it is the store's cost, not dedupe's)
        archive.db.execute(
            "INSERT INTO articles (id, url, site, body_hash, body, title, duplicate_of, similarity, version) "
            "VALUES (?, ?, 'bench', ?, ?, 't', ?, ?, 1)",
            [next_id, url, item["body_hash"], body, item.get("duplicate_of"), item.get("similarity")])
        archive.db.conn.commit()  # the store commits each article; the index then writes in its own transaction
        next_id += 1
        start = time.perf_counter()
        pipeline.item_scraped(item)
        phases["item_scraped"].append(time.perf_counter() - start)
        costs[kind].append(elapsed + phases["item_scraped"][-1])
    archive.db.conn.commit()
    close_archive(crawler)
    every = sorted(c for v in costs.values() for c in v)

    def pct(values: list[float], p: float) -> float:
        return round(sorted(values)[min(len(values) - 1, int(p * len(values)))] * 1000, 3) if values else 0.0

    return {
        "queries": n_queries,
        "median_ms": pct(every, 0.5), "p90_ms": pct(every, 0.9), "p99_ms": pct(every, 0.99),
        "by_kind_median_ms": {k: pct(v, 0.5) for k, v in costs.items()},
        "by_phase_median_ms (stored items)": {k: pct(v, 0.5) for k, v in phases.items()},
        "outcome": outcome,
        "near_copies_sent": len(costs["near"]), "exact_copies_sent": len(costs["exact"]),
        "index_open_s": round(open_s, 3),
        "rss_growth_mb_during_queries": round(current_rss_mb() - rss_before, 1),
    }  # fmt: skip


def state_size(path: Path, n: int) -> dict:
    """Disk bytes of the LSH tables, per million articles; file size."""
    with Archive(path) as archive:
        sizes = table_bytes(archive.db, ["near_dup_bands", "near_dup_articles", "articles", "sqlite_autoindex_articles_1"])
        rows = archive.db.execute("SELECT count(*) FROM near_dup_bands").fetchone()[0]
    per_m = 1_000_000 / n
    out = {"band_rows": rows, "file_mb": round(path.stat().st_size / 2**20, 1)}
    if sizes:
        lsh = sizes.get("near_dup_bands", 0) + sizes.get("near_dup_articles", 0)
        out.update({
            "near_dup_bands_mb": round(sizes.get("near_dup_bands", 0) / 2**20, 1),
            "near_dup_articles_mb": round(sizes.get("near_dup_articles", 0) / 2**20, 1),
            "lsh_state_mb_per_million": round(lsh * per_m / 2**20, 1),
            "bytes_per_article": round(lsh / n, 1),
        })  # fmt: skip
    return out


def background_similarity(corpus: Corpus, k: int, pairs: int = 3000) -> dict:
    """Mean / p99 Jaccard of unrelated synthetic articles vs the demo site's real ones (k-shingles)."""
    import itertools

    fake = [corpus.article() for _ in range(80)]
    demo = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "crawler/demo/data/articles").glob("*.json"))]
    real = ["\n\n".join(a["paragraphs"]) for sec in demo for a in sec]

    def stats(texts: list[str]) -> tuple[float, float]:
        js = sorted(text_jaccard(a, b, k) for a, b in itertools.islice(itertools.combinations(texts, 2), pairs))
        return round(statistics.mean(js), 4), round(js[int(0.99 * len(js))], 4)

    return {"synthetic_mean_p99": stats(fake), "demo_site_mean_p99": stats(real)}


def in_memory_comparison(n: int, params: NearDupParams, corpus: Corpus) -> dict:
    """RSS of rensa's own in-memory RMinHashLSH holding `n` signatures (the alternative to keeping bands in SQLite)."""
    from rensa import RMinHash, RMinHashLSH

    texts = [corpus.article() for _ in range(2000)]
    token_lists = [[str(h) for h in _shingle_hashes(_codes(shingle_source(t)), params.shingle_size)[:400]] for t in texts]
    lsh = RMinHashLSH(params.threshold, params.num_perm, params.bands)
    before = current_rss_mb()
    t0 = time.perf_counter()
    for i in range(n):
        m = RMinHash(params.num_perm, params.seed + i)  # distinct signatures without re-shingling 1M texts
        m.update(token_lists[i % len(token_lists)])
        lsh.insert(i, m)
    return {"rensa_lsh_items": n, "rensa_lsh_rss_mb": round(current_rss_mb() - before, 1),
            "rensa_lsh_rss_mb_per_million": round((current_rss_mb() - before) * 1_000_000 / n, 1),
            "rensa_lsh_build_s": round(time.perf_counter() - t0, 1)}


# ---------------------------------------------------------------------------------------------- compare / labelled


def compare(params: NearDupParams) -> dict:
    """rensa vs datasketch: signature time for a ~1,700-character article and Jaccard estimation error."""
    from datasketch import MinHash
    from rensa import RMinHash

    demo = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "crawler/demo/data/articles").glob("*.json"))]
    real = ["\n\n".join(a["paragraphs"]) for sec in demo for a in sec]
    docs = ["\n\n".join(real[i : i + 5]) for i in range(0, len(real) - 5)]
    hashes = [_shingle_hashes(_codes(shingle_source(d)), params.shingle_size) for d in docs]
    strings = [[str(h).encode() for h in np.unique(hs)] for hs in hashes]

    def median_us(fn, items) -> float:
        ts = []
        for it in items:
            t = time.perf_counter()
            fn(it)
            ts.append(time.perf_counter() - t)
        return round(statistics.median(ts) * 1e6, 1)

    def ds_sig(tokens):
        m = MinHash(num_perm=params.num_perm, seed=1)
        m.update_batch(tokens)
        return m

    def rensa_strings(tokens):
        m = RMinHash(params.num_perm, params.seed)
        m.update(tokens)
        return m.digest()

    rensa_str_us = median_us(rensa_strings, [[t.decode() for t in ts] for ts in strings])
    full_text = median_us(lambda d: signature(_shingle_hashes(_codes(shingle_source(d)), params.shingle_size), params), docs)
    rensa_us = median_us(lambda hs: signature(hs, params), hashes)
    ds_us = median_us(ds_sig, strings)
    pairs = [json.loads(line) for line in (ROOT / "tests/fixtures/near_duplicates/pairs.jsonl").read_text().splitlines()]
    err_r, err_d = [], []
    for p in pairs:
        ha = _shingle_hashes(_codes(shingle_source(p["a"]["body"])), params.shingle_size)
        hb = _shingle_hashes(_codes(shingle_source(p["b"]["body"])), params.shingle_size)
        exact = text_jaccard(p["a"]["body"], p["b"]["body"], params.shingle_size)
        err_r.append(abs(estimated_jaccard(signature(ha, params), signature(hb, params)) - exact))
        sa, sb = ds_sig([str(h).encode() for h in np.unique(ha)]), ds_sig([str(h).encode() for h in np.unique(hb)])
        err_d.append(abs(sa.jaccard(sb) - exact))
    return {
        "chars_median": int(statistics.median(len(d) for d in docs)),
        "shingles_median": int(statistics.median(len(np.unique(h)) for h in hashes)),
        "rensa_signature_us (pre-hashed shingles, as used)": rensa_us,
        "rensa_signature_us (string shingles)": rensa_str_us,
        "datasketch_signature_us (update_batch, bytes shingles)": ds_us,
        "speedup_like_for_like (strings)": round(ds_us / rensa_str_us, 1),
        "whole_fingerprint_us (text -> bands, rensa)": full_text,
        "mean_abs_jaccard_error_rensa_16bit": round(statistics.mean(err_r), 4),
        "mean_abs_jaccard_error_datasketch": round(statistics.mean(err_d), 4),
        "num_perm": params.num_perm,
    }  # fmt: skip


def labelled(params: NearDupParams) -> dict:
    """Precision / recall on the labelled pairs, with and without the number check, and per kind misses."""
    import tempfile

    pairs = [json.loads(line) for line in (ROOT / "tests/fixtures/near_duplicates/pairs.jsonl").read_text().splitlines()]
    out = {}
    variants = {"default": params, "no_number_check": NearDupParams(min_number_overlap=0),
                "no_containment": NearDupParams(containment=0)}
    for t in (0.4, 0.6, 0.7):
        variants[f"threshold_{t}"] = NearDupParams(threshold=t)
    for name, p in variants.items():
        tp = fp = fn = tn = 0
        wrong = []
        with tempfile.TemporaryDirectory() as d, Archive(Path(d) / "l.db") as archive:
            index = NearDuplicateIndex(archive.db, p)
            index.sync()
            for pair in pairs:
                a = archive.save_article({"url": f"http://l/{pair['id']}", "title": "a", "body": pair["a"]["body"]}).id
                index.add(a, pair["a"]["body"])
                found = index.find(pair["b"]["body"]) is not None
                index.remove(a)
                dup = pair["label"] == "duplicate"
                tp, fp, fn, tn = tp + (dup and found), fp + (found and not dup), fn + (dup and not found), tn + (not dup and not found)
                if dup != found:
                    wrong.append(f"{pair['id']}:{pair['kind']}")
        out[name] = {"precision": round(tp / (tp + fp), 3) if tp + fp else 1.0, "recall": round(tp / (tp + fn), 3),
                     "tp": tp, "fp": fp, "fn": fn, "tn": tn, "wrong": wrong}
    return out


def main() -> None:
    """Command line."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=3000)
    ap.add_argument("--db", type=Path, default=Path("/tmp/dedupe_bench.db"))
    ap.add_argument("--rebuild", action="store_true", help="Build the archive even if --db exists.")
    ap.add_argument("--compare", action="store_true", help="Only rensa vs datasketch.")
    ap.add_argument("--labelled", action="store_true", help="Only precision/recall on the labelled pairs.")
    ap.add_argument("--in-memory", type=int, default=0, metavar="N", help="Also measure rensa's RMinHashLSH with N items.")
    args = ap.parse_args()
    params = NearDupParams()
    if args.compare:
        print(json.dumps(compare(params), ensure_ascii=False, indent=2))
        return
    if args.labelled:
        print(json.dumps(labelled(params), ensure_ascii=False, indent=2))
        return
    corpus = Corpus()
    report: dict = {"articles": args.articles, "params": params.__dict__ | {"rows": params.rows}}
    report["background_jaccard"] = background_similarity(corpus, params.shingle_size)
    marker = args.db.with_suffix(".built.json")
    if args.rebuild or not args.db.exists() or not marker.exists() or json.loads(marker.read_text())["articles"] != args.articles:
        for p in (args.db, Path(f"{args.db}-wal"), Path(f"{args.db}-shm"), marker):
            p.unlink(missing_ok=True)
        built = build(args.db, args.articles, corpus, params)
        marker.write_text(json.dumps({"articles": args.articles, **built}))
    report["build"] = json.loads(marker.read_text())
    report["state"] = state_size(args.db, args.articles)
    queries = Corpus(text_seed=time.time_ns())  # same vocabulary, texts never seen by the archive
    report["per_article"] = run_queries(args.db, args.articles, args.queries, queries, params)
    if args.in_memory:
        report["in_memory_alternative"] = in_memory_comparison(args.in_memory, params, corpus)
    report["peak_rss_mb"] = round(rss_mb(), 1)
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
