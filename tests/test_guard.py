"""The guard reads a query's shape as the engine will: keywords, not text inside strings, IRIs or comments."""

from __future__ import annotations

import pytest

from service.errors import QueryError
from service.store.guard import inspect_query

ALLOWED = frozenset({"http://allowed.example/sparql"})


def inspect(query: str):
    return inspect_query(query, 64, 2000, ALLOWED)


@pytest.mark.parametrize("query, form", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("prefix ex: <http://e/> ask { ex:a ex:b ex:c }", "ASK"),
    ("BASE <http://b/> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("# SELECT in a comment\nDESCRIBE <http://x/>", "DESCRIBE"),
    ('PREFIX select: <http://e/> CONSTRUCT { ?s select:ask "SELECT" } WHERE {}', "CONSTRUCT"),
])
def test_the_query_form_is_the_first_form_keyword(query, form):
    assert inspect(query).form == form


@pytest.mark.parametrize("query", [
    'SELECT ("SERVICE <http://evil.example/>" AS ?x) {}',
    "SELECT * { ?s <http://e/SERVICE> ?o }",
    "SELECT * { ?s ?p ?o } # SERVICE <http://evil.example/> {}",
    "PREFIX ex: <http://e/> SELECT ?service { ?service ex:service ?o }",
    "SELECT * { SERVICE <http://allowed.example/sparql> { ?s ?p ?o } }",
])
def test_service_words_that_call_nothing_pass(query):
    inspection = inspect(query)
    assert inspection.services in ((), ("http://allowed.example/sparql",))


@pytest.mark.parametrize("query", [
    "SELECT * { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }",
    "select * { service silent <http://evil.example/sparql> { ?s ?p ?o } }",
    "PREFIX ev: <http://evil.example/> SELECT * { SERVICE ev:sparql {} }",
    "BASE <http://evil.example/> SELECT * { SERVICE <sparql> {} }",
    "SELECT * { SERVICE ?endpoint {} }",
    "SELECT * { \\u0053ERVICE <http://evil.example/sparql> {} }",
    "SELECT (<http://e/\\u0041'> AS ?a) { SERVICE <http://evil.example/sparql> {} FILTER(?a != <http://e/'>) }",
])
def test_service_to_an_endpoint_not_allowed_is_refused(query):
    with pytest.raises(QueryError, match="SERVICE"):
        inspect(query)


@pytest.mark.parametrize("query", ["INSERT DATA { <a:b> <a:c> <a:d> }", "PREFIX e: <http://e/> DELETE WHERE { ?s ?p ?o }",
                                   "CLEAR ALL", "LOAD <http://e/x>", "WITH <http://g/> DELETE { ?s ?p ?o } WHERE {}"])
def test_updates_are_refused(query):
    with pytest.raises(QueryError, match="read-only"):
        inspect(query)


def test_dataset_clauses_are_noticed_only_as_keywords():
    assert inspect("SELECT * FROM <http://g/> { ?s ?p ?o }").has_dataset
    assert inspect("SELECT * FROM NAMED <http://g/> { GRAPH ?g { ?s ?p ?o } }").has_dataset
    assert not inspect('SELECT ("FROM" AS ?from) { ?s <http://e/from> ?o }').has_dataset


def test_nesting_and_operators_are_bounded_with_a_position():
    assert inspect("SELECT * WHERE " + "{" * 60 + "}" * 60).depth == 60
    with pytest.raises(QueryError, match=r"deeper than 64 levels \(at line 1, column \d+\)"):
        inspect("SELECT * WHERE " + "{" * 65 + "}" * 65)
    with pytest.raises(QueryError, match="deeper than 64"):
        inspect("ASK { FILTER(" + "!" * 65 + "true) }")
    with pytest.raises(QueryError, match="more than 2000 operators"):
        inspect("ASK { FILTER(1" + " + 1" * 2001 + " > 0) }")
    assert inspect('ASK { FILTER("(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((" != "") }').depth == 2


@pytest.mark.parametrize("query, deterministic", [
    ("SELECT * { ?s ?p ?o }", True),
    ("SELECT (RAND() AS ?r) {}", False),
    ("SELECT (now() AS ?t) {}", False),
    ("SELECT (STRUUID() AS ?u) {}", False),
    ('SELECT ("RAND()" AS ?r) {}', True),
    ("SELECT * { SERVICE <http://allowed.example/sparql> { ?s ?p ?o } }", False),
])
def test_volatile_queries_are_marked(query, deterministic):
    assert inspect(query).deterministic is deterministic


# ---------------------------------------------------------------- the quick reading agrees with the exact one

from pathlib import Path  # noqa: E402

from fuzzing import fuzz_settings  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from service.store.guard import _inspect, _quick  # noqa: E402

CATALOGUE = [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parent.parent / "queries").glob("*.rq"))]
PIECES = ["SELECT", "select", "ASK", "CONSTRUCT", "DESCRIBE", "INSERT", "delete", "WITH", "ADD", "FROM", "UNION",
          "SERVICE", "<http://e/x>", '"SELECT"', "'''x'''", "# UNION\n", "(", ")", "{", "}", "[", "]", "!", "-", "+",
          "||", "&&", "|", "^", "/", "*", "?x", "$y", "ex:from", "?select", "RAND()", "now ()", "STRUUID(", "\\u0041",
          " ", "\n", "ß", "ﬁ"]


@fuzz_settings(300)
@given(base=st.sampled_from(CATALOGUE + [""]), pieces=st.lists(st.tuples(st.integers(0, 10_000),
                                                                        st.sampled_from(PIECES)), max_size=6))
def test_the_quick_reading_agrees_with_the_exact_one(base, pieces):
    """Where the quick reading answers, the exact one gives the same Inspection; where the exact one
    refuses, the quick one does not answer (it leaves every refusal, with its position, to the exact one)."""
    text = base
    for at, piece in pieces:
        at %= len(text) + 1
        text = text[:at] + piece + text[at:]
    quick = _quick(text, 64, 2000)
    try:
        exact = _inspect(text, 64, 2000, frozenset())
    except QueryError:
        assert quick is None, text
        return
    assert quick is None or quick == exact, text
