"""URL-shape inference on link lists of different CMS shapes (fixture files mark each link A or N)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crawler.onboard.shapes import classify, infer, recognise_cms

SHAPES = Path(__file__).parents[2] / "fixtures" / "onboard" / "shapes"


def read(name: str) -> tuple[list[str], list[str], list[str]]:
    """(all links in file order, article links, other links) of a fixture."""
    rows = [line.split(" ", 1) for line in (SHAPES / name).read_text().splitlines() if line and line[0] != "#"]
    return [u for _, u in rows], [u for k, u in rows if k == "A"], [u for k, u in rows if k == "N"]


@pytest.mark.parametrize("name", ["ndsoft.txt", "wordpress.txt", "arc.txt", "portal.txt", "tfstyle.txt"])
def test_pattern_separates_articles_from_other_pages(name):
    links, articles, others = read(name)
    result = infer(links)
    assert result.pattern, name
    rx = re.compile(result.pattern)
    assert [u for u in articles if not rx.search(u)] == []
    assert [u for u in others if rx.search(u)] == []


@pytest.mark.parametrize("name, params", [("ndsoft.txt", ["idxno"]), ("portal.txt", ["no"]),
                                          ("wordpress.txt", []), ("arc.txt", [])])
def test_id_params_are_the_identifying_query_parameters(name, params):
    assert infer(read(name)[0]).id_params == params


def test_no_pattern_is_guessed_without_ids():
    links, _, _ = read("no_articles.txt")
    assert infer(links).pattern is None


def test_classes_of_url_parts():
    assert [classify(t) for t in ["2026", "03", "1853871.htm", "AKR20261201000100001", "bank-rate-holds", "news"]] == [
        "YEAR", "MD", "NUM", "ID", "SLUG", "WORD"]


def test_cms_recognition():
    _, nd, _ = read("ndsoft.txt")
    assert recognise_cms("", nd) == "ndsoft"
    assert recognise_cms('<meta name="generator" content="WordPress 6.4.2">', []) == "wordpress"
    assert recognise_cms('<div id="fusion-app"></div>', []) == "arc"
    assert recognise_cms("", read("portal.txt")[1]) == "portal"
    assert recognise_cms("<html></html>", read("tfstyle.txt")[1]) is None
