"""Search benchmark: builds a synthetic Korean archive and measures build rate, size and query latency.

    .venv/bin/python bench/search_bench.py --articles 200000 [--db /tmp/bench.db] [--reuse] [--queries 300]
    .venv/bin/python bench/search_bench.py --labelled      # recall/precision on tests/fixtures/search and the held-out sets
    .venv/bin/python bench/search_bench.py --relevance     # nDCG@10/MAP on tests/fixtures/search_relevance
    .venv/bin/python bench/search_bench.py --ingest 5      # ingest cost and size per 1,000 articles, each index option

The synthetic text is Zipf-distributed words made of common Hangul syllables (2-4 syllables, particles
glued on half of them, Latin/digit tokens mixed in), about 1,500 characters per article — enough to give
the FTS index realistic posting-list lengths; it is not real language.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storage.evaluation import score_queries
from storage.morphemes import default_analyzer
from storage.schema import MORPH_FTS_RANK, MORPH_WEIGHT
from storage import Archive  # noqa: E402

SYLLABLES = (
    "가각간갈감강개거건검게격결경계고곡공과관광교구국군권규균그극근금기긴길김나난남내노녀논농뉴능다단달담당대"
    "더도독동두드등라락란람랑래량러레려력련령례로록론료루류률리린림립마막만말망매면명모목무문물미민바박반발방배"
    "백번범법변별병보복본부북분불비사산살삼상새색생서석선설성세소속손송수숙순술시식신실심아악안압애야약양어억언"
    "업여역연열염영예오온완왕외요용우운원월위유육윤율은음의이인일임입자작장재저적전절점정제조족존종주준중증지직"
    "진질집차착찬참창채책처천철청체초촌총최추축출충취측치친침카타탄태택토통퇴투특파판패평포표품프피필하학한할함"
    "합항해핵행향허혁현혈협형호홍화확환활황회효후훈휴흥희"
)
PARTICLES = "은 는 이 가 을 를 의 에 에서 으로 로 와 과 도 만 까지 부터 에는 에서는 으로는".split()
LATIN = "AI LG SK KT HBM HBM3E DRAM CEO GDP ESG K-pop X-Ray H2O.ai ChatGPT 5G IT OLED EV CPU GPU IPO".split()


def make_vocab(rng: random.Random, size: int) -> list[str]:
    """Distinct pseudo-words of 2-4 syllables (60/30/10%)."""
    seen: set[str] = set()
    while len(seen) < size:
        n = rng.choices((2, 3, 4), (6, 3, 1))[0]
        seen.add("".join(rng.choices(SYLLABLES, k=n)))
    words = sorted(seen)
    rng.shuffle(words)
    return words


class Corpus:
    """Zipf-distributed synthetic articles."""

    def __init__(self, seed: int = 7, vocab_size: int = 30000):
        self.rng = random.Random(seed)
        self.vocab = make_vocab(self.rng, vocab_size)
        weights = [1 / (r + 1) ** 1.0 for r in range(len(self.vocab))]
        total = 0.0
        self.cum = []
        for w in weights:
            total += w
            self.cum.append(total)

    def words(self, k: int) -> list[str]:
        return self.rng.choices(self.vocab, cum_weights=self.cum, k=k)

    def text(self, chars: int) -> str:
        rng = self.rng
        out: list[str] = []
        length = 0
        while length < chars:
            sentence = []
            for w in self.words(rng.randint(6, 12)):
                if rng.random() < 0.5:
                    w += rng.choice(PARTICLES)
                if rng.random() < 0.03:
                    w = rng.choice(LATIN) + (rng.choice(PARTICLES) if rng.random() < 0.5 else "")
                sentence.append(w)
            s = " ".join(sentence) + "다."
            out.append(s)
            length += len(s) + 1
        return " ".join(out)

    def article(self, i: int) -> dict:
        rng = self.rng
        day = rng.randrange(0, 3650)
        return {
            "url": f"https://bench.example.kr/article/{i}",
            "site": f"site{rng.randrange(20)}",
            "section": rng.choice(["정치", "경제", "사회", "국제", "IT", "문화", "스포츠"]),
            "title": " ".join(self.words(rng.randint(4, 8))),
            "body": self.text(1500),
            "authors": [f"기자{rng.randrange(500)}"],
            "published": f"{2015 + day // 365:04d}-{1 + (day % 365) // 31 % 12:02d}-{1 + day % 28:02d}T{rng.randrange(24):02d}:00:00+09:00",
        }


def build(path: Path, n: int, corpus: Corpus, batch: int = 4000) -> tuple[float, float]:
    """Insert n articles through Archive.save_articles; returns articles/second without and with the final
    FTS optimize (generation not timed).

    Articles are generated 50,000 at a time (untimed) and each lot saved by one `save_articles` call.
    """
    with Archive(path) as a:
        saving = 0.0
        done = 0
        step = min(n, 50000)
        while done < n:
            k = min(step, n - done)
            chunk = [corpus.article(done + j) for j in range(k)]
            t = time.perf_counter()
            a.save_articles(chunk, batch=batch)
            saving += time.perf_counter() - t
            done += k
            print(f"  built {done:,} articles, {done / saving:,.0f}/s", file=sys.stderr, flush=True)
        t = time.perf_counter()
        a.optimize()
        optimizing = time.perf_counter() - t
        print(f"  fts optimize: {optimizing:.1f}s", file=sys.stderr)
        a.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return n / saving, n / (saving + optimizing)


def reindex_rate(path: Path) -> float:
    """Articles/second of Archive.reindex (recompute the bigram columns + rebuild FTS) on a built archive.

    The index is optimized afterwards (untimed, as `newsarchive reindex` does) so latency is measured on it.
    """
    with Archive(path) as a:
        t = time.perf_counter()
        n = a.reindex()
        rate = n / (time.perf_counter() - t)
        t = time.perf_counter()
        a.optimize()
        print(f"  reindex {rate:,.0f}/s; fts optimize: {time.perf_counter() - t:.1f}s", file=sys.stderr)
        a.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return rate


def gen_rate(corpus: Corpus, n: int = 2000) -> float:
    t = time.perf_counter()
    for i in range(n):
        corpus.article(i)
    return n / (time.perf_counter() - t)


def make_queries(corpus: Corpus, count: int) -> list[tuple[str, str]]:
    """(class, query) pairs across word frequencies and syntax."""
    rng = random.Random(11)
    v = corpus.vocab
    out: list[tuple[str, str]] = []
    classes = [
        ("top-10 word", lambda: rng.choice(v[:10])),
        ("common word (rank 10-1k)", lambda: rng.choice(v[10:1000])),
        ("mid word (1k-10k)", lambda: rng.choice(v[1000:10000])),
        ("rare word (10k+)", lambda: rng.choice(v[10000:])),
        ("word + particle", lambda: rng.choice(v[10:5000]) + rng.choice(["의", "를", "에서", "은"])),
        ("two words", lambda: f"{rng.choice(v[:2000])} {rng.choice(v[:2000])}"),
        ("phrase", lambda: f'"{rng.choice(v[:300])} {rng.choice(v[:300])}"'),
        ("OR", lambda: f"{rng.choice(v[:3000])} OR {rng.choice(v[:3000])}"),
        ("NOT", lambda: f"{rng.choice(v[:1000])} -{rng.choice(v[:1000])}"),
        ("latin", lambda: rng.choice(LATIN)),
        ("4-syllable compound", lambda: rng.choice([w for w in v[:5000] if len(w) == 4])),
        ("common + site filter", lambda: rng.choice(v[10:1000])),
    ]
    per = max(1, count // len(classes))
    for name, make in classes:
        for _ in range(per):
            out.append((name, make()))
    return out


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def run_queries(path: Path, queries: list[tuple[str, str]], limit: int = 20, mmap: int = 0) -> dict:
    with Archive(path, readonly=True) as a:
        a.db.execute("PRAGMA cache_size = -262144")  # 256 MB page cache, as a long-lived reader would have
        if mmap:
            a.db.execute(f"PRAGMA mmap_size = {mmap}")
        for _, q in queries[:20]:  # warm the page cache a little
            a.search(q, limit=limit)
        by_class: dict[str, list[float]] = {}
        totals: dict[str, list[int]] = {}
        cpu: list[float] = []
        cpu_by_class: dict[str, list[float]] = {}
        for cls, q in queries:
            kw = {"site": "site3"} if "site filter" in cls else {}
            t, c = time.perf_counter(), time.thread_time()
            res = a.search(q, limit=limit, **kw)
            ms = (time.perf_counter() - t) * 1000
            cpu.append((time.thread_time() - c) * 1000)
            cpu_by_class.setdefault(cls, []).append(cpu[-1])
            by_class.setdefault(cls, []).append(ms)
            totals.setdefault(cls, []).append(res.total)  # capped at the count limit (res.total_exact False)
    all_ms = [m for v in by_class.values() for m in v]
    report = {
        "queries": len(all_ms),
        "p50_ms": round(pct(all_ms, 50), 2),
        "p95_ms": round(pct(all_ms, 95), 2),
        "p99_ms": round(pct(all_ms, 99), 2),
        "max_ms": round(max(all_ms), 2),
        # CPU time of the searching thread: the query's cost when it has a core (wall time above also counts
        # waiting for one — this 2-core machine is shared, load averages of 5-12 are common)
        "cpu_p50_ms": round(pct(cpu, 50), 2),
        "cpu_p95_ms": round(pct(cpu, 95), 2),
        "by_class": {
            c: {"p50_ms": round(pct(v, 50), 2), "p95_ms": round(pct(v, 95), 2), "max_ms": round(max(v), 2),
                "cpu_p95_ms": round(pct(cpu_by_class[c], 95), 2), "median_hits": int(statistics.median(totals[c]))}
            for c, v in by_class.items()
        },  # fmt: skip
    }
    return report


#: Every recall/precision set: the parser's own, then the held-out ones written without reading the parser.
LABELLED_SETS = ("search", "search_holdout", "search_holdout2", "search_holdout3", "search_holdout4")


def labelled_eval(fixtures: Path, morphemes: bool = False) -> dict:
    """Recall/precision of Archive.search on the hand-labelled set (all results, no limit), with or without
    the morpheme column."""
    import tempfile

    articles = json.loads((fixtures / "articles.json").read_text(encoding="utf-8"))
    queries = json.loads((fixtures / "queries.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as d, Archive(Path(d) / "l.db") as a:
        for art in articles:
            a.save_article({k: v for k, v in art.items() if k != "id"})
        if morphemes:
            a.reindex(morphemes=True)
        rows = [r.__dict__ for r in score_queries(a, queries).rows]
    tp_all = sum(len(set(q["relevant"])) * r["recall"] for q, r in zip(queries, rows))
    return {
        "articles": len(articles),
        "queries": len(queries),
        "recall_macro": round(statistics.mean(r["recall"] for r in rows), 4),
        "precision_macro": round(statistics.mean(r["precision"] for r in rows), 4),
        "recall_micro": round(tp_all / sum(len(q["relevant"]) for q in queries), 4),
        "precision_micro": round(tp_all / max(1, sum(len(q["relevant"]) * r["recall"] + len(r["extra"]) for q, r in zip(queries, rows))), 4),
        "failures": [r for r in rows if r["missed"] or r["extra"]],
    }


def baseline_eval(fixtures: Path, tokenize: str) -> dict:
    """Recall/precision of plain FTS5 over the raw text (query words quoted, AND-ed) for comparison."""
    import re
    import sqlite3

    articles = json.loads((fixtures / "articles.json").read_text(encoding="utf-8"))
    queries = json.loads((fixtures / "queries.json").read_text(encoding="utf-8"))
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='{tokenize}')")
    conn.executemany("INSERT INTO t(rowid, title, body) VALUES (?, ?, ?)", [(a["id"], a["title"], a["body"]) for a in articles])
    recalls, precisions = [], []
    for q in queries:
        # Datasette-style escaping: every whitespace-separated bit quoted; our operators dropped.
        words = [w.strip('"*-') for w in re.findall(r'"[^"]*"|\S+', q["query"]) if w not in ("AND", "OR", "NOT")]
        expr = " ".join('"' + w.replace('"', '""') + '"' for w in words if w)
        try:
            got = {r[0] for r in conn.execute("SELECT rowid FROM t WHERE t MATCH ?", [expr])}
        except sqlite3.OperationalError:
            got = set()
        want = set(q["relevant"])
        recalls.append(len(got & want) / len(want))
        precisions.append(len(got & want) / len(got) if got else 0.0)
    return {"tokenize": tokenize, "recall_macro": round(statistics.mean(recalls), 4), "precision_macro": round(statistics.mean(precisions), 4)}


RELEVANCE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "search_relevance"


def relevance_archive(path: Path) -> dict[str, int]:
    """Fill `path` with the relevance set's articles (duplicates marked); returns judgment key -> article id."""
    articles = json.loads((RELEVANCE / "articles.json").read_text(encoding="utf-8"))
    ids: dict[str, int] = {}
    with Archive(path) as a:
        for art in articles:
            ids[art["key"]] = a.save_article({k: v for k, v in art.items() if k not in ("key", "source", "duplicate_of")}).id
        for art in articles:
            if art.get("duplicate_of"):
                a.mark_duplicate(ids[art["key"]], ids[art["duplicate_of"]], 0.9)
    return ids


