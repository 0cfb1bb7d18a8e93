"""Real SPARQL clients that nobody here wrote, against the real server: SPARQLWrapper and rdflib's SPARQLStore.

Each asks a question of the report and checks the answer the report gives:
the BSCB is responsible for actions 2, 10, 13 and 14; there are 14 areas for
improvement; the four judgements are all Inadequate.
"""

from __future__ import annotations

import csv
import io

import pytest
from conftest import body_iri, in_report
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, GET, JSON, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

IKG = "https://w3id.org/inspection-kg/def#"
BSCB = body_iri("bscb")
INADEQUATE = "https://w3id.org/inspection-kg/def/grade/inadequate"
RESULTS_NS = "http://www.w3.org/2005/sparql-results#"

BSCB_ACTIONS = f"""PREFIX ikg: <{IKG}>
SELECT ?number ?action WHERE {{ <{BSCB}> ikg:responsibleFor ?action . ?action ikg:number ?number }}
ORDER BY ?number"""
BSCB_CONSTRUCT = f"""PREFIX ikg: <{IKG}>
CONSTRUCT {{ ?action ikg:hasResponsibleBody <{BSCB}> ; ikg:number ?number }}
WHERE {{ ?action ikg:hasResponsibleBody <{BSCB}> ; ikg:number ?number }}"""
ACTION_COUNT = f"PREFIX ikg: <{IKG}> SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a a ikg:Action }}"
JUDGEMENTS = f"""PREFIX ikg: <{IKG}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?area ?grade ?label WHERE {{ ?j a ikg:Judgement ; ikg:area ?area ; ikg:grade ?grade .
                                   ?grade skos:prefLabel ?label }}"""


def wrapper(server, query, return_format, method=GET) -> SPARQLWrapper:
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(return_format)
    client.setMethod(method)
    return client


# ---------------------------------------------------------------- SPARQLWrapper

@pytest.mark.parametrize("method", [GET, POST])
def test_sparqlwrapper_select_json(server, method):
    result = wrapper(server, BSCB_ACTIONS, JSON, method).query()
    assert result.response.headers["Content-Type"].startswith("application/sparql-results+json")
    document = result.convert()
    assert document["head"]["vars"] == ["number", "action"]
    rows = document["results"]["bindings"]
    assert [int(r["number"]["value"]) for r in rows] == [2, 10, 13, 14]
    assert [r["action"]["value"] for r in rows] == [in_report(f"action/{n}") for n in (2, 10, 13, 14)]
    assert {r["number"]["datatype"] for r in rows} == {"http://www.w3.org/2001/XMLSchema#integer"}


def test_sparqlwrapper_select_xml(server):
    document = wrapper(server, BSCB_ACTIONS, XML).query().convert()  # a DOM document
    numbers = [int(b.getElementsByTagNameNS(RESULTS_NS, "literal")[0].firstChild.data)
               for b in document.getElementsByTagNameNS(RESULTS_NS, "binding") if b.getAttribute("name") == "number"]
    assert numbers == [2, 10, 13, 14]


def test_sparqlwrapper_select_csv(server):
    body = wrapper(server, BSCB_ACTIONS, CSV).query().convert()
    table = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert table[0] == ["number", "action"]
    assert [(int(n), a) for n, a in table[1:]] == [(n, in_report(f"action/{n}")) for n in (2, 10, 13, 14)]


def test_sparqlwrapper_select_tsv(server):
    body = wrapper(server, BSCB_ACTIONS, TSV).query().convert()
    lines = body.decode("utf-8").rstrip("\n").split("\n")
    assert lines[0].split("\t") == ["?number", "?action"]
    cells = [line.split("\t") for line in lines[1:]]
    assert [c[1] for c in cells] == [f"<{in_report(f'action/{n}')}>" for n in (2, 10, 13, 14)]
    assert [int(c[0].split('"')[1] if c[0].startswith('"') else c[0]) for c in cells] == [2, 10, 13, 14]


def test_sparqlwrapper_ask_and_count(server):
    assert wrapper(server, f"PREFIX ikg: <{IKG}> ASK {{ <{BSCB}> ikg:responsibleFor <{in_report('action/2')}> }}",
                   JSON).query().convert()["boolean"] is True
    document = wrapper(server, ACTION_COUNT, JSON).query().convert()
    assert document["results"]["bindings"][0]["n"]["value"] == "14"


def test_sparqlwrapper_judgements_all_inadequate(server):
    rows = wrapper(server, JUDGEMENTS, JSON).query().convert()["results"]["bindings"]
    assert len(rows) == 4
    assert len({r["area"]["value"] for r in rows}) == 4
    assert {r["grade"]["value"] for r in rows} == {INADEQUATE}
    assert {r["label"]["value"] for r in rows} == {"Inadequate"}


def expected_construct() -> set:
    has_responsible, number = URIRef(IKG + "hasResponsibleBody"), URIRef(IKG + "number")
    triples = set()
    for n in (2, 10, 13, 14):
        action = URIRef(in_report(f"action/{n}"))
        triples |= {(action, has_responsible, URIRef(BSCB)), (action, number, Literal(n))}
    return triples


def test_sparqlwrapper_construct_turtle(server):
    result = wrapper(server, BSCB_CONSTRUCT, TURTLE).query()
    assert result.response.headers["Content-Type"].startswith("text/turtle")
    body = result.convert()
    graph = Graph().parse(data=body, format="turtle")
    assert set(graph) == expected_construct()


def test_sparqlwrapper_construct_rdfxml(server):
    result = wrapper(server, BSCB_CONSTRUCT, RDFXML).query()
    assert result.response.headers["Content-Type"].startswith("application/rdf+xml")
    graph = result.convert()  # SPARQLWrapper parses RDF/XML into an rdflib graph itself
    assert {(s, p, o) for s, p, o in graph} == expected_construct()


# ---------------------------------------------------------------- rdflib's SPARQLStore

@pytest.fixture(scope="module")
def remote(server):
    store = SPARQLStore(query_endpoint=server + "/sparql")
    yield Graph(store)
    store.close()


def test_sparqlstore_select(remote):
    rows = list(remote.query(BSCB_ACTIONS))
    assert [int(r.number) for r in rows] == [2, 10, 13, 14]
    assert [str(r.action) for r in rows] == [in_report(f"action/{n}") for n in (2, 10, 13, 14)]


def test_sparqlstore_count_ask_and_judgements(remote):
    assert int(list(remote.query(ACTION_COUNT))[0].n) == 14
    assert remote.query(f"PREFIX ikg: <{IKG}> ASK {{ <{BSCB}> ikg:responsibleFor ?a }}").askAnswer is True
    rows = list(remote.query(JUDGEMENTS))
    assert len(rows) == 4 and {str(r.grade) for r in rows} == {INADEQUATE}


def test_sparqlstore_construct(remote):
    result = remote.query(BSCB_CONSTRUCT)
    assert {(s, p, o) for s, p, o in result.graph} == expected_construct()


def test_sparqlstore_triples_and_graph_api(remote):
    """Graph methods become queries too: triples(), value(), and the count of a pattern."""
    action2 = URIRef(in_report("action/2"))
    assert remote.value(action2, URIRef(IKG + "number")) == Literal(2)
    responsible = set(remote.objects(action2, URIRef(IKG + "hasResponsibleBody")))
    assert responsible == {URIRef(BSCB)}
    actions = set(remote.subjects(RDF.type, URIRef(IKG + "Action")))
    assert len(actions) == 14
    assert remote.value(URIRef(INADEQUATE), SKOS.prefLabel) in (Literal("Inadequate"), Literal("Inadequate", lang="en"))
