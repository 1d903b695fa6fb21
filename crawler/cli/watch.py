"""The `watch` command group (saved searches delivered after every crawl), added to the main app by `register`.

    newsarchive watch add NAME QUERY [--site KEY]... [--webhook URL] [--backfill]
    newsarchive watch list [--json] | show NAME [--limit N] [--json] | remove NAME | deliver [--retry-now]
"""

from __future__ import annotations

import json
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from storage import watches as W
from crawler.cli.archive import archive_path, exit_error, open_archive

watch_app = typer.Typer(help="Saved searches: new matching articles go to an Atom feed, a JSONL file and a webhook after every crawl.",
                        no_args_is_help=True)


@watch_app.command("add")
def add_cmd(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Watch name (also its file names)."),
    query: str = typer.Argument(..., help="A search query (same syntax as `search`)."),
    site: Optional[list[str]] = typer.Option(None, "--site", help="Only this site key (repeatable)."),
    webhook: Optional[str] = typer.Option(None, "--webhook", help="Also POST new hits as JSON to this URL."),
    backfill: bool = typer.Option(False, "--backfill", help="Deliver matching articles already archived too."),
) -> None:
    """Save a search; from the next crawl on, new matching articles are delivered once."""
    from storage.watch_delivery import watch_dir

    # a watch may be set up before the first crawl: `watch add` is the one watch command that creates the archive
    with open_archive(ctx, readonly=False, create=True) as archive:
        W.add_watch(archive, name, query, sites=site or None, webhook=webhook, backfill=backfill)
    out = watch_dir(archive_path(ctx))
    typer.echo(f"watch {name!r} added: {'matching articles (archived ones too)' if backfill else 'new matching articles'} go to "
               f"{out / (name + '.atom')} and {name}.jsonl" + (f" and {webhook}" if webhook else "") + " after each crawl")


@watch_app.command("list")
def list_cmd(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List watches with their hit counts."""
    with open_archive(ctx, readonly=True) as archive:
        ws = W.list_watches(archive)
    if as_json:
        typer.echo(json.dumps([w.to_dict() for w in ws], ensure_ascii=False))
        return
    table = Table(title=f"{len(ws)} watch{'es' if len(ws) != 1 else ''}")
    for col in ("name", "query", "sites", "webhook", "hits", "last checked"):
        table.add_column(col)
    for w in ws:
        table.add_row(w.name, w.query, ", ".join(w.sites) or "all", w.webhook or "", str(w.hits), w.checked_at or "never")
    Console().print(table)


@watch_app.command("show")
def show_cmd(
    ctx: typer.Context,
    name: str = typer.Argument(...),
    limit: int = typer.Option(20, "--limit", min=1, max=10000, help="Hits to show."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """A watch's most recent hits (and webhook delivery state)."""
    with open_archive(ctx, readonly=True) as archive:
        w = W.get_watch(archive, name)
        if w is None:
            raise exit_error(f"no watch named {name!r} (see `newsarchive watch list`)", 2)
        hits = W.recent_hits(archive, name, limit)
    if as_json:
        typer.echo(json.dumps({"watch": w.to_dict(), "hits": hits}, ensure_ascii=False))
        return
    table = Table(title=f"watch {name}: {w.query!r} — {w.hits} hit{'s' if w.hits != 1 else ''}")
    for col in ("matched", "date", "site", "title", "webhook"):
        table.add_column(col)
    for h in hits:
        hook = h["webhook_state"] or ""
        if h["webhook_error"]:
            hook += f" ({h['webhook_attempts']} tries: {h['webhook_error'][:60]})"
        table.add_row(h["matched_at"], (h["published"] or "")[:10], h["site"] or "", h["title"] or h["url"], hook)
    Console().print(table)


@watch_app.command("remove")
def remove_cmd(ctx: typer.Context, name: str = typer.Argument(...)) -> None:
    """Delete a watch and its hit records (its feed and JSONL files are left in place)."""
    with open_archive(ctx, readonly=False) as archive:
        if not W.remove_watch(archive, name):
            raise exit_error(f"no watch named {name!r}", 2)
    typer.echo(f"watch {name!r} removed")


@watch_app.command("deliver")
def deliver_cmd(
    ctx: typer.Context,
    retry_now: bool = typer.Option(False, "--retry-now", help="Retry failed webhook deliveries without waiting."),
) -> None:
    """Deliver new hits now (every crawl does this when it ends)."""
    from storage.watch_delivery import deliver

    path = archive_path(ctx)
    if not path.exists():
        raise exit_error(f"no archive at {path} (crawl something first, or pass --db)", 1)
    cfg = (ctx.obj or {}).get("config")
    kwargs = {}
    if cfg is not None:
        kwargs = {"timeout": cfg.watches.webhook_timeout_seconds, "retry_seconds": cfg.watches.webhook_retry_seconds}
    report = deliver(path, retry_now=retry_now, **kwargs)
    for name, n in report.new.items():
        typer.echo(f"{name}: {n} new, {report.webhook_sent.get(name, 0)} sent to the webhook")
    for e in report.errors:
        typer.echo(f"error: {e}", err=True)
    if report.errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the `watch` command group to `app`."""
    app.add_typer(watch_app, name="watch")
