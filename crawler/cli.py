"""`newsarchive` — the command line: a thin layer over crawler.runner, storage.Archive and the scheduler.

Every command prints a one-line `error: …` instead of a traceback (exit 2 for bad input, 1 for failures);
`newsarchive --verbose …` shows the traceback of unexpected errors.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from crawler.config import Config, load_config
from crawler.sites import ConfigError, SiteConfig, load_sites


class _PluginGroup(typer.core.TyperGroup):
    """The command group: plugin modules (storage, scheduler, onboard, catalog, doctor) are imported only when one of
    their commands, a group they extend (`sites`), or the whole list (`--help`) is asked for — `newsarchive extract`
    must not pay for importing SQLite and APScheduler."""

    def get_command(self, ctx, cmd_name):  # type: ignore[no-untyped-def]
        """A built-in command, else the plugins' command of that name (groups are rebuilt with their plugin commands)."""
        cmd = super().get_command(ctx, cmd_name)
        if cmd is None or isinstance(cmd, typer.core.TyperGroup):
            self._load_plugins()
            cmd = super().get_command(ctx, cmd_name)
        return cmd

    def list_commands(self, ctx):  # type: ignore[no-untyped-def]
        """Every command, plugins included."""
        self._load_plugins()
        return super().list_commands(ctx)

    def _load_plugins(self) -> None:
        if not getattr(self, "_plugins_loaded", False):
            self._plugins_loaded = True
            _register_plugins_once()
            # the click group built now from `app` holds the plugin commands, and groups (`sites`) with theirs
            self.commands.update(typer.main.get_group(app).commands)


def _archive_errors() -> tuple[type[Exception], ...]:
    """ArchiveError when storage was imported (it can only be raised then), so the import stays lazy."""
    errors = sys.modules.get("storage.errors")
    return (errors.ArchiveError,) if errors is not None else ()


