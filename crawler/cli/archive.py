"""`search`, `latest`, `show`, `stats`, `export` (jsonl, csv, warc), `import`, `import-warc` and `reindex`: the archive.

A thin layer over `storage.Archive`, mounted on a typer app by `register`; usable on its own::

    from crawler.cli.archive import register
    app = typer.Typer()
    @app.callback()
    def main(ctx: typer.Context, db: Path = typer.Option(None, "--db")):
        ctx.obj = {"db": default_db_path(db)}
    register(app)

Each command reads the archive path from `ctx.obj["db"]`. Errors are one line on stderr
(`error: …`) with exit code 2 for bad input and 1 for anything else — never a traceback.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Iterator, Optional
from urllib.parse import urlsplit

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from crawler.cli.app import UserError, out, site_configs
from crawler.sites import ConfigError
from storage.archive import REINDEX_BATCH, Archive, ArchiveError
from storage.search import periods_between
from storage.display import short_url
from storage.paths import check_archive_path, no_archive_message


class SortOrder(str, Enum):
    relevance = "relevance"
    newest = "newest"
    oldest = "oldest"


class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    warc = "warc"


PROBLEMS_SHOWN = 50  # import-warc: unreadable records listed one per line, then a count

# Every command that needs an existing archive says so the same way, with the same exit code (bad input).
NO_ARCHIVE_EXIT = 2


def archive_site_keys(archive: Archive) -> list[str]:
    """The site keys this archive holds articles or crawl runs of."""
    rows = archive.db.execute(
        "SELECT key FROM sources UNION SELECT DISTINCT site FROM articles WHERE site IS NOT NULL ORDER BY 1")
    return [r[0] for r in rows]


def _check_sites(archive: Archive, sites: list[str] | None) -> None:
    """A `--site` the archive has never seen is a typo, not a filter that quietly matches nothing."""
    known = archive_site_keys(archive)
    for key in sites or []:
        if key not in known:
            raise exit_error(f"unknown site {key!r} (sites in this archive: {', '.join(known) or 'none'})", 2)


def _empty_hint(query: str, morphemes: bool = False) -> str:
    """Why a query found nothing when the reason is the index, not the archive (one-syllable Korean words
    in a bigram-only index; with morphemes they match as words wherever the analyzer finds them)."""
    import re

    if morphemes:
        return ""
    words = [w.strip('"*-') for w in query.split()]
    if any(re.fullmatch(r"[\uac00-\ud7a3]", w) for w in words):
        return ("; a one-syllable Korean word matches only as a whole word, not inside longer words "
                "(the index is built from 2-syllable pieces): try a longer word")
    return ""


def exit_error(message: str, code: int) -> typer.Exit:
    """Print `error: message` on stderr; the typer.Exit(code) to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def archive_path(ctx: typer.Context) -> Path:
    """The archive file the command works on: --db, else the configured default."""
    obj = ctx.obj if isinstance(ctx.obj, dict) else {}
    path = obj.get("db")
    if path is None:
        from storage.paths import default_db_path

        path = default_db_path()
    return Path(path)


@contextmanager
def open_archive(ctx: typer.Context, *, readonly: bool, create: bool = False) -> Iterator[Archive]:
    """Open the archive, turning every expected failure into a one-line error and an exit code.

    Only `create=True` (commands that bring articles in) may make a new archive file; the others refuse a
    missing one, so a mistyped `--db` is an error rather than a fresh, empty archive.
    """
    path = archive_path(ctx)
    if not create and not path.exists():
        raise exit_error(no_archive_message(path), NO_ARCHIVE_EXIT)
    try:
        check_archive_path(path)
    except ArchiveError as e:
        raise exit_error(str(e), 2) from None
    try:
        archive = Archive(path, readonly=readonly)
    except (ArchiveError, sqlite3.Error, OSError) as e:
        raise exit_error(str(e).splitlines()[0], 1) from None
    try:
        yield archive
    except typer.Exit:
        raise
    except ArchiveError as e:  # disk full or read-only half-way through a write: one line, nothing half-written
        raise exit_error(str(e), 1) from None
    except ValueError as e:  # QuerySyntaxError, bad dates, bad options
        raise exit_error(str(e).splitlines()[0], 2) from None
    except (sqlite3.Error, OSError) as e:
        raise exit_error(f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}", 1) from None
    finally:
        archive.close()


