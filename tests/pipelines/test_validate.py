"""ValidatePipeline: drops unusable items and counts each reason in the crawl stats."""

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.items import ArticleItem
from pipelines.validate import ValidatePipeline

GOOD_BODY = "한국은행 금융통화위원회는 기준금리를 연 3.25%로 동결했다고 밝혔다."


@pytest.fixture
def pipeline():
    crawler = get_crawler(settings_dict={"NEWSARCHIVE_MIN_BODY_CHARS": 20})
    crawler.stats.open_spider()
    return ValidatePipeline.from_crawler(crawler)


def test_good_item_passes(pipeline):
    item = ArticleItem(url="http://x/1", title="기준금리 동결", body=GOOD_BODY)
    assert pipeline.process_item(item) is item


@pytest.mark.parametrize(
    "fields, reason",
    [
        ({"url": "", "title": "t", "body": GOOD_BODY}, "no_url"),
        ({"url": "http://x/1", "title": " ", "body": GOOD_BODY}, "no_title"),
        ({"url": "http://x/1", "title": "t", "body": ""}, "no_body"),
        ({"url": "http://x/1", "title": "t", "body": "짧다"}, "body_too_short"),
        ({"url": "http://x/1", "title": "", "body": "", "extraction_error": "binary"}, "unreadable_page"),
    ],
)
def test_bad_items_dropped_and_counted(pipeline, fields, reason):
    with pytest.raises(DropItem, match=reason):
        pipeline.process_item(ArticleItem(**fields))
    assert pipeline.stats.get_value("newsarchive/dropped") == 1
    assert pipeline.stats.get_value(f"newsarchive/dropped/{reason}") == 1
