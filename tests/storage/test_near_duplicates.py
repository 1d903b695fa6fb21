"""Near-duplicate detection: Korean-aware shingling, the LSH index in the archive, and quality on the
labelled pair set (tests/fixtures/near_duplicates/pairs.jsonl, built by build_pairs.py there)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from storage import Archive
from storage.near_duplicates import (
    NearDupParams,
    NearDuplicateIndex,
    band_keys,
    numbers,
    numbers_agree,
    open_index,
    shingle_text,
    signature,
    text_jaccard,
)

PAIRS = Path(__file__).resolve().parents[1] / "fixtures" / "near_duplicates" / "pairs.jsonl"

WIRE = (
    "(서울=연합뉴스) 김민준 기자 = 한국은행이 기준금리를 연 2.50%로 동결했다. 지난해 11월 0.25%포인트 인하 이후 "
    "세 차례 연속 동결이다.\n\n한은 금융통화위원회는 19일 서울 중구 한은 본부에서 통화정책방향 회의를 열고 기준금리를 "
    "현 수준으로 유지하기로 했다고 밝혔다. 금통위원 7명 가운데 1명은 0.25%포인트 인하 소수의견을 냈다.\n\n"
    "이창용 총재는 기자간담회에서 \"금통위원 6명 중 2명은 3개월 내 인하 가능성을 열어둬야 한다는 의견이었다\"고 말했다.\n\n"
    "mjkim@yna.co.kr"
)
REPRINT = (
    "[데일리경제 박지훈 기자] 한국은행이 기준금리를 연 2.50%로 동결했다. 지난해 11월 0.25%포인트 인하 이후 세 차례 "
    "연속 동결이다.\n\n한은 금융통화위원회는 19일 서울 중구 한은 본부에서 통화정책방향 회의를 열고 기준금리를 현 수준으로 "
    "유지하기로 했다고 밝혔다. 금통위원 7명 가운데 1명은 0.25%포인트 인하 소수의견을 냈다.\n\n이창용 총재는 "
    "기자간담회에서 \"금통위원 6명 중 2명은 3개월 내 인하 가능성을 열어둬야 한다는 의견이었다\"고 말했다.\n\n"
    "박지훈 기자 jhpark@dailyeco.co.kr\n\n<저작권자 © 데일리경제, 무단전재 및 재배포 금지>"
)
OTHER = (
    "국내 최대 책 축제인 서울국제도서전이 6월 17일부터 닷새간 서울 강남구 코엑스에서 열린다. 대한출판문화협회는 20일 "
    "올해 도서전 주빈국으로 스페인을 선정했다고 밝혔다. 스페인 작가 20여명이 방한해 독자와의 만남과 강연을 진행한다."
)


@pytest.fixture
def archive(tmp_path: Path):
    """A fresh archive."""
    a = Archive(tmp_path / "nd.db")
    yield a
    a.close()


def store(archive: Archive, url: str, body: str, index: NearDuplicateIndex) -> int:
    """Save an article and index it, as the crawl does."""
    article_id = archive.save_article({"url": url, "title": url, "body": body}).id
    index.add(article_id, body)
    return article_id


# ------------------------------------------------------------------------------------------ text


def test_shingle_text_drops_bylines_footers_spacing_and_punctuation():
    flat = shingle_text(REPRINT)
    assert flat.startswith("한국은행이기준금리를연250로동결했다")
    for noise in ("데일리경제", "박지훈", "jhpark", "저작권", "무단전재"):
        assert noise not in flat
    assert shingle_text(WIRE) == flat  # the two outlets' copies reduce to the same text
    assert "기자간담회에서" in flat  # "기자" in running text is story, not byline


def test_korean_number_units_fold_to_one_figure():
    assert numbers("관광객 1천200만명, 5만3천412명") == numbers("관광객 1,200만 명, 53,412명") == {"1200", "53412"}
    assert numbers_agree({"1", "2", "3"}, {"1", "2", "3", "4", "5"}, 0.7)
    assert not numbers_agree({"20", "11", "17"}, {"21", "13", "20"}, 0.7)


def test_signature_and_bands_are_deterministic():
    p = NearDupParams()
    hashes = np.arange(1, 200, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    sig = signature(hashes, p)
    assert sig.dtype == np.uint16 and len(sig) == p.num_perm
    assert band_keys(sig, p) == band_keys(signature(hashes, p), p)
    assert len(set(band_keys(sig, p))) == p.bands and max(band_keys(sig, p)) < 2**47


def test_params_validated():
    with pytest.raises(ValueError):
        NearDupParams(num_perm=96, bands=20)
    with pytest.raises(ValueError):
        NearDupParams(threshold=0)
    assert NearDupParams().candidate_probability(0.5) > 0.98
    assert NearDupParams().candidate_probability(0.05) < 0.01


# ------------------------------------------------------------------------------------------ index


def test_find_links_reprint_to_original_with_exact_similarity(archive):
    index = open_index(archive.db)
    original = store(archive, "http://a.kr/1", WIRE, index)
    other = store(archive, "http://a.kr/2", OTHER, index)
    match = index.find(REPRINT)
    assert match is not None and match.article_id == original and match.original_id == original
    assert match.similarity == pytest.approx(text_jaccard(WIRE, REPRINT), abs=1e-4)
    assert index.find(OTHER.replace("스페인", "포르투갈")).article_id == other
    assert index.find(OTHER, exclude=other) is None
    assert index.find("완전히 다른 이야기입니다. " * 10) is None


def test_cluster_points_at_its_first_article(archive):
    index = open_index(archive.db)
    first = store(archive, "http://a.kr/1", WIRE, index)
    second = archive.save_article({"url": "http://b.kr/1", "title": "t", "body": REPRINT, "duplicate_of": first}).id
    index.add(second, REPRINT)
    index.remove(first)
    match = index.find(REPRINT + "\n\n한편 금통위는 다음 달 회의를 연다.")
    assert match.article_id == second and match.original_id == first


def test_short_texts_are_never_matched(archive):
    index = open_index(archive.db)
    store(archive, "http://a.kr/1", "[포토] 봄맞이 화단", index)
    assert index.fingerprint("[포토] 봄맞이 화단").usable is False
    assert index.find("[포토] 봄맞이 화단") is None


def test_edit_replaces_old_bands(archive):
    index = open_index(archive.db)
    article_id = store(archive, "http://a.kr/1", WIRE, index)
    archive.save_article({"url": "http://a.kr/1", "title": "t", "body": OTHER})  # edited into another story
    index.add(article_id, OTHER)
    assert index.find(REPRINT) is None
    assert index.find(OTHER).article_id == article_id
    assert archive.db.execute("SELECT count(DISTINCT article_id) FROM near_dup_bands").fetchone()[0] == 1


def test_verification_reads_the_current_body_not_a_remembered_one(archive):
    # a long-lived index (the fleet writer) remembers shingles of bodies it verified; an edit must not be missed
    index = open_index(archive.db)
    article_id = store(archive, "http://a.kr/1", WIRE, index)
    assert index.find(REPRINT).article_id == article_id  # WIRE's shingles are remembered now
    # the body changes while its signature and bands stay (as between an edit's two writes)
    archive.db.execute("UPDATE articles SET body = ? WHERE id = ?", [OTHER, article_id])
    assert index.find(REPRINT) is None


def test_state_survives_reopen_without_rebuild(tmp_path):
    path = tmp_path / "persist.db"
    with Archive(path) as a:
        index = open_index(a.db)
        original = store(a, "http://a.kr/1", WIRE, index)
    with Archive(path) as a:
        index = NearDuplicateIndex(a.db)
        assert index.sync() == "current" and index.rebuild_seconds is None
        assert index.find(REPRINT).article_id == original


def test_parameter_changes_reband_or_rebuild(tmp_path):
    path = tmp_path / "params.db"
    with Archive(path) as a:
        index = open_index(a.db)
        original = store(a, "http://a.kr/1", WIRE, index)
    with Archive(path) as a:
        index = NearDuplicateIndex(a.db, NearDupParams(bands=24))  # 96 = 24 x 4: signatures reused
        assert index.sync() == "rebanded" and index.rebuild_seconds is not None
        assert index.find(REPRINT).article_id == original
    with Archive(path) as a:
        index = NearDuplicateIndex(a.db, NearDupParams(shingle_size=4))  # new signatures from the bodies
        assert index.sync() == "rebuilt"
        assert index.find(REPRINT).article_id == original


def test_catch_up_indexes_articles_stored_behind_its_back(archive):
    original = archive.save_article({"url": "http://a.kr/1", "title": "t", "body": WIRE}).id  # e.g. an import
    index = open_index(archive.db)
    assert index.size() == 1
    assert index.find(REPRINT).article_id == original


def test_a_large_catch_up_loads_sorted_and_indexes_the_same(tmp_path):
    # Above `bulk_from` the band keys go through the sorted loader (a big import no longer stalls a crawl's
    # start for minutes); the index must come out the same as article by article.
    tables = []
    for bulk_from in (1, 10**9):
        with Archive(tmp_path / f"{bulk_from}.db") as a:
            for i, body in enumerate([WIRE, REPRINT, WIRE.replace("동결", "인하"), "짧은 글"]):
                a.save_article({"url": f"http://a.kr/{i}", "title": "t", "body": body})
            index = NearDuplicateIndex(a.db)
            index.rebuild_seconds = None
            assert index.catch_up(bulk_from=bulk_from) == 4
            assert (index.rebuild_seconds is not None) == (bulk_from == 1)  # the time is reported for the log
            tables.append((a.db.execute("SELECT key, article_id FROM near_dup_bands ORDER BY 1, 2").fetchall(),
                           a.db.execute("SELECT * FROM near_dup_articles ORDER BY 1").fetchall()))
    assert tables[0] == tables[1] and tables[0][0]


# ------------------------------------------------------------------------------------------ quality


def evaluate(pairs: list[dict], params: NearDupParams, db: Path) -> dict:
    """Index each pair's `a` alone, look up its `b`; precision and recall of "b is a near duplicate of a"."""
    outcome = Counter()
    misses, false_alarms = [], []
    with Archive(db) as archive:
        index = open_index(archive.db, params)
        for pair in pairs:
            record = {"url": f"http://eval/{pair['id']}", "title": "a", "body": pair["a"]["body"]}
            a_id = archive.save_article(record).id
            index.add(a_id, pair["a"]["body"])
            found = index.find(pair["b"]["body"]) is not None
            index.remove(a_id)  # pairs share base stories: each is judged on its own
            truth = pair["label"] == "duplicate"
            outcome[(truth, found)] += 1
            if truth and not found:
                misses.append((pair["id"], pair["kind"]))
            if found and not truth:
                false_alarms.append((pair["id"], pair["kind"]))
    tp, fp, fn = outcome[(True, True)], outcome[(False, True)], outcome[(True, False)]
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "tp": tp, "fp": fp, "fn": fn, "tn": outcome[(False, False)],
        "misses": misses, "false_alarms": false_alarms,
    }  # fmt: skip


