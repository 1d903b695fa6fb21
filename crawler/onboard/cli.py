"""`newsarchive sites add URL`: onboard a site from its URL (probe, infer, sample, write its site file)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:
    from crawler.onboard import Onboarding

out = Console()
err = Console(stderr=True)


def sites_group(app: typer.Typer) -> typer.Typer:
    """The `sites` command group of the main app (defined in crawler/cli.py)."""
    for group in app.registered_groups:
        if group.name == "sites" and group.typer_instance is not None:
            return group.typer_instance
    raise RuntimeError("crawler.cli defines no `sites` group")


def user_sites_dir(directory: Optional[Path]) -> Path:
    """Where new site files go: --dir, else ./sites (read by every command)."""
    return directory if directory is not None else Path.cwd() / "sites"


def add_cmd(
    ctx: typer.Context,
    url: str = typer.Argument(..., help="The site's homepage, e.g. https://www.example.co.kr/"),
    key: Optional[str] = typer.Option(None, "--key", help="Site key (default: from the host name)."),
    name: Optional[str] = typer.Option(None, "--name", help="Display name (default: the site's own)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the site file instead of writing it."),
    directory: Optional[Path] = typer.Option(None, "--dir", help="Sites folder to write into (default ./sites)."),
    delay: float = typer.Option(1.0, "--delay", min=0, help="Seconds between requests now and in later crawls."),
    samples: int = typer.Option(5, "--samples", min=0, max=20, help="Article pages to fetch and extract."),
) -> None:
    """Probe a site from its URL and write a commented site file (feeds, sitemaps, article URL pattern)."""
    from crawler.onboard import default_key, onboard, site_origin
    from crawler.sites import ConfigError, load_sites

    site_origin(url)
    known = load_sites(ctx.obj.get("sites"))
    wanted = key or default_key(url)
    if wanted in known and not dry_run:  # before any request: nothing to probe for a file we would not write
        raise ConfigError(f"site key {wanted!r} is already defined in {known[wanted].path} (pass --key)")
    err.print(f"probing {escape(url)} …", highlight=False)
    plan = onboard(url, key=key, name=name, delay=delay, samples=samples)
    if plan.key in known and not dry_run:
        raise ConfigError(f"site key {plan.key!r} is already defined in {known[plan.key].path} (pass --key)")
    _report(plan)
    if dry_run:
        print(plan.toml)
        return
    path = plan.write(user_sites_dir(directory))
    out.print(f"wrote [bold]{escape(str(path))}[/bold] — next: newsarchive crawl {plan.key}  "
              f"(check it any time: newsarchive doctor {plan.key})", highlight=False)


def _report(plan: "Onboarding") -> None:
    """What was found, on stderr, so `--dry-run > file.toml` stays a clean TOML file."""
    from crawler.onboard import CMS_NAMES

    p = plan.probe
    err.print(f"[bold]{escape(plan.name)}[/bold] ({plan.base_url}) — CMS: {CMS_NAMES.get(plan.cms or '', 'not recognised')}",
              highlight=False)
    for src in p.feeds + p.sitemaps:
        state = f"[green]{len(src.links)} link(s)[/green]" if src.works else f"[red]{escape(src.problem or '')}[/red]"
        err.print(f"  {src.kind:7} {escape(src.url)} ({src.how}): {state}", highlight=False)
    err.print(f"  article URLs: {escape(plan.shape.pattern or '')}  id params: {plan.shape.id_params or '-'}",
              highlight=False)
    table = Table(title=f"{len(plan.samples)} sample article(s)")
    for col in ("title", "published", "body", "byline", "problem"):
        table.add_column(col)
    for s in plan.samples:
        table.add_row(escape(s.title[:40]), s.published or "-", f"{s.body_chars:,}", escape(", ".join(s.authors)) or "-",
                      f"[red]{escape(s.problem)}[/red]" if s.problem else "")
    err.print(table)
    for w in plan.warnings:
        err.print(f"[yellow]warning:[/yellow] {escape(w)}", highlight=False)


def register(app: typer.Typer) -> None:
    """Mount `sites add` on the `sites` group."""
    sites_group(app).command("add")(add_cmd)
