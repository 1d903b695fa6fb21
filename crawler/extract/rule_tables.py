"""Tables of line rules (`patterns.STOP_LINES`, `PROMO_LINES`, …) searched as cheaply as one at a time gives.

`clean.clean_paragraphs` asks, for every line of a page, whether any of a table's dozens of patterns finds it — almost
always "no". Most patterns are anchored (`^…`): joined into one alternation they are tried at the line's start only,
in one call instead of one search each. A joined alternation of the unanchored ones measured slower than searching
them one by one (it loses the literal-prefix scans each compiled pattern has), so those stay separate. The tables
stay the source of truth: the joined form is built from a table on its first use (a new tuple, a new join).
"""

from __future__ import annotations

import re
try:
    from re import _parser as sre_parse  # type: ignore[attr-defined]  # the stdlib's own parse of a pattern
except ImportError:  # pragma: no cover - a private module: without it every pattern is searched on its own
    sre_parse = None

Table = tuple[re.Pattern[str], ...]
# a pattern referring back to its own groups cannot be renumbered inside a join
_BACKREF_RE = re.compile(r"\\[1-9]|\\g<|\(\?P=|(?<!\\)\(\?\(")
_GROUP_NAME_RE = re.compile(r"\(\?P<\w+>")  # names are dropped in a join: two patterns may use the same one
_split: dict[int, tuple[Table, tuple[re.Pattern[str], ...], Table]] = {}


def first_match(table: Table, text: str) -> re.Match[str] | None:
    """The match of the first pattern of `table` (in its order) that finds something in `text`, else None."""
    anchored, rest = _prepared(table)
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


def _prepared(table: Table) -> tuple[tuple[re.Pattern[str], ...], Table]:
    """The table's anchored patterns joined (one alternation per flag set) and its other patterns, cached per table."""
    entry = _split.get(id(table))
    if entry is None or entry[0] is not table:  # keyed by id: hashing a tuple of patterns costs more than a search
        entry = _split[id(table)] = (table, *_join(table))
    return entry[1], entry[2]


def _join(table: Table) -> tuple[tuple[re.Pattern[str], ...], Table]:
    by_flags: dict[int, list[re.Pattern[str]]] = {}
    rest: list[re.Pattern[str]] = []
    for rx in table:
        (by_flags.setdefault(rx.flags, []) if _anchored(rx) else rest).append(rx)
    gates: list[re.Pattern[str]] = []
    for flags, group in by_flags.items():
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
