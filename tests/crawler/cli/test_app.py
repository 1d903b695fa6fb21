"""The app mounts one module per command group, and a command imports only its own group's libraries."""

from __future__ import annotations

import subprocess
import sys

import typer

from crawler.cli.app import COMMAND_MODULES, app, mount


def test_command_modules_name_every_command():
    """COMMAND_MODULES is how a command finds its module: a command missing there would be found only after
    every module is imported (slow), a stale entry would point at a module without it."""
    for module in dict.fromkeys(COMMAND_MODULES.values()):
        mount(module)
    mounted = set(typer.main.get_group(app).commands)
    assert mounted == set(COMMAND_MODULES)


def _modules_after(argv: list[str], tmp_path) -> set[str]:
    code = ("import sys\nfrom crawler.cli import main\nsys.argv = ['newsarchive', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(' '.join(sorted(sys.modules)), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path)
    return set(proc.stderr.strip().splitlines()[-1].split())


def test_search_does_not_import_scrapy_or_the_scheduler(tmp_path):
    loaded = _modules_after(["--db", str(tmp_path / "none.db"), "search", "x"], tmp_path)
    assert "crawler.cli.archive" in loaded
    assert not {"scrapy", "twisted", "apscheduler", "crawler.cli.schedule", "crawler.cli.crawl",
                "crawler.extract.patterns"} & loaded


def test_sites_does_not_import_sqlite_utils_or_the_extractor(tmp_path):
    loaded = _modules_after(["sites", "--json"], tmp_path)
    assert "crawler.cli.sites" in loaded
    assert not {"sqlite_utils", "scrapy", "apscheduler", "crawler.extract.patterns", "crawler.cli.archive"} & loaded
