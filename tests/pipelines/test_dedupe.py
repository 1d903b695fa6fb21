"""DedupePipeline: exact copies become aliases, canonical-named copies too, near copies are stored and linked,
re-checks pass through with their link kept, and stored articles enter the near-duplicate index."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.archive_access import archive_for, close_archive
from crawler.items import ArticleItem
from pipelines.clean import CleanPipeline
from pipelines.dedupe import DedupePipeline, near_dup_params
from pipelines.store import StorePipeline
from storage import body_hash

PARAS = [
    "한국은행이 기준금리를 연 2.50%로 동결했다. 지난해 11월 0.25%포인트 인하 이후 세 차례 연속 동결이다.",
    "한은 금융통화위원회는 19일 서울 중구 한은 본부에서 통화정책방향 회의를 열고 기준금리를 현 수준으로 유지하기로 "
    "했다고 밝혔다. 금통위원 7명 가운데 1명은 0.25%포인트 인하 소수의견을 냈다.",
    "이창용 총재는 기자간담회에서 \"금통위원 6명 중 2명은 3개월 내 인하 가능성을 열어둬야 한다는 의견이었다\"고 말했다. "
    "시장에서는 5월 회의에서 인하가 단행될 가능성에 무게를 두고 있다.",
    "채권시장은 예상에 부합한 결정이라는 반응이다. 이날 서울 채권시장에서 국고채 3년물 금리는 전 거래일보다 "
    "0.021%포인트 내린 연 2.612%에 마감했다.",
]
ORIGINAL = "\n\n".join(PARAS)
# another outlet's reprint: own lead sentence, last paragraph cut, own byline
REPRINT = "\n\n".join(["[데일리경제 박지훈 기자] 기준금리가 석 달 연속 제자리에 머물렀다. " + PARAS[0], *PARAS[1:3]])
UNRELATED = (
    "국내 최대 책 축제인 서울국제도서전이 6월 17일부터 닷새간 서울 강남구 코엑스에서 열린다. 대한출판문화협회는 "
    "20일 올해 도서전 주빈국으로 스페인을 선정했다고 밝혔다."
)


class Chain:
    """clean → dedupe → store, with the item_scraped signal the engine would send after the store."""

    def __init__(self, tmp_path: Path, **settings):
        self.crawler = get_crawler(settings_dict={"NEWSARCHIVE_DB": str(tmp_path / "a.db"), **settings})
        self.crawler.stats.open_spider()
        self.clean = CleanPipeline()
        self.dedupe = DedupePipeline.from_crawler(self.crawler)
        self.store = StorePipeline.from_crawler(self.crawler)
        self.dedupe.open_spider()

    def __call__(self, url: str, body: str, **fields) -> ArticleItem:
        item = ArticleItem(url=url, fetched_url=fields.pop("fetched_url", url), title=fields.pop("title", "제목"),
                           body=body, aliases=fields.pop("aliases", []), **fields)
        item = self.clean.process_item(item)
        item = self.dedupe.process_item(item)
        item = self.store.process_item(item)
        self.dedupe.item_scraped(item)
        return item

    @property
    def archive(self):
        """The chain's archive."""
        return archive_for(self.crawler)

    def stat(self, name: str) -> int:
        """A newsarchive crawl stat (0 when unset)."""
        return self.crawler.stats.get_value(f"newsarchive/{name}", 0)


@pytest.fixture
def chain(tmp_path):
    """A pipeline chain on a fresh archive."""
    c = Chain(tmp_path)
    yield c
    close_archive(c.crawler)


def test_exact_copy_under_new_url_becomes_alias(chain):
    chain("http://x.kr/a/1", ORIGINAL)
    with pytest.raises(DropItem, match="duplicate of article 1"):
        chain("http://x.kr/a/2", ORIGINAL.replace("\n\n", "\n\n  "), aliases=["http://x.kr/a/2?from=main"])
    assert chain.archive.article_id_for_url("http://x.kr/a/2") == 1
    assert chain.archive.article_id_for_url("http://x.kr/a/2?from=main") == 1
    assert chain.archive.db["articles"].count == 1
    assert chain.stat("duplicate") == 1


def test_body_hash_is_the_storage_function(chain):
    item = chain("http://x.kr/a/1", ORIGINAL)
    assert item["body_hash"] == body_hash(ORIGINAL) == chain.archive.get_article(1)["body_hash"]