def wordish_rerank_eval(path: Path, ids: dict[str, int], queries: list[dict]) -> dict:
    """Experiment (not shipped): the shipped top 100 re-ordered so articles where every Hangul query word is
    followed by a word boundary, a particle/ending or a common noun suffix come first — can suffix rules
    without a dictionary tell 유가 from 유가족? Mean nDCG@10 plus the queries it changed."""
    import re

    from storage.evaluation import ranking_scores
    from storage.query import PARTICLES, VERB_ENDINGS

    follow = sorted(set(PARTICLES) | set(VERB_ENDINGS) | {"도", "로", "만", "나", "하", "했", "한", "할", "된", "되", "됐", "값", "업", "사", "주", "계", "가격"},
                    key=len, reverse=True)

    def wordish(text: str, term: str) -> bool:
        for m in re.finditer(re.escape(term), text):
            rest = text[m.end():]
            if not rest or not re.match("[가-힣]", rest):
                return True
            if any(rest.startswith(f) and not re.match("[가-힣]", rest[len(f):len(f) + 1]) for f in follow):
                return True
        return False

    scores, changed = [], {}
    with Archive(path, readonly=True) as a:
        root = dict(a.db.execute("SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL").fetchall())
        for q in queries:
            grades = {ids[k]: g for k, g in q["grades"].items()}
            hits = a.search(q["query"], limit=100, rank_window=None).results
            terms = [w for w in q["query"].split() if re.fullmatch("[가-힣]{2,}", w)]
            bodies = {h.id: (h.title or "") + "\n" + (a.get_article(h.id)["body"] or "") for h in hits} if terms else {}
            ranked = [h.id for h in sorted(hits, key=lambda h: not all(wordish(bodies[h.id], w) for w in terms))] if terms else [h.id for h in hits]
            before, after = ranking_scores([h.id for h in hits], grades, root)[0], ranking_scores(ranked, grades, root)[0]
            scores.append(after)
            if abs(before - after) > 1e-9:
                changed[q["query"]] = f"{before:.3f} -> {after:.3f}"
    return {"ndcg@10": round(sum(scores) / len(scores), 4), "changed": changed}