@pytest.fixture(scope="module")
def pairs() -> list[dict]:
    """The labelled pairs."""
    return [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()]


def test_labelled_set_is_big_and_mixed(pairs):
    kinds = Counter((p["label"], p["kind"]) for p in pairs)
    assert len(pairs) >= 50
    assert sum(n for (label, _), n in kinds.items() if label == "duplicate") >= 25
    for hard in ("same_event", "follow_up", "template"):
        assert kinds[("distinct", hard)] >= 8, hard


def test_labelled_precision_and_recall(pairs, tmp_path, capsys):
    result = evaluate(pairs, NearDupParams(), tmp_path / "eval.db")
    with capsys.disabled():
        print(f"\nnear-duplicates on {len(pairs)} labelled pairs: precision {result['precision']:.3f} "
              f"recall {result['recall']:.3f} (tp {result['tp']} fp {result['fp']} fn {result['fn']} tn {result['tn']}); "
              f"missed {result['misses']}, false alarms {result['false_alarms']}")
    assert result["precision"] >= 0.95, result["false_alarms"]
    assert result["recall"] >= 0.90, result["misses"]


def test_number_check_is_what_keeps_template_briefs_apart(pairs, tmp_path):
    templates = [p for p in pairs if p["kind"] == "template"]
    without = evaluate(templates, NearDupParams(min_number_overlap=0), tmp_path / "without.db")
    assert without["fp"] >= 3  # weather, market-close and 부고 briefs share most of their shingles
    assert evaluate(templates, NearDupParams(), tmp_path / "with.db")["fp"] == 0
