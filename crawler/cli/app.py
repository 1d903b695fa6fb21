"""The `newsarchive` app: global options, one-line errors, and lazy mounting of the command-group modules.

Every command prints a one-line `error: …` instead of a traceback (exit 2 for bad input, 1 for failures);
`newsarchive --verbose …` shows the traceback of unexpected errors. The commands live in one module per group
(`COMMAND_MODULES`); a module is imported only when one of its commands runs (or for `--help`), so a command
pays only for the libraries it uses.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape

from crawler import __version__
from crawler.cli import help_format  # noqa: F401 - flags shown as flags in --help (see the module)
from crawler.config import load_config
from crawler.sites import ConfigError, SiteConfig, load_sites

# command (or group) -> the module of crawler.cli that defines it and mounts it with `register(app)`
COMMAND_MODULES = {
    "crawl": "crawl", "fetch": "crawl", "extract": "crawl", "reextract": "crawl", "demo": "crawl", "demo-site": "crawl",
    "search": "archive", "latest": "archive", "show": "archive", "stats": "archive", "export": "archive",
    "import": "archive", "import-warc": "archive", "reindex": "archive",
    "sites": "sites", "doctor": "sites",
    "schedule": "schedule", "runs": "schedule",
    "watch": "watch",
    "nodes": "nodes", "ingest": "nodes",
}


class _LazyGroup(typer.core.TyperGroup):
    """The top-level command group: a command's module is imported when that command is asked for, every module
    for the whole list (`--help`) — `newsarchive search` does not pay for importing Scrapy and APScheduler."""

    def get_command(self, ctx, cmd_name):  # type: ignore[no-untyped-def]
        """The command of that name, its module mounted first (an unknown name mounts them all, for the error)."""
        module = COMMAND_MODULES.get(cmd_name)
        self._mount([module] if module else list(dict.fromkeys(COMMAND_MODULES.values())))
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx):  # type: ignore[no-untyped-def]
        """Every command."""
        self._mount(list(dict.fromkeys(COMMAND_MODULES.values())))  # crawl first, nodes last
        return super().list_commands(ctx)

    def _mount(self, modules: list[str]) -> None:
        new = [m for m in modules if m not in _mounted]
        if new:
            for module in new:
                mount(module)
            # the click group built now from `app` holds the new commands
            self.commands.update(typer.main.get_group(app).commands)


def _archive_errors() -> tuple[type[Exception], ...]:
    """ArchiveError when storage was imported (it can only be raised then), so the import stays lazy."""
    errors = sys.modules.get("storage.errors")
    return (errors.ArchiveError,) if errors is not None else ()


app = typer.Typer(
    cls=_LazyGroup,
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
        from storage.paths import check_archive_path

        check_archive_path(cfg.db_path)
    if sites:
        from crawler.sites import site_dirs

        site_dirs(sites)  # a missing folder is an error now, not a crawl without the user's sites
    ctx.obj = {"db": cfg.db_path, "config": cfg, "sites": sites, "verbose": verbose}


def site_configs(ctx: typer.Context) -> dict[str, SiteConfig]:
    """The sites the command sees: bundled ones plus `--sites` (a one-line ConfigError for a bad file)."""
    return load_sites(ctx.obj.get("sites"))


_mounted: set[str] = set()


def mount(module: str) -> None:
    """Import `crawler.cli.MODULE` and mount its commands on `app` (once per process)."""
    if module not in _mounted:
        _mounted.add(module)
        importlib.import_module(f"crawler.cli.{module}").register(app)


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
        err.print(f"[red]error:[/red] {escape(type(exc).__name__)}: {escape(str(exc))} (run with --verbose for details)",
                  highlight=False, soft_wrap=True)
        sys.exit(1)

