"""`newsarchive fetch URL [--site KEY]`, mounted on the main app by `register` (a thin layer over crawler.fetch)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape

from crawler.site_lock import SiteBusy
from crawler.sites import ConfigError

out = Console()
err = Console(stderr=True)

SAYS = {
    "new": "archived", "updated": "updated (the old text is kept as a version)", "unchanged": "unchanged",
    "near_duplicate": "archived, linked to the article it nearly copies",
    "duplicate": "a copy of an archived article: kept as its alias", "already_archived": "already archived",
}


def fetch_cmd(
    ctx: typer.Context,
    url: str = typer.Argument(..., help="The article page to download now."),
    site: Optional[str] = typer.Option(None, "--site", help="Apply this site's rules (default: the site whose "
                                                            "domains cover the URL, else generic extraction)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Download one article now, extract, dedupe and archive it (the crawl's own pipelines)."""
    from crawler.fetch import fetch_article
    from storage.errors import ArchiveError

    obj = ctx.obj if isinstance(ctx.obj, dict) else {}
    cfg = obj["config"]
    verbose = obj.get("verbose", False)
    log_file: Path | None = None if verbose else cfg.crawl_log_path
    try:
        result = fetch_article(url, db=cfg.db_path, site_key=site, sites_path=obj.get("sites"),
                               log_file=log_file, log_level="INFO")
    except ConfigError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    except (SiteBusy, ArchiveError) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    if as_json:
        out.print_json(data=result.__dict__)
    elif result.outcome in SAYS:
        out.print(f"#{result.article_id} {escape(SAYS[result.outcome])}: {escape(result.url)}", highlight=False,
                  soft_wrap=True)
        out.print(f"[dim]newsarchive show {result.article_id}[/dim]")
    if result.outcome not in SAYS:
        where = f" (log: {log_file})" if log_file else ""
        err.print(f"[red]error:[/red] {escape(result.url)}: {escape(result.outcome.replace('_', ' '))}: "
                  f"{escape(result.detail or '')}{escape(where)}", highlight=False, soft_wrap=True)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `fetch` to the main newsarchive app."""
    app.command("fetch")(fetch_cmd)
