"""Field queries: `title:word`, `title:"a phrase"`, `-title:word` match (or exclude) in titles only.

The rest of the query is parsed as usual (storage/query.py); each field value becomes clauses whose FTS5
expression is wrapped in a column filter (`{search_title} : (…)`), so Korean pieces, spellings and
particles work inside a field exactly as they do anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storage.query import Clause, ParsedQuery, parse

# field name -> FTS column it searches
FIELD_COLUMNS = {"title": "search_title"}

_FIELD_RE = re.compile(r'(?<!\S)(-?)(' + "|".join(FIELD_COLUMNS) + r'):("[^"]*"\*?|[^\s"]+)', re.IGNORECASE)


@dataclass(frozen=True)
class FieldClause(Clause):
    """A clause that matches only in one FTS column."""

    column: str = "search_title"

    def fts(self, rank: bool = False, morph: object = None) -> str | None:
        """The clause's expression under a column filter, or None when it has no index tokens."""
        inner = super().fts(rank)  # bigrams only: the morpheme column holds no titles of their own
        return None if inner is None else f"{{{self.column}}} : ({inner})"


def parse_query(text: str | None, *, translate: bool = False) -> ParsedQuery:
    """`parse`, plus `title:` field terms; raises QuerySyntaxError like `parse` for an unsearchable query."""
    text = (text or "").strip()
    found: list[tuple[bool, str, str]] = []

    def take(m: re.Match[str]) -> str:
        found.append((m.group(1) == "-", m.group(2).lower(), m.group(3)))
        return " "

    rest = _FIELD_RE.sub(take, text)
    if not found:
        return parse(text, translate=translate)
    clauses = list(parse(rest, translate=translate).clauses) if rest.strip() else []
    for negated, name, value in found:
        for clause in parse(value, translate=translate).clauses:
            clauses.append(FieldClause(clause.terms, negated=clause.negated or negated, column=FIELD_COLUMNS[name]))
    return ParsedQuery(text, tuple(clauses))