app = typer.Typer(
    cls=_PluginGroup,
    help="Crawl news sites into a clean, deduplicated, searchable SQLite archive.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)


class UserError(Exception):
    """A problem with the user's input: printed as one line, exit code 2."""


def fail(message: str, code: int = 2) -> None:
    """Print `error: message` on stderr and exit with `code`."""
    # escape: messages quote user input and config keys ("[site]"), which Rich would read as markup
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Optional[Path] = typer.Option(None, "--db", help="Archive file (default: $NEWSARCHIVE_DB, else ./newsarchive.db)."),
    sites: Optional[str] = typer.Option(None, "--sites", help="Extra site TOML files/dirs (':'-separated)."),
    config: Optional[Path] = typer.Option(None, "--config", help="newsarchive.toml settings file."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show crawl logs and tracebacks."),
) -> None:
    """Global options (before the command)."""
    cfg = load_config(db=db, config_file=config)
    ctx.obj = {"db": cfg.db_path, "config": cfg, "sites": sites, "verbose": verbose}


def _sites(ctx: typer.Context) -> dict[str, SiteConfig]:
    return load_sites(ctx.obj.get("sites"))


def _archive(ctx: typer.Context, *, must_exist: bool = True, readonly: bool = False):
    """The archive named by --db; `readonly` for commands that only look (works on read-only mounts too)."""
    from storage import Archive

    path: Path = ctx.obj["db"]
    if must_exist and not path.exists():
        raise UserError(f"no archive at {path} (crawl something first, or pass --db PATH)")
    return Archive(path, readonly=readonly)


# ---------------------------------------------------------------------------- sites / crawl


# `sites` is a group: with no subcommand it lists sites; `sites add` / `sites enable` come from crawler.onboard.cli
sites_app = typer.Typer(help="List, add and enable news sites.", invoke_without_command=True, no_args_is_help=False)
app.add_typer(sites_app, name="sites")


@sites_app.callback()
def sites_cmd(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    catalog: bool = typer.Option(False, "--catalog", help="List the bundled Korean outlet catalog instead."),
) -> None:
    """List the configured sites and where their definitions live (`sites --catalog`: the bundled outlets)."""
    if ctx.invoked_subcommand is not None:
        return
    if catalog:
        from crawler.catalog.cli import print_catalog

        print_catalog(as_json)
        return
    sites = _sites(ctx)
    if as_json:
        rows = [{"key": s.key, "name": s.name, "base_url": s.base_url, "enabled": s.enabled,
                 "schedule": s.schedule.cron or f"every {s.schedule.interval_minutes:g} min",
                 "file": str(s.path)} for s in sites.values()]
        out.print_json(data=rows)
        return
    table = Table(title=f"{len(sites)} site(s)")
    for col in ("key", "name", "base url", "discovery", "schedule", "file"):
        table.add_column(col)
    for s in sites.values():
        d = s.discovery
        how = ", ".join(filter(None, [
            f"{len(d.feeds)} feed(s)" if d.feeds else "", f"{len(d.sitemaps)} sitemap(s)" if d.sitemaps else "",
            "robots sitemaps" if d.sitemaps_from_robots else "", f"{len(d.listings)} listing(s)" if d.listings else ""]))
        sched = "off" if not (s.enabled and s.schedule.enabled) else (s.schedule.cron or f"every {s.schedule.interval_minutes:g} min")
        table.add_row(s.key, s.name, s.base_url, how, sched, str(s.path))
    out.print(table)


@app.command("crawl")
def crawl_cmd(
    ctx: typer.Context,
    site_keys: list[str] = typer.Argument(None, metavar="SITE...", help="Site keys (see `newsarchive sites`)."),
    all_sites: bool = typer.Option(False, "--all", help="Crawl every enabled site."),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="Serve the site(s) from another origin."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Stop each site after N article pages."),
    since: Optional[str] = typer.Option(None, "--since", help="Backfill: articles published on/after this day (YYYY-MM-DD); resumable."),
    until: Optional[str] = typer.Option(None, "--until", help="Backfill: and on/before this day (with --since)."),
    setting: list[str] = typer.Option([], "--set", "-s", help="Scrapy setting NAME=VALUE (repeatable)."),
    trigger: str = typer.Option("manual", "--trigger", help="Label recorded in the runs table."),
    run_id: Optional[int] = typer.Option(None, "--run-id", help="Finish this existing crawl_runs row (scheduler)."),
    no_progress: bool = typer.Option(False, "--no-progress", help="No live progress display."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Crawl sites into the archive, with live progress and a summary table at the end."""
    from crawler.runner import run_crawls
    from crawler.site_lock import SiteBusy
    from storage.errors import ArchiveError

    sites = _sites(ctx)
    keys = [k for k, s in sites.items() if s.enabled] if all_sites else list(site_keys or [])
    if not keys:
        raise UserError("name at least one site, or use --all (see `newsarchive sites`)")
    unknown = [k for k in keys if k not in sites]
    if unknown:
        raise UserError(f"unknown site {unknown[0]!r} (known: {', '.join(sites) or 'none'})")
    if run_id is not None and len(keys) != 1:
        raise UserError("--run-id takes exactly one site")
    if until and not since:
        raise UserError("--until needs --since (a backfill window)")
    if since:
        from crawler.backfill import Window

        try:
            window = Window.parse(since, until)
        except ValueError as exc:
            raise UserError(str(exc)) from None
        since, until = window.key[0], window.key[1] or None
        if trigger == "manual":
            trigger = "backfill"
    overrides = {}
    for pair in setting:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UserError(f"--set takes NAME=VALUE, got {pair!r}")
        overrides[name.strip()] = value
    verbose = ctx.obj["verbose"]
    try:
        summaries = run_crawls(
            keys, db=ctx.obj["db"], sites=ctx.obj.get("sites"), base_url=base_url, trigger=trigger, run_id=run_id,
            overrides=overrides, progress=not no_progress and not as_json and err.is_terminal,
            log_level="INFO" if verbose else "WARNING", limit=limit, since=since, until=until, watches=ctx.obj["config"].watches,
        )
    except (SiteBusy, ArchiveError) as exc:  # checked before the crawl starts: nothing was fetched
        fail(str(exc), code=1)
    if as_json:
        out.print_json(data=[s.__dict__ for s in summaries])
    else:
        print_summary(summaries)
    if any(s.status != "ok" for s in summaries):
        raise typer.Exit(1)


def print_summary(summaries) -> None:
    """The end-of-crawl table: fetched, new, duplicate, dropped, failed per site (fits 80 columns)."""
    cols = [("fetched", "fetched"), ("new", "new"), ("updated", "upd"), ("unchanged", "same"),
            ("duplicate", "dup"), ("dropped", "drop"), ("failed", "fail"), ("skipped_seen", "seen")]
    table = Table(title="crawl summary",
                  caption="upd = updated (old text kept), same = unchanged, dup = duplicate (kept as alias), "
                          "seen = already archived, not fetched")
    table.add_column("site")
    table.add_column("status")
    for _, header in cols:
        table.add_column(header, justify="right")
    for s in summaries:
        colour = "green" if s.status == "ok" else "red"
        table.add_row(s.site, f"[{colour}]{s.status}[/{colour}]", *(str(s.counts.get(c, 0)) for c, _ in cols))
    out.print(table)


# ---------------------------------------------------------------------------- archive inspection


@app.command("show")
def show_cmd(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="ID|URL", help="Article id or any URL it was seen under."),
    history: bool = typer.Option(False, "--history", help="Show earlier versions as diffs."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show one archived article."""
    with _archive(ctx, readonly=True) as archive:
        key: int | str = int(ref) if ref.isdigit() else ref
        row = archive.get_article(key)
        if row is None:
            raise UserError(f"no article {ref!r} in {ctx.obj['db']}")
        row = {k: v for k, v in row.items() if not k.startswith("search_")}
        versions = archive.versions(row["id"]) if history else []
    if as_json:
        if history:
            row["versions"] = versions
        out.print_json(data=row)
        return
    out.print(f"[bold]{row['title']}[/bold]")
    if row.get("subtitle"):
        out.print(f"[italic]{row['subtitle']}[/italic]")
    meta = [f"#{row['id']}", row.get("site") or "", row.get("section") or "", row.get("published") or "",
            ", ".join(row.get("authors") or [])]
    out.print(" · ".join(m for m in meta if m), style="dim")
    out.print(row["url"], style="dim")
    out.print()
    out.print(row["body"], highlight=False)
    if history:
        _print_history(row, versions)


def _print_history(row: dict, versions: list[dict]) -> None:
    import difflib

    if not versions:
        out.print("\n[dim]no earlier versions[/dim]")
        return
    newer = row
    for old in sorted(versions, key=lambda v: v["version"], reverse=True):
        out.print(f"\n[bold]version {old['version']} → {newer.get('version', '')}[/bold] (saved {old.get('saved_at')})")
        diff = difflib.unified_diff(
            (f"{old.get('title','')}\n\n{old.get('body','')}").splitlines(),
            (f"{newer.get('title','')}\n\n{newer.get('body','')}").splitlines(),
            lineterm="", n=1,
        )
        for line in list(diff)[2:]:
            style = "green" if line.startswith("+") else "red" if line.startswith("-") else "dim"
            out.print(line, style=style, highlight=False)
        newer = old


@app.command("stats")
def stats_cmd(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Archive totals: articles per site, raw pages, runs, size on disk."""
    with _archive(ctx, readonly=True) as archive:
        stats = archive.stats()
    if as_json:
        out.print_json(data=stats)
        return
    table = Table(title=str(ctx.obj["db"]), show_header=False)
    for key, value in stats.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items()) or "-"
        table.add_row(str(key), str(value))
    out.print(table)


# ---------------------------------------------------------------------------- extraction


@app.command("extract")
def extract_cmd(
    ctx: typer.Context,
    path: str = typer.Argument(..., help="HTML file, or - for stdin."),
    url: Optional[str] = typer.Option(None, "--url", help="The page's URL (resolves relative links)."),
    site: Optional[str] = typer.Option(None, "--site", help="Apply this site's extraction rules."),
    fmt: str = typer.Option("json", "--format", help="json or text."),
) -> None:
    """Extract one article from an HTML file and print it as one JSON object (or text)."""
    from crawler.extract.cli import run_extract

    raise typer.Exit(run_extract(path, url, site, fmt, sites_path=ctx.obj.get("sites")))


@app.command("reextract")
def reextract_cmd(
    ctx: typer.Context,
    site: Optional[str] = typer.Option(None, "--site", help="Only this site."),
    since: Optional[str] = typer.Option(None, "--since", help="Only pages fetched on/after this date (YYYY-MM-DD)."),
) -> None:
    """Re-run extraction over archived raw pages and update the articles (changes become new versions)."""
    from crawler.reextract import reextract

    with _archive(ctx) as archive:
        report = reextract(archive, sites=_sites(ctx), site=site, since=since, progress=err.is_terminal)
    out.print(f"re-extracted {report.pages} page(s): {report.updated} updated, {report.unchanged} unchanged, "
              f"{report.recovered} recovered, {report.failed} failed")


# ---------------------------------------------------------------------------- demo


@app.command("demo-site")
def demo_site_cmd(
    port: int = typer.Option(8765, "--port", min=0, max=65535, help="Port on 127.0.0.1 (0 = any free port)."),
) -> None:
    """Serve the bundled Korean demo news site on 127.0.0.1 until Ctrl-C."""
    from crawler.demo.server import serve

    def announce(base_url: str) -> None:
        out.print(f"demo news site on [bold]{base_url}[/bold] — crawl it with:\n"
                  f"  newsarchive crawl demo --base-url {base_url}\n  scrapy crawl demo -a base_url={base_url}\n"
                  "Ctrl-C to stop.")

    try:
        serve(port, announce=announce)
    except OSError as exc:
        raise UserError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from None


@app.command("demo")
def demo_cmd(ctx: typer.Context, query: str = typer.Option("구광모", "--query", help="Sample search to run.")) -> None:
    """Serve the demo site on a free port, crawl it into the archive, and run a sample search."""
    from crawler.demo.server import DemoSite
    from crawler.runner import run_crawls

    db = ctx.obj["db"]
    # the usual port keeps URLs stable, so running the demo again shows an incremental crawl (nothing refetched)
    try:
        site = DemoSite(port=8765).start()
    except OSError:
        site = DemoSite(port=0).start()
    with site:
        out.print(f"[bold]1/3[/bold] demo news site serving on {site.base_url}")
        out.print(f"[bold]2/3[/bold] crawling it into {db} …")
        # the summary reports failures; Scrapy's own retry errors would only alarm a first-time user
        summaries = run_crawls(["demo"], db=db, base_url=site.base_url, progress=err.is_terminal,
                               log_level="INFO" if ctx.obj["verbose"] else "CRITICAL")
    print_summary(summaries)
    out.print(f"[bold]3/3[/bold] searching the archive for {query!r}:")
    with _archive(ctx) as archive:
        results = archive.search(query, limit=5)
        table = Table(title=f"{results.total:,}{'' if results.total_exact else '+'} hit(s)")
        for col in ("id", "date", "title", "snippet"):
            table.add_column(col)
        for hit in results.results:
            table.add_row(str(hit.id), (hit.published or "")[:10], hit.title, hit.snippet.replace("\n", " "))
        out.print(table)
    failed = sum(s.counts.get("failed", 0) for s in summaries)
    if failed:
        out.print(f"[dim]({failed} failed page(s) are the demo site's deliberate 404 / 500 / truncated cases)[/dim]")
    prog = _prog()
    out.print(escape(
        "\nNext, try:\n"
        f"  {prog} --db {db} search '반도체 OR 금리' --sort newest\n"
        f"  {prog} --db {db} show {results.results[0].id if results.results else 1}\n"
        f"  {prog} --db {db} stats\n"
        f"  {prog} demo-site   # then, in another terminal: {prog} --db {db} crawl demo\n"
        f"  {os.path.join(os.path.dirname(prog), 'datasette')} {db}   # needs the extra: pip install -e '.[datasette]'"
    ), highlight=False, soft_wrap=True)
    if any(s.status != "ok" for s in summaries):
        raise typer.Exit(1)


def _prog() -> str:
    """How the user invoked us, for copy-pasteable hints (`.venv/bin/newsarchive` after `make demo`)."""
    argv0 = sys.argv[0]
    if os.path.basename(argv0) == "newsarchive" and shutil.which("newsarchive") != os.path.abspath(argv0):
        return os.path.relpath(argv0)
    return "newsarchive"


_plugins_registered = False


def _register_plugins_once() -> None:
    """Register the plugin commands on `app` the first time any group needs them (app may be invoked many times)."""
    global _plugins_registered
    if not _plugins_registered:
        _plugins_registered = True
        _register_plugins(app)


def _register_plugins(app: typer.Typer) -> None:
    """Mount search/export/import/reindex (storage), schedule/runs (scheduler), sites add/enable, doctor and import-warc
    on `app`."""
    import importlib

    for module in ("storage.cli", "crawler.scheduler.cli", "crawler.onboard.cli", "crawler.catalog.cli", "crawler.doctor.cli",
                   "crawler.warc_cli", "storage.watch_cli"):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name and module.startswith(exc.name):
                continue
            raise
        mod.register(app)


def main() -> None:
    """Console-script entry point: run the app, turning known errors into one-line messages."""
    verbose = "--verbose" in sys.argv or "-v" in sys.argv[1:2]
    try:
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (UserError, ConfigError, *_archive_errors()) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except typer.Abort:
        sys.exit(130)
    except Exception as exc:  # usage errors (typer's bundled click) and anything unexpected
        if hasattr(exc, "show") and isinstance(getattr(exc, "exit_code", None), int):
            exc.show()  # click's usage message: already one short block
            sys.exit(2 if exc.exit_code == 1 else exc.exit_code)
        if verbose:
            raise
        err.print(f"[red]error:[/red] {type(exc).__name__}: {escape(str(exc))} (run with --verbose for details)",
                  highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
