"""The bundled catalog of Korean news outlets: one site file each under crawler/catalog/sites/.

Catalog files are never crawled or scheduled as they are: `newsarchive sites enable KEY` copies one into the
user's sites folder with scheduling switched on. Each file names, in its comments, the public source of
its feed and sitemap URLs and says they were not checked live where it was written.

    from crawler.catalog import load_catalog, enable
    catalog = load_catalog()                 # key -> CatalogEntry (site, category, source)
    enable("yna", Path("sites"))             # -> sites/yna.toml
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from crawler.sites import ConfigError, SiteConfig, load_site_file
from crawler.onboard.write import validate

CATALOG_DIR = Path(__file__).parent / "sites"
_SCHEDULE_OFF = re.compile(r"(^\[schedule\][^\[]*?^enabled\s*=\s*)false", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class CatalogEntry:
    """One outlet: its site definition plus the catalog's own notes (category, where the facts came from)."""

    site: SiteConfig
    category: str
    source: str
    path: Path


def _comment(text: str, name: str) -> str:
    m = re.search(rf"^#\s*{name}:\s*(.+)$", text, re.MULTILINE)
    return m.group(1).strip() if m else ""


def load_catalog() -> dict[str, CatalogEntry]:
    """Every catalog entry by key (a broken file raises ConfigError naming it)."""
    entries = {}
    for path in sorted(CATALOG_DIR.glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        site = load_site_file(path)
        entries[site.key] = CatalogEntry(site, _comment(text, "category"), _comment(text, "source"), path)
    return entries


def enable(key: str, directory: Path) -> Path:
    """Copy catalog entry `key` into `directory` with scheduling on; refuses to overwrite an existing file."""
    catalog = load_catalog()
    if key not in catalog:
        raise ConfigError(f"no outlet {key!r} in the catalog (see `newsarchive sites --catalog`)")
    text = catalog[key].path.read_text(encoding="utf-8")
    enabled, n = _SCHEDULE_OFF.subn(r"\1true", text, count=1)
    if n != 1:
        raise ConfigError(f"{catalog[key].path}: catalog files must say `enabled = false` under [schedule]")
    target = directory / f"{key}.toml"
    validate(enabled, target)
    if target.exists():
        raise ConfigError(f"{target} already exists; not overwriting it")
    directory.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as fh:
        fh.write(enabled.replace("# Catalog entry", "# Enabled from the newsarchive catalog entry", 1))
    return target
