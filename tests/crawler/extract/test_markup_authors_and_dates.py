"""Authors named by markup in Chinese/Japanese script, tag values a CMS writes oddly, and UTC stamps a page shows on
another day: each checked against the hand-written label of a real page."""

from __future__ import annotations

import pytest

from crawler.extract.clean import clean_authors, marked_cjk_name, split_names
from crawler.extract.dates import local_evening, shown_days
from datetime import date, datetime, timezone
from tests.crawler.extract.checks import extract_labelled as _extract


@pytest.mark.parametrize("name", [
    "real_world2/japan_cnet_com",  # `<span class="writer">松村太郎</span>`
    "real_world2/buzzap_jp",  # `span.author.vcard > a.fn` 深海
    "real_world2/gizmodo_jp",  # `<meta name="author" value="小暮ひさのり">`
])
def test_a_japanese_name_in_author_markup_is_the_author(name: str) -> None:
    expected, article = _extract(name)
    assert expected["authors"] and article.authors == expected["authors"]


@pytest.mark.parametrize("name", ["real_misc/gne_163_1", "real_misc/gne_sina_1", "real_final/gne_baijiahao_1"])
def test_a_chinese_outlet_in_author_markup_is_not_an_author(name: str) -> None:
    # `<meta name="author" content="网易">`, `content="参考消息"`, `.author-name` 加拿大必读 (an account): outlets
    expected, article = _extract(name)
    assert article.authors == expected["authors"]


def test_marked_cjk_names_refuse_desks_and_untrusted_han_tags() -> None:
    assert marked_cjk_name("松村太郎") == "松村太郎"
    assert marked_cjk_name("ギズモード・ジャパン編集部") is None
    assert marked_cjk_name("新华网") is None
    assert marked_cjk_name("网易", han_only=False) is None  # a tag's Han-only value
    assert marked_cjk_name("小暮ひさのり", han_only=False) == "小暮ひさのり"
    assert clean_authors(["松村太郎"]) == []  # unmarked: a bare Han word may be the outlet


def test_a_dateline_city_after_a_spaced_dash_is_no_name() -> None:
    expected, article = _extract("real_world3/alyaum_com")  # `حسام أبو العلا - القاهرة` in the author tags
    assert article.authors == expected["authors"] == ["حسام أبو العلا"]
    assert split_names("Giang Huy - Hoàng Phương") == ["Giang Huy", "Hoàng Phương"]


def test_a_phrase_cut_at_et_is_not_a_list_of_names() -> None:
    assert split_names("Zone Justice et faits divers") == []
    expected, article = _extract("real_postlight/ici_radio_canada_ca")
    assert article.authors == expected["authors"] == []


def test_the_copyright_holder_among_people_is_the_publisher() -> None:
    # `<meta name="author" value="Condé Nast">`, `<meta name="copyright" value="Copyright (c) Condé Nast 2022">`
    _, article = _extract("real_postlight/newyorker_com_multiple_authors")
    assert "Ysabel Yates" in article.authors and "Condé Nast" not in article.authors


def test_a_social_og_title_loses_to_the_title_and_h1_that_agree() -> None:
    expected, article = _extract("real_world5/nbcnews_com")
    assert article.title == expected["title"] == "What's the Hold-Up at SpaceX?"


def test_a_z_the_cms_does_not_mean_yields_to_the_pages_own_offset() -> None:
    expected, article = _extract("real_world2/gizmodo_jp")  # tags `20:00:00.000Z`, `<time datetime="…20:00:00+09:00">`
    assert article.published == expected["published"] == "2019-04-19T20:00:00+09:00"


def test_a_day_only_tag_takes_the_hour_from_the_pages_time_element() -> None:
    expected, article = _extract("real_postlight/npr_org")  # `<meta name="date" value="2016-12-15">`
    assert article.published == expected["published"]


@pytest.mark.parametrize("name", ["real_world5/forward_com", "real_world5/sandiegouniontribune_com",
                                  "real_world7/twincities_com", "real_world4/laprensafl_com"])
def test_a_utc_small_hours_stamp_takes_the_day_the_page_shows(name: str) -> None:
    expected, article = _extract(name)
    assert article.published[:10] == expected["published"][:10]


def test_local_evening_keeps_the_instant_and_needs_the_shown_day() -> None:
    utc = datetime(2016, 12, 29, 1, 32, tzinfo=timezone.utc)
    moved = local_evening(utc, shown_days("By Laura E. Adkins December 28, 2016"))
    assert moved == utc and moved.date() == date(2016, 12, 28)
    assert local_evening(utc, shown_days("December 29, 2016")) is utc  # the page shows the UTC day
    assert local_evening(utc, set()) is utc
    assert shown_days("", "https://x.com/story/2019-08-27/slug") == {date(2019, 8, 27)}


@pytest.mark.parametrize("name", ["real_world7/gazetadopovo_com_br", "real_world2/g1_globo_com",
                                  "real_world3/haniotika_nea_gr", "real_world2/sciencesetavenir_fr"])
def test_a_utc_tag_is_given_in_the_offset_the_page_shows(name: str) -> None:
    # `2022-05-04T00:44:52Z` in the tags, `03/05/2022 21:44` on the page: -03:00, the same instant
    expected, article = _extract(name)
    assert article.published[:16] == expected["published"][:16]
    assert article.published[-6:] == expected["published"][-6:]


@pytest.mark.parametrize("name", [
    "real_world2/lifehacker_jp",  # `<meta name="author" content="島津健吾">` on a Japanese page: Han-only, still a person
    "real_world2/weekly_ascii_jp",  # `p.author`: `文● オカモト／ASCII編集部`
    "real_trafilatura/dw_com_elephants",  # closing line `Auteur : Kossivi Tiassou`
])
def test_credits_with_their_label_name_the_writer(name: str) -> None:
    expected, article = _extract(name)
    assert expected["authors"] and article.authors == expected["authors"]


def test_a_chinese_desk_before_the_name_is_not_taken_for_it() -> None:
    assert marked_cjk_name("上報快訊／范姜佳鈺") is None  # the desk first: which part is the person is not said
    assert marked_cjk_name("著者：後藤大地") == "後藤大地"


def test_the_hosts_own_name_ends_no_title() -> None:
    from crawler.extract.extractor import _host_names, _strip_site_suffix

    names = _host_names("https://www.factorio.com/blog/post/fff-282")
    assert _strip_site_suffix("Friday Facts #282 - 0.17 in sight | Factorio", names) == "Friday Facts #282 - 0.17 in sight"
    assert _host_names("https://www.bbc.com/news") == ["bbc.com"]  # a short label alone would match title words
    assert _host_names("") == []


@pytest.mark.parametrize("name", ["real_final/nhk_ne2024120411451",  # `2024年12月4日 19時23分`
                                  "real_world2/weekly_ascii_jp",  # `2019年04月21日 12時00分更新`
                                  "real_world2/publickey1_jp"])  # `div.pubdate`: `2019年4月4日`
def test_japanese_stamps_with_kanji_units_are_read(name: str) -> None:
    expected, article = _extract(name)
    assert article.published is not None and article.published[:10] == expected["published"][:10]
    if len(expected["published"]) > 10:
        assert article.published[:16] == expected["published"][:16]
