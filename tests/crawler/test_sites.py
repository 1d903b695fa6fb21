"""Site definitions: the full example loads, every bad file gives one line naming file, key and problem."""

from pathlib import Path

import pytest

from crawler.sites import ConfigError, load_site_file, load_sites

FIX = Path(__file__).parents[1] / "fixtures" / "sites"


def test_full_example_loads_every_section():
    site = load_site_file(FIX / "full.toml")
    assert site.key == "example" and site.language == "en"
    assert site.discovery.feeds[1] == "https://feeds.example.com/world.xml"
    assert site.discovery.listings[0].max_pages == 3
    assert site.politeness.download_delay == 2.0
    assert site.schedule.cron == "*/30 * * * *" and site.schedule.interval_minutes is None
    assert site.dedupe.article_id_params == ("id",)
    assert site.extract.remove == (".related", "aside")
    assert site.extract.timezone == "Europe/London"
    assert site.resolve("/world") == "https://www.example.com/world"
    assert site.resolve("https://feeds.example.com/x") == "https://feeds.example.com/x"
    assert site.is_article_url("https://www.example.com/news/2026/123")
    assert not site.is_article_url("https://www.example.com/world")


@pytest.mark.parametrize(
    "name, key, words",
    [
        ("missing_pattern", "site.article_url_pattern", "required"),
        ("bad_regex", "site.article_url_pattern", "regular expression"),
        ("typo_key", "politeness.download_dealy", "not a known setting"),
        ("bad_type", "politeness.concurrency", "must be a int"),
        ("no_discovery", "discovery", "at least one"),
        ("bad_cron", "schedule.cron", "crontab"),
        ("bad_timezone", "site.timezone", "unknown timezone"),
        ("bad_selector", "extract.body", "invalid CSS selector"),
        ("bad_base_url", "site.base_url", "absolute http"),
        ("empty_domains", "site.allowed_domains", "at least one domain"),
        ("domain_with_port", "site.allowed_domains", "without scheme, port or path"),
        ("base_not_allowed", "site.allowed_domains", "does not cover the base_url host"),
        ("delay_inf", "politeness.download_delay", "finite"),
        ("delay_nan", "politeness.download_delay", "finite"),
        ("delay_huge", "politeness.download_delay", "at most 3600"),
        ("nan_interval", "schedule.interval_minutes", "finite"),
        ("empty_pattern", "site.article_url_pattern", "empty"),
        ("backtracking_pattern", "site.article_url_pattern", "exponential time"),
        ("file_feed", "discovery.feeds", "path or an http(s) URL"),
    ],
)
def test_bad_file_names_file_key_and_problem(name, key, words):
    with pytest.raises(ConfigError) as info:
        load_site_file(FIX / "bad" / f"{name}.toml")
    message = str(info.value)
    assert f"{name}.toml" in message and f"'{key}'" in message and words in message
    assert "\n" not in message


def test_deeply_nested_toml_is_one_line_naming_the_file():
    # tomllib recurses once per level: 5,000 levels raised RecursionError with no file name
    with pytest.raises(ConfigError, match=r"deeply_nested\.toml: invalid TOML: nested too deeply"):
        load_site_file(FIX / "bad" / "deeply_nested.toml")


def test_backtracking_check_allows_ordinary_patterns():
    from crawler.sites import backtracking_risk

    for pattern in [r"/news/\d{4}/\d+", r"(/news/(draft/)?articleView\.html\?idxno=\d+|/read/[a-z]+/\d+\.htm)",
                    r"/(\d+/){1,3}\w+\.html", r"/news/(?:\w+)++\.html",
                    r"^https?://www\.chosun\.com/[a-z_-]+(?:/[a-z_-]+)*/\d{4}/\d{2}/\d{2}/[A-Z0-9]{20,}/?"]:
        assert backtracking_risk(pattern) is None, pattern
    for pattern in [r"(a+)+$", r"((ab)*)*", r"(.*a){20}", r"(?:/[a-z/]+)*x", r"(?:a\w+)*!"]:
        assert backtracking_risk(pattern), pattern


def test_invalid_toml_is_one_line():
    with pytest.raises(ConfigError, match=r"bad_toml\.toml: invalid TOML"):
        load_site_file(FIX / "bad" / "bad_toml.toml")


def test_builtin_demo_site_and_extra_dir(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSARCHIVE_SITES", raising=False)
    sites = load_sites(str(FIX / "full.toml"))
    assert set(sites) == {"demo", "example"}
    demo = sites["demo"].with_base_url("http://127.0.0.1:5555")
    assert demo.resolve("/robots.txt") == "http://127.0.0.1:5555/robots.txt"
    assert "127.0.0.1" in demo.allowed_domains
    assert demo.is_article_url("http://127.0.0.1:5555/news/articleView.html?idxno=1001")
    assert demo.is_article_url("http://127.0.0.1:5555/read/economy/1853871.htm")
