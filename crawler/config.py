"""Project configuration in one typed place: archive path, site files, crawl and scheduler settings.

Values come from (highest first): CLI options (`--db`), the Scrapy setting `NEWSARCHIVE_DB` (`scrapy crawl
-s NEWSARCHIVE_DB=…`), environment variables (`NEWSARCHIVE_DB`, `NEWSARCHIVE_SITES`, `NEWSARCHIVE_CONFIG`),
an optional `newsarchive.toml` in the working directory, then the defaults below.

Usage::

    from crawler.config import load_config
    cfg = load_config(db="/tmp/a.db")
    cfg.db_path, cfg.scheduler.max_parallel
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from crawler.sites import ConfigError

DEFAULT_DB = "newsarchive.db"
USER_AGENT = "newsarchive/0.1 (news archive crawler; +https://pypi.org/project/newsarchive/)"


@dataclass(frozen=True)
class SchedulerConfig:
    """Settings of the scheduler daemon (`newsarchive schedule start`)."""

    max_parallel: int = 2  # crawl processes at once (each crawls up to max_sites_per_process sites)
    # sites due together are crawled by one process (one Scrapy crawler each, politeness per site): 100 outlets
    # due every hour are 2 processes, both running at once under max_parallel 2 (groups of 20 made 5 processes, 2 at
    # a time: 3 rounds; run all at once they held 1,664 MiB against 801 for 2 x 50, bench/README.md)
    max_sites_per_process: int = 50
    group_window_seconds: float = 1.0  # how long a due site waits for others due at nearly the same moment
    misfire_grace_minutes: float = 30  # a run missed while the daemon was down still runs within this window
    run_timeout_minutes: float = 30  # a crawl still running after this is stopped and recorded as failed
    stop_grace_seconds: float = 30  # on SIGTERM, running crawls get this long to finish before being stopped
    jobstore: str | None = None  # SQLite file for APScheduler jobs; default: next to the archive
    log_file: str | None = None  # rotating log; default: next to the archive
    health_zero_new_runs: int = 3  # flag a site after this many consecutive runs with no new article
    health_failure_streak: int = 2  # flag a site after this many consecutive failed runs
    health_max_extraction_failure_rate: float = 0.5  # flag when more fetched pages than this fail extraction
    # argv template of one scheduled crawl; {python} {db} {site} {run_id} {trigger} {sites} are filled in.
    # Default: `{python} -m crawler.cli --db {db} crawl {site} --trigger {trigger} --run-id {run_id} --no-progress`.
    # Lets operators wrap crawls (nice, prlimit, systemd-run) and tests use a fake crawl. A string is split
    # like a shell would; a list is taken as the argv itself.
    crawl_command: str | list[str] | None = None
    # fleet (docs/scale.md): "local" runs crawls here; "scrapyd" places them on the Scrapyd `nodes`, items
    # travel through Redis at `redis_url` and `newsarchive ingest` is the archive's one writer
    executor: str = "local"
    nodes: tuple[str, ...] = ()
    redis_url: str | None = None


@dataclass(frozen=True)
class WatchesConfig:
    """Delivery of watch hits after each crawl (`storage.watch_delivery`)."""

    webhook_timeout_seconds: float = 5  # one POST; tried 3 times per delivery (pauses 0.5 s, 1 s)
    webhook_retry_seconds: float = 60  # after a failed delivery, wait this long (doubling, at most 6 h) before the next


@dataclass(frozen=True)
class Config:
    """Everything configurable about newsarchive, resolved."""

    db_path: Path = Path(DEFAULT_DB)
    sites_path: str | None = None  # extra site files/dirs (os.pathsep-separated), besides $NEWSARCHIVE_SITES
    user_agent: str = USER_AGENT
    scheduler: SchedulerConfig = field(default_factory=SchedulerConfig)
    watches: WatchesConfig = field(default_factory=WatchesConfig)

    @property
    def jobstore_path(self) -> Path:
        """Where the scheduler keeps its job store."""
        from storage.paths import sidecar  # lazy: importing `storage` loads SQLite, which `newsarchive extract` never needs

        return Path(self.scheduler.jobstore) if self.scheduler.jobstore else sidecar(self.db_path, ".scheduler.sqlite")

    @property
    def crawl_log_path(self) -> Path:
        """Where `newsarchive crawl` writes its log (rewritten by each crawl) unless told otherwise."""
        return self.db_path.with_suffix(".crawl.log")

    @property
    def log_path(self) -> Path:
        """Where the scheduler writes its rotating log."""
        from storage.paths import sidecar

        return Path(self.scheduler.log_file) if self.scheduler.log_file else sidecar(self.db_path, ".scheduler.log")


def _typed(section: type, data: dict[str, Any], path: Path, prefix: str) -> dict[str, Any]:
    """Check a TOML table against a dataclass's field types; ConfigError names file and key."""
    known = {f.name: f for f in fields(section)}
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"{path}: key '{prefix}{key}': is not a known setting")
        want = str(known[key].type)
        ok = (
            (isinstance(value, (int, float)) and not isinstance(value, bool) and "float" in want)
            or (isinstance(value, int) and not isinstance(value, bool) and "int" in want)
            or (isinstance(value, str) and ("str" in want or "Path" in want))
            or (isinstance(value, list) and ("list[str]" in want or "tuple" in want) and all(isinstance(v, str) for v in value))
        )
        if not ok:
            raise ConfigError(f"{path}: key '{prefix}{key}': expected {_describe(want)}, got {value!r}")
        if isinstance(value, list) and "tuple" in want:
            value = tuple(value)
        if isinstance(value, (int, float)) and value < 0:
            raise ConfigError(f"{path}: key '{prefix}{key}': must be >= 0, got {value!r}")
        out[key] = value
    return out


