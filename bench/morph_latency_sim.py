"""Latency of a morpheme-indexed archive, simulated (needs a bigram archive built by search_bench.py):

    .venv/bin/python bench/morph_latency_sim.py /tmp/newsarchive-bench-200000.db /tmp/bench-200000-morph.db

Simulated: the synthetic bench text is not Korean, so mecab-ko
would cut its pseudo-words arbitrarily; instead each word minus its particle is its 'morpheme' (what the
analyzer gives for a real noun + particle), on both the index and the query side. Measures the cost of the
query shape (bigram expression OR one single-token phrase in search_morph) on realistic posting lists, next to
the bigram archive it was copied from (ROUNDS=2 rounds, alternating)."""
import json, os, re, shutil, sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import storage.archive as archive_module
import storage.search as search_module
from bench.search_bench import PARTICLES, Corpus, make_queries, run_queries
from storage import Archive

_P = sorted(PARTICLES, key=len, reverse=True)
_W = re.compile(r"[\uac00-\ud7a3]+")


class Sim:
    """Each Hangul word minus a trailing particle of the bench corpus: its 'morpheme'."""

    name = "sim-1"

    def terms(self, text):
        """Index tokens."""
        out = []
        for w in _W.findall(text or ""):
            for p in _P:
                if w.endswith(p) and len(w) - len(p) >= 2:
                    w = w[: -len(p)]
                    break
            out.append(w)
        return out

    def query_terms(self, word):
        """Query tokens (the same rule)."""
        return self.terms(word)


sim = Sim()
archive_module.default_analyzer = lambda: sim
search_module.default_analyzer = lambda: sim
src, dst = Path(sys.argv[1]), Path(sys.argv[2])
if not dst.exists():
    shutil.copyfile(src, dst)
    with Archive(dst) as a:
        t = time.perf_counter()
        n = a.reindex(morphemes=True)
        print(json.dumps({"reindex_per_s": round(n / (time.perf_counter() - t)), "load": os.getloadavg()}), flush=True)
        a.optimize()
        a.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
with Archive(dst, readonly=True) as a:
    n = a.db["articles"].count
print(json.dumps({"mb_per_1000": round(dst.stat().st_size / 1e6 / (n / 1000), 2)}))
queries = make_queries(Corpus(), 480)
# The morpheme archive, then the bigram one it was copied from (same queries, analyzer off), alternately: on a
# shared machine the load moves, and CPU times stretch with it.
for round_ in range(int(os.environ.get("ROUNDS", "2"))):
    for name, path in (("morphemes", dst), ("bigrams", src)):
        archive_module.default_analyzer = search_module.default_analyzer = (lambda: sim) if name == "morphemes" else (lambda: None)
        with open(path, "rb") as f:
            while f.read(16 << 20):
                pass
        load = [round(x, 1) for x in os.getloadavg()]
        r = run_queries(path, queries)
        print(json.dumps({"index": name, "round": round_ + 1} | {k: r[k] for k in ("p50_ms", "p95_ms", "p99_ms", "cpu_p50_ms", "cpu_p95_ms")}
                         | {"load": load + [round(x, 1) for x in os.getloadavg()]}), flush=True)
