"""A query's parameters for an engine without pyoxigraph's substitutions: a VALUES block in its outermost group.

pyoxigraph binds a catalogue query's parameters by substitution (RDF-dev
SEP-0007). The SPARQL 1.1 Protocol has nothing like it, so for a remote
engine the parameters become an inline data block at the start of the
outermost WHERE group, ``{ VALUES (?body) { (<...>) } ...``: joined with
everything else in that group, and seen by its FILTERs, OPTIONALs and
NOT EXISTS alike. The one place it differs is a nested group that filters on
a parameter it does not bind itself, where substitution sees the value and a
join does not; every catalogue query is checked to give the same answers
both ways (tests/test_stores.py). The block goes on the line of the opening
brace, so an engine's error still points at the query's own lines.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from ..errors import QueryError
from .guard import QUERY_FORMS, _blank, _keywords

WHERE = re.compile(r"\bWHERE\b", re.IGNORECASE)


def values_block(bindings: dict) -> str:
    """``VALUES (?a ?b) { (<x> "y") }`` for a mapping of variables (names or ox.Variable) to terms."""
    names = [getattr(v, "value", v) for v in bindings]
    for term in bindings.values():
        if isinstance(term, ox.BlankNode):
            raise QueryError("a blank node cannot be a parameter's value (SPARQL's VALUES takes none)")
    terms = " ".join(str(t) for t in bindings.values())
    return f"VALUES ({' '.join('?' + n for n in names)}) {{ ({terms}) }}"


def inject_values(query: str, bindings: dict) -> str:
    """The query with ``bindings`` as a VALUES block at the start of its outermost WHERE group."""
    if not bindings:
        return query
    brace = where_group(query)
    return f"{query[:brace + 1]} {values_block(bindings)} {query[brace + 1:]}"


def where_group(query: str) -> int:
    """The offset of the ``{`` that opens the query's outermost WHERE group; QueryError if it has none."""
    code = _blank(query)
    form = next((m for m in _keywords(code) if m.group().upper() in QUERY_FORMS), None)
    if form is None:
        raise QueryError("no SELECT, ASK, CONSTRUCT or DESCRIBE in the query")
    start = form.end()
    if form.group().upper() == "CONSTRUCT":
        template = _top_level_brace(code, start)
        if template is not None and not WHERE.search(code, start, template):
            start = _closing(code, template) + 1  # CONSTRUCT { template } WHERE { ... }
    brace = _top_level_brace(code, start)
    if brace is None:
        raise QueryError("the query has no WHERE clause to bind its parameters in")
    return brace


def _top_level_brace(code: str, start: int) -> int | None:
    """The first ``{`` from ``start`` outside parentheses (an EXISTS in a SELECT expression is inside them)."""
    depth = 0
    for index in range(start, len(code)):
        char = code[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif char == "{" and depth == 0:
            return index
    return None


def _closing(code: str, opening: int) -> int:
    depth = 0
    for index in range(opening, len(code)):
        if code[index] == "{":
            depth += 1
        elif code[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    raise QueryError("the query's braces do not balance")
