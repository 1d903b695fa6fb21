"""`newsarchive crawl`, `fetch`, `extract`, `reextract`, `demo` and `demo-site`: getting articles in.

Thin layer over crawler.runner (crawls), crawler.fetch (one URL), crawler.extract.cli (one file) and
crawler.reextract; mounted on the main app by `register`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from crawler.cli.app import UserError, err, fail, out, site_configs
from crawler.config import Config
from crawler.sites import ConfigError


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

    sites = site_configs(ctx)
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


class ExtractFormat(str, Enum):
    """`extract --format` choices (an Enum, so --help lists them)."""

    json = "json"
    text = "text"


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


def reextract_cmd(
    ctx: typer.Context,
    site: Optional[str] = typer.Option(None, "--site", help="Only this site."),
    since: Optional[str] = typer.Option(None, "--since", help="Only pages fetched on/after this date (YYYY-MM-DD)."),
) -> None:
    """Re-run extraction over archived raw pages and update the articles (changes become new versions)."""
    from crawler.reextract import reextract

    if since is not None:
        _check_date("--since", since)
    sites = site_configs(ctx)
    from crawler.cli.archive import archive_site_keys, open_archive

    with open_archive(ctx, readonly=False) as archive:
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


def demo_cmd(ctx: typer.Context, query: str = typer.Option("구광모", "--query", help="Sample search to run.")) -> None:
    """Serve the demo site (port 8765), crawl it into the archive, and run a sample search."""
    from crawler.cli.archive import open_archive
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
    with open_archive(ctx, readonly=False) as archive:
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
    from crawler.site_lock import SiteBusy
    from storage.errors import ArchiveError

    obj = ctx.obj if isinstance(ctx.obj, dict) else {}
    cfg = obj["config"]
    verbose = obj.get("verbose", False)
    log_file: Path | None = None if verbose else cfg.crawl_log_path
    try:
        result = fetch_article(url, db=cfg.db_path, site_key=site, sites_path=obj.get("sites"),
                               log_file=log_file, log_level="INFO")
    except ConfigError as exc:
        fail(str(exc), code=2)
    except (SiteBusy, ArchiveError) as exc:
        fail(str(exc), code=1)
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
    """Mount crawl, fetch, extract, reextract, demo and demo-site on the main app."""
    app.command("crawl")(crawl_cmd)
    app.command("fetch")(fetch_cmd)
    app.command("extract")(extract_cmd)
    app.command("reextract")(reextract_cmd)
    app.command("demo")(demo_cmd)
    app.command("demo-site")(demo_site_cmd)
