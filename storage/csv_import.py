"""Reading what `export --format csv` writes back as import records (the JSON-lines shape)."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Iterator

from storage.exchange import EXPORT_FIELDS, _LIST_FIELDS

_NUMBERS = {"id": int, "version": int, "similarity": float}


def looks_like_csv(path: str | os.PathLike) -> bool:
    """True for a `.csv` file or one whose first line is the export's CSV header."""
    if str(path).lower().endswith(".csv"):
        return True
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.readline().startswith("id,url,")


def csv_as_json_lines(path: str | os.PathLike) -> Iterator[str]:
    """One JSON line per CSV row (lists decoded from their JSON text, empty cells as missing).

    Raises ValueError (one line) when the header lacks the columns an article needs, or at a row whose list
    or number cell cannot be read (rows before it are imported; importing again after a fix is idempotent).
    """
    with open(Path(path), encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in ("url", "title", "body") if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: not an export CSV (no {', '.join(missing)} column; "
                             f"expected the header of `export --format csv`: {','.join(EXPORT_FIELDS[:4])},…)")
        for row_no, row in enumerate(reader, start=1):
            rec: dict = {}
            for key, value in row.items():
                if key is None or value in (None, ""):
                    continue
                try:
                    if key in _LIST_FIELDS:
                        value = json.loads(value)
                    elif key in _NUMBERS:
                        value = _NUMBERS[key](value)
                except ValueError:
                    raise ValueError(f"{path}: row {row_no}: column {key!r} cannot be read: {value[:40]!r}") from None
                rec[key] = value
            yield json.dumps(rec, ensure_ascii=False)