def _print_trend(query: str, by: str, rows: list[tuple[str, str, int]], *, as_json: bool, as_csv: bool) -> None:
    """Matches per period as a bar chart (and per site, when several sites match), or JSON / CSV rows."""
    if as_json:
        typer.echo(json.dumps([{"period": p, "site": s, "count": n} for p, s, n in rows], ensure_ascii=False))
        return
    if as_csv:
        w = csv.writer(sys.stdout)
        w.writerow(("period", "site", "count"))
        w.writerows(rows)
        return
    totals: dict[str, int] = {p: 0 for p in periods_between(rows[0][0], rows[-1][0], by)} if rows else {}
    per_site: dict[str, dict[str, int]] = {p: {} for p in totals}
    for period, site, n in rows:
        totals[period] = totals.get(period, 0) + n
        per_site.setdefault(period, {})[site] = n
    sites = sorted({s for _, s, _ in rows})
    console = Console()
    total = sum(totals.values())
    table = Table(title=f"{total:,} article{'s' if total != 1 else ''} for {query!r} by {by}", show_edge=False)
    table.add_column(by, no_wrap=True)
    table.add_column("count", justify="right")
    table.add_column("", no_wrap=True, min_width=10)
    if len(sites) > 1:
        table.add_column("by site")
    peak = max(totals.values(), default=0)
    width = 40
    for period, n in totals.items():
        bar = "█" * max(1, round(n / peak * width)) if n else ""
        cells = [period, f"{n:,}", Text(bar, style="cyan")]
        if len(sites) > 1:
            cells.append(", ".join(f"{s or '?'} {c}" for s, c in sorted(per_site[period].items(), key=lambda x: -x[1])))
        table.add_row(*cells)
    console.print(table)


