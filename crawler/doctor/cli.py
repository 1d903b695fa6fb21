"""`newsarchive doctor [SITE…] [--offline]`: per-site check verdicts, exit code 1 when any check fails."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

out = Console()
COLOURS = {"ok": "green", "warn": "yellow", "fail": "red", "skip": "dim"}


def doctor_cmd(
    ctx: typer.Context,
    site_keys: list[str] = typer.Argument(None, metavar="[SITE]...", help="Sites to check (default: all enabled)."),
    offline: bool = typer.Option(False, "--offline", help="Configuration checks only (no network)."),
    catalog: bool = typer.Option(False, "--catalog", help="Check every catalog outlet (with --offline: no network)."),
    samples: int = typer.Option(3, "--samples", min=0, max=20, help="Article pages to fetch and extract per site."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Is each site working today? robots.txt, feeds, sitemaps, article pattern, sample extraction."""
    from crawler.catalog import load_catalog
    from crawler.doctor import diagnose
    from crawler.sites import ConfigError, load_sites

    sites = load_sites(ctx.obj.get("sites"))
    entries = load_catalog()
    if catalog:
        chosen = [e.site for e in entries.values()]
    elif site_keys:
        chosen = []
        for key in site_keys:
            if key in sites:
                chosen.append(sites[key])
            elif key in entries:
                chosen.append(entries[key].site)
            else:
                raise ConfigError(f"unknown site {key!r} (known: {', '.join(sites) or 'none'}; "
                                  "catalog: `newsarchive sites --catalog`)")
    else:
        chosen = [s for s in sites.values() if s.enabled and s.key != "demo"]
        if not chosen:
            raise ConfigError("no sites to check: name one, or add one with `newsarchive sites add URL`")
    reports = [diagnose(s, offline=offline, samples=samples) for s in chosen]
    if as_json:
        out.print_json(data=[r.as_dict() for r in reports])
    else:
        for r in reports:
            table = Table(title=f"{r.site}: [{COLOURS[r.verdict]}]{r.verdict}[/{COLOURS[r.verdict]}]",
                          show_header=False, title_justify="left")
            table.add_column("check", no_wrap=True)
            table.add_column("verdict", no_wrap=True)
            table.add_column("detail")
            for c in r.checks:
                table.add_row(escape(c.name), f"[{COLOURS[c.verdict]}]{c.verdict}[/{COLOURS[c.verdict]}]",
                              escape(c.detail))
            out.print(table)
    if any(r.verdict == "fail" for r in reports):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Mount `doctor` on the main app."""
    app.command("doctor")(doctor_cmd)
