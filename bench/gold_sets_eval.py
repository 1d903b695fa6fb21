"""Ours vs trafilatura against other people's gold texts: the Dragnet, L3S-GN1 and CleanPortalEval sets.

Usage: .venv/bin/python bench/gold_sets_eval.py DATA [--sets dragnet,l3s,cpe] [--jobs 2] [--json OUT] [--worst N]

DATA is a checkout (or `git archive HEAD dragnet_data page-signal-master CleanPortalEval-master | tar -x`) of
j-szulc/html-cleaning-dataset-merged, which keeps each set as `<set>/input/NAME.html` + `<set>/GoldStandard/NAME.txt`:

| set | pages | what | gold text of the article |
|---|---|---|---|
| `dragnet` (`dragnet_data/`) | 1,381 | blog posts and news of 2012 (Moz's Dragnet, WWW 2013; AGPLv3 data) | the text before the `!@#$%^&*() COMMENTS` mark |
| `l3s` (`page-signal-master/`) | 621 | Google News pages of 2008 (L3S-GN1, Kohlschütter et al., WSDM 2010) | the spans annotated `x-nc-sel2` ("full text") |
| `cpe` (`CleanPortalEval-master/`) | 71 | news portals' pages, CleanEval-style gold (ppke-nlpg/CleanPortalEval) | the whole gold text, URL line dropped |

Nobody on this project wrote or labelled these pages, and the gold texts follow their own conventions (Dragnet's and
CleanPortalEval's include the headline and the dateline, which neither extractor puts in a body), so only the
comparison between the two extractors on the same gold is meaningful, not the absolute figure. Pages whose HTML is
already a fixture of this project (same git blob) and pages whose gold text is under 200 characters are left out.
Body F1 is the Zyte metric of `crawler/extract/metrics.py` (per set, over pages), with the per-page F1 behind the
counts of lost pages. The data is not in this repository (about 200 MB, the Dragnet part under the AGPL).
"""

from __future__ import annotations

import argparse
import hashlib
import html as htmllib
import json
import re
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.extract.metrics import body_score, shingle_match  # noqa: E402

SETS = {"dragnet": "dragnet_data", "l3s": "page-signal-master", "cpe": "CleanPortalEval-master"}
MIN_GOLD = 200  # characters: shorter gold texts are empty or a one-line stub, not an article
_COMMENTS_MARK = "!@#$%^&*()"
_SEL2 = '//*[contains(concat(" ", @class, " "), " x-nc-sel2 ")]'


def gold_text(name: str, raw: bytes) -> str:
    """The article text of one gold file of set `name`."""
    if name == "dragnet":
        return raw.decode("utf-8", "replace").split(_COMMENTS_MARK)[0]
    if name == "l3s":
        import lxml.html

        doc = lxml.html.document_fromstring(raw)
        sel = doc.xpath(_SEL2)
        inner = {id(x) for el in sel for x in el.iterdescendants()}
        return "\n".join(el.text_content() for el in sel if id(el) not in inner)
    text = re.sub(r"^\s*URL:.*$", "", raw.decode("utf-8", "replace"), count=1, flags=re.M)
    return htmllib.unescape(re.sub(r"<[^>]+>", "\n", text))


def blob_id(data: bytes) -> str:
    """The git blob id of `data` (as `git hash-object`)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def fixture_blobs() -> set[str]:
    """Blob ids of every file under tests/fixtures (pages this project already holds)."""
    out = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-s", "tests/fixtures"], capture_output=True, text=True)
    return {line.split()[1] for line in out.stdout.splitlines()}


def page_f1(expected: str, got: str) -> float:
    """F1 of one page from its normalised shingle counts."""
    tp, fp, fn = shingle_match(expected, got)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def score_page(job: tuple[str, str, str]) -> dict:
    """Both extractors on one page, scored against its gold text."""
    name, page, gold = job
    html = Path(page).read_bytes()
    expected = gold_text(name, Path(gold).read_bytes())
    from crawler.extract import extract_article
    import trafilatura

    try:
        ours = extract_article(html, "").body
    except Exception as exc:  # noqa: BLE001 - a crash scores as an empty body and is named
        print(f"newsarchive raised on {page}: {type(exc).__name__}: {exc}", file=sys.stderr)
        ours = ""
    theirs = trafilatura.extract(html) or ""
    return {"set": name, "page": page, "blob": blob_id(html), "gold": expected, "ours": ours, "theirs": theirs,
            "ours_f1": page_f1(expected, ours), "theirs_f1": page_f1(expected, theirs)}


def jobs(data: Path, names: list[str]) -> list[tuple[str, str, str]]:
    """(set, page, gold) for every page of the sets that has a gold file."""
    out = []
    for name in names:
        folder = data / SETS[name]
        if not (folder / "input").is_dir():
            raise SystemExit(f"error: {folder}/input not found: DATA must hold j-szulc/html-cleaning-dataset-merged")
        for page in sorted((folder / "input").glob("*.html")):
            gold = folder / "GoldStandard" / f"{page.stem}.txt"
            if gold.exists():
                out.append((name, str(page), str(gold)))
    return out


def main(argv: list[str] | None = None) -> int:
    """Print, per set, body P/R/F1 of both extractors and the pages lost; optionally dump every page's result."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--sets", default="dragnet,l3s,cpe")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json", type=Path, default=None, help="write every page's texts and F1 here")
    ap.add_argument("--worst", type=int, default=10, help="list this many pages trafilatura wins by most, per set")
    args = ap.parse_args(argv)
    names = [n.strip() for n in args.sets.split(",") if n.strip()]
    unknown = [n for n in names if n not in SETS]
    if unknown:
        raise SystemExit(f"error: unknown set {unknown[0]!r} (choose from {', '.join(SETS)})")
    todo = jobs(args.data, names)
    known = fixture_blobs()
    with ProcessPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(score_page, todo, chunksize=8))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False))
    print(f"{'set':<8} {'pages':>5}  {'ours P / R / F1':<21} {'trafilatura P / R / F1':<21}  {'<0.5 ours/theirs':>16}  "
          f"{'lost/won by >0.1':>16}")
    for name in names:
        kept = [r for r in rows if r["set"] == name and r["blob"] not in known and len(r["gold"]) >= MIN_GOLD]
        a = body_score((r["gold"], r["ours"]) for r in kept)
        b = body_score((r["gold"], r["theirs"]) for r in kept)
        low = f"{sum(r['ours_f1'] < 0.5 for r in kept)}/{sum(r['theirs_f1'] < 0.5 for r in kept)}"
        lost = sum(r["theirs_f1"] - r["ours_f1"] > 0.1 for r in kept)
        won = sum(r["ours_f1"] - r["theirs_f1"] > 0.1 for r in kept)
        print(f"{name:<8} {len(kept):>5}  {a.precision:.3f} / {a.recall:.3f} / {a.f1:.3f}  "
              f"{b.precision:.3f} / {b.recall:.3f} / {b.f1:.3f}  {low:>16}  {f'{lost}/{won}':>16}")
        for r in sorted(kept, key=lambda r: r["ours_f1"] - r["theirs_f1"])[:args.worst]:
            if r["theirs_f1"] - r["ours_f1"] > 0.1:
                print(f"    {Path(r['page']).name:<48} ours {r['ours_f1']:.3f}  trafilatura {r['theirs_f1']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
