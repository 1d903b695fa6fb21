"""Rules made after the first scores of `tests/fixtures/real_world90`–`real_world95` (English browser snapshots and
trafilatura's evaluation pages: English, Spanish, French and German), each checked on the page that showed the gap;
the line rules also on lines they must leave alone."""

from __future__ import annotations

import pytest

from crawler.extract.clean import clean_authors, clean_paragraphs, is_credit_line, split_names
from tests.crawler.extract.checks import extract_labelled as _extract

_TEXT = "A long first paragraph of the story, long enough to count as text, with a second sentence after it. Yes."
_MORE = "A second paragraph that is also long enough to count as the article's own text, ending like a sentence."


def test_a_by_line_box_inside_the_headline_is_not_part_of_it() -> None:
    # `<h1 class="entry_title">Headline <div class="mobile_article_by_info"> - by <a rel="author">Kareem Smith</a>
    # April 21, 2022</div><div class="articleby_wrap">…Article by…Published on…</div></h1>`
    expected, article = _extract("real_world92/barbadostoday_bb")
    assert article.title == expected["title"]


def test_an_h2_saying_the_whole_title_tag_heads_the_story_when_og_title_is_the_sites_slogan() -> None:
    # `<title>Alajuelense se distancia …</title>`, `<h1 id="logo">` an image, og:title `Everardo Herrera, lo mejor del
    # fútbol de Costa Rica` on every page
    expected, article = _extract("real_world93/everardoherrera_com")
    assert article.title == expected["title"]
    assert expected["title"] not in article.paragraphs


@pytest.mark.parametrize("line", [
    "El periodismo independiente necesita del apoyo de sus lectores para continuar y garantizar que las noticias "
    "incómodas que no quieren que leas, sigan estando a tu alcance.",
    "NOW Grenada is not responsible for the opinions, statements or media content presented by contributors. In case "
    "of abuse, click here to report.",
])
def test_appeals_and_contributor_disclaimers_end_the_story(line: str) -> None:
    assert clean_paragraphs([_TEXT, _MORE, line, "Related: another story"]).paragraphs == [_TEXT, _MORE]


def test_a_sentence_on_journalism_and_support_is_text() -> None:
    line = "Der Verband sagt, guter Journalismus brauche vor allem Zeit, und fordert mehr Unterstützung vom Staat."
    assert clean_paragraphs([_TEXT, line, _MORE]).paragraphs == [_TEXT, line, _MORE]


def test_an_acronym_closing_the_text_is_its_desks_credit() -> None:
    assert clean_paragraphs([_TEXT, _MORE, "GIS"]).paragraphs == [_TEXT, _MORE]
    assert clean_paragraphs([_TEXT, "NATO", _MORE]).paragraphs == [_TEXT, "NATO", _MORE]  # not closing: kept


def test_teaser_boxes_named_like_the_story_block_are_no_chunks_of_it() -> None:
    # DOMRADIO.DE: the story's `div.content` and, in the column beside it, `div.teaser_wrapper > … > div.content`
    # plugs (`Sehen Sie hier den täglichen Gottesdienst …`)
    expected, article = _extract("real_world94/domradio_de")
    assert not any(p.startswith(("Sehen Sie hier", "Jeden Freitag", "Nehmen Sie Ihr")) for p in article.paragraphs)
    assert expected["body_paragraphs"][-1] in article.paragraphs


def test_joomlas_created_by_field_names_the_writer() -> None:
    # `<dl class="article-info"><dd class="createdby">Escrito por Jose Pablo Segura Vargas</dd></dl>`
    expected, article = _extract("real_world93/everardoherrera_com")
    assert article.authors == expected["authors"]


@pytest.mark.parametrize("by_line,name", [("Escrito por Jose Pablo Segura Vargas", "Jose Pablo Segura Vargas"),
                                          ("Geschrieben von Hans Müller", "Hans Müller"),
                                          ("Interview: Julia Lauter", "Julia Lauter")])
