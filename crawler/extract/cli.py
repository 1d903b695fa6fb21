"""The `newsarchive extract PATH [--url URL] [--site KEY] [--format json|text]` command, callable from any CLI."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from crawler.extract.extractor import extract_article
from crawler.extract.types import ExtractionError, ExtractionRules


def render(article_dict: dict, fmt: str) -> str:
    """The article as one JSON object (`json`) or as a readable text block (`text`)."""
    if fmt == "text":
        head = [article_dict.get("title") or ""]
        if article_dict.get("subtitle"):
            head.append(article_dict["subtitle"])
        meta = " | ".join(x for x in (", ".join(article_dict.get("authors") or []), article_dict.get("published") or "",
                                      article_dict.get("publisher") or "") if x)
        return "\n".join([*head, meta, "", article_dict.get("body") or ""]).rstrip() + "\n"
    return json.dumps(article_dict, ensure_ascii=False) + "\n"


def run_extract(path: str, url: str | None = None, site: str | None = None, fmt: str = "json", *,
                sites_path: str | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the extract command; returns the exit code (0 ok, 1 unusable input, 2 bad arguments)."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    if fmt not in ("json", "text"):
        print(f"error: unknown format {fmt!r} (use json or text)", file=stderr)
        return 2
    rules: ExtractionRules | None = None
    if site:
        try:
            from crawler.sites import get_site

            cfg = get_site(site, sites_path)
        except Exception as exc:  # ConfigError and file problems: one line for the user
            print(f"error: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", file=stderr)
            return 2
        rules = cfg.extract
        if rules.publisher is None and cfg.publisher:
            from dataclasses import replace

            rules = replace(rules, publisher=cfg.publisher, timezone=cfg.timezone or rules.timezone)
    try:
        if path == "-":
            data = (stdin or sys.stdin).buffer.read() if hasattr(stdin or sys.stdin, "buffer") else (stdin or sys.stdin).read()
        else:
            data = Path(path).read_bytes()
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror or exc}", file=stderr)
        return 1
    page_url = url or ("" if path == "-" else Path(path).resolve().as_uri())
    try:
        article = extract_article(data, page_url, rules)
    except ExtractionError as exc:
        print(f"error: {exc}", file=stderr)
        return 1
    stdout.write(render(article.to_dict(), fmt))
    return 0


def main(argv: list[str] | None = None, prog: str = "newsarchive extract") -> int:
    """Stand-alone entry point (`python -m crawler.extract.cli`, and `newsarchive extract` via crawler.entry)."""
    ap = argparse.ArgumentParser(prog=prog, description="Extract one article from an HTML file.")
    ap.add_argument("path", help="HTML file, or - for stdin")
    ap.add_argument("--url", default=None, help="the page URL (resolves relative links)")
    ap.add_argument("--site", default=None, help="site key whose [extract] rules apply")
    ap.add_argument("--format", default="json", choices=("json", "text"))
    args = ap.parse_args(argv)
    return run_extract(args.path, args.url, args.site, args.format)


if __name__ == "__main__":
    raise SystemExit(main())
