"""Rules made after the first scores of `tests/fixtures/real_world41` and `real_world42` (German, Dutch, French
pages), each checked on the page that showed the gap."""

from __future__ import annotations

import pytest

from crawler.extract.metrics import same_authors
from tests.crawler.extract.checks import extract_labelled as _extract


@pytest.mark.parametrize("name", ["real_world41/metronieuws_nl", "real_world41/metronieuws_nl_extra"])
def test_drupal_rdfa_gives_the_time_and_the_writer(name: str) -> None:
    # Metro (Drupal 7): `<span property="dc:date dc:created" content="2016-03-10T16:42:00+01:00">` beside a day-only
    # `<meta itemprop="datePublished">`, `<span typeof="sioc:UserAccount" property="foaf:name">Bianca Brasser</span>`
    # beside an author tag holding a Facebook address
    expected, article = _extract(name)
    assert article.published == expected["published"]
    assert same_authors(expected["authors"], article.authors)


@pytest.mark.parametrize("name, start", [("real_world41/spiegel_de_2023", "An dieser Stelle finden Sie"),
                                         ("real_world41/spiegel_de_2023", "Empfohlener externer Inhalt"),
                                         ("real_world41/hardwareluxx_de", "Datenschutzhinweis für"),
                                         ("real_world41/hardwareluxx_de", "An dieser Stelle möchten wir")])
def test_consent_placeholders_of_embeds_are_not_text(name: str, start: str) -> None:
    _, article = _extract(name)
    assert not any(p.startswith(start) for p in article.paragraphs)
