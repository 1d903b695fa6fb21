"""The `import-warc` command, added to the main typer app by `register` (see `crawler.cli._register_plugins`)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

PROBLEMS_SHOWN = 50


def register(app: typer.Typer) -> None:
    """Add `import-warc FILE...` to `app`."""

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
