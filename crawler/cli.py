"""`newsarchive` — the command line: a thin layer over crawler.runner, storage.Archive and the scheduler.

Every command prints a one-line `error: …` instead of a traceback (exit 2 for bad input, 1 for failures);
`newsarchive --verbose …` shows the traceback of unexpected errors.
"""

from __future__ import annotations

import contextlib
from enum import Enum
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from crawler import __version__
from crawler import cli_help  # noqa: F401 - flags shown as flags in --help (see the module)
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
    """Print `error: message` on stderr and exit with `code` (the message is data: never read as markup)."""
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _print_version(value: bool) -> None:
    if value:
        out.print(f"newsarchive {__version__}", highlight=False)
        raise typer.Exit(0)


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Optional[Path] = typer.Option(None, "--db", help="Archive file (default: $NEWSARCHIVE_DB, else ./newsarchive.db)."),
    sites: Optional[str] = typer.Option(None, "--sites", help="Extra site TOML files/dirs (':'-separated)."),
    config: Optional[Path] = typer.Option(None, "--config", help="newsarchive.toml settings file."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show crawl logs and tracebacks."),
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Global options (before the command)."""
    cfg = load_config(db=db, config_file=config)
    if cfg.db_path.is_dir():  # (storage is imported only for commands that open the archive)
        from storage.cli import check_archive_path

        check_archive_path(cfg.db_path)
    if sites:
        from crawler.sites import site_dirs

        site_dirs(sites)  # a missing folder is an error now, not a crawl without the user's sites
    ctx.obj = {"db": cfg.db_path, "config": cfg, "sites": sites, "verbose": verbose}


def _sites(ctx: typer.Context) -> dict[str, SiteConfig]:
    return load_sites(ctx.obj.get("sites"))


class NoArchive(UserError):
    """The archive file does not exist (same message and exit code in every command)."""


def _archive(ctx: typer.Context, *, must_exist: bool = True, readonly: bool = False):
    """The archive named by --db; `readonly` for commands that only look (works on read-only mounts too)."""
    from storage import Archive

    path: Path = ctx.obj["db"]
    if must_exist and not path.exists():
        from storage.cli import no_archive_message

        raise NoArchive(no_archive_message(path))
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
        table.add_column(col, overflow="fold")  # never drops a wide character at a line end
    for s in sites.values():
        d = s.discovery
        how = ", ".join(filter(None, [
            f"{len(d.feeds)} feed(s)" if d.feeds else "", f"{len(d.sitemaps)} sitemap(s)" if d.sitemaps else "",
            "robots sitemaps" if d.sitemaps_from_robots else "", f"{len(d.listings)} listing(s)" if d.listings else ""]))
        sched = "off" if not (s.enabled and s.schedule.enabled) else (s.schedule.cron or f"every {s.schedule.interval_minutes:g} min")
        table.add_row(*(Text(v) for v in (s.key, s.name, s.base_url, how, sched, str(s.path))))
    out.print(table)


@app.command("crawl")
def crawl_cmd(
    ctx: typer.Context,
    site_keys: list[str] = typer.Argument(None, metavar="SITE...", help="Site keys (see `newsarchive sites`)."),
    all_sites: bool = typer.Option(False, "--all", help="Crawl every enabled site."),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="Serve the site(s) from another origin."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Stop each site after N new article pages."),
    since: Optional[str] = typer.Option(None, "--since", help="Backfill: articles published on/after this day (YYYY-MM-DD); resumable."),
    until: Optional[str] = typer.Option(None, "--until", help="Backfill: and on/before this day (with --since)."),
    setting: list[str] = typer.Option([], "--set", "-s", help="Scrapy setting NAME=VALUE (repeatable)."),
    trigger: str = typer.Option("manual", "--trigger", help="Label recorded in the runs table."),
    run_id: Optional[str] = typer.Option(
        None, "--run-id", metavar="ID[,ID...]",
        help="Finish these existing crawl_runs rows, one per site in order (scheduler)."),
    no_progress: bool = typer.Option(False, "--no-progress", help="No live progress display."),
    log_file: Optional[str] = typer.Option(
        None, "--log-file", metavar="FILE|-",
        help="Where crawl logs go (default: ARCHIVE.crawl.log next to the archive, rewritten each crawl; "
             "- = stderr, warnings and errors only). -v: stderr, with info lines."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Crawl sites into the archive, with live progress and a summary table at the end."""
    from crawler.runner import SettingError, run_crawls
    from crawler.site_lock import SiteBusy
    from storage.errors import ArchiveError

    sites = _sites(ctx)
    keys = [k for k, s in sites.items() if s.enabled] if all_sites else list(site_keys or [])
    if not keys:
        raise UserError("name at least one site, or use --all (see `newsarchive sites`)")
    unknown = [k for k in keys if k not in sites]
    if unknown:
        raise UserError(f"unknown site {unknown[0]!r} (known: {', '.join(sites) or 'none'})")
    run_ids = _run_ids(run_id, keys)
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
    log_path, log_level = _crawl_log(ctx, log_file)
    try:
        summaries = run_crawls(
            keys, db=ctx.obj["db"], sites=ctx.obj.get("sites"), base_url=base_url, trigger=trigger, run_ids=run_ids,
            overrides=overrides, progress=not no_progress and not as_json and err.is_terminal,
            log_level=log_level, log_file=log_path, limit=limit, since=since, until=until,
            watches=ctx.obj["config"].watches,
        )
    except SettingError as exc:
        raise UserError(str(exc)) from None
    except (SiteBusy, ArchiveError) as exc:  # checked before the crawl starts: nothing was fetched
        fail(str(exc), code=1)
    if as_json:
        out.print_json(data=[s.__dict__ for s in summaries])
    else:
        print_summary(summaries, log_path)
    _report_failures(summaries, log_path)
    if any(s.status != "ok" for s in summaries):
        raise typer.Exit(1)


def _run_ids(value: str | None, keys: list[str]) -> dict[str, int] | None:
    """`--run-id 11,12,13` for `crawl a b c`: site -> run row; a one-line UserError when they do not pair up."""
    if value is None:
        return None
    parts = [p.strip() for p in value.split(",")]
    if not all(p.isdigit() for p in parts):
        raise UserError(f"--run-id takes run ids separated by commas, got {value!r}")
    if len(parts) != len(keys) or len(set(keys)) != len(keys):
        raise UserError(f"--run-id gives {len(parts)} run id(s) for {len(keys)} site(s): give one per site, in order")
    return dict(zip(keys, map(int, parts)))


def _crawl_log(ctx: typer.Context, log_file: str | None) -> tuple[Path | None, str]:
    """Where a crawl's logs go and from which level: a file (INFO) by default, stderr with -v or `--log-file -`."""
    if ctx.obj["verbose"]:
        return None, "INFO"
    if log_file == "-":
        return None, "WARNING"
    cfg: Config = ctx.obj["config"]
    return (Path(log_file) if log_file else cfg.crawl_log_path), "INFO"


def _report_failures(summaries, log_path: Path | None) -> None:
    """One `error:` line per failed site on stderr (the details are in the log)."""
    where = f" (log: {log_path})" if log_path else ""
    for s in summaries:
        if s.status != "ok":
            err.print(f"[red]error:[/red] crawl of {escape(s.site)} {escape(s.status)}: "
                      f"{escape(s.error or s.reason)}{escape(where)}", highlight=False, soft_wrap=True)


def print_summary(summaries, log_path: Path | None = None) -> None:
    """The end-of-crawl table: the counts every view shows (crawler.stats.SUMMARY_COLUMNS), fits 80 columns."""
    from crawler.stats import SUMMARY_COLUMNS, SUMMARY_LEGEND, summary_notes

    table = Table(title="crawl summary", caption=SUMMARY_LEGEND)
    table.add_column("site")
    table.add_column("status")
    for _, header in SUMMARY_COLUMNS:
        table.add_column(header, justify="right")
    for s in summaries:
        colour = "green" if s.status == "ok" else "red"
        table.add_row(escape(s.site), f"[{colour}]{escape(s.status)}[/{colour}]",
                      *(str(s.counts.get(c, 0)) for c, _ in SUMMARY_COLUMNS))
    out.print(table)
    for s in summaries:
        notes = summary_notes(s.counts)
        if notes:
            out.print(Text(f"{s.site}: {notes}"), soft_wrap=True)
    if log_path:
        out.print(Text(f"crawl log: {log_path}", style="dim"), soft_wrap=True)


# ---------------------------------------------------------------------------- archive inspection


@app.command("show")
def show_cmd(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="ID|URL", help="Article id or any URL it was seen under."),
    history: bool = typer.Option(False, "--history", help="Show earlier versions as diffs."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show one archived article (plain text when piped: no wrapping, no colour)."""
    with _archive(ctx, readonly=True) as archive:
        row = _find_article(archive, ref, ctx)
        if row is None:
            raise UserError(f"no article {ref!r} in {ctx.obj['db']}")
        row = {k: v for k, v in row.items() if not k.startswith("search_")}
        versions = archive.versions(row["id"]) if history else []
    if as_json:
        if history:
            row["versions"] = versions
        out.print_json(data=row)
        return
    meta = [f"#{row['id']}", row.get("site") or "", row.get("section") or "", row.get("published") or "",
            ", ".join(row.get("authors") or [])]
    if not out.is_terminal:
        # a pipe or file gets the text as stored: lines are not wrapped to a width nor padded with spaces
        lines = [row["title"] or "", row.get("subtitle") or None, " · ".join(m for m in meta if m), row["url"], "",
                 row["body"] or ""]
        sys.stdout.write("\n".join(line.rstrip() for line in lines if line is not None) + "\n")
        if history:
            _print_history(row, versions)
        return
    out.print(Text(row["title"] or "", style="bold"))
    if row.get("subtitle"):
        out.print(Text(row["subtitle"], style="italic"))
    out.print(Text(" · ".join(m for m in meta if m), style="dim"))
    out.print(Text(row["url"], style="dim"))
    out.print()
    out.print(Text(row["body"] or ""))
    if history:
        _print_history(row, versions)


def _find_article(archive, ref: str, ctx: typer.Context) -> dict | None:
    """An article by id, by any URL it was seen under, or by a variant of one (tracking parameters, m. host…)
    canonicalised the way the crawler does (crawler/urls.py, with the matching site's `article_id_params`)."""
    from crawler.urls import canonical_url, same_site

    if ref.isdigit():
        return archive.get_article(int(ref))
    row = archive.get_article(ref)
    if row is not None or "://" not in ref:
        return row
    candidates = [canonical_url(ref)]
    try:
        sites = _sites(ctx)
    except ConfigError:
        sites = {}
    host = (urlsplit(ref).hostname or "").lower()
    # the site the URL belongs to; a site crawled from another origin (--base-url) matches none: try each
    owners = [s for s in sites.values() if same_site(ref, s.allowed_domains)] or list(sites.values())
    for site in owners:
        for site_host in (urlsplit(site.base_url).hostname, host):
            candidates.append(canonical_url(ref, site_host=site_host, id_params=site.dedupe.article_id_params))
    for url in dict.fromkeys(candidates):
        row = archive.get_article(url)
        if row is not None:
            return row
    return None


def _print_history(row: dict, versions: list[dict]) -> None:
    import difflib

    if not versions:
        out.print("\n[dim]no earlier versions[/dim]")
        return
    newer = row
    for old in sorted(versions, key=lambda v: v["version"], reverse=True):
        heading = f"version {old['version']} → {newer.get('version', '')} (saved {old.get('saved_at')})"
        if out.is_terminal:
            out.print(Text("\n" + heading, style="bold"))
        else:
            sys.stdout.write(f"\n{heading}\n")
        diff = difflib.unified_diff(
            (f"{old.get('title','')}\n\n{old.get('body','')}").splitlines(),
            (f"{newer.get('title','')}\n\n{newer.get('body','')}").splitlines(),
            lineterm="", n=1,
        )
        for line in list(diff)[2:]:
            if not out.is_terminal:
                sys.stdout.write(line.rstrip() + "\n")
                continue
            style = "green" if line.startswith("+") else "red" if line.startswith("-") else "dim"
            out.print(Text(line, style=style))
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
        table.add_row(str(key), Text(str(value)))
    out.print(table)


# ---------------------------------------------------------------------------- extraction


class ExtractFormat(str, Enum):
    """`extract --format` choices (an Enum, so --help lists them)."""

    json = "json"
    text = "text"


@app.command("extract")
def extract_cmd(
    ctx: typer.Context,
    path: str = typer.Argument(..., help="HTML file, or - for stdin."),
    url: Optional[str] = typer.Option(None, "--url", help="The page's URL (resolves relative links)."),
    site: Optional[str] = typer.Option(None, "--site", help="Apply this site's extraction rules."),
    fmt: ExtractFormat = typer.Option(ExtractFormat.json, "--format", help="Output: one JSON object, or text."),
) -> None:
    """Extract one article from an HTML file and print it as one JSON object (or text)."""
    from crawler.extract.cli import run_extract

    raise typer.Exit(run_extract(path, url, site, fmt.value, sites_path=ctx.obj.get("sites")))


@app.command("reextract")
def reextract_cmd(
    ctx: typer.Context,
    site: Optional[str] = typer.Option(None, "--site", help="Only this site."),
    since: Optional[str] = typer.Option(None, "--since", help="Only pages fetched on/after this date (YYYY-MM-DD)."),
) -> None:
    """Re-run extraction over archived raw pages and update the articles (changes become new versions)."""
    from crawler.reextract import reextract

    if since is not None:
        _check_date("--since", since)
    sites = _sites(ctx)
    with _archive(ctx) as archive:
        from storage.cli import archive_site_keys

        if site is not None and site not in sites and site not in archive_site_keys(archive):
            raise UserError(f"unknown site {site!r} (known: {', '.join(sites) or 'none'})")
        report = reextract(archive, sites=sites, site=site, since=since, progress=err.is_terminal)
    out.print(f"re-extracted {report.pages} page(s): {report.updated} updated, {report.unchanged} unchanged, "
              f"{report.recovered} recovered, {report.failed} failed")


def _check_date(option: str, value: str) -> None:
    """Refuse a date option that is not an ISO date or datetime (it would silently match nothing)."""
    from datetime import datetime

    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UserError(f"{option} takes a date like 2024-05-01 or 2024-05-01T09:00:00+09:00, got {value!r}") from None


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
    """Serve the demo site (port 8765), crawl it into the archive, and run a sample search."""
    from crawler.runner import run_crawls

    db = ctx.obj["db"]
    log_path, log_level = _crawl_log(ctx, None)
    site, base_url, note = _demo_origin(db)
    with site or contextlib.nullcontext():  # a demo site another process serves is not ours to stop
        out.print(f"[bold]1/3[/bold] demo news site {note} on {base_url}")
        out.print(f"[bold]2/3[/bold] crawling it into {escape(str(db))} …")
        summaries = run_crawls(["demo"], db=db, base_url=base_url, progress=err.is_terminal,
                               log_level=log_level, log_file=log_path)
    print_summary(summaries, log_path)
    _report_failures(summaries, log_path)
    out.print(f"[bold]3/3[/bold] searching the archive for {query!r}:")
    with _archive(ctx) as archive:
        results = archive.search(query, limit=5)
        count = f"~{results.total:,}" if results.total_estimated else f"{results.total:,}{'' if results.total_exact else '+'}"
        table = Table(title=f"{count} hit(s)")
        for col in ("id", "date"):
            table.add_column(col, no_wrap=True)
        for col in ("title", "snippet"):
            table.add_column(col, overflow="fold")  # never drops a Korean syllable at a line end
        for hit in results.results:
            table.add_row(str(hit.id), (hit.published or "")[:10], Text(hit.title or ""),
                          Text(hit.snippet.replace("\n", " ")))
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


DEMO_PORT = 8765


def _demo_origin(db: Path):
    """Where the demo crawls from: (site we started or None, base URL, how it is served).

    Article URLs include host and port, so the demo keeps one origin per archive: port 8765; when that is
    taken, the demo site already serving there (`newsarchive demo-site`), else the port remembered in
    ARCHIVE.demo-port from an earlier run. Only a first run with 8765 taken picks (and remembers) a new port.
    """
    from crawler.demo.server import DemoSite

    remembered = Path(db).with_suffix(".demo-port")
    for port in (DEMO_PORT, *_remembered_port(remembered)):
        try:
            return DemoSite(port=port).start(), f"http://127.0.0.1:{port}", "serving"
        except OSError:
            if _serves_demo(port):
                return None, f"http://127.0.0.1:{port}", "(already served by another process)"
    site = DemoSite(port=0).start()
    remembered.write_text(f"{site.port}\n")
    return site, site.base_url, f"serving (port {DEMO_PORT} is taken; this archive now uses {site.port})"


def _remembered_port(path: Path) -> list[int]:
    try:
        text = path.read_text().strip()
    except OSError:
        return []
    return [int(text)] if text.isdigit() else []


def _serves_demo(port: int) -> bool:
    """True when 127.0.0.1:port answers as the demo site (its Server header)."""
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=3) as resp:
            return resp.headers.get("Server", "").startswith("DemoNewsCMS")
    except OSError:
        return False


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
    """Mount search/latest/export/import/reindex (storage), schedule/runs (scheduler), sites add/enable, doctor,
    import-warc and fetch on `app`."""
    import importlib

    for module in ("storage.cli", "crawler.scheduler.cli", "crawler.onboard.cli", "crawler.catalog.cli", "crawler.doctor.cli",
                   "crawler.warc_cli", "storage.watch_cli", "crawler.fetch_cli", "crawler.fleet.cli"):
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
        # a missing archive (NoArchive) is a UserError too: exit 2 here as in storage.cli (NO_ARCHIVE_EXIT)
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
        err.print(f"[red]error:[/red] {escape(type(exc).__name__)}: {escape(str(exc))} (run with --verbose for details)",
                  highlight=False, soft_wrap=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
