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

Scripts: most rules are written for one script (`^Читайте также`, `구독하고`, `\\bNetiquette\\b`) and cannot match a
line without a character of it, yet each was tried on every line (~60 µs a line for PROMO_LINES on a Korean page, most
of it in rules for other languages). Once a table has been searched `_READ_AFTER` times, each pattern's parse tree
tells which scripts every match holds a character of (`_needs`; any doubt: none), and a line tries only the patterns
(and, once built, the joins, one per script need) whose scripts it has. Each script's test runs once per line, however
many tables ask (`_scripts_of`); it is compiled case-insensitively, so it finds every character a pattern's letter
could match under IGNORECASE (`k` and the Kelvin sign). Reading a table costs its parse, ~0.1 ms a pattern (~35 ms for
all the tables, once per process, repaid after ~100 Korean pages); a one-page extract never reads one.
"""

from __future__ import annotations

import re
try:
    from re import _parser as sre_parse  # type: ignore[attr-defined]  # the stdlib's own parse of a pattern
except ImportError:  # pragma: no cover - a private module: without it every pattern is searched on its own
    sre_parse = None

from crawler.extract.regex_cache import re_compile

Table = tuple[re.Pattern[str], ...]
Needs = tuple[int, ...]  # script masks a line must each share (a character of one of their scripts); () for none
# a pattern referring back to its own groups cannot be renumbered inside a join
_BACKREF_RE = re_compile(r"\\[1-9]|\\g<|\(\?P=|(?<!\\)\(\?\(")
_GROUP_NAME_RE = re_compile(r"\(\?P<\w+>")  # names are dropped in a join: two patterns may use the same one
_READ_AFTER = 100  # searches of a table (lines; ~5-30 per page and table) before its patterns' scripts are read
_BUILD_AFTER = 1_000  # searches of a table before its joins are built
_MIN_JOIN = 8  # anchored patterns with the same flags, at least, for a join to repay its compilation
_MAX_MEAN_SOURCE = 100  # characters per pattern, at most, on average (longer ones take far longer to compile)
_searches: dict[int, tuple[Table, int]] = {}


class _Plan:
    """A read table: what a line of given scripts tries (joins, then patterns), per mask of the scripts it has."""

    __slots__ = ("table", "needs", "anchored", "scripts", "joins", "joined", "searches", "by_mask")

    def __init__(self, table: Table) -> None:
        self.table = table
        read = [_read(rx) for rx in table]
        self.anchored = [a for a, _ in read]
        self.needs = [n for _, n in read]
        self.scripts = 0  # every script some pattern needs: the ones a line is tested for
        for needs in self.needs:
            for mask in needs:
                self.scripts |= mask
        self.joins: list[tuple[re.Pattern[str], Needs]] | None = None  # built after _BUILD_AFTER searches
        self.joined: set[re.Pattern[str]] = set()  # the patterns the joins hold (not searched on their own)
        self.searches = _READ_AFTER  # a table is read after as many searches
        self.by_mask: dict[int, tuple[Table, Table]] = {}

    def tried(self, mask: int) -> tuple[Table, Table]:
        """(joins, patterns) a line whose scripts are `mask` tries, in table order; cached per mask."""
        if self.joins is None and self.searches >= _BUILD_AFTER:
            self.joins, self.joined = _join(self.table, self.anchored, self.needs)
            self.by_mask.clear()
        found = self.by_mask.get(mask)
        if found is None:
            joins = tuple(j for j, needs in self.joins or () if _meets(mask, needs))
            rest = tuple(rx for rx, needs in zip(self.table, self.needs)
                         if rx not in self.joined and _meets(mask, needs))
            found = self.by_mask[mask] = (joins, rest)
        return found


_split: dict[int, _Plan] = {}  # id(table) → its plan


def first_match(table: Table, text: str) -> re.Match[str] | None:
    """The match of the first pattern of `table` (in its order) that finds something in `text`, else None."""
    plan = _split.get(id(table))
    if plan is None or plan.table is not table:
        if not _due(table):
            return _first(table, text)
        plan = _split[id(table)] = _Plan(table)
    plan.searches += 1
    joins, rest = plan.tried(_scripts_of(text, plan.scripts))
    for gate in joins:
        if gate.match(text) is not None:
            return _first(table, text)
    for rx in rest:
        if rx.search(text) is not None:
            # rare (a line some rule takes): the exact first pattern of the table, with its groups
            return _first(table, text)
    return None


def _first(table: Table, text: str) -> re.Match[str] | None:
    for rx in table:
        m = rx.search(text)
        if m:
            return m
    return None


def _due(table: Table) -> bool:
    """Count a search of `table`; True once it has been searched often enough to read its patterns."""
    seen = _searches.get(id(table))  # keyed by id: hashing a tuple of patterns costs more than a search
    count = seen[1] + 1 if seen is not None and seen[0] is table else 1
    _searches[id(table)] = (table, count)
    return count > _READ_AFTER


def _join(table: Table, anchored: list[bool],
          needs: list[Needs]) -> tuple[list[tuple[re.Pattern[str], Needs]], set[re.Pattern[str]]]:
    """The table's anchored patterns joined, one alternation per flag set (when large enough) and script need; and the
    patterns the joins hold."""
    by_flags: dict[int, list[int]] = {}
    for i, rx in enumerate(table):
        if anchored[i]:
            by_flags.setdefault(rx.flags, []).append(i)
    joins: list[tuple[re.Pattern[str], Needs]] = []
    joined: set[re.Pattern[str]] = set()
    for flags, group in by_flags.items():
        if len(group) < _MIN_JOIN or sum(len(table[i].pattern) for i in group) > _MAX_MEAN_SOURCE * len(group):
            continue
        # one join per script need: a line tries only those of its scripts (together, the same compilation work)
        by_needs: dict[Needs, list[re.Pattern[str]]] = {}
        for i in group:
            by_needs.setdefault(needs[i], []).append(table[i])
        for need, members in by_needs.items():
            try:
                join = members[0] if len(members) == 1 else re.compile(
                    "|".join(f"(?:{_GROUP_NAME_RE.sub('(?:', rx.pattern)})" for rx in members), flags)
            except re.error:  # e.g. a global inline flag that must open the pattern: search these one by one
                continue
            joins.append((join, need))
            joined.update(members)
    return joins, joined


def _read(rx: re.Pattern[str]) -> tuple[bool, Needs]:
    """(whether the pattern can only match at the start of the text, the scripts every match needs), from one parse."""
    if sre_parse is None or not isinstance(rx.pattern, str):
        return False, ()
    try:
        parsed = sre_parse.parse(rx.pattern, rx.flags)
    except Exception:  # noqa: BLE001 - a private parser: any surprise means "search it on its own, always"
        return False, ()
    return _anchored(rx, parsed), _needs(parsed)


def _anchored(rx: re.Pattern[str], parsed: "sre_parse.SubPattern") -> bool:
    """True when the pattern can only match at the start of the text (`^` first, no top-level `|`, no MULTILINE)."""
    if rx.flags & re.MULTILINE or _BACKREF_RE.search(rx.pattern):
        return False
    return len(parsed) > 0 and parsed[0] == (sre_parse.AT, sre_parse.AT_BEGINNING)


# Scripts whose characters rules are written in: code point ranges, one bit each in a mask. A range need not hold
# letters only (a requirement is "a character of these ranges"), nor cover its script wholly (a character outside every
# range gives a pattern no requirement).
_SCRIPTS: tuple[tuple[tuple[int, int], ...], ...] = (
    ((0x41, 0x5A), (0x61, 0x7A)),  # Latin, ASCII
    ((0xC0, 0x24F), (0x1E00, 0x1EFF)),  # Latin-1 letters, Latin Extended (Vietnamese)
    ((0x370, 0x3FF), (0x1F00, 0x1FFF)),  # Greek
    ((0x400, 0x52F),),  # Cyrillic
    ((0x590, 0x6FF),),  # Hebrew, Arabic
    ((0x900, 0x97F),),  # Devanagari
    ((0xE00, 0xE7F),),  # Thai
    ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7A3)),  # Hangul
    ((0x3040, 0x30FF),),  # Kana
    ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)),  # Han
)
# Case-insensitive: a pattern's letter (or range) may match, under IGNORECASE, a character outside the ranges (`k` the
# Kelvin sign U+212A, `ı` an ASCII `i`); compiled the same way, a script's test finds those too. (For a case-sensitive
# pattern the test finds more than it needs: a line is then only tried when it need not be.)
_SCRIPT_TESTS = tuple(re.compile("[" + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in ranges) + "]", re.IGNORECASE)
                      for ranges in _SCRIPTS)
_last: tuple[str, int, int] = ("", 0, 0)  # the last text tested, the scripts tested for, those it has


def _scripts_of(text: str, scripts: int) -> int:
    """Which of the `scripts` (a mask) `text` has a character of; each test runs once per text, whichever table asks."""
    global _last
    last = _last  # read once: another thread may replace it (a tuple, never seen half-written)
    tested, has = (last[1], last[2]) if last[0] is text else (0, 0)
    todo = scripts & ~tested
    if todo:
        for bit, test in enumerate(_SCRIPT_TESTS):
            if todo >> bit & 1 and test.search(text) is not None:
                has |= 1 << bit
        _last = (text, tested | todo, has)
    return has & scripts


def _meets(mask: int, needs: Needs) -> bool:
    """True when a line with the scripts `mask` shares every mask of `needs`."""
    return all(mask & need for need in needs)


def _needs(parsed: "sre_parse.SubPattern") -> Needs:
    """Script masks every match of the parsed pattern holds a character of (each: one of its scripts); () when none."""
    masks = sorted({m for m in (_item_need(op, av) for op, av in parsed) if m}, key=int.bit_count)
    # a mask holding a smaller one is implied by it: keep the smallest masks
    kept: list[int] = []
    for mask in masks:
        if all(mask & k != k for k in kept):
            kept.append(mask)
    return tuple(kept)


def _sequence_need(items: "sre_parse.SubPattern") -> int:
    """The narrowest script mask one item of a sequence requires (every match holds all its items), 0 for none."""
    return min((m for m in (_item_need(op, av) for op, av in items) if m), key=int.bit_count, default=0)


def _item_need(op: object, av: object) -> int:  # parser opcodes and their arguments (private types)
    """The script mask every match of one parsed item holds a character of, 0 when it requires none we know."""
    c = sre_parse
    if op is c.LITERAL:
        return _range_mask(av, av)
    if op is c.IN:
        mask = 0
        for kind, arg in av:
            got = _range_mask(arg, arg) if kind is c.LITERAL else _range_mask(*arg) if kind is c.RANGE else 0
            if not got:
                return 0  # NEGATE, a category (\w, \d, \s), a character outside the scripts: anything may match
            mask |= got
        return mask
    if op is c.BRANCH:
        mask = 0
        for branch in av[1]:
            got = _sequence_need(branch)
            if not got:
                return 0
            mask |= got
        return mask
    if op is c.SUBPATTERN:
        return _sequence_need(av[3])
    if op in _REPEATS:
        return _sequence_need(av[2]) if av[0] >= 1 else 0
    if op is c.ASSERT:  # a lookahead or lookbehind that must hold: its characters are in the text
        return _sequence_need(av[1])
    if op is _ATOMIC_GROUP:
        return _sequence_need(av)
    return 0  # ANY, NOT_LITERAL, AT, ASSERT_NOT, group references, conditionals, …


_REPEATS = tuple(getattr(sre_parse, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
                 if hasattr(sre_parse, name))
_ATOMIC_GROUP = getattr(sre_parse, "ATOMIC_GROUP", object())


def _range_mask(lo: int, hi: int) -> int:
    """The scripts whose ranges cover every code point from lo to hi (their mask), 0 when one lies outside them all."""
    mask = 0
    while lo <= hi:
        for bit, ranges in enumerate(_SCRIPTS):
            end = next((b for a, b in ranges if a <= lo <= b), None)
            if end is not None:
                mask |= 1 << bit
                lo = end + 1
                break
        else:
            return 0
    return mask