def test_page_naming_archived_article_as_canonical_is_an_alias(chain):
    chain("http://x.kr/a/1", ORIGINAL)
    with pytest.raises(DropItem):
        chain("http://x.kr/a/1", ORIGINAL + "\n\n한편 ...", fetched_url="http://x.kr/a/9", canonical_from_page=True,
              aliases=["http://x.kr/a/9"])
    row = chain.archive.get_article(1)
    assert row["version"] == 1 and "http://x.kr/a/9" in row["aliases"]


def test_near_copy_stored_and_linked(chain):
    chain("http://x.kr/a/1", ORIGINAL)
    chain("http://x.kr/a/2", UNRELATED)
    item = chain("http://y.kr/b/7", REPRINT)
    row = chain.archive.get_article("http://y.kr/b/7")
    assert row["duplicate_of"] == 1 and 0.5 <= row["similarity"] < 1
    assert item["duplicate_of"] == 1
    assert chain.stat("near_duplicate") == 1 and chain.stat("new") == 3
    assert chain.archive.get_article("http://x.kr/a/2")["duplicate_of"] is None


def test_copy_of_copy_points_at_first_article(chain):
    chain("http://x.kr/a/1", ORIGINAL)
    chain("http://y.kr/b/7", REPRINT)
    third = REPRINT.replace("[데일리경제 박지훈 기자]", "[한빛일보 최우진 기자]") + "\n\n한편 이날 환율은 올랐다."
    chain("http://z.kr/c/3", third)
    assert chain.archive.get_article("http://z.kr/c/3")["duplicate_of"] == 1


def test_recheck_keeps_link_and_updates_index(chain):
    chain("http://x.kr/a/1", ORIGINAL)
    chain("http://y.kr/b/7", REPRINT)
    edited = REPRINT + "\n\n(2보) 한은은 다음 달 수정 경제전망을 발표한다."
    chain("http://y.kr/b/7", edited)  # a revisit finds the reprint edited
    row = chain.archive.get_article("http://y.kr/b/7")
    assert row["version"] == 2 and row["duplicate_of"] == 1
    assert chain.stat("updated") == 1 and chain.stat("near_duplicate") == 1
    index = chain.dedupe.index
    assert index.find(edited, exclude=1).article_id == row["id"]


def test_threshold_setting_turns_near_duplicates_off(tmp_path):
    strict = Chain(tmp_path, NEWSARCHIVE_NEAR_DUP_THRESHOLD=0.99, NEWSARCHIVE_NEAR_DUP_CONTAINMENT=0)
    strict("http://x.kr/a/1", ORIGINAL)
    strict("http://y.kr/b/7", REPRINT)
    assert strict.archive.get_article("http://y.kr/b/7")["duplicate_of"] is None
    close_archive(strict.crawler)
    off = Chain(tmp_path / "off", NEWSARCHIVE_NEAR_DUP_ENABLED=False)
    off("http://x.kr/a/1", ORIGINAL)
    off("http://y.kr/b/7", REPRINT)
    assert off.archive.get_article("http://y.kr/b/7")["duplicate_of"] is None
    close_archive(off.crawler)


def test_settings_map_to_params():
    crawler = get_crawler(settings_dict={"NEWSARCHIVE_NEAR_DUP_THRESHOLD": "0.7", "NEWSARCHIVE_NEAR_DUP_SHINGLE_SIZE": 4,
                                         "NEWSARCHIVE_NEAR_DUP_PERMUTATIONS": 128, "NEWSARCHIVE_NEAR_DUP_BANDS": 32})
    p = near_dup_params(crawler.settings)
    assert (p.threshold, p.shingle_size, p.num_perm, p.bands, p.rows) == (0.7, 4, 128, 32, 4)


def test_item_failing_after_dedupe_is_not_indexed(chain):
    item = chain.clean.process_item(ArticleItem(url="http://x.kr/a/1", title="t", body=ORIGINAL))
    item = chain.dedupe.process_item(item)
    assert "http://x.kr/a/1" in chain.dedupe._pending
    chain.dedupe.item_left(item, exception=RuntimeError("store failed"))  # item_error / item_dropped later on
    assert chain.dedupe._pending == {} and chain.dedupe.index.size() == 0


def test_near_copies_collapse_in_search(chain):
    chain("http://x.kr/a/1", ORIGINAL, title="한은 기준금리 동결")
    chain("http://y.kr/b/7", REPRINT, title="기준금리 석 달째 동결")
    chain("http://z.kr/c/3", UNRELATED, title="서울국제도서전 개막")
    all_hits = chain.archive.search("기준금리")
    collapsed = chain.archive.search("기준금리", collapse_duplicates=True)
    assert all_hits.total == 2 and collapsed.total == 1
    assert [h.id for h in collapsed.results] == [1]