def relevance_eval(variants: list[str] | None = None) -> dict:
    """nDCG@10 and MAP of each ranking variant on the graded relevance set (tests/fixtures/search_relevance)."""
    import tempfile

    from storage.evaluation import relevance_report

    queries = json.loads((RELEVANCE / "queries.json").read_text(encoding="utf-8"))
    out: dict = {"queries": len(queries), "articles": len(json.loads((RELEVANCE / "articles.json").read_text(encoding="utf-8")))}
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "relevance.db"
        ids = relevance_archive(path)
        setups = {
            # what each ranking ingredient is worth: the shipped ranking minus (or plus) one of them
            "shipped (BM25 title x10, ties newest)": ({}, None),
            "no title weight (BM25 title x1)": ({}, "bm25(1.0, 1.0, 0.0)"),
            "newest first (freshness only)": ({"sort": "newest"}, None),
            "collapse duplicates": ({"collapse_duplicates": True}, None),
            "translate (search --translate: English terms also find Korean)": ({"translate": True}, None),
        }
        for name, (kwargs, rank) in setups.items():
            if variants and not any(v in name for v in variants):
                continue
            with Archive(path) as a:
                a.db.execute(f"INSERT INTO articles_fts(articles_fts, rank) VALUES('rank', '{rank or 'bm25(10.0, 1.0, 0.0)'}')")
            with Archive(path, readonly=True) as a:
                rep = relevance_report(a, queries, ids, rank_window=None, **kwargs)
            out[name] = _summary(rep)
        with Archive(path) as a:
            a.db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES('rank', 'bm25(10.0, 1.0, 0.0)')")
        out["experiment: whole-word rerank by suffix rules (not shipped)"] = wordish_rerank_eval(path, ids, queries)
        if default_analyzer() is None:
            out["with morphemes"] = "not measured: the morph extra is not installed"
            return out
        with Archive(path) as a:
            a.reindex(morphemes=True)
        with Archive(path, readonly=True) as a:
            out["with morphemes, translate"] = _summary(relevance_report(a, queries, ids, rank_window=None, translate=True))
        for weight in MORPH_WEIGHTS:
            with Archive(path) as a:
                a.db.execute(f"INSERT INTO articles_fts(articles_fts, rank) VALUES('rank', 'bm25(10.0, 1.0, 0.0, {weight})')")
            name = f"with morphemes, morpheme column weight {weight:g}" + (" (shipped)" if weight == MORPH_WEIGHT else "")
            with Archive(path, readonly=True) as a:
                out[name] = _summary(relevance_report(a, queries, ids, rank_window=None))
        with Archive(path) as a:
            a.db.execute(f"INSERT INTO articles_fts(articles_fts, rank) VALUES('rank', '{MORPH_FTS_RANK}')")
        out["experiment: morphemes alone when they match, else bigrams (not shipped)"] = _morphemes_only_eval(path, ids, queries)
    return out