def _describe(annotation: str) -> str:
    """A field's type annotation in words, for error messages ("a string or a list of strings")."""
    words = {"str": "a string", "list[str]": "a list of strings", "Path": "a file path (string)",
             "float": "a number", "int": "an integer"}
    parts = [part.strip() for part in annotation.split("|") if part.strip() != "None"]
    return " or ".join(words.get(part, part) for part in parts)


def load_config(db: str | os.PathLike | None = None, config_file: str | os.PathLike | None = None,
                settings_db: str | None = None) -> Config:
    """Resolve the configuration: CLI `db` > `settings_db` (Scrapy setting) > $NEWSARCHIVE_DB > file > default."""
    cfg = Config()
    path = Path(config_file or os.environ.get("NEWSARCHIVE_CONFIG") or "newsarchive.toml")
    if config_file or os.environ.get("NEWSARCHIVE_CONFIG") or path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        except RecursionError:
            raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
        sched = data.pop("scheduler", {})
        if not isinstance(sched, dict):
            raise ConfigError(f"{path}: key 'scheduler': must be a table")
        watches = data.pop("watches", {})
        if not isinstance(watches, dict):
            raise ConfigError(f"{path}: key 'watches': must be a table")
        top = _typed(Config, {k: v for k, v in data.items()}, path, "") if data else {}
        if "scheduler" in top:
            top.pop("scheduler")
        top["watches"] = WatchesConfig(**_typed(WatchesConfig, watches, path, "watches."))
        if "db_path" in top:
            top["db_path"] = Path(top["db_path"])
        cfg = replace(cfg, **top, scheduler=SchedulerConfig(**_typed(SchedulerConfig, sched, path, "scheduler.")))
        if cfg.scheduler.max_sites_per_process < 1:
            raise ConfigError(f"{path}: key 'scheduler.max_sites_per_process': must be >= 1, "
                              f"got {cfg.scheduler.max_sites_per_process!r}")
        if not 0 <= cfg.scheduler.group_window_seconds <= 60:  # also refuses nan and inf
            raise ConfigError(f"{path}: key 'scheduler.group_window_seconds': must be 0-60 seconds, "
                              f"got {cfg.scheduler.group_window_seconds!r}")
        if cfg.scheduler.executor not in ("local", "scrapyd"):
            raise ConfigError(f"{path}: key 'scheduler.executor': must be \"local\" or \"scrapyd\", "
                              f"got {cfg.scheduler.executor!r}")
        if cfg.scheduler.executor == "scrapyd" and not (cfg.scheduler.nodes and cfg.scheduler.redis_url):
            raise ConfigError(f"{path}: key 'scheduler.nodes': executor \"scrapyd\" needs nodes and redis_url")
    db_value = db or settings_db or os.environ.get("NEWSARCHIVE_DB")
    if db_value:
        cfg = replace(cfg, db_path=Path(db_value))
    return cfg
