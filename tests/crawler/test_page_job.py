"""`crawler.page_job`: what an extraction worker prepares (cleaned fields, body hash, near-duplicate fingerprint,
search columns) equals what the pipelines and the archive compute in the crawl's process, on real pages and through
a real worker process; the pipelines use a prepared item's values and recompute them once its body has changed."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest
from scrapy.utils.test import get_crawler

from crawler.extract import ExtractionError, extract_article
from crawler.items import ArticleItem, fill_extracted
from crawler.page_job import EXTRACTED_FIELDS, TARGET, Fill, extracted_fields, process_page
from crawler.workpool import WorkerPool
from pipelines.clean import CleanPipeline
from pipelines.dedupe import DedupePipeline, near_dup_params
from storage import body_hash
from storage.near_duplicates import NearDuplicateIndex
from storage.tokens import text_columns

FIX = Path(__file__).resolve().parents[1] / "fixtures"
# real pages (Korean and others), labelled Korean CMS pages and the Korean seed page: every fifth of each folder
PAGES = [p for folder in ("real_korean", "real_news", "extraction") for p in sorted(FIX.glob(f"{folder}/*.html"))[::5]]
PAGES.append(FIX / "seed" / "article.html")
PARAMS = near_dup_params(get_crawler().settings)
FILL = Fill("피드 제목", "ko", "데모일보")


def _in_process_pipelines(html: bytes, url: str) -> ArticleItem | None:
    """The article item as the pipelines used to see it: extracted, filled, then cleaned by `CleanPipeline`."""
    try:
        article = extract_article(html, url, None)
    except ExtractionError:
        return None
    item = ArticleItem(url=url)
    fill_extracted(item, article, title=FILL.title, language=FILL.language, publisher=FILL.publisher)
    return CleanPipeline().process_item(item)


def _url(page: Path) -> str:
    return f"https://news.example.co.kr/{page.parent.name}/{page.stem}"


def test_fixture_pages_are_there():
    assert len(PAGES) >= 10


def test_extracted_fields_are_the_article_dict_on_every_fixture_page():
    """`extracted_fields` reads the article field by field: the same values (and fresh lists, dicts for images) as
    `Article.to_dict()`, on every fixture page that has an article."""
    compared = with_images = 0
    for page in sorted(FIX.rglob("*.html")):
        try:
            article = extract_article(page.read_bytes(), _url(page), None)
        except ExtractionError:
            continue
        data = article.to_dict()
        expected = {name: data[name] for name in EXTRACTED_FIELDS}
        expected.update(title=data["title"] or FILL.title, language=data["language"] or FILL.language,
                        publisher=data["publisher"] or FILL.publisher)
        fields = extracted_fields(article, FILL)
        assert fields == expected, page
        assert [type(v) for v in fields.values()] == [type(expected[k]) for k in fields], page
        assert all(fields[k] is not getattr(article, k) for k in fields if isinstance(fields[k], list)), page
        assert all(type(im) is dict for im in fields["images"]), page
        with_images += bool(fields["images"])
        compared += 1
    assert compared > 300 and with_images > 50


def test_worker_prepares_what_the_pipelines_compute_in_process(tmp_path):
    index = NearDuplicateIndex(None, PARAMS)  # fingerprinting alone: no database touched  # type: ignore[arg-type]
    pool = WorkerPool(TARGET, 2)
    try:
        futures = [(page, pool.submit((page.read_bytes(), _url(page), None, None, 1, FILL, PARAMS), timeout=120))
                   for page in PAGES]
        compared = 0
        for page, future in futures:
            result = future.result(timeout=180)
            expected = _in_process_pipelines(page.read_bytes(), _url(page))
            if expected is None:
                assert result.article is None and result.error
                continue
            prepared = result.prepared
            assert result.pid != __import__("os").getpid()
            for name, value in prepared.fields.items():
                assert value == expected.get(name), (page.name, name)
            assert prepared.body_hash == body_hash(expected["body"])
            here = index.fingerprint(expected["body"])
            assert prepared.fingerprint.keys == here.keys
            assert np.array_equal(prepared.fingerprint.signature, here.signature) or here.signature is None
            # the shingle hashes did not travel; rebuilt on demand, they are the in-process ones
            assert np.array_equal(prepared.fingerprint.hashes, here.hashes)
            assert prepared.fingerprint.numbers == here.numbers
            # the search columns the archive stores for the cleaned texts (storage.tokens.text_columns)
            columns = text_columns(expected.get("title"), expected.get("subtitle"), expected["body"])
            assert prepared.text_columns == columns
            assert prepared.text_columns.matches(expected.get("title"), expected.get("subtitle"), expected["body"])
            compared += 1
        assert compared >= 8
    finally:
        pool.close(wait=10)


def test_fingerprint_pickles_without_its_shingle_hashes():
    body = _in_process_pipelines((FIX / "seed" / "article.html").read_bytes(), "https://a.kr/1")["body"]
    fp = NearDuplicateIndex(None, PARAMS).fingerprint(body)  # type: ignore[arg-type]
    assert len(fp.hashes) > 100
    sent = pickle.dumps(fp)
    assert len(sent) < len(fp.hashes) * 8  # the 8 bytes per shingle stayed home
    back = pickle.loads(sent)
    assert back.keys == fp.keys and np.array_equal(back.hashes, fp.hashes)


def test_in_process_page_job_equals_the_worker_one():
    page = FIX / "seed" / "article.html"
    here = process_page(page.read_bytes(), _url(page), None, None, None, FILL, PARAMS)
    pool = WorkerPool(TARGET, 1)
    try:
        there = pool.submit((page.read_bytes(), _url(page), None, None, None, FILL, PARAMS)).result(timeout=180)
    finally:
        pool.close(wait=10)
    assert there.prepared.fields == here.prepared.fields
    assert there.prepared.body_hash == here.prepared.body_hash
    assert there.prepared.fingerprint.keys == here.prepared.fingerprint.keys


@pytest.fixture
def dedupe(tmp_path, monkeypatch):
    crawler = get_crawler(settings_dict={"NEWSARCHIVE_DB": str(tmp_path / "a.db")})
    crawler.stats.open_spider()
    pipeline = DedupePipeline.from_crawler(crawler)
    pipeline.open_spider()
    yield pipeline
    from crawler.archive_access import close_archive

    close_archive(crawler)


def _prepared_item() -> ArticleItem:
    page = FIX / "seed" / "article.html"
    result = process_page(page.read_bytes(), _url(page), None, None, None, FILL, PARAMS)
    item = ArticleItem(url=_url(page), fetched_url=_url(page), aliases=[], **result.prepared.fields)
    item["prepared"] = result.prepared
    return item


def test_pipelines_use_the_prepared_values(dedupe, monkeypatch):
    item = _prepared_item()
    calls = []
    monkeypatch.setattr("pipelines.clean.clean_fields", lambda fields: calls.append("clean"))
    monkeypatch.setattr(NearDuplicateIndex, "fingerprint", lambda self, text: calls.append("fingerprint"))
    CleanPipeline().process_item(item)
    out = dedupe.process_item(item)
    assert calls == []
    assert out["body_hash"] == item["prepared"].body_hash


def test_pipelines_recompute_once_the_body_changed(dedupe, monkeypatch):
    item = _prepared_item()
    item["body"] = item["body"] + "\n\n덧붙인 문단이 하나 더 있다."
    CleanPipeline().process_item(item)
    seen = []
    real = NearDuplicateIndex.fingerprint
    monkeypatch.setattr(NearDuplicateIndex, "fingerprint", lambda self, text: seen.append(text) or real(self, text))
    out = dedupe.process_item(item)
    assert seen == [item["body"]]
    assert out["body_hash"] == body_hash(item["body"]) != item["prepared"].body_hash


def test_fingerprint_of_other_parameters_is_not_used(tmp_path):
    crawler = get_crawler(settings_dict={"NEWSARCHIVE_DB": str(tmp_path / "a.db"), "NEWSARCHIVE_NEAR_DUP_BANDS": 16})
    crawler.stats.open_spider()
    pipeline = DedupePipeline.from_crawler(crawler)
    item = _prepared_item()  # made with the default 32 bands
    seen = []
    real = NearDuplicateIndex.fingerprint
    NearDuplicateIndex.fingerprint = lambda self, text: seen.append(1) or real(self, text)  # type: ignore[method-assign]
    try:
        pipeline.process_item(item)
    finally:
        NearDuplicateIndex.fingerprint = real  # type: ignore[method-assign]
        from crawler.archive_access import close_archive

        close_archive(crawler)
    assert seen == [1]
