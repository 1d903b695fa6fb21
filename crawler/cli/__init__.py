"""The `newsarchive` command line: one small module per command group, each a thin layer over a Python API.

- `app`      — the typer app, global options (`--db`, `--sites`, `--config`, `-v`), one-line errors, lazy mounting
- `crawl`    — crawl, fetch, extract, reextract, demo, demo-site      (crawler.runner, crawler.fetch, crawler.extract)
- `archive`  — search, latest, show, stats, export, import, import-warc, reindex               (storage.Archive)
- `sites`    — sites [--catalog], sites add, sites enable, doctor     (crawler.sites/onboard/catalog/doctor)
- `schedule` — schedule list/start/status/stop/reload/run-now, runs                            (crawler.scheduler)
- `watch`    — watch add/list/show/remove/deliver                                               (storage.watches)
- `nodes`    — nodes, ingest                                                                      (crawler.fleet)

`python -m crawler.cli …` is the same as `newsarchive …` (crawler.entry adds a fast path for `extract`).
"""

from crawler.cli.app import app, main

__all__ = ["app", "main"]
