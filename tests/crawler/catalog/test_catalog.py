"""The bundled Korean outlet catalog: every entry loads, passes `doctor --offline`, says where its facts
came from, stays unscheduled until enabled, and `sites enable` copies it with scheduling on."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

from crawler.catalog import load_catalog
from crawler.doctor import FAIL, diagnose
from crawler.sites import load_site_file, load_sites

FIXTURES = Path(__file__).parents[2] / "fixtures"


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the CLI in a subprocess."""
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_catalog_has_twenty_outlets_each_sourced_and_unscheduled():
    catalog = load_catalog()
    assert len(catalog) >= 20
    assert {"thefact", "yna", "newsis", "news1"} <= set(catalog)  # 더팩트 first, then the wire services
    assert {e.category for e in catalog.values()} >= {"wire service", "daily", "economic daily", "broadcaster", "IT"}
    for key, entry in catalog.items():
        text = entry.path.read_text(encoding="utf-8")
        assert entry.source, f"{key}: no '# source:' line"
        assert "NOT checked live" in text, key
        assert entry.site.schedule.enabled is False, key
        assert entry.site.politeness.download_delay >= 1 and entry.site.politeness.obey_robots, key


def test_every_catalog_entry_passes_doctor_offline(tmp_path):
    proc = cli("doctor", "--catalog", "--offline", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr
    reports = json.loads(proc.stdout)
    assert len(reports) == len(load_catalog())
    assert all(r["verdict"] == "ok" for r in reports), [r for r in reports if r["verdict"] != "ok"]


def test_doctor_offline_catches_config_mistakes():
    site = load_site_file(FIXTURES / "sites" / "doctor_offline_bad.toml")
    report = diagnose(site, offline=True)
    verdicts = {c.name: c.verdict for c in report.checks}
    assert verdicts["config"] == FAIL  # feed outside allowed_domains
    assert verdicts["pattern"] == FAIL  # matches the homepage and the feed
    assert verdicts["politeness"] == "warn"  # no delay, 32 connections to a real site
    assert report.verdict == FAIL


def test_catalog_is_not_crawled_until_enabled(tmp_path):
    assert not set(load_catalog()) & set(load_sites())
    listed = cli("sites", "--catalog", "--json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert {row["key"] for row in json.loads(listed.stdout)} == set(load_catalog())


def test_enable_copies_with_schedule_on_and_refuses_overwrite(tmp_path):
    proc = cli("sites", "enable", "yna", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    path = tmp_path / "sites" / "yna.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["schedule"]["enabled"] is True
    assert data["discovery"] == tomllib.loads(load_catalog()["yna"].path.read_text(encoding="utf-8"))["discovery"]
    assert "source:" in path.read_text(encoding="utf-8")  # provenance travels with the copy
    assert load_sites(str(tmp_path / "sites"))["yna"].schedule.enabled  # what every command now loads
    again = cli("sites", "enable", "yna", cwd=tmp_path)
    assert again.returncode == 2 and again.stderr.startswith("error:") and again.stderr.count("\n") == 1
    unknown = cli("sites", "enable", "nosuch", cwd=tmp_path)
    assert unknown.returncode == 2 and "catalog" in unknown.stderr
