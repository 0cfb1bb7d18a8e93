"""Look at a SPARQL request's text before the engine does.

A few regular expressions (not a parser) answer the questions the endpoint
must settle before it hands a query to the engine:

* what form it is (SELECT, ASK, CONSTRUCT, DESCRIBE), to negotiate the result
  format, or whether it is an update, which this read-only endpoint refuses;
* whether it names its own dataset (FROM / FROM NAMED), which decides the
  default graph;
* how deeply it nests and how many operators it chains: pyoxigraph's parser
  and evaluator recurse, and measured here they overflow the stack (killing
  the process) from about 5,000 nested groups or expressions and about 10,000
  chained operators;
* which SERVICE endpoints it would call: a query must never make the server
  call another host unless the configuration allows that endpoint.

Strings, IRIs and comments are blanked out first (same length, so offsets
still point into the query), so nothing inside them counts. Anything refused
raises QueryError (a 400) naming the line and column.

Every query that reaches the endpoint passes here, so there are two readings.
The quick one (``_quick``) answers the common case, a query with no escapes,
updates, SERVICE or excess, with C-speed searches and counts and no offsets;
anything else, and everything it refuses, goes to the exact reading
(``_inspect``), which finds the position to name. Both read the same way:
tests/test_guard.py checks that they agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..errors import QueryError

QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}

# Strings (all four quotings), IRIs and comments: blanked before anything else is looked at.
OPAQUE = re.compile(r"""
    '''(?:[^'\\]|\\.|'(?!''))*'''
  | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
  | '(?:[^'\\\r\n]|\\.)*'
  | "(?:[^"\\\r\n]|\\.)*"
  | <[^<>"{}|^`\\\x00-\x20]*>
  | \#[^\r\n]*
""", re.VERBOSE | re.DOTALL)
# Keywords, matched in the upper-cased text (faster than a case-insensitive pattern).
WORDS = (r"(?:S(?:ELECT|ERVICE)|A(?:SK|DD)|C(?:ONSTRUCT|LEAR|REATE|OPY)|D(?:ESCRIBE|ELETE|ROP)"
         r"|INSERT|LOAD|MOVE|WITH|FROM|UNION)")
KEYWORD = re.compile(rf"\b{WORDS}\b")
QUICK_WORDS = ("SELECT", "SERVICE", "ASK", "ADD", "CONSTRUCT", "CLEAR", "CREATE", "COPY", "DESCRIBE", "DELETE",
               "DROP", "INSERT", "LOAD", "MOVE", "WITH", "FROM", "UNION")  # WORDS, for str.find
BRACKETS = re.compile(r"[(){}\[\]]")
OPERATORS = re.compile(r"\|\||&&|[-+*/!|^]")
UNARY_RUN = re.compile(r"[!+\-][\s!+\-]*[!+\-]")
CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# Functions whose value changes from run to run: such a query's answer cannot be cached or its cost predicted.
VOLATILE = re.compile(r"\b(?:RAND|NOW|UUID|STRUUID)\s*\(")
PREFIX_DECL = re.compile(r"PREFIX\s+([^\s:]*):\s*(<[^>]*>)", re.IGNORECASE)
BASE_DECL = re.compile(r"BASE\s*(<[^>]*>)", re.IGNORECASE)
UPDATE = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


@dataclass(frozen=True)
class Inspection:
    """What the guard learnt about a query."""

    form: str                        # SELECT, ASK, CONSTRUCT or DESCRIBE
    deterministic: bool              # no RAND(), NOW(), UUID(), STRUUID() or SERVICE: same data, same answer
    has_dataset: bool                # a FROM or FROM NAMED clause
    depth: int                       # deepest nesting of (), {}, [] and runs of unary operators
    operators: int                   # how many operators and UNIONs
    services: tuple[str, ...] = ()   # SERVICE endpoints, as absolute IRIs

    @property
    def graph_result(self) -> bool:
        """True for CONSTRUCT and DESCRIBE, whose result is RDF rather than solutions."""
        return self.form in ("CONSTRUCT", "DESCRIBE")


def _position(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def _blank(text: str) -> str:
    """The query with strings, IRIs and comments replaced by spaces of the same length."""
    return OPAQUE.sub(lambda m: " " * len(m.group()), text)


def unescape(text: str) -> str:
    """The query with its \\u and \\U codepoint escapes replaced, as SPARQL reads them before parsing."""
    def char(match):
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except ValueError:
            return match.group()

    return CODEPOINT.sub(char, text)


@lru_cache(maxsize=1024)
def inspect_query(text: str, max_depth: int, max_operators: int,
                  allowed_services: frozenset[str] = frozenset()) -> Inspection:
    """Check a query against the limits; QueryError names where it goes wrong.

    Escapes are read both ways, as written and decoded, and anything either
    reading finds counts: the engine must not see a SERVICE or an update that
    the guard missed. Remembered for the last 1,024 queries.
    """
    return _quick(text, max_depth, max_operators) or _inspect(text, max_depth, max_operators, allowed_services)


def _upper(code: str) -> str:
    """The text upper-cased character for character: offsets stay offsets ("ß".upper() is "SS", kept as "ß")."""
    upper = code.upper()
    if len(upper) == len(code):
        return upper
    return "".join(c.upper() if len(c.upper()) == 1 else c for c in code)


def _word_char(char: str) -> bool:
    """What re's \\w matches in a str pattern: Unicode letters and digits, and the underscore."""
    return char.isalnum() or char == "_"


def _quick(text: str, max_depth: int, max_operators: int) -> Inspection | None:
    """The common case read at C speed: no escapes, no update or SERVICE, within the limits. Else None."""
    if "\\u" in text or "\\U" in text:
        return None
    code = OPAQUE.sub(" ", text)
    upper = _upper(code)
    form, has_dataset, unions = None, False, 0
    for start, word in _find_words(upper):
        end = start + len(word)
        before = upper[start - 1] if start else " "
        after = upper[end] if end < len(upper) else " "
        if _word_char(before) or _word_char(after) or before in ":?$.-" or after in ":-":
            continue
        if word == "UNION":
            unions += 1
        elif word == "FROM":
            has_dataset = True
        elif word == "SERVICE" or (form is None and word in UPDATE):
            return None
        elif form is None and word in QUERY_FORMS:
            form = word
    if form is None:
        return None
    volatile = ("RAND" in upper or "NOW" in upper or "UUID" in upper) and bool(VOLATILE.search(upper))
    depth = _quick_depth(code, max_depth)
    operators = unions + sum(code.count(c) for c in "-+*/!|^") - code.count("||") + code.count("&&")
    if depth > max_depth or operators > max_operators:
        return None
    return Inspection(form, not volatile, has_dataset, depth, operators)


def _find_words(upper: str) -> list[tuple[int, str]]:
    """Where each keyword occurs, as a word or inside one (str.find is many times faster than re here)."""
    found = []
    for word in QUICK_WORDS:
        start = upper.find(word)
        while start >= 0:
            found.append((start, word))
            start = upper.find(word, start + len(word))
    return sorted(found)


NOT_BRACKETS = bytes(set(range(256)) - set(b"(){}[]"))
OPENING = frozenset(b"({[")


def _quick_depth(code: str, max_depth: int) -> int:
    """``_depth`` without positions (stops once past ``max_depth``): a loop over the brackets' bytes alone."""
    depth = deepest = 0
    for byte in code.encode("utf-8", "surrogatepass").translate(None, NOT_BRACKETS):
        if byte in OPENING:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > max_depth:
                    return deepest
        elif depth:
            depth -= 1
    for match in UNARY_RUN.finditer(code):
        deepest = max(deepest, sum(1 for c in match.group() if c in "!+-"))
    return deepest


def _inspect(text: str, max_depth: int, max_operators: int, allowed_services: frozenset[str]) -> Inspection:
    """The exact reading: both readings of escapes, every offset kept to name a position."""
    decoded = unescape(text)
    views = [(view, _blank(view)) for view in ([decoded] if decoded == text else [decoded, text])]
    found = [_scan(view, code, allowed_services) for view, code in views]
    form, has_dataset, services, unions, volatile = found[0]
    for _, dataset, more, _, changing in found[1:]:
        has_dataset, services, volatile = has_dataset or dataset, services + more, volatile or changing
    depth = max(_depth(view, code, max_depth) for view, code in views)
    operators = unions
    for operators, match in enumerate(OPERATORS.finditer(views[0][1]), unions + 1):
        if operators > max_operators:
            raise QueryError(f"the query has more than {max_operators} operators (at "
                             f"{_position(decoded, match.start())}); split it into smaller queries")
    return Inspection(form, not (volatile or services), has_dataset, depth, operators, tuple(services))


def _scan(text: str, code: str, allowed_services: frozenset[str]) -> tuple:
    """Form, dataset clause, SERVICE endpoints, UNION count and volatile functions of one reading.

    ``code`` is ``text`` with its strings, IRIs and comments blanked.
    """
    form, has_dataset, services, unions = None, False, [], 0
    for match in _keywords(code):
        word = match.group().upper()
        if word == "UNION":
            unions += 1
        elif form is None and word in UPDATE:
            raise QueryError(f"SPARQL Update ({word} at {_position(text, match.start())}) is not accepted: "
                             "this endpoint is read-only")
        elif form is None and word in QUERY_FORMS:
            form = word
        elif word == "FROM":
            has_dataset = True
        elif word == "SERVICE":
            services.append(_service_endpoint(text, code, match, allowed_services))
    if form is None:
        raise QueryError("no SELECT, ASK, CONSTRUCT or DESCRIBE in the query")
    return form, has_dataset, services, unions, bool(VOLATILE.search(code.upper()))


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of a query; QueryError when it has none, or is an update."""
    for match in _keywords(_blank(text)):
        word = match.group().upper()
        if word in QUERY_FORMS:
            return word
        if word in UPDATE:
            raise QueryError(f"SPARQL Update ({word}) is not a query")
    raise QueryError("no SELECT, ASK, CONSTRUCT or DESCRIBE in the query")


def _keywords(code: str):
    """The keywords that matter here; not a variable (?from), a prefixed name (ex:select) or part of a word."""
    for match in KEYWORD.finditer(_upper(code)):
        before = code[match.start() - 1] if match.start() else " "
        after = code[match.end()] if match.end() < len(code) else " "
        if before not in "_:?$.-" and after not in "_:-":
            yield match


def _depth(text: str, code: str, max_depth: int) -> int:
    """The deepest nesting; QueryError past ``max_depth``."""
    depth = deepest = 0
    for match in BRACKETS.finditer(code):
        depth = depth + 1 if match.group() in "({[" else max(depth - 1, 0)
        deepest = max(deepest, depth)
        if deepest > max_depth:
            raise _too_deep(text, match.start(), max_depth)
    # A run of prefix operators (!!!!x, - - -x) nests as deeply as parentheses do.
    for match in UNARY_RUN.finditer(code):
        deepest = max(deepest, sum(1 for c in match.group() if c in "!+-"))
        if deepest > max_depth:
            raise _too_deep(text, match.start(), max_depth)
    return deepest


def _too_deep(text: str, offset: int, max_depth: int) -> QueryError:
    return QueryError(f"the query nests deeper than {max_depth} levels (at {_position(text, offset)}); simplify it")


def _service_endpoint(text: str, code: str, match: re.Match, allowed: frozenset[str]) -> str:
    """The endpoint a SERVICE clause calls; QueryError unless the configuration allows it."""
    where = _position(text, match.start())
    rest = re.match(r"\s*(?:SILENT\b\s*)?", text[match.end():], re.IGNORECASE)
    start = match.end() + rest.end()
    target = re.match(r"<[^>]*>|[^\s{]+", text[start:])
    value = target.group() if target else ""
    endpoint = None
    if value.startswith("<"):
        endpoint = value[1:-1]
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", endpoint):
            base = BASE_DECL.search(text[:match.start()])
            endpoint = (base.group(1)[1:-1] if base else "") + endpoint
    elif ":" in value and not value.startswith(("?", "$")):
        head, local = value.split(":", 1)
        declared = {p: iri[1:-1] for p, iri in PREFIX_DECL.findall(text[:match.start()])}
        if head in declared:
            endpoint = declared[head] + local
    if endpoint is None:
        raise QueryError(f"SERVICE with a variable or unknown endpoint ({value[:60]!r} at {where}) is not allowed: "
                         "this endpoint does not make federated calls")
    if endpoint not in allowed:
        raise QueryError(f"SERVICE <{endpoint}> (at {where}) is not allowed: this endpoint calls no other "
                         "host unless its configuration names it")
    return endpoint