MORPH_WEIGHTS = (1.0, 3.0, 10.0, 30.0)


def _summary(rep: dict) -> dict:
    """The figures of one `relevance_report` printed per variant (`added`: the queries added by a later session)."""
    added: dict[str, list[dict]] = {}
    for r in rep["rows"]:
        added.setdefault(r.get("added") or "the set's first sessions", []).append(r)
    return {"ndcg@10": rep["ndcg@10"], "map": rep["map"], "recall": rep["recall"], "precision": rep["precision"],
            "first page (20): recall, precision": f"{rep['recall_page']:.4f} {rep['precision_page']:.4f}",
            **{f"queries added by {k} (ndcg@10 map recall precision n)": " ".join(f"{sum(r[m] for r in rs) / len(rs):.3f}" for m in ("ndcg", "ap", "recall", "precision")) + f" {len(rs)}"
               for k, rs in added.items()},
            "by_category (ndcg@10 map n)": {c: f"{v['ndcg@10']:.3f} {v['map']:.3f} {v['queries']}" for c, v in rep["by_category"].items()},
            "worst": [f"{n:.3f} {q}" for n, q in sorted((r["ndcg"], r["query"]) for r in rep["rows"])[:6]]}


def _morphemes_only_eval(path: Path, ids: dict[str, int], queries: list[dict]) -> dict:
    """Experiment (not shipped): a word whose morphemes match any article is matched by its morphemes alone
    (substring-only matches such as 유가 in 유가족 dropped), other words by bigrams as shipped."""
    from storage.evaluation import relevance_report
    from storage.query import Term

    shipped = Term.fts
    with Archive(path, readonly=True) as a:

        def morphemes_only(self: Term, rank: bool = False, morph=None) -> str | None:
            expr = self.morph_fts(morph) if morph is not None else None
            if expr and a.db.execute("SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1", [expr]).fetchone():
                return expr
            return shipped(self, rank, morph)

        Term.fts = morphemes_only  # type: ignore[method-assign]
        try:
            rep = relevance_report(a, queries, ids, rank_window=None)
        finally:
            Term.fts = shipped  # type: ignore[method-assign]
    return _summary(rep)