def test_by_words_in_other_languages_are_not_part_of_the_name(by_line: str, name: str) -> None:
    assert split_names(by_line) == [name]


def test_a_cover_picture_credit_is_a_caption_line() -> None:
    assert is_credit_line("Titelbild: Geyres Christophe/ABACA/picture-alliance")


def test_a_donation_box_ends_the_story_and_its_bank_account_is_no_text() -> None:
    appeal = "Die SIEGESSÄULE braucht weiterhin Eure Hilfe!"
    donate = "Spenden könnt ihr ganz einfach per Paypal."
    assert clean_paragraphs([_TEXT, _MORE, appeal, donate]).paragraphs == [_TEXT, _MORE]
    account = "IBAN DE22 1005 0000 0190 0947 29 – Herzlichen Dank!"
    assert clean_paragraphs([_TEXT, account, _MORE]).paragraphs == [_TEXT, _MORE]
    # a sentence of the story about someone needing help is text
    line = "Die Familie braucht jetzt vor allem Ruhe, sagte der Bürgermeister am Abend vor dem Rathaus in Bonn."
    assert clean_paragraphs([_TEXT, line, _MORE]).paragraphs == [_TEXT, line, _MORE]


def test_the_storys_opening_paragraphs_beside_a_longer_block_of_updates_are_its_body() -> None:
    # Cubadebate: eight `<p>`s of the story in `div.note_content`, then its appended updates in `div#anexos_list`
    expected, article = _extract("real_world91/cubadebate_cu")
    assert article.paragraphs[0] == expected["body_paragraphs"][0]
    assert expected["body_paragraphs"][-1] in article.paragraphs


def test_an_appeal_between_the_paragraphs_is_skipped_and_the_story_goes_on() -> None:
    appeal = "LifeNews depends on the support of readers like you to combat the pro-abortion media. Please donate now."
    assert clean_paragraphs([_TEXT, appeal, _MORE]).paragraphs == [_TEXT, _MORE]


def test_an_invitation_to_comment_elsewhere_ends_the_story() -> None:
    invite = ("If you would like to comment on this or any other American Thinker article or post, we invite you to "
              "visit the American Thinker Forum at MeWe.")
    assert clean_paragraphs([_TEXT, _MORE, invite]).paragraphs == [_TEXT, _MORE]


def test_a_caption_closing_with_its_credit_is_a_caption_line() -> None:
    assert is_credit_line("Virologist Jurgen Rissland, who says alcohol can protect against COVID-19. "
                          "Credit: Newsflash/Newsflash")
    assert not is_credit_line("The agency said the money was well spent. Credit ratings of the city are stable.")


@pytest.mark.parametrize("name", ["Alternate Author", "News Division"])
def test_placeholder_accounts_and_desks_are_no_authors(name: str) -> None:
    assert clean_authors([name]) == []


def test_a_disclaimer_that_the_site_does_not_endorse_the_views_ends_the_story() -> None:
    line = "*Disclaimer: Gilmore Health Does not Endorse The views in this Article!"
    assert clean_paragraphs([_TEXT, _MORE, line, "Reference"]).paragraphs == [_TEXT, _MORE]


@pytest.mark.parametrize("line", ["zuletzt bearbeitet: 04.02.2022, 08:27 Uhr", "von tennisnet.com", "ISSN 2222-2464"])
def test_stamp_site_by_and_issn_lines_are_not_text(line: str) -> None:
    assert clean_paragraphs([_TEXT, line, _MORE]).paragraphs == [_TEXT, _MORE]


def test_the_writers_bio_heading_ends_the_story() -> None:
    assert clean_paragraphs([_TEXT, _MORE, "Zu den AutorInnen:", "Clara Löw ist Referentin."]).paragraphs == [_TEXT, _MORE]


