"""The evaluation tooling: trafilatura really runs (or fails loudly), per-folder/per-language reports, losses, the bench CLI."""

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from crawler.extract import evaluation
from crawler.extract.metrics import body_score
from crawler.extract.evaluation import (
    Prediction, TrafilaturaUnavailable, breakdown, load_pages, losses, predict, require_trafilatura, run_ours,
    run_trafilatura, score,
)

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures"
NEWS = load_pages(FIXTURES / "real_news")
MISC = load_pages(FIXTURES / "real_misc")


def test_lxml_html_clean_is_a_declared_dependency():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert any(d.replace("-", "_").startswith("lxml_html_clean") for d in deps)


def test_trafilatura_really_runs():
    require_trafilatura()
    page = next(p for p in NEWS if p.name == "lemonde_normal")
    pred = run_trafilatura(page)
    assert pred.seconds > 0 and pred.title
    assert body_score([(page.expected_body, pred.body)]).recall > 0.5  # it extracted this article, not nothing


def test_missing_trafilatura_fails_loudly(monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # what an unimportable package looks like to `import`
    with pytest.raises(TrafilaturaUnavailable, match="lxml_html_clean"):
        require_trafilatura()
    with pytest.raises(TrafilaturaUnavailable):
        run_trafilatura(NEWS[0])


def test_breakdown_per_folder_language_and_overall():
    pages = NEWS + MISC
    preds = predict(pages, run_ours)
    groups = breakdown(pages, "ours", preds)
    assert groups["folder:real_news"].pages == len(NEWS)
    assert groups["folder:real_misc"].pages == len(MISC)
    langs = {p.language for p in pages}
    assert {k for k in groups if k.startswith("lang:")} == {f"lang:{lang}" for lang in langs}
    assert sum(groups[f"lang:{lang}"].pages for lang in langs) == len(pages)
    overall = score(pages, "ours", preds)
    assert groups["all"].body == overall.body and groups["all"].low_f1 == overall.low_f1
    assert overall.low_f1 == sum(row["f1"] < evaluation.LOW_F1 for row in overall.per_page.values())


def test_pages_are_keyed_by_folder():
    assert len({p.key for p in NEWS + MISC}) == len(NEWS + MISC)
    assert all(p.key.startswith("real_news/") for p in NEWS)


def test_losses_lists_only_pages_lost_by_more_than_the_margin():
    pages = NEWS[:4]
    exact = {p.key: Prediction(body=p.expected_body) for p in pages}
    ours = dict(exact)
    ours[pages[0].key] = Prediction(body="")  # lost outright
    ours[pages[1].key] = Prediction(body=pages[1].expected_body + " extra words at the end")  # lost by a little
    lost = losses(score(pages, "ours", ours), score(pages, "theirs", exact))
    assert [key for key, _, _ in lost] == [pages[0].key]
    assert lost[0][1] == 0.0 and lost[0][2] == 1.0


def test_bench_reports_groups_and_losses():
    out = subprocess.run([sys.executable, "bench/extraction_eval.py", "tests/fixtures/real_news", "--repeats", "1"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    for label in ("folder:real_news", "lang:de", "lang:fr", "all"):
        assert sum(line.startswith(label + " ") for line in out.stdout.splitlines()) == 2  # ours and trafilatura
    assert "pages where trafilatura beats newsarchive by > 0.1 F1" in out.stdout


def test_bench_rejects_a_missing_folder():
    out = subprocess.run([sys.executable, "bench/extraction_eval.py", "tests/fixtures/no_such_folder"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 and "no_such_folder" in out.stderr
