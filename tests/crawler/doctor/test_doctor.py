"""`newsarchive doctor` against a local ndsoft-style site onboarded with `sites add`, then broken on purpose:
each planted fault must be flagged by the check it concerns, and only a failure changes the exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.doctor import FAIL, OK, diagnose
from crawler.onboard import onboard
from crawler.sites import load_site_file
from tests.crawler.onboard.cms_sites import CmsSite


@pytest.fixture(scope="module")
def onboarded(tmp_path_factory):
    """A healthy ndsoft-style site and the site file `sites add` wrote for it."""
    sites_dir = tmp_path_factory.mktemp("doctor") / "sites"
    with CmsSite("ndsoft") as site:
        path = onboard(site.base_url + "/", key="hanbit", delay=0, samples=1).write(sites_dir)
        yield site, load_site_file(path), sites_dir


def failed(report) -> set[str]:
    """Names of the failed checks (a feed check is named after its URL: keep its kind)."""
    return {c.name.split(" ")[0] if c.name.startswith(("feed ", "sitemap ")) else c.name
            for c in report.checks if c.verdict == FAIL}


def test_healthy_site_passes_every_check(onboarded):
    site, config, _ = onboarded
    site.faults.clear()
    report = diagnose(config, samples=2)
    assert report.verdict == OK, report.as_dict()
    names = {c.name.split(" ")[0] for c in report.checks}
    assert {"config", "pattern", "politeness", "robots", "feed", "sitemap", "article", "sample"} <= names


@pytest.mark.parametrize("fault, flagged", [
    ("robots_disallow", "robots"),
    ("feed_500", "feed"),
    ("template_changed", "sample articles"),
    ("urls_moved", "article links"),
])
def test_each_planted_fault_is_flagged(onboarded, fault, flagged):
    site, config, _ = onboarded
    site.faults.clear()
    site.faults.add(fault)
    try:
        report = diagnose(config, samples=2)
    finally:
        site.faults.clear()
    assert report.verdict == FAIL
    assert flagged in failed(report), report.as_dict()
    if fault != "robots_disallow":  # a site that shuts us out fails everything after robots.txt, rightly
        assert failed(report) == {flagged}, report.as_dict()


def test_cli_exit_code_follows_the_verdict(onboarded, tmp_path):
    site, config, sites_dir = onboarded

    def doctor(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "crawler.cli", "--sites", str(sites_dir), "doctor", *args],
                              cwd=tmp_path, capture_output=True, text=True, timeout=120)

    site.faults.clear()
    healthy = doctor("hanbit", "--samples", "1", "--json")
    assert healthy.returncode == 0, healthy.stderr
    assert json.loads(healthy.stdout)[0]["verdict"] == "ok"
    site.faults.add("feed_500")
    try:
        broken = doctor("hanbit", "--samples", "1")
    finally:
        site.faults.clear()
    assert broken.returncode == 1
    assert "fail" in broken.stdout and "HTTP 500" in broken.stdout
    unknown = doctor("nosuchsite")
    assert unknown.returncode == 2 and unknown.stderr.startswith("error:") and unknown.stderr.count("\n") == 1
