"""Tables of line rules (`patterns.STOP_LINES`, `PROMO_LINES`, …) searched as cheaply as one at a time gives.

`clean.clean_paragraphs` asks, for every line of a page, whether any of a table's dozens of patterns finds it — almost
always "no". Most patterns are anchored (`^…`): joined into one alternation they are tried at the line's start only,
in one call instead of one search each. A joined alternation of the unanchored ones measured slower than searching
them one by one (it loses the literal-prefix scans each compiled pattern has), so those stay separate. The tables
stay the source of truth: the joined form is built from a table once it has been searched `_BUILD_AFTER` times (a new
tuple, a new join).

A join saves ~0.1 µs per pattern it replaces on every line, and costs its compilation once per process (measured on
the generated pages' lines): STOP_LINES' 12 anchored patterns 1.6 ms (repaid after ~1,500 lines), PROMO_LINES' 57
9.7 ms (~1,800 lines); CREDIT_LINES' 6 (13 ms, ~30,000 lines) and BYLINE_LINES' 14 long ones (300 characters each
after expansion: 45 ms, ~40,000 lines) would not repay it in a crawl's worker, so only groups of at least
`_MIN_JOIN` patterns of at most `_MAX_MEAN_SOURCE` characters on average are joined. A one-page `newsarchive
extract` never builds a join (it searches each table a few dozen times) and runs as before.
"""

from __future__ import annotations

import re
try:
    from re import _parser as sre_parse  # type: ignore[attr-defined]  # the stdlib's own parse of a pattern
except ImportError:  # pragma: no cover - a private module: without it every pattern is searched on its own
    sre_parse = None

from crawler.extract.regex_cache import re_compile

Table = tuple[re.Pattern[str], ...]
# a pattern referring back to its own groups cannot be renumbered inside a join
_BACKREF_RE = re_compile(r"\\[1-9]|\\g<|\(\?P=|(?<!\\)\(\?\(")
_GROUP_NAME_RE = re_compile(r"\(\?P<\w+>")  # names are dropped in a join: two patterns may use the same one
_BUILD_AFTER = 1_000  # searches of a table (lines; ~20-60 per page) before its join is built
_MIN_JOIN = 8  # anchored patterns with the same flags, at least, for a join to repay its compilation
_MAX_MEAN_SOURCE = 100  # characters per pattern, at most, on average (longer ones take far longer to compile)
_split: dict[int, tuple[Table, tuple[re.Pattern[str], ...], Table]] = {}
_searches: dict[int, tuple[Table, int]] = {}


def first_match(table: Table, text: str) -> re.Match[str] | None:
    """The match of the first pattern of `table` (in its order) that finds something in `text`, else None."""
    entry = _split.get(id(table))
    if entry is None or entry[0] is not table:
        if not _due(table):
            return _first(table, text)
        entry = _prepared(table)
    anchored, rest = entry[1], entry[2]
    if not anchored:
        return _first(table, text)  # nothing joined: the table one pattern at a time, as it reads
    for gate in anchored:
        if gate.match(text) is not None:
            return _first(table, text)
    for rx in rest:
        if rx.search(text) is not None:
            return _first(table, text)
    return None


def _first(table: Table, text: str) -> re.Match[str] | None:
    # rare (a line some rule takes): the exact first pattern of the table, with its groups
    for rx in table:
        m = rx.search(text)
        if m:
            return m
    return None


def _due(table: Table) -> bool:
    """Count a search of `table`; True once it has been searched often enough to build its join."""
    seen = _searches.get(id(table))  # keyed by id: hashing a tuple of patterns costs more than a search
    count = seen[1] + 1 if seen is not None and seen[0] is table else 1
    _searches[id(table)] = (table, count)
    return count > _BUILD_AFTER


def _prepared(table: Table) -> tuple[Table, tuple[re.Pattern[str], ...], Table]:
    """The table, its anchored patterns joined (one alternation per flag set) and its other patterns, cached."""
    entry = _split.get(id(table))
    if entry is None or entry[0] is not table:
        entry = _split[id(table)] = (table, *_join(table))
    return entry


def _join(table: Table) -> tuple[tuple[re.Pattern[str], ...], Table]:
    by_flags: dict[int, list[re.Pattern[str]]] = {}
    rest: list[re.Pattern[str]] = []
    for rx in table:
        (by_flags.setdefault(rx.flags, []) if _anchored(rx) else rest).append(rx)
    gates: list[re.Pattern[str]] = []
    for flags, group in by_flags.items():
        if len(group) < _MIN_JOIN or sum(len(rx.pattern) for rx in group) > _MAX_MEAN_SOURCE * len(group):
            rest.extend(group)
            continue
        try:
            gates.append(re.compile("|".join(f"(?:{_GROUP_NAME_RE.sub('(?:', rx.pattern)})" for rx in group), flags))
        except re.error:  # e.g. a global inline flag that must open the pattern: search these one by one
            rest.extend(group)
    rest.sort(key=table.index)
    return tuple(gates), tuple(rest)


def _anchored(rx: re.Pattern[str]) -> bool:
    """True when the pattern can only match at the start of the text (`^` first, no top-level `|`, no MULTILINE)."""
    if sre_parse is None or not isinstance(rx.pattern, str) or rx.flags & re.MULTILINE:
        return False
    if _BACKREF_RE.search(rx.pattern):
        return False
    try:
        parsed = sre_parse.parse(rx.pattern, rx.flags)
    except Exception:  # noqa: BLE001 - a private parser: any surprise means "search it on its own"
        return False
    return len(parsed) > 0 and parsed[0] == (sre_parse.AT, sre_parse.AT_BEGINNING)
