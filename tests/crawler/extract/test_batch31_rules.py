"""Rules made after the first score of `tests/fixtures/real_world31` (mercury-parser's 2024-26 fixtures), each checked
on the page that showed the gap."""

from __future__ import annotations

from tests.crawler.extract.checks import extract_labelled as _extract


def test_a_reader_forum_in_the_next_grid_row_is_not_a_chunk_of_the_story() -> None:
    # Transfermarkt: the story's `div.row`, then a `div.row` headed `Letzte Beiträge Newsforum` whose posts sit in
    # `div.news-post-content` (content-sounding names): readers' posts, not the body's next part
    expected, article = _extract("real_world31/transfermarkt_de")
    assert not [p for p in article.paragraphs if "Zitat von" in p or "Newsforum" in p]
    assert set(expected["body_paragraphs"]) <= set(article.paragraphs)


def test_every_paragraph_wrapped_in_the_same_junk_named_block_is_the_story() -> None:
    # blick.de: each `<p>` and `<h2>` of the story in its own `div.styled-tags` (`tags` names keyword lists elsewhere)
    expected, article = _extract("real_world31/blick_de")
    assert [p for p in expected["body_paragraphs"] if p not in article.paragraphs] == []


def test_a_bare_stamp_in_the_block_around_the_bodys_headline() -> None:
    # Transfermarkt: `div.news-header > span` `22.03.2026 - 14:08` above `div.news-content > h1`; no date metadata
    expected, article = _extract("real_world31/transfermarkt_de")
    assert article.published == expected["published"]


def test_a_note_on_where_the_story_first_ran_is_not_text() -> None:
    # HardwareZone: `This article is contributed by Carmen Sin, and a version of it first appeared in The Straits Times,
    # an SPH publication, on December 21, 2024.`; Time: `This article originally appeared on Time.com.`
    for name, opening in (("real_world31/hardwarezone_com_sg", "This article is contributed by"),
                          ("real_world5/time_com", "This article originally appeared")):
        expected, article = _extract(name)
        assert not [p for p in article.paragraphs if p.startswith(opening)], name
        assert article.paragraphs[-1] == expected["body_paragraphs"][-1], name
