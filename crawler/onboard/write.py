"""Writing a site file: commented TOML that says where each value came from, validated before it is saved."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from crawler.sites import ConfigError, SiteConfig, parse_site


def toml_str(value: str) -> str:
    """A TOML string: literal ('…') when possible, so regexes stay readable; else a basic string."""
    if "'" not in value and "\n" not in value:
        return f"'{value}'"
    return json.dumps(value, ensure_ascii=False)


def toml_list(values: list[str], indent: str = "  ") -> str:
    """A TOML array of strings, one per line when there are several."""
    if len(values) <= 1:
        return "[" + ", ".join(toml_str(v) for v in values) + "]"
    return "[\n" + "".join(f"{indent}{toml_str(v)},\n" for v in values) + "]"


def validate(text: str, path: Path) -> SiteConfig:
    """Parse the TOML text as a site file (the same checks as loading it later)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # a bug here, not the user's: say so plainly
        raise ConfigError(f"{path}: generated TOML does not parse: {exc}") from None
    return parse_site(data, path)


def write_site_file(text: str, directory: Path, key: str) -> Path:
    """Save the site file as DIRECTORY/KEY.toml; refuses to overwrite an existing file."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,39}", key):
        raise ConfigError(f"site key {key!r} must be lowercase letters, digits, '-' or '_' (max 40)")
    path = directory / f"{key}.toml"
    validate(text, path)
    if path.exists():
        raise ConfigError(f"{path} already exists; not overwriting it (pick another --key, or delete the file)")
    directory.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as fh:  # "x": never clobber a file created meanwhile
        fh.write(text)
    return path
