"""`newsarchive sites --catalog` (listing) and `newsarchive sites enable KEY` (copy one into ./sites)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

out = Console()


def print_catalog(as_json: bool) -> None:
    """Print the catalog as a table (or JSON)."""
    from crawler.catalog import load_catalog

    entries = load_catalog()
    if as_json:
        out.print_json(data=[{"key": k, "name": e.site.name, "category": e.category, "base_url": e.site.base_url,
                              "feeds": list(e.site.discovery.feeds), "sitemaps": list(e.site.discovery.sitemaps),
                              "sitemaps_from_robots": e.site.discovery.sitemaps_from_robots, "source": e.source}
                             for k, e in entries.items()])
        return
    table = Table(title=f"{len(entries)} outlet(s) in the catalog — enable one with `newsarchive sites enable KEY`",
                  caption="feed/sitemap URLs come from public lists named in each file; not checked live when written")
    for col in ("key", "name", "category", "base url", "discovery"):
        table.add_column(col)
    for key, e in entries.items():
        d = e.site.discovery
        how = ", ".join(filter(None, [f"{len(d.feeds)} feed(s)" if d.feeds else "",
                                      f"{len(d.sitemaps)} sitemap(s)" if d.sitemaps else "",
                                      "robots sitemaps" if d.sitemaps_from_robots else ""]))
        table.add_row(key, escape(e.site.name), e.category, e.site.base_url, how)
    out.print(table)


def enable_cmd(
    key: str = typer.Argument(..., help="Catalog key (see `newsarchive sites --catalog`)."),
    directory: Optional[Path] = typer.Option(None, "--dir", help="Sites folder to copy into (default ./sites)."),
) -> None:
    """Copy a catalog outlet into your sites folder, with scheduling switched on."""
    from crawler.catalog import enable
    from crawler.onboard.cli import user_sites_dir

    path = enable(key, user_sites_dir(directory))
    out.print(f"wrote [bold]{escape(str(path))}[/bold] — check it first: newsarchive doctor {key}", highlight=False)


def register(app: typer.Typer) -> None:
    """Mount `sites enable` on the `sites` group."""
    from crawler.onboard.cli import sites_group

    sites_group(app).command("enable")(enable_cmd)