def show_cmd(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="ID|URL", help="Article id or any URL it was seen under."),
    history: bool = typer.Option(False, "--history", help="Show earlier versions as diffs."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show one archived article (plain text when piped: no wrapping, no colour)."""
    with open_archive(ctx, readonly=True) as archive:
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
        sites = site_configs(ctx)
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


def stats_cmd(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Archive totals: articles per site, raw pages, runs, size on disk."""
    with open_archive(ctx, readonly=True) as archive:
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


def register(app: typer.Typer) -> None:
    """Add the `search`, `latest`, `export`, `import` and `reindex` commands to `app`."""

    # a query may start with "-" (NOT syntax: `search "-광고 삼성"`): an unknown option-looking word is the query
    @app.command("search", context_settings={"ignore_unknown_options": True})
    def search_cmd(
        ctx: typer.Context,
        query: str = typer.Argument(..., help='Words, "phrases", OR, -exclude, prefix*. Korean words match inside longer words.'),
        site: Optional[list[str]] = typer.Option(None, "--site", help="Only this site key (repeatable)."),
        section: Optional[str] = typer.Option(None, "--section", help="Only this section."),
        author: Optional[str] = typer.Option(None, "--author", help="Author name contains this."),
        since: Optional[str] = typer.Option(None, "--since", help="Published on/after (YYYY-MM-DD or ISO datetime, UTC)."),
        until: Optional[str] = typer.Option(None, "--until", help="Published on/before (a date includes the whole day)."),
        sort: SortOrder = typer.Option(SortOrder.relevance, "--sort", help="relevance, newest or oldest."),
        limit: int = typer.Option(20, "--limit", min=0, max=10000, help="Results to show."),
        offset: int = typer.Option(0, "--offset", min=0, help="Skip this many results."),
        collapse_duplicates: bool = typer.Option(False, "--collapse-duplicates", help="Hide duplicates whose original is also found."),
        translate: bool = typer.Option(False, "--translate", help="Also match English ↔ Korean news terms (oil prices ↔ 유가)."),
        as_json: bool = typer.Option(False, "--json", help="One JSON object {total, results}."),
        as_jsonl: bool = typer.Option(False, "--jsonl", help="One JSON object per result."),
        as_csv: bool = typer.Option(False, "--csv", help="CSV with a header row."),
        by: Optional[Period] = typer.Option(None, "--by", help="Count matches per day, week or month (a bar chart) instead of listing them."),
    ) -> None:
        """Search the archive (Korean-aware); shows date, site, title and a highlighted snippet."""
        if sum((as_json, as_jsonl, as_csv)) > 1:
            raise exit_error("choose one of --json, --jsonl, --csv", 2)
        if by is not None:
            with open_archive(ctx, readonly=True) as archive:
                rows = archive.search_counts(query, by.value, site=site or None, section=section, author=author, since=since,
                                             until=until, collapse_duplicates=collapse_duplicates)
            _print_trend(query, by.value, rows, as_json=as_json, as_csv=as_csv or as_jsonl)
            return
        with open_archive(ctx, readonly=True) as archive:
            _check_sites(archive, site)
            if archive.needs_reindex:
                typer.echo("warning: the search index is from an older scheme; run `newsarchive reindex`", err=True)
            if archive.morphemes_missing:
                typer.echo(f"warning: {archive.morphemes_missing}", err=True)
            morphemes = archive.morph is not None
            res = archive.search(
                query, site=site or None, section=section, author=author, since=since, until=until, sort=sort.value,
                limit=limit, offset=offset, collapse_duplicates=collapse_duplicates, translate=translate,
            )  # fmt: skip
        fields = ("id", "url", "title", "site", "published", "snippet", "score")
        if as_json:
            out = {"total": res.total, "total_exact": res.total_exact, "total_estimated": res.total_estimated, "results": [{k: getattr(h, k) for k in fields} | {"highlights": [list(s) for s in h.highlights]} for h in res]}
            typer.echo(json.dumps(out, ensure_ascii=False))
        elif as_jsonl:
            for h in res:
                typer.echo(json.dumps({k: getattr(h, k) for k in fields}, ensure_ascii=False))
        elif as_csv:
            w = csv.writer(sys.stdout)
            w.writerow(fields)
            for h in res:
                w.writerow([getattr(h, k) for k in fields])
        elif not len(res):
            typer.echo(f"no articles for {query!r}{_empty_hint(query, morphemes)}")
        else:
            console = Console()
            shown = f"{offset + 1}–{offset + len(res)} of " if len(res) else ""
            # past the count limit: a lower bound; estimated: some candidates were only parts of other words
            count = f"~{res.total:,}" if res.total_estimated else f"{res.total:,}{'' if res.total_exact else '+'}"
            table = Table(title=Text(f"{shown}{count} article{'s' if res.total != 1 else ''} for {query!r}"),
                          caption="newsarchive show ID for the whole article")
            table.add_column("id", no_wrap=True, justify="right")
            table.add_column("date", no_wrap=True)
            table.add_column("site", no_wrap=True)
            # "fold" breaks a long word across lines; Rich's default "ellipsis" drops the wide character
            # that does not fit at a line end (a Korean syllable became " …")
            table.add_column("title · url", overflow="fold", ratio=1)
            table.add_column("snippet", overflow="fold", ratio=1)
            for h in res:
                snippet = Text(h.snippet)
                for start, end in h.highlights:
                    snippet.stylize("bold yellow", start, end)
                title = Text(h.title or "")
                title.append("\n" + short_url(h.url or "", 36), style="dim")
                table.add_row(str(h.id), (h.published or "")[:10], Text(h.site or ""), title, snippet)
            console.print(table)

    @app.command("latest")
    def latest_cmd(
        ctx: typer.Context,
        site: Optional[list[str]] = typer.Option(None, "--site", help="Only this site key (repeatable)."),
        n: int = typer.Option(20, "-n", "--limit", min=1, max=10000, help="How many articles."),
        as_json: bool = typer.Option(False, "--json", help="One JSON array of {id, url, site, title, section, published}."),
    ) -> None:
        """The newest archived articles (by publication time), with ids for `show`."""
        from storage.browse import latest_articles

        with open_archive(ctx, readonly=True) as archive:
            _check_sites(archive, site)
            rows = latest_articles(archive, sites=site or None, limit=n)
        if as_json:
            typer.echo(json.dumps(rows, ensure_ascii=False))
            return
        if not rows:
            typer.echo("no articles yet")
            return
        table = Table(title=f"{len(rows)} newest article{'s' if len(rows) != 1 else ''}",
                      caption="newsarchive show ID for the whole article")
        table.add_column("id", no_wrap=True, justify="right")
        table.add_column("published", no_wrap=True)
        table.add_column("site", no_wrap=True)
        table.add_column("title · url", overflow="fold")
        for r in rows:
            title = Text(r["title"] or "")
            title.append("\n" + short_url(r["url"] or "", 44), style="dim")
            table.add_row(str(r["id"]), (r["published"] or r["first_seen"] or "")[:16].replace("T", " "),
                          Text(r["site"] or ""), title)
        Console().print(table)

    @app.command("export")
    def export_cmd(
        ctx: typer.Context,
        fmt: ExportFormat = typer.Option(..., "--format", help="jsonl (re-importable), csv, or warc (raw HTTP responses, gzip per record)."),
        output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default: stdout)."),
        query: Optional[str] = typer.Option(None, "--query", help="Only articles matching this search."),
        site: Optional[list[str]] = typer.Option(None, "--site", help="Only this site key (repeatable)."),
        section: Optional[str] = typer.Option(None, "--section", help="Only this section."),
        author: Optional[str] = typer.Option(None, "--author", help="Author name contains this."),
        since: Optional[str] = typer.Option(None, "--since", help="Published on/after (YYYY-MM-DD or ISO datetime, UTC)."),
        until: Optional[str] = typer.Option(None, "--until", help="Published on/before (a date includes the whole day)."),
    ) -> None:
        """Export articles as JSON lines or CSV, or their archived HTTP responses as WARC."""
        with open_archive(ctx, readonly=True) as archive:
            if fmt is ExportFormat.warc:
                filters = dict(query=query, site=site or None, section=section, author=author, since=since, until=until)
                _export_warc(archive, output, filters)
                return
            kwargs = dict(format=fmt.value, query=query, site=site or None, section=section, author=author, since=since, until=until)
            if output is None:
                n = archive.export(sys.stdout, **kwargs)
            else:
                tmp = output.with_name(output.name + ".part")
                try:
                    with open(tmp, "w", encoding="utf-8", newline="") as f:
                        n = archive.export(f, **kwargs)
                    tmp.replace(output)  # no half-written export under the real name
                finally:
                    tmp.unlink(missing_ok=True)
        typer.echo(f"exported {n:,} article{'s' if n != 1 else ''}" + (f" to {output}" if output else ""), err=True)

    def _export_warc(archive: Archive, output: Optional[Path], filters: dict) -> None:
        """`export --format warc`: all raw pages, or (with any filter) those of the matching articles."""
        from storage.exchange import iter_export
        from storage.warc import export_warc

        if output is None and sys.stdout.isatty():
            raise exit_error("WARC is binary: pass -o FILE (or redirect stdout)", 2)
        ids = [r["id"] for r in iter_export(archive, **filters)] if any(v for v in filters.values()) else None
        if output is None:
            report = export_warc(archive, sys.stdout.buffer, article_ids=ids)
        else:
            tmp = output.with_name(output.name + ".part")
            try:
                with open(tmp, "wb") as f:
                    report = export_warc(archive, f, article_ids=ids)
                tmp.replace(output)
            finally:
                tmp.unlink(missing_ok=True)
        note = f" ({report.synthesized:,} with synthesized headers: stored before headers were kept)" if report.synthesized else ""
        typer.echo(f"exported {report.responses:,} response{'s' if report.responses != 1 else ''} as WARC"
                   + (f" to {output}" if output else "") + note, err=True)

    @app.command("import")
    def import_cmd(
        ctx: typer.Context,
        file: Path = typer.Argument(..., help="JSON lines (one article per line) or CSV, as `export` writes them."),
    ) -> None:
        """Import articles from a JSON lines or CSV export; bad lines (rows) are reported and skipped."""
        from storage.csv_import import csv_as_json_lines, looks_like_csv

        if not file.is_file():
            raise exit_error(f"no such file: {file}", 2)
        is_csv = looks_like_csv(file)
        source = csv_as_json_lines(file) if is_csv else file
        with open_archive(ctx, readonly=False, create=True) as archive:
            report = archive.import_jsonl(source)
        for line_no, message in report.errors[:50]:
            typer.echo(f"{file}:row {line_no}: {message}" if is_csv else f"{file}:{line_no}: {message}", err=True)
        if len(report.errors) > 50:
            typer.echo(f"… and {len(report.errors) - 50} more bad lines", err=True)
        typer.echo(
            f"imported {report.imported:,} of {report.lines:,} lines: {report.new:,} new, {report.updated:,} updated, "
            f"{report.unchanged:,} unchanged, {len(report.errors):,} skipped"
        )
        if report.errors and not report.imported:
            raise typer.Exit(2)

    @app.command("reindex")
    def reindex_cmd(
        ctx: typer.Context,
        morphemes: Optional[bool] = typer.Option(
            None, "--morphemes/--no-morphemes",
            help="Add (or drop) the Korean morpheme column (needs the `morph` extra); default: keep what the index has.",
        ),
        batch: int = typer.Option(REINDEX_BATCH, "--batch", min=1, help="Articles per transaction (the WAL holds about one batch)."),
    ) -> None:  # fmt: skip
        """Recompute the Korean search columns and rebuild the full-text index (resumable: Ctrl-C, then run it again)."""
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        done = [0, 0]

        def show(n: int, total: int) -> None:
            done[:] = [n, total]
            progress.update(task, completed=n, total=total)

        with open_archive(ctx, readonly=False) as archive:
            progress = Progress(
                SpinnerColumn(), TextColumn("[bold]reindexing"), BarColumn(), MofNCompleteColumn(), TextColumn("articles"),
                TimeElapsedColumn(), console=Console(stderr=True), transient=True,
            )  # fmt: skip
            task = progress.add_task("reindex", total=None)
            try:
                with progress:
                    n = archive.reindex(progress=show, batch=batch, morphemes=morphemes)
            except KeyboardInterrupt:
                # each finished batch is committed: say so, and how to go on (exit 130 like every interrupted command)
                Console(stderr=True).print(
                    f"interrupted: {done[0]:,} of {done[1]:,} articles reindexed; run `newsarchive reindex` again to continue"
                    " (searches use the old index until it finishes)", highlight=False, soft_wrap=True,
                )  # fmt: skip
                raise typer.Exit(130) from None
            archive.optimize()
            kind = "bigrams + morphemes" if archive.morphemes_indexed else "bigrams"
        typer.echo(f"reindexed {n:,} article{'s' if n != 1 else ''} ({kind})")

    @app.command("import-warc")
    def import_warc_cmd(
        ctx: typer.Context,
        files: list[Path] = typer.Argument(..., metavar="FILE...", help="WARC files (.warc or .warc.gz), e.g. CC-NEWS."),
        no_progress: bool = typer.Option(False, "--no-progress", help="No live progress display."),
        as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    ) -> None:
        """Import the HTML responses of WARC files: extract → clean → dedupe → store, like a crawl."""
        from crawler.warc_import import import_warcs

        err = Console(stderr=True)
        missing = [f for f in files if not f.is_file()]
        if missing:
            err.print(f"[red]error:[/red] no such file: {missing[0]}", highlight=False)
            raise typer.Exit(2)
        summary = import_warcs(
            files, db=ctx.obj["db"], sites=ctx.obj.get("sites"), progress=not no_progress and not as_json and err.is_terminal,
            log_level="INFO" if ctx.obj.get("verbose") else "ERROR",
        )  # fmt: skip
        for message in summary.problems[:PROBLEMS_SHOWN]:
            err.print(f"skipped {message}", highlight=False, markup=False, soft_wrap=True)
        if summary.warc["unreadable"] > PROBLEMS_SHOWN:
            err.print(f"… and {summary.warc['unreadable'] - PROBLEMS_SHOWN} more unreadable records", highlight=False)
        if as_json:
            Console().print_json(data=summary.__dict__)
        else:
            w, c = summary.warc, summary.counts
            typer.echo(
                f"{w['records']:,} records, {w['responses']:,} responses, {w['html']:,} HTML: {c['new']:,} new, "
                f"{c['updated']:,} updated, {c['unchanged']:,} unchanged, {c['duplicate']:,} duplicate, "
                f"{c['dropped']:,} dropped (raw page kept; {w['truncated']:,} truncated); skipped {w['non_html']:,} non-HTML, "
                f"{w['not_ok']:,} non-2xx, {w['revisits']:,} revisits, {w['unreadable']:,} unreadable"
            )
        if summary.status != "ok":
            raise typer.Exit(1)

    app.command("show")(show_cmd)
    app.command("stats")(stats_cmd)
