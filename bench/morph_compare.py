"""Korean morphological analyzers compared for search indexing: speed, memory, and the cases bigrams get wrong.

    .venv/bin/pip install kiwipiepy python-mecab-ko    # not dependencies of newsarchive (see README, Search)
    .venv/bin/python bench/morph_compare.py

Each analyzer runs in its own subprocess over the Korean articles of tests/fixtures/search_relevance
(title + body), reporting load time, articles/s, peak RSS and, for probe sentences, the nouns and
verb/adjective stems it would index: does 유가 stay apart from 유가족, 조선 from 조선일보, 탄소 from
방탄소년단, and does 줄였다 give the stem 줄이?
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ARTICLES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "search_relevance" / "articles.json"
PROBES = ["세월호 유가족들이 기자회견을 열었다", "국제유가가 급등했다", "조선일보가 지면을 개편한다", "조선업 수주가 늘었다",
          "방탄소년단 진이 전역했다", "2050 탄소중립을 점검했다", "온실가스 배출을 줄였다", "현대자동차그룹은 투자를 늘린다"]
# Index terms: nouns, proper nouns, verb and adjective stems (what a morpheme column would hold).
KEEP = ("NNG", "NNP", "VV", "VA", "SL", "SH")


def run(name: str) -> dict:
    """Measure one analyzer in this process (called in a subprocess)."""
    texts = [a["title"] + "\n" + a["body"] for a in json.loads(ARTICLES.read_text(encoding="utf-8")) if a["language"] == "ko"]
    t = time.perf_counter()
    if name == "kiwipiepy":
        from kiwipiepy import Kiwi

        kiwi = Kiwi()
        kiwi.tokenize("준비")  # the model loads lazily

        def terms(text: str) -> list[str]:
            return [f"{tok.form}/{tok.tag}" for tok in kiwi.tokenize(text) if tok.tag.startswith(KEEP)]
    else:
        from mecab import MeCab

        mecab = MeCab()

        def terms(text: str) -> list[str]:
            return [f"{m.surface}/{m.pos}" for m in mecab.parse(text) if m.pos.split("+")[0].startswith(KEEP)]
    load = time.perf_counter() - t
    t = time.perf_counter()
    for text in texts:
        terms(text)
    took = time.perf_counter() - t
    chars = sum(map(len, texts))
    return {"analyzer": name, "load_s": round(load, 2), "articles": len(texts), "articles_per_s": round(len(texts) / took),
            "chars_per_s": round(chars / took), "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "probes": {p: " ".join(terms(p)) for p in PROBES}}


def main() -> int:
    """Run each analyzer in a subprocess and print the results as JSON."""
    if len(sys.argv) > 1:
        print(json.dumps(run(sys.argv[1]), ensure_ascii=False))
        return 0
    out = []
    for name in ("kiwipiepy", "mecab"):
        r = subprocess.run([sys.executable, __file__, name], capture_output=True, text=True)
        out.append(json.loads(r.stdout) if r.returncode == 0 else {"analyzer": name, "error": r.stderr.strip().splitlines()[-1:]})
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
