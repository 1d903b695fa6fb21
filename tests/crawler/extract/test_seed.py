"""The seed page (더팩트 article): every expected field exact."""

import json
from pathlib import Path

import pytest

from crawler.extract import extract_article

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed"


@pytest.fixture(scope="module")
def seed():
    expected = json.loads((SEED / "expected.json").read_text(encoding="utf-8"))
    return extract_article((SEED / "article.html").read_bytes(), expected["url"]), expected


def test_scalar_fields_exact(seed):
    article, expected = seed
    for name in ("title", "subtitle", "section", "published", "publisher"):
        assert getattr(article, name) == expected[name], name
    assert article.authors == expected["authors"]
    assert article.tags == expected["tags"]


def test_body_paragraphs_exact_and_in_order(seed):
    article, expected = seed
    assert article.paragraphs == expected["body_paragraphs"]
    assert article.body == "\n\n".join(expected["body_paragraphs"])


def test_nothing_from_must_not_contain(seed):
    article, expected = seed
    leaked = [s for s in expected["must_not_contain"] if s in article.body]
    assert leaked == []


def test_captions_once_each(seed):
    article, expected = seed
    assert article.captions == expected["captions"]
    assert len(set(article.captions)) == len(article.captions)


def test_email_kept_apart_and_urls_resolved(seed):
    article, _ = seed
    assert article.emails == ["likehyo85@tf.co.kr"]
    assert article.language == "ko"
    assert article.canonical_url == "http://news.tf.co.kr/read/economy/1853871.htm"
    assert article.top_image and article.top_image.startswith("http://img.tf.co.kr/")
    assert all(im.url.startswith("http://img.tf.co.kr/") for im in article.images)


def test_str_input_gives_the_same_article(seed):
    article, expected = seed
    again = extract_article((SEED / "article.html").read_text(encoding="utf-8"), expected["url"])
    assert again == article
