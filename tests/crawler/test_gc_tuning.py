"""`crawler.gc_tuning`: a crawl sets the collector thresholds of its process from the setting; a bad value is one
clear error."""

from __future__ import annotations

import gc

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler import settings as project
from crawler.gc_tuning import GcTuning


@pytest.fixture(autouse=True)
def _keep_thresholds():
    saved = gc.get_threshold()
    yield
    gc.set_threshold(*saved)


def test_the_project_setting_is_applied_when_a_crawler_is_built():
    gc.set_threshold(700, 10, 10)
    crawler = get_crawler(settings_dict={k: getattr(project, k) for k in ("EXTENSIONS", "NEWSARCHIVE_GC_THRESHOLDS")})
    crawler._apply_settings()  # builds the extensions, as a crawl's start does
    assert gc.get_threshold() == tuple(project.NEWSARCHIVE_GC_THRESHOLDS)
    assert gc.get_threshold() != (700, 10, 10)


def test_from_the_command_line_and_off():
    gc.set_threshold(700, 10, 10)
    GcTuning.from_crawler(get_crawler(settings_dict={"NEWSARCHIVE_GC_THRESHOLDS": "5000,20,30"}))
    assert gc.get_threshold() == (5000, 20, 30)
    with pytest.raises(NotConfigured):
        GcTuning.from_crawler(get_crawler(settings_dict={"NEWSARCHIVE_GC_THRESHOLDS": ""}))
    assert gc.get_threshold() == (5000, 20, 30)


@pytest.mark.parametrize("value", ["many", "1,2,3,4", "-5"])
def test_a_bad_value_is_one_clear_error(value):
    with pytest.raises(ValueError, match="NEWSARCHIVE_GC_THRESHOLDS"):
        GcTuning.from_crawler(get_crawler(settings_dict={"NEWSARCHIVE_GC_THRESHOLDS": value}))
