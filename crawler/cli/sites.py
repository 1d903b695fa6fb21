"""`newsarchive sites` (list; `--catalog`), `sites add URL`, `sites enable KEY` and `doctor`: which sites to crawl.

Thin layer over crawler.sites (site files), crawler.onboard (probe a URL, write its site file), crawler.catalog
(bundled outlets) and crawler.doctor (is each site working today); mounted on the main app by `register`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from crawler.cli.app import err, out, site_configs

if TYPE_CHECKING:
    from crawler.onboard import Onboarding


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


def sites_cmd(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    catalog: bool = typer.Option(False, "--catalog", help="List the bundled Korean outlet catalog instead."),
) -> None:
    """List the configured sites and where their definitions live (`sites --catalog`: the bundled outlets)."""
    if ctx.invoked_subcommand is not None:
        return
    if catalog:
        print_catalog(as_json)
        return
    sites = site_configs(ctx)
    if as_json:
        rows = [{"key": s.key, "name": s.name, "base_url": s.base_url, "enabled": s.enabled,
                 "schedule": s.schedule.cron or f"every {s.schedule.interval_minutes:g} min",
                 "file": str(s.path)} for s in sites.values()]
        out.print_json(data=rows)
        return
    table = Table(title=f"{len(sites)} site(s)")
    for col in ("key", "name", "base url", "discovery", "schedule", "file"):
        table.add_column(col, overflow="fold")  # never drops a wide character at a line end
    for s in sites.values():
        d = s.discovery
        how = ", ".join(filter(None, [
            f"{len(d.feeds)} feed(s)" if d.feeds else "", f"{len(d.sitemaps)} sitemap(s)" if d.sitemaps else "",
            "robots sitemaps" if d.sitemaps_from_robots else "", f"{len(d.listings)} listing(s)" if d.listings else ""]))
        sched = "off" if not (s.enabled and s.schedule.enabled) else (s.schedule.cron or f"every {s.schedule.interval_minutes:g} min")
        table.add_row(*(Text(v) for v in (s.key, s.name, s.base_url, how, sched, str(s.path))))
    out.print(table)


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

    path = enable(key, user_sites_dir(directory))
    out.print(f"wrote [bold]{escape(str(path))}[/bold] — check it first: newsarchive doctor {key}", highlight=False)


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
    """Mount the `sites` group (list, add, enable) and `doctor` on the main app."""
    group = typer.Typer(help="List, add and enable news sites.", invoke_without_command=True, no_args_is_help=False)
    group.callback()(sites_cmd)
    group.command("add")(add_cmd)
    group.command("enable")(enable_cmd)
    app.add_typer(group, name="sites")
    app.command("doctor")(doctor_cmd)