def test_a_post_subheading_deck_is_the_subtitle_not_text() -> None:
    # evang.at: `div.post-subheading > h3` and the same `h3` again opening `div.page-content`
    expected, article = _extract("real_world97/evang_at")
    assert article.subtitle and article.subtitle.startswith("Chalupka:")
    assert article.paragraphs[0] == expected["body_paragraphs"][0]


def test_a_chinese_reporters_by_line_opening_the_text_is_cut_and_names_them() -> None:
    # `经济观察网 记者 蔡越坤 姜鑫 6月12日，经济观察网记者获悉…`
    cleaned = clean_paragraphs(["经济观察网 记者 蔡越坤 姜鑫 6月12日，经济观察网记者获悉一份营口港务集团有限公司的文件。",
                                "第二段是足够长的正文内容，说明了事件的来龙去脉和各方的回应。"])
    assert cleaned.paragraphs[0].startswith("6月12日")
    assert cleaned.authors == ["蔡越坤", "姜鑫"]


def test_a_chinese_reporter_line_with_the_place_names_the_reporter() -> None:
    cleaned = clean_paragraphs(["新京报记者 彭冲 山东冠县报道", "11月25日，于欢出狱后回到了冠县的家中，母亲早已在门口等候。",
                                "第二段是足够长的正文内容，说明了事件的来龙去脉和各方的回应。"])
    assert cleaned.paragraphs[0].startswith("11月25日")
    assert cleaned.authors == ["彭冲"]


@pytest.mark.parametrize("line", ["此内容为第一财经原创。未经第一财经授权，不得以任何方式加以使用，包括转载、摘编、复制或建立镜像。",
                                  "【编辑:刘欢】 返回搜狐，查看更多"])
def test_chinese_rights_notes_and_sohus_closing_link_end_the_story(line: str) -> None:
    zh = "第一段是足够长的正文内容，说明了事件的来龙去脉和各方的回应，还有更多的细节。"
    assert clean_paragraphs([zh, zh.replace("第一", "第二"), line, "相关新闻"]).paragraphs == [zh, zh.replace("第一", "第二")]


def test_a_bracketed_chinese_picture_credit_is_a_caption_line() -> None:
    assert is_credit_line("（图片提供：全景视觉）")


def test_the_label_of_a_chinese_editor_line_is_no_author() -> None:
    # `作者：未知 责任编辑：棒棒不是糖` read `责任` as a name
    expected, article = _extract("real_world100/ol_gamersky_com")
    assert article.authors == expected["authors"]


@pytest.mark.parametrize("line", ["相关资讯请关注:逆水寒专区", "Credits: Titelbild AO PRODUCTION S.R.O."])
def test_a_related_topic_plug_and_a_picture_credits_line_are_not_text(line: str) -> None:
    assert clean_paragraphs([_TEXT, line, _MORE]).paragraphs == [_TEXT, _MORE]


@pytest.mark.parametrize("page", ["real_world100/kuaixun_stcn_com", "real_world100/shanxi_gov_cn"])
def test_chinese_writers_named_after_the_stamp_or_closing_the_text_are_authors(page: str) -> None:
    # `2019-09-26 12:11<span>来源：证券时报网</span><span>作者：李在山</span>`; `…阿根廷举行。（张巨峰）`
    expected, article = _extract(page)
    assert article.authors == expected["authors"]


def test_a_german_related_links_heading_ends_the_story_and_a_stock_agency_is_a_credit() -> None:
    assert clean_paragraphs([_TEXT, _MORE, "Weitere Beiträge aus der Kolumne:", "Ein anderer Text"]).paragraphs == \
        [_TEXT, _MORE]
    assert is_credit_line("Pixabay")
    # a sentence on the topic is text
    line = "Zum Thema hat sich der Verband bisher nicht geäußert, sagte ein Sprecher am Montag in Berlin."
    assert clean_paragraphs([_TEXT, line, _MORE]).paragraphs == [_TEXT, line, _MORE]
