"""The `newsarchive` console script: `newsarchive extract …` runs without building the CLI app; every other command
(and `extract --help`, or global options before `extract`) goes to `crawler.cli`.

Why: typer 0.29 imports pydantic to coerce any command's parameters, and with rich that is ~0.2 s before a command
starts — most of `extract`'s 0.3 s startup budget. The fast path applies the same global defaults as
`crawler.cli.main_options` (the configuration file is read and checked) and the same `run_extract`.
"""

from __future__ import annotations

import sys

_HELP = {"-h", "--help"}


def main() -> None:
    """Console-script entry point."""
    argv = sys.argv[1:]
    if argv[:1] == ["extract"] and not _HELP & set(argv[1:]):
        sys.exit(extract_main(argv[1:]))
    from crawler.cli import main as cli_main

    cli_main()


def extract_main(argv: list[str]) -> int:
    """`newsarchive extract ARGS` without global options: the command's exit code (2 for bad input)."""
    import gc

    # A one-page command: cyclic garbage collection only costs here. Importing the extractor compiles ~160 regular
    # expressions and extraction allocates in bursts, triggering collections over all of lxml's and the stdlib's
    # objects (~4% of the command's CPU); what little cyclic garbage one page makes goes when the process exits.
    gc.disable()
    from crawler.extract.cli import main as extract_cli

    error = _global_error()
    if error is not None:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return extract_cli(argv, prog="newsarchive extract")


def _global_error() -> str | None:
    """The error `crawler.cli.main_options` reports when no global option is given (a bad configuration file, an
    archive path that is a directory), else None."""
    from crawler.config import load_config
    from crawler.sites import ConfigError

    try:
        cfg = load_config()
    except ConfigError as exc:
        return str(exc)
    if cfg.db_path.is_dir():
        from storage.paths import check_archive_path
        from storage.errors import ArchiveError

        try:
            check_archive_path(cfg.db_path)
        except ArchiveError as exc:
            return str(exc)
    return None
