"""`newsarchive nodes` (Scrapyd node health) and `newsarchive ingest` (the fleet's one archive writer)."""

from __future__ import annotations

import json
import logging
import signal
import sys
import threading
from typing import Optional

import typer
from rich.table import Table

from crawler.cli.app import out
from crawler.config import Config
from crawler.sites import ConfigError



def nodes_cmd(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="one JSON object per node")) -> None:
    """Health and load of each configured Scrapyd node (\\[scheduler] nodes); exit 1 if any is down."""
    from crawler.fleet.scrapyd import ScrapydNode

    cfg: Config = ctx.obj["config"]
    if not cfg.scheduler.nodes:
        raise ConfigError("no Scrapyd nodes configured: set [scheduler] nodes = [\"http://HOST:6800\", …]")
    statuses = [ScrapydNode(url).status() for url in cfg.scheduler.nodes]
    if as_json:
        for s in statuses:
            print(json.dumps({"node": s.url, "ok": s.ok, "running": s.running, "pending": s.pending,
                              "finished": s.finished, "error": s.error}))
    else:
        table = Table()
        for col in ("node", "health", "running", "pending", "finished"):
            table.add_column(col)
        for s in statuses:
            table.add_row(s.url, "[green]up[/green]" if s.ok else f"[red]down[/red] {s.error}", str(s.running),
                          str(s.pending), str(s.finished))
        out.print(table)
    raise typer.Exit(0 if all(s.ok for s in statuses) else 1)


def ingest_cmd(
    ctx: typer.Context,
    redis_url: Optional[str] = typer.Option(None, "--redis", help="Redis URL (default: \\[scheduler] redis_url)"),
    batch: int = typer.Option(200, "--batch", min=1, help="items per transaction"),
    consumer: str = typer.Option("writer", "--consumer", help="consumer name (keep it stable across restarts)"),
    group: str = typer.Option("newsarchive-ingest", "--group", help="consumer group (one per archive fed from the stream)"),
    until_empty: bool = typer.Option(False, "--until-empty", help="stop when the stream has nothing new"),
) -> None:
    """Write items from the Redis stream into the archive (clean → validate → dedupe → store), until SIGTERM."""
    from crawler.fleet.ingest import Ingestor

    cfg: Config = ctx.obj["config"]
    url = redis_url or cfg.scheduler.redis_url
    if not url:
        raise ConfigError("no Redis configured: pass --redis URL or set [scheduler] redis_url")
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda s, f: stop.set())  # the batch in hand is committed and acked first
    try:
        ingestor = Ingestor(ctx.obj["db"], url, consumer=consumer, group=group, batch_size=batch)
    except Exception as exc:  # e.g. Redis not reachable: one line, not a traceback
        raise ConfigError(f"cannot start ingest from {url}: {exc}") from None
    try:
        stats = ingestor.run(stop, until_empty=until_empty)
    finally:
        ingestor.close()
    out.print(f"ingested {stats.items} item(s) in {stats.batches} batch(es)")


def register(app: typer.Typer) -> None:
    """Mount `nodes` and `ingest` on the main newsarchive app."""
    app.command("nodes")(nodes_cmd)
    app.command("ingest")(ingest_cmd)