def ingest_eval(copies: int) -> dict:
    """Ingest cost and archive size per 1,000 articles for each index option, on real article text: the
    relevance set's 414 articles saved `copies` times (distinct URLs) through `Archive.save_articles`."""
    import tempfile

    articles = json.loads((RELEVANCE / "articles.json").read_text(encoding="utf-8"))
    records = [{k: v for k, v in art.items() if k not in ("key", "source", "duplicate_of")} | {"url": f"{art['url']}#copy{c}"}
               for c in range(copies) for art in articles]  # fmt: skip
    out: dict = {"articles": len(records), "load_avg_start": [round(x, 2) for x in os.getloadavg()]}
    options = [("bigrams (default)", False)] + ([("bigrams + morphemes (morph extra)", True)] if default_analyzer() else [])
    for name, morphemes in options:
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "ingest.db"
            with Archive(path) as a:
                a.reindex(morphemes=morphemes)  # an empty archive: sets the index kind new articles are saved with
                t = time.perf_counter()
                a.save_articles(records, batch=500)
                took = time.perf_counter() - t
                a.optimize()
                a.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                t = time.perf_counter()
                a.reindex(morphemes=morphemes)
                reindex = time.perf_counter() - t
                a.optimize()
                a.db.execute("VACUUM")
            size = path.stat().st_size
            out[name] = {"seconds_per_1000_articles": round(took / len(records) * 1000, 2),
                         "articles_per_s": round(len(records) / took), "reindex_per_s": round(len(records) / reindex),
                         "mb_per_1000_articles": round(size / 1e6 / (len(records) / 1000), 2)}  # fmt: skip
    out["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--db", type=Path, default=None, help="archive path (default /tmp/newsarchive-bench-N.db)")
    ap.add_argument("--reuse", action="store_true", help="skip the build when the file already has the articles")
    ap.add_argument("--queries", type=int, default=240)
    ap.add_argument("--labelled", action="store_true", help="only evaluate the labelled set")
    ap.add_argument("--relevance", action="store_true", help="only rank the graded relevance set: nDCG@10 and MAP per ranking variant")
    ap.add_argument("--ingest", type=int, metavar="COPIES", default=0,
                    help="only measure ingest cost and size per 1,000 articles of each index option (real text: the relevance set COPIES times)")
    ap.add_argument("--reindex", action="store_true", help="also time Archive.reindex on the archive")
    ap.add_argument("--cold", action="store_true", help="do not read the file into the OS page cache first")
    ap.add_argument("--mmap", type=int, default=0, help="override PRAGMA mmap_size for the reader (bytes; Archive sets 8 GiB, capped by SQLite)")
    args = ap.parse_args(argv)
    fixtures = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "search"
    if args.ingest:
        print(json.dumps(ingest_eval(args.ingest), ensure_ascii=False, indent=2))
        return 0
    if args.relevance:
        print(json.dumps(relevance_eval(), ensure_ascii=False, indent=2))
        return 0
    if args.labelled:
        report = labelled_eval(fixtures)
        if default_analyzer():
            report["with morphemes"] = labelled_eval(fixtures, morphemes=True)
        report["baselines_on_raw_text"] = [baseline_eval(fixtures, t) for t in ("unicode61 remove_diacritics 2", "trigram")]
        # The held-out sets (tests/storage/test_search_holdout.py): macro recall/precision, bigrams and morphemes.
        report["held_out"] = {}
        for name in LABELLED_SETS[1:]:
            row = {"bigrams": labelled_eval(fixtures.parent / name)}
            if default_analyzer():
                row["morphemes"] = labelled_eval(fixtures.parent / name, morphemes=True)
            report["held_out"][name] = row
        summary = {"search": report} | report["held_out"]
        report["summary (recall precision, macro)"] = {
            name: " / ".join(f"{k}: {r['recall_macro']:.4f} {r['precision_macro']:.4f}"
                             for k, r in (("bigrams", row.get("bigrams", row)), ("morphemes", row.get("morphemes", row.get("with morphemes")))) if r)
            for name, row in summary.items()
        }  # fmt: skip
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    path = args.db or Path(f"/tmp/newsarchive-bench-{args.articles}.db")
    corpus = Corpus()
    report: dict = {"articles": args.articles, "db": str(path), "load_avg_start": [round(x, 2) for x in os.getloadavg()]}
    existing = 0
    if args.reuse and path.exists():
        with Archive(path, readonly=True) as a:
            existing = a.db["articles"].count
    if existing != args.articles:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        report["generate_rate_per_s"] = round(gen_rate(Corpus(seed=99)))
        t = time.perf_counter()
        rate, with_optimize = build(path, args.articles, corpus)
        report["build_rate_per_s"] = round(rate)
        report["build_rate_incl_optimize_per_s"] = round(with_optimize)
        report["build_seconds_incl_generation_and_optimize"] = round(time.perf_counter() - t, 1)
    if args.reindex:
        report["reindex_rate_per_s"] = round(reindex_rate(path))
    size = path.stat().st_size
    report["file_bytes"] = size
    report["mb_per_1000_articles"] = round(size / 1e6 / (args.articles / 1000), 2)
    if not args.cold:
        # A search server keeps its archive in the OS page cache; measure that state, not disk reads.
        t = time.perf_counter()
        with open(path, "rb") as f:
            while f.read(16 << 20):
                pass
        report["page_cache_warm_seconds"] = round(time.perf_counter() - t, 1)
    report["latency_top20"] = run_queries(path, make_queries(corpus, args.queries), mmap=args.mmap)
    report["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
