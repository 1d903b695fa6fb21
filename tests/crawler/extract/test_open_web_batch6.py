"""Mechanisms found on the sixth unseen batch (tests/fixtures/real_world5), each checked against the hand-made label.

Every test names a general mechanism a page shows; each failed on the extractor before its fix (see the folder README)."""

from pathlib import Path

from crawler.extract import extract_article
from crawler.extract.evaluation import load_pages
from crawler.extract.metrics import body_score

PAGES = {p.name: p for p in load_pages(Path(__file__).resolve().parents[2] / "fixtures" / "real_world5")}


def _article(name: str):
    page = PAGES[name]
    return page, extract_article(page.html, page.expected["url"])


def test_a_cited_web_address_shown_as_its_own_line_is_body():
    """A list of projects, each with its site's address as a linked line (`https://code.visualstudio.com/`): the address
    is what the reader sees and the text refers to it (`下記URLからの要約`), not a link list."""
    page, article = _article("ossnews_jp")
    assert "https://keras.io/ja/" in article.body
    assert body_score([(page.expected_body, article.body)]).f1 >= 0.95


def test_a_short_centred_line_under_a_centred_photo_is_its_caption():
    """Chinese CMS pages set each photo and its caption as two centred `<p>`s (`<p style="text-align:center"><img>`,
    then `<p style="text-align:center">大会开幕式</p>`): the caption is not a paragraph of the story."""
    page, article = _article("gne_gsc_1")
    paragraphs = article.body.split("\n\n")
    assert [c for c in page.expected["captions"] if c in paragraphs] == []
    assert body_score([(page.expected_body, article.body)]).f1 >= 0.95


def test_without_metadata_titles_the_h1_about_the_title_tag_is_the_headline():
    """Pages saved without `og:title` or JSON-LD: the first heading is a site banner (`thanks for visiting cnnmoney.`),
    a menu (`Sections`) or a support link; the `<h1>` sharing the `<title>`'s words is the headline."""
    for name in ("money_cnn_com", "theatlantic_com", "bloomberg_com"):
        page, article = _article(name)
        assert article.title == page.expected["title"], name


def test_chinese_titles_lose_the_site_name_after_an_underscore_and_a_cut_og_title_gives_way_to_the_h1():
    """`<title>标题_网易订阅</title>` names the site after an unspaced underscore; 163's `og:title` is cut at an unescaped
    quote (`content="男孩因不想上补习班 写"救命啊"…"`), so the `<h1>` it begins is the headline."""
    for name in ("gne_163_9", "gne_cmse_1", "gne_163_6"):
        page, article = _article(name)
        assert article.title == page.expected["title"], name


def test_a_small_print_paragraph_right_after_a_photo_or_video_is_its_caption():
    """France 24 Observers sets each caption as the paragraph after the embed, in small italics (`<p><em><span
    style="font-size:smaller">Women protest in Tapachula. (Video sent to our team …)</span></em></p>`)."""
    page, article = _article("observers_france24_com")
    paragraphs = article.body.split("\n\n")
    assert [c for c in page.expected["captions"] if c in paragraphs] == []
    assert body_score([(page.expected_body, article.body)]).f1 >= 0.95


def test_a_pull_quote_repeating_a_sentence_of_the_text_is_not_body():
    """HORIZONT repeats a sentence of the column in large type (`div.Quote-text`, cut with `…`): read once, not twice."""
    page, article = _article("horizont_net")
    quote = "„Werbung kann auch das sein, was nicht bezahlt wurde."
    assert sum(p.startswith(quote) or p.startswith(quote[1:]) for p in article.body.split("\n\n")) == 0
    assert "Werbung kann auch das sein, was nicht bezahlt wurde" in article.body  # the sentence itself stays


def test_a_comment_widget_named_conversations_is_not_body():
    """The Star's `div#conversations` (sign-in prompt, `Conversations are opinions of our readers …`) sits inside the
    article body element after the column."""
    page, article = _article("thestar_com")
    assert "Conversations are opinions of our readers" not in article.body
    assert body_score([(page.expected_body, article.body)]).f1 >= 0.95


def test_a_by_line_in_any_byline_class_under_the_headline_names_the_authors():
    """`p.Byline-byline-1sVmo` (`By Howard Schneider, Lindsay Dunsmuir`), `div.post__byline` (`By Zach Hanlon 5 minute
    Read`), Bloomberg's `by Jeremy Herron More stories by Jeremy Herron`: the names without the reading time or the
    author-page link, from the header block, not from teaser cards further down."""
    for name in ("reuters_com", "fastcompany_com", "bloomberg_com"):
        page, article = _article(name)
        assert article.authors == page.expected["authors"], name


def test_the_story_ends_at_a_wire_sign_off_even_with_a_widget_label_after_it():
    """La Nación's AFP copy closes with the editors' initials (`ap/kam/bfi/an/eg`), then a Trust Project label line
    (`Conforme a los criterios de`): neither is text."""
    page, article = _article("lanacion_com_ar_agencias")
    assert article.body.split("\n\n") == page.expected["body_paragraphs"]


def test_an_unlabelled_stamp_under_the_headline_with_a_kanji_date_or_a_month_word():
    """No metadata date: the header shows `2019年3月15日 09:43` (OSS News) or `December 16, 2016, 4:19 PM` (ABC News),
    `Dec 13, 2016 at 3:45 pm` (Chicago Tribune) — the publication stamp a reader sees."""
    page, article = _article("ossnews_jp")
    assert article.published == page.expected["published"]
    for name in ("abcnews_go_com", "chicagotribune_com"):
        page, article = _article(name)
        assert (article.published or "")[:10] == page.expected["published"][:10], name


def test_a_byline_class_on_the_last_name_only_reads_the_whole_by_line():
    """NYT marks only the last reporter (`span.last-byline`); its paragraph reads `By Marc Santora, William K. Rashbaum,
    Al Baker and Adam Goldman`."""
    page, article = _article("nytimes_com")
    assert article.authors == page.expected["authors"]


def test_chinese_portal_furniture_lines_are_not_body():
    """A closing reporter line (`扬子晚报记者 张楠`), a repost disclaimer (`免责声明：本文来自…`), a source note
    (`来源：无锡交警`) and a `（点击看清晰大图）` prompt under a picture."""
    for name, lines in (("gne_qq_qq", ("扬子晚报记者 张楠", "免责声明")), ("gne_163_9", ("来源：无锡交警", "点击看清晰大图"))):
        page, article = _article(name)
        assert [s for s in lines if s in article.body] == [], name


def test_a_lone_chinese_related_news_label_is_not_body():
    """Sina's `相关新闻：` label stays behind when its links are dropped as a link list."""
    page, article = _article("gne_sina_4")
    assert "相关新闻" not in article.body
