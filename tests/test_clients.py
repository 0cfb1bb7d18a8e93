"""Real SPARQL clients that nobody here wrote, against the real server: SPARQLWrapper and rdflib's SPARQLStore.

Each asks a question of the report and checks the answer the report gives:
the BSCB is responsible for actions 2, 10, 13 and 14; there are 14 areas for
improvement; the four judgements are all Inadequate.
"""

from __future__ import annotations

import csv
import io

import pytest
import requests
from conftest import body_iri, in_report
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, GET, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

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


# ---------------------------------------------------------------- every return format, as the clients send them
# SPARQLWrapper sends its format under three names (format, output, results), some twice (its own name,
# then the media types), and an Accept of its own; N3 is served as Turtle, which is N3.

BSCB_DESCRIBE = f"PREFIX ikg: <{IKG}> DESCRIBE ?a WHERE {{ ?a ikg:hasResponsibleBody <{BSCB}> }}"


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("query", [BSCB_CONSTRUCT, BSCB_DESCRIBE])
def test_sparqlwrapper_n3_is_served_turtle(server, method, query):
    result = wrapper(server, query, N3, method).query()
    assert result.response.headers["Content-Type"].startswith("text/turtle")
    graph = set(Graph().parse(data=result.convert(), format="turtle"))
    if query == BSCB_CONSTRUCT:
        assert graph == expected_construct()
    else:  # a description of each action holds at least what the CONSTRUCT asks for
        assert graph >= expected_construct()


@pytest.mark.parametrize("fmt", [JSONLD, JSON])
def test_sparqlwrapper_json_for_a_construct_is_json_ld(server, fmt):
    result = wrapper(server, BSCB_CONSTRUCT, fmt).query()
    assert result.response.headers["Content-Type"].startswith("application/ld+json")
    assert {(s, p, o) for s, p, o in result.convert()} == expected_construct()  # SPARQLWrapper parses it


@pytest.mark.parametrize("fmt", [XML, RDFXML, TURTLE])
def test_sparqlwrapper_rdf_formats_for_a_construct(server, fmt):
    result = wrapper(server, BSCB_CONSTRUCT, fmt).query()
    converted = result.convert()
    graph = converted if isinstance(converted, Graph) else Graph().parse(data=converted, format="turtle")
    assert {(s, p, o) for s, p, o in graph} == expected_construct()


@pytest.mark.parametrize("return_format", ["xml", "json", "csv", "tsv"])
def test_sparqlstore_in_each_return_format(server, return_format):
    store = SPARQLStore(query_endpoint=server + "/sparql", returnFormat=return_format)
    try:
        rows = list(Graph(store).query(BSCB_ACTIONS))
        assert [int(r.number) for r in rows] == [2, 10, 13, 14]
    finally:
        store.close()


@pytest.mark.parametrize("params, accept, media_type", [
    ({"format": "n3"}, None, "text/turtle"),
    ({"output": "turtle"}, None, "text/turtle"),
    ({"results": "rdf+xml"}, None, "application/rdf+xml"),
    ({"format": "application/rdf+xml; charset=utf-8"}, None, "application/rdf+xml"),
    ({"format": "json-ld"}, None, "application/ld+json"),
    ({"output": "nt"}, None, "application/n-triples"),
    ({}, "text/n3", "text/turtle"),
    ({}, "text/rdf+n3", "text/turtle"),
    ({}, "application/n3", "text/turtle"),
    ({}, "application/turtle", "text/turtle"),
    ({}, "text/turtle,*/*;q=0.9", "text/turtle"),                 # YASGUI
    ({"format": "html"}, "text/turtle", "text/html"),
    ({"format": "bogus", "output": "nt"}, None, "application/n-triples"),  # the first value on offer
])
def test_construct_format_values_and_accept_types_clients_send(server, params, accept, media_type):
    response = requests.get(server + "/sparql", params={"query": BSCB_CONSTRUCT, **params},
                            headers={"Accept": accept} if accept else {}, timeout=30)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["Content-Type"].split(";")[0] == media_type


@pytest.mark.parametrize("params, accept, media_type", [
    ({"output": "json"}, None, "application/sparql-results+json"),          # Jena / Fuseki
    ({"output": "xml"}, None, "application/sparql-results+xml"),
    ({"output": "csv"}, None, "text/csv"),
    ({"output": "tsv"}, None, "text/tab-separated-values"),
    ({"format": "application/sparql-results+json; charset=utf-8"}, None, "application/sparql-results+json"),
    ({"format": "text/tab-separated-values"}, "text/csv", "text/tab-separated-values"),
    ({"format": "text"}, "text/csv", "text/csv"),                          # Jena's text table: not here
    ({}, "application/json", "application/sparql-results+json"),
    ({}, "application/sparql-results+json,*/*;q=0.9", "application/sparql-results+json"),  # YASGUI
])
def test_select_format_values_and_accept_types_clients_send(server, params, accept, media_type):
    response = requests.get(server + "/sparql", params={"query": BSCB_ACTIONS, **params},
                            headers={"Accept": accept} if accept else {}, timeout=30)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["Content-Type"].split(";")[0] == media_type


# ---------------------------------------------------------------- a query request without its query

@pytest.mark.parametrize("params, accept", [
    ({}, "application/sparql-results+json"), ({}, "application/sparql-results+xml"), ({}, "text/csv"),
    ({}, "application/json"), ({"format": "json"}, None), ({"output": "srx"}, "text/turtle"),
])
def test_get_without_a_query_asking_for_results_is_400(server, params, accept):
    response = requests.get(server + "/sparql", params=params, headers={"Accept": accept} if accept else {},
                            timeout=30)
    assert response.status_code == 400, (response.status_code, response.text[:300])
    document = response.json()
    assert set(document) == {"error"} and "the query is missing" in document["error"]["message"]


@pytest.mark.parametrize("accept, media_type", [
    ("text/turtle", "text/turtle"), ("application/rdf+xml", "application/rdf+xml"), ("*/*", "text/turtle"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
])
def test_get_without_a_query_otherwise_describes_the_service(server, accept, media_type):
    response = requests.get(server + "/sparql", headers={"Accept": accept}, timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"].split(";")[0] == media_type
