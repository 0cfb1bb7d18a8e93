"""Look at a SPARQL request's text before the engine does.

A small lexer (strings, IRIs, comments and keywords, not a parser) answers the
questions the endpoint must settle before it hands a query to the engine:

* what form it is (SELECT, ASK, CONSTRUCT, DESCRIBE), to negotiate the result
  format, or whether it is an update, which this read-only endpoint refuses;
* whether it names its own dataset (FROM / FROM NAMED), which decides the
  default graph;
* how deeply it nests and how long its operator chains run: pyoxigraph's
  parser and evaluator recurse, and measured here they overflow the stack
  (killing the process) from about 5,000 nested groups or expressions and
  about 10,000 chained operators;
* which SERVICE endpoints it would call: a query must never make the server
  call another host unless the configuration allows that endpoint.

Anything refused raises QueryError (a 400) naming the line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import QueryError

QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
OPEN, CLOSE = "({[", ")}]"
# Binary and unary operators whose long chains build deep expression trees.
OPERATORS = {"||", "&&", "|", "/", "^", "+", "-", "*", "!", "UNION"}

TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)
  | (?P<pname>(?:[A-Za-z\u00c0-\uffff][\w.\-\u00b7\u00c0-\uffff]*)?:(?:[\w\-\u00b7\u00c0-\uffff.:%\\]*[\w\-:%\u00c0-\uffff])?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\|\||&&|!=|<=|>=|\^\^|[-+*/!|^=<>(){}\[\],;.@])
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)


@dataclass
class Inspection:
    """What the lexer learnt about a query."""

    form: str                        # SELECT, ASK, CONSTRUCT or DESCRIBE
    has_dataset: bool                # a FROM or FROM NAMED clause
    depth: int                       # deepest nesting of (), {}, [] and unary operators
    operators: int                   # how many operators and UNIONs
    services: list[str] = field(default_factory=list)  # SERVICE endpoints, as absolute IRIs

    @property
    def graph_result(self) -> bool:
        """True for CONSTRUCT and DESCRIBE, whose result is RDF rather than solutions."""
        return self.form in ("CONSTRUCT", "DESCRIBE")


def _position(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def _tokens(text: str):
    for match in TOKEN.finditer(text):
        kind = match.lastgroup
        if kind not in ("ws", "comment"):
            yield kind, match.group(), match.start()


def inspect_query(text: str, max_depth: int, max_operators: int,
                  allowed_services: frozenset[str] = frozenset()) -> Inspection:
    """Lex a query and check it against the limits; QueryError names where it goes wrong."""
    prefixes: dict[str, str] = {}
    base = ""
    form = None
    has_dataset = False
    depth = max_seen = operators = unary_run = 0
    services: list[str] = []
    tokens = list(_tokens(text))
    for i, (kind, value, offset) in enumerate(tokens):
        upper = value.upper() if kind == "word" else value
        if form is None and kind == "word":
            if upper in QUERY_FORMS:
                form = upper
            elif upper in UPDATE_KEYWORDS:
                raise QueryError(f"SPARQL Update ({upper} at {_position(text, offset)}) is not accepted: "
                                 "this endpoint is read-only")
            elif upper == "PREFIX" and i + 2 < len(tokens) and tokens[i + 2][0] == "iri":
                prefixes[tokens[i + 1][1].rstrip(":")] = tokens[i + 2][1][1:-1]
            elif upper == "BASE" and i + 1 < len(tokens) and tokens[i + 1][0] == "iri":
                base = tokens[i + 1][1][1:-1]
        if kind == "word" and upper == "FROM":
            has_dataset = True
        if value in OPEN:
            depth += 1
        elif value in CLOSE:
            depth = max(depth - 1, 0)
        is_operator = (kind == "op" and value in OPERATORS) or (kind == "word" and upper == "UNION")
        operators += is_operator
        # A run of prefix operators (!!!!x, - - -x) nests as deeply as parentheses do.
        unary_run = unary_run + 1 if kind == "op" and value in "!-+" and _prefix_position(tokens, i) else 0
        max_seen = max(max_seen, depth + unary_run)
        if max_seen > max_depth:
            raise QueryError(f"the query nests deeper than {max_depth} levels (at {_position(text, offset)}); "
                             "simplify it")
        if operators > max_operators:
            raise QueryError(f"the query has more than {max_operators} operators (at {_position(text, offset)}); "
                             "split it into smaller queries")
        if kind == "word" and upper == "SERVICE":
            services.append(_service_endpoint(text, tokens, i, prefixes, base, allowed_services))
    if form is None:
        raise QueryError("no SELECT, ASK, CONSTRUCT or DESCRIBE in the query")
    return Inspection(form, has_dataset, max_seen, operators, services)


def _prefix_position(tokens, i: int) -> bool:
    """True when the operator at i is unary: it follows an operator, '(' or ',' (or starts the text)."""
    if i == 0:
        return True
    kind, value, _ = tokens[i - 1]
    return (kind == "op" and value not in ")]}") or (kind == "word" and value.upper() in ("FILTER", "BIND"))


def _service_endpoint(text, tokens, i, prefixes, base, allowed) -> str:
    """The endpoint a SERVICE clause calls; QueryError unless the configuration allows it."""
    j = i + 1
    if j < len(tokens) and tokens[j][0] == "word" and tokens[j][1].upper() == "SILENT":
        j += 1
    where = _position(text, tokens[i][2])
    if j >= len(tokens):
        raise QueryError(f"SERVICE without an endpoint at {where}")
    kind, value, _ = tokens[j]
    if kind == "iri":
        endpoint = value[1:-1]
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", endpoint):
            endpoint = base + endpoint
    elif kind == "pname" and value.split(":", 1)[0] in prefixes:
        head, local = value.split(":", 1)
        endpoint = prefixes[head] + local
    else:
        raise QueryError(f"SERVICE with a variable or unknown endpoint ({value!r} at {where}) is not allowed: "
                         "this endpoint does not make federated calls")
    if endpoint not in allowed:
        raise QueryError(f"SERVICE <{endpoint}> (at {where}) is not allowed: this endpoint calls no other "
                         "host unless its configuration names it")
    return endpoint
