"""The project's Scrapy settings as Scrapy reads them (`scrapy.cfg` → `crawler.settings`)."""

from __future__ import annotations

import json
import subprocess
import sys

# Builds the extensions a crawl with these settings gets, in a fresh interpreter: what that imports is the point.
PROBE = """
import json, sys
from scrapy.extension import ExtensionManager
from scrapy.utils.test import get_crawler
import crawler.settings as project
crawler = get_crawler(settings_dict={k: getattr(project, k) for k in dir(project) if k.isupper()})
manager = ExtensionManager.from_crawler(crawler)
print(json.dumps({"enabled": [type(e).__name__ for e in manager.middlewares], "aiohttp": "aiohttp" in sys.modules}))
"""


def test_the_switched_off_consoles_are_never_imported_and_the_other_extensions_run() -> None:
    out = json.loads(subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True).stdout)
    assert out["aiohttp"] is False  # RemoteControl's module (off anyway) imports aiohttp: ~0.1 s of each crawl's start
    assert "RemoteControl" not in out["enabled"] and "TelnetConsole" not in out["enabled"]
    for kept in ("CoreStats", "LogStats", "MemoryUsage", "AutoThrottle", "CrawlRunExtension", "GcTuning"):
        assert kept in out["enabled"], kept
