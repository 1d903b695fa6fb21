"""The `search`, `export` (jsonl, csv, warc), `import` and `reindex` commands, added to the main typer app by `register`.

Usage (in the lead's `crawler/cli.py`)::

    from storage.cli import register
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

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from storage.archive import Archive, ArchiveError
from storage.search import periods_between


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


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _db_path(ctx: typer.Context) -> Path:
    obj = ctx.obj if isinstance(ctx.obj, dict) else {}
    path = obj.get("db")
    if path is None:
        from storage.paths import default_db_path

        path = default_db_path()
    return Path(path)


@contextmanager
def _archive(ctx: typer.Context, *, readonly: bool) -> Iterator[Archive]:
    """Open the archive, turning every expected failure into a one-line error and an exit code."""
    path = _db_path(ctx)
    if readonly and not path.exists():
        raise _fail(f"no archive at {path} (crawl something first, or pass --db)", 1)
    try:
        archive = Archive(path, readonly=readonly)
    except (ArchiveError, sqlite3.Error, OSError) as e:
        raise _fail(str(e).splitlines()[0], 1) from None
    try:
        yield archive
    except typer.Exit:
        raise
    except ArchiveError as e:  # disk full or read-only half-way through a write: one line, nothing half-written
        raise _fail(str(e), 1) from None
    except ValueError as e:  # QuerySyntaxError, bad dates, bad options
        raise _fail(str(e).splitlines()[0], 2) from None
    except (sqlite3.Error, OSError) as e:
        raise _fail(f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}", 1) from None
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


def register(app: typer.Typer) -> None:
    """Add the `search`, `export`, `import` and `reindex` commands to `app`."""

    @app.command("search")
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
        as_json: bool = typer.Option(False, "--json", help="One JSON object {total, results}."),
        as_jsonl: bool = typer.Option(False, "--jsonl", help="One JSON object per result."),
        as_csv: bool = typer.Option(False, "--csv", help="CSV with a header row."),
        by: Optional[Period] = typer.Option(None, "--by", help="Count matches per day, week or month (a bar chart) instead of listing them."),
    ) -> None:
        """Search the archive (Korean-aware); shows date, site, title and a highlighted snippet."""
        if sum((as_json, as_jsonl, as_csv)) > 1:
            raise _fail("choose one of --json, --jsonl, --csv", 2)
        if by is not None:
            with _archive(ctx, readonly=True) as archive:
                rows = archive.search_counts(query, by.value, site=site or None, section=section, author=author, since=since,
                                             until=until, collapse_duplicates=collapse_duplicates)
            _print_trend(query, by.value, rows, as_json=as_json, as_csv=as_csv or as_jsonl)
            return
        with _archive(ctx, readonly=True) as archive:
            if archive.needs_reindex:
                typer.echo("warning: the search index is from an older scheme; run `newsarchive reindex`", err=True)
            res = archive.search(
                query, site=site or None, section=section, author=author, since=since, until=until, sort=sort.value,
                limit=limit, offset=offset, collapse_duplicates=collapse_duplicates,
            )  # fmt: skip
        fields = ("id", "url", "title", "site", "published", "snippet", "score")
        if as_json:
            out = {"total": res.total, "total_exact": res.total_exact, "results": [{k: getattr(h, k) for k in fields} | {"highlights": [list(s) for s in h.highlights]} for h in res]}
            typer.echo(json.dumps(out, ensure_ascii=False))
        elif as_jsonl:
            for h in res:
                typer.echo(json.dumps({k: getattr(h, k) for k in fields}, ensure_ascii=False))
        elif as_csv:
            w = csv.writer(sys.stdout)
            w.writerow(fields)
            for h in res:
                w.writerow([getattr(h, k) for k in fields])
        else:
            console = Console()
            shown = f"{offset + 1}–{offset + len(res)} of " if len(res) else ""
            count = f"{res.total:,}{'' if res.total_exact else '+'}"  # past the count limit: a lower bound
            table = Table(title=f"{shown}{count} article{'s' if res.total != 1 else ''} for {query!r}", show_lines=False)
            table.add_column("date", no_wrap=True)
            table.add_column("site", no_wrap=True)
            table.add_column("title")
            table.add_column("snippet")
            for h in res:
                snippet = Text(h.snippet)
                for start, end in h.highlights:
                    snippet.stylize("bold yellow", start, end)
                table.add_row((h.published or "")[:10], h.site or "", Text(h.title or ""), snippet)
            console.print(table)

    @app.command("export")
    def export_cmd(
        ctx: typer.Context,
        fmt: ExportFormat = typer.Option(..., "--format", help="jsonl (re-importable), csv, or warc (raw HTTP responses, gzip per record)."),
        output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default: stdout)."),
        query: Optional[str] = typer.Option(None, "--query", help="Only articles matching this search."),
        site: Optional[list[str]] = typer.Option(None, "--site", help="Only this site key (repeatable)."),
        section: Optional[str] = typer.Option(None, "--section"),
        author: Optional[str] = typer.Option(None, "--author"),
        since: Optional[str] = typer.Option(None, "--since"),
        until: Optional[str] = typer.Option(None, "--until"),
    ) -> None:
        """Export articles as JSON lines or CSV, or their archived HTTP responses as WARC."""
        with _archive(ctx, readonly=True) as archive:
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
            raise _fail("WARC is binary: pass -o FILE (or redirect stdout)", 2)
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
        file: Path = typer.Argument(..., help="JSON lines, one article per line (the export shape)."),
    ) -> None:
        """Import articles from a JSON lines file; bad lines are reported and skipped."""
        if not file.is_file():
            raise _fail(f"no such file: {file}", 2)
        with _archive(ctx, readonly=False) as archive:
            report = archive.import_jsonl(file)
        for line_no, message in report.errors[:50]:
            typer.echo(f"{file}:{line_no}: {message}", err=True)
        if len(report.errors) > 50:
            typer.echo(f"… and {len(report.errors) - 50} more bad lines", err=True)
        typer.echo(
            f"imported {report.imported:,} of {report.lines:,} lines: {report.new:,} new, {report.updated:,} updated, "
            f"{report.unchanged:,} unchanged, {len(report.errors):,} skipped"
        )
        if report.errors and not report.imported:
            raise typer.Exit(2)

    @app.command("reindex")
    def reindex_cmd(ctx: typer.Context) -> None:
        """Recompute the Korean search columns and rebuild the full-text index."""
        from rich.progress import Progress

        with _archive(ctx, readonly=False) as archive:
            with Progress(console=Console(stderr=True), transient=True) as progress:
                task = progress.add_task("reindexing", total=None)
                n = archive.reindex(progress=lambda done, total: progress.update(task, completed=done, total=total))
            archive.optimize()
        typer.echo(f"reindexed {n:,} article{'s' if n != 1 else ''}")
