"""The SPARQL endpoint (/sparql) and the graph store (/store), over HTTP, against the real server.

Every request goes to a real `inspection-kg serve` process on 127.0.0.1 (the
``server`` fixture: the session's build of the report); a second server with
small limits (--max-request-bytes 20000, --max-rows 5) checks the limits.
Bodies are parsed with a parser for their format (json, xml.etree, csv,
rdflib) and their content compared with the built dataset.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
import requests
from conftest import body_iri, graph_iri, in_report
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF
from server import RunningServer

IKG = "https://w3id.org/inspection-kg/def#"
BSCB = body_iri("bscb")
ACTION = {n: in_report(f"action/{n}") for n in range(1, 15)}
CURATION, INFERRED, STRUCTURE = graph_iri("curation"), graph_iri("inferred"), graph_iri("structure")
VALIDATION = graph_iri("validation")
ONTOLOGY = graph_iri("ontology", report=False)
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"

BSCB_ACTIONS = f"""PREFIX ikg: <{IKG}>
SELECT ?number WHERE {{ <{BSCB}> ikg:responsibleFor ?action . ?action ikg:number ?number }} ORDER BY ?number"""
BSCB_CONSTRUCT = f"""PREFIX ikg: <{IKG}>
CONSTRUCT {{ ?action ikg:hasResponsibleBody <{BSCB}> }} WHERE {{ ?action ikg:hasResponsibleBody <{BSCB}> }}"""

SOLUTION_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                  "csv": "text/csv", "tsv": "text/tab-separated-values"}
RDF_TYPES = {"ttl": "text/turtle", "nt": "application/n-triples", "xml": "application/rdf+xml",
             "jsonld": "application/ld+json", "nq": "application/n-quads", "trig": "application/trig"}
RDFLIB_FORMAT = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
                 "application/ld+json": "json-ld", "application/n-quads": "nquads", "application/trig": "trig"}
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"


# ---------------------------------------------------------------- helpers

def get(base, params=None, accept=None, headers=None, path="/sparql", **kwargs) -> requests.Response:
    all_headers = {**({"Accept": accept} if accept else {}), **(headers or {})}
    response = requests.get(base + path, params=params, headers=all_headers, timeout=60, **kwargs)
    assert response.status_code < 500, (response.status_code, response.text[:500])
    return response


def post(base, data, content_type, accept=None, headers=None, params=None, path="/sparql") -> requests.Response:
    all_headers = {**({"Content-Type": content_type} if content_type else {}),
                   **({"Accept": accept} if accept else {}), **(headers or {})}
    if isinstance(data, str):
        data = data.encode("utf-8")
    response = requests.post(base + path, data=data, headers=all_headers, params=params, timeout=60)
    assert response.status_code < 500, (response.status_code, response.text[:500])
    return response


def form(pairs) -> bytes:
    return requests.models.RequestEncodingMixin._encode_params(pairs).encode("ascii")


def media_type(response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def error(response, status: int) -> str:
    """Assert the one JSON error shape with this status; return the message."""
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert media_type(response) == "application/json", response.headers.get("Content-Type")
    document = response.json()
    assert set(document) == {"error"}, document
    assert set(document["error"]) == {"status", "title", "message"}, document
    assert type(document["error"]["status"]) is int and document["error"]["status"] == status
    assert isinstance(document["error"]["title"], str) and document["error"]["title"]
    assert isinstance(document["error"]["message"], str) and document["error"]["message"]
    return document["error"]["message"]


def json_column(response, name: str) -> list[str]:
    assert response.status_code == 200, response.text[:500]
    assert media_type(response) == "application/sparql-results+json"
    return [b[name]["value"] for b in response.json()["results"]["bindings"] if name in b]


def xml_column(body: bytes, name: str) -> list[str]:
    root = ET.fromstring(body)
    values = []
    for result in root.iter(f"{RESULTS_NS}result"):
        for binding in result.findall(f"{RESULTS_NS}binding"):
            if binding.get("name") == name:
                values.append(next(iter(binding)).text)
    return values


def tsv_value(cell: str) -> str:
    """A TSV cell's lexical value: "2"^^<...integer>, 2, <iri> or "text"."""
    if cell.startswith("<") and cell.endswith(">"):
        return cell[1:-1]
    match = re.fullmatch(r'"(.*)"(?:\^\^<[^>]*>|@[A-Za-z-]+)?', cell)
    return match.group(1) if match else cell


def solutions(response) -> tuple[list[str], list[dict[str, str]]]:
    """(variables, rows of lexical values) from any of the four result formats."""
    assert response.status_code == 200, response.text[:500]
    kind = media_type(response)
    if kind == "application/sparql-results+json":
        doc = response.json()
        variables = doc["head"]["vars"]
        return variables, [{v: b[v]["value"] for v in b} for b in doc["results"]["bindings"]]
    if kind == "application/sparql-results+xml":
        root = ET.fromstring(response.content)
        variables = [v.get("name") for v in root.iter(f"{RESULTS_NS}variable")]
        rows = []
        for result in root.iter(f"{RESULTS_NS}result"):
            rows.append({b.get("name"): next(iter(b)).text for b in result.findall(f"{RESULTS_NS}binding")})
        return variables, rows
    text = response.content.decode("utf-8")
    if kind == "text/csv":
        table = list(csv.reader(io.StringIO(text)))
        return table[0], [{v: c for v, c in zip(table[0], row) if c != ""} for row in table[1:]]
    if kind == "text/tab-separated-values":
        lines = text.rstrip("\n").split("\n")
        variables = [v.lstrip("?") for v in lines[0].split("\t")]
        return variables, [{v: tsv_value(c) for v, c in zip(variables, line.split("\t")) if c != ""}
                           for line in lines[1:]]
    raise AssertionError(f"not a results format: {kind}")


def ask_value(response) -> bool:
    assert response.status_code == 200, response.text[:500]
    kind = media_type(response)
    if kind == "application/sparql-results+json":
        return response.json()["boolean"]
    if kind == "application/sparql-results+xml":
        return ET.fromstring(response.content).find(f"{RESULTS_NS}boolean").text == "true"
    raise AssertionError(kind)


def rdf_graph(response) -> Graph:
    """The triples of an RDF response, parsed by rdflib for its media type (quads merged)."""
    assert response.status_code == 200, response.text[:500]
    fmt = RDFLIB_FORMAT[media_type(response)]
    if fmt in ("nquads", "trig", "json-ld"):
        dataset = Dataset()
        dataset.parse(data=response.content, format=fmt)
        graph = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
        return graph
    return Graph().parse(data=response.content, format=fmt)


def bscb_numbers(response) -> list[int]:
    _, rows = solutions(response)
    return [int(r["number"]) for r in rows]


# ---------------------------------------------------------------- expected values from the built dataset

@pytest.fixture(scope="module")
def expected(store):
    """Per-graph triple counts and the union of all graphs, read from the built dataset."""
    counts = {g: sum(1 for _ in store.quads(g)) for g in store.graphs()}
    union = Graph()
    dataset = Dataset()
    dataset.parse(data=_nquads(store), format="nquads")
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    per_graph = {}
    for g in counts:
        graph = Graph()
        for s, p, o in dataset.graph(URIRef(g)):
            graph.add((s, p, o))
        per_graph[g] = graph
    return {"counts": counts, "union": union, "graphs": per_graph}


def _nquads(store) -> bytes:
    return ox.serialize(list(store.quads(None)), format=ox.RdfFormat.N_QUADS)


@pytest.fixture(scope="module")
def limited(built):
    """A second server with small limits: 20,000-byte requests and 5 result rows."""
    with RunningServer(built.dataset, workers=1, executors=2, query_timeout=10, max_request_bytes=20000,
                       max_rows=5) as base:
        yield base


# ---------------------------------------------------------------- the three request forms

def test_three_request_forms_give_the_same_solutions(server):
    accept = "application/sparql-results+json"
    by_get = get(server, {"query": BSCB_ACTIONS}, accept)
    by_form = post(server, form({"query": BSCB_ACTIONS}), FORM, accept)
    by_direct = post(server, BSCB_ACTIONS, DIRECT, accept)
    for response in (by_get, by_form, by_direct):
        assert response.status_code == 200, response.text
        assert bscb_numbers(response) == [2, 10, 13, 14]
    assert by_get.json() == by_form.json() == by_direct.json()


def test_form_and_direct_posts_take_their_charset_parameter(server):
    assert bscb_numbers(post(server, form({"query": BSCB_ACTIONS}), FORM + "; charset=UTF-8")) == [2, 10, 13, 14]
    assert bscb_numbers(post(server, BSCB_ACTIONS, DIRECT + "; charset=utf-8")) == [2, 10, 13, 14]


# ---------------------------------------------------------------- the dataset

def test_default_graph_is_the_union_of_asserted_and_inferred(server, expected):
    # ikg:responsibleFor is only in the inferred graph, ikg:hasResponsibleBody only in the curation graph
    query = f"""PREFIX ikg: <{IKG}>
        SELECT (COUNT(*) AS ?n) WHERE {{ <{BSCB}> ikg:responsibleFor ?a . ?a ikg:hasResponsibleBody <{BSCB}> }}"""
    assert json_column(get(server, {"query": query}), "n") == ["4"]
    total = json_column(get(server, {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}), "n")
    assert int(total[0]) == len(expected["union"])


def test_graph_reaches_each_named_graph(server, expected):
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    _, rows = solutions(get(server, {"query": query}))
    assert {r["g"]: int(r["n"]) for r in rows} == expected["counts"]
    assert set(expected["counts"]) == {CURATION, INFERRED, STRUCTURE, ONTOLOGY, VALIDATION}
    inferred_only = f"""PREFIX ikg: <{IKG}>
        SELECT ?g WHERE {{ GRAPH ?g {{ <{BSCB}> ikg:responsibleFor <{ACTION[2]}> }} }}"""
    assert json_column(get(server, {"query": inferred_only}), "g") == [INFERRED]


def test_query_from_clause_is_used_without_protocol_dataset(server, expected):
    query = f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY}> WHERE {{ ?s ?p ?o }}"
    assert json_column(get(server, {"query": query}), "n") == [str(expected["counts"][ONTOLOGY])]
    named = f"SELECT DISTINCT ?g FROM NAMED <{STRUCTURE}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert json_column(get(server, {"query": named}), "g") == [STRUCTURE]


def test_default_graph_uri_replaces_the_default_graph(server, expected):
    responsible_for = f"PREFIX ikg: <{IKG}> ASK {{ <{BSCB}> ikg:responsibleFor ?a }}"
    has_responsible = f"PREFIX ikg: <{IKG}> ASK {{ ?a ikg:hasResponsibleBody <{BSCB}> }}"
    assert ask_value(get(server, {"query": responsible_for})) is True
    assert ask_value(get(server, {"query": responsible_for, "default-graph-uri": CURATION})) is False
    assert ask_value(get(server, {"query": has_responsible, "default-graph-uri": CURATION})) is True
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    two = [("query", count), ("default-graph-uri", CURATION), ("default-graph-uri", ONTOLOGY)]
    assert json_column(get(server, two), "n") == [str(expected["counts"][CURATION] + expected["counts"][ONTOLOGY])]


def test_default_graph_uri_overrides_from(server, expected):
    query = f"SELECT (COUNT(*) AS ?n) FROM <{INFERRED}> WHERE {{ ?s ?p ?o }}"
    response = get(server, {"query": query, "default-graph-uri": ONTOLOGY})
    assert json_column(response, "n") == [str(expected["counts"][ONTOLOGY])]


def test_named_graph_uri_replaces_and_overrides_from_named(server):
    query = f"SELECT DISTINCT ?g FROM NAMED <{INFERRED}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} ORDER BY ?g"
    pairs = [("query", query), ("named-graph-uri", STRUCTURE), ("named-graph-uri", ONTOLOGY)]
    assert json_column(get(server, pairs), "g") == sorted([STRUCTURE, ONTOLOGY])
    # with only named graphs given, the default graph is empty (not the union)
    count = [("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"), ("named-graph-uri", STRUCTURE)]
    assert json_column(get(server, count), "n") == ["0"]


def test_dataset_parameters_in_the_form_body_and_mixed_with_the_url(server, expected):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    body = form([("query", count), ("default-graph-uri", CURATION), ("default-graph-uri", ONTOLOGY)])
    assert json_column(post(server, body, FORM), "n") == [
        str(expected["counts"][CURATION] + expected["counts"][ONTOLOGY])]
    mixed = post(server, form([("query", count), ("default-graph-uri", CURATION)]), FORM,
                 params=[("default-graph-uri", STRUCTURE)])
    assert json_column(mixed, "n") == [str(expected["counts"][CURATION] + expected["counts"][STRUCTURE])]
    direct = post(server, count, DIRECT, params=[("default-graph-uri", ONTOLOGY)])
    assert json_column(direct, "n") == [str(expected["counts"][ONTOLOGY])]
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = post(server, form([("query", named), ("named-graph-uri", INFERRED)]), FORM)
    assert json_column(response, "g") == [INFERRED]


def test_relative_dataset_iri_is_refused(server):
    message = error(get(server, {"query": "ASK {}", "default-graph-uri": "curation"}), 400)
    assert "default-graph-uri" in message
    message = error(get(server, {"query": "ASK {}", "named-graph-uri": "not an iri"}), 400)
    assert "named-graph-uri" in message


# ---------------------------------------------------------------- content negotiation: solutions

@pytest.mark.parametrize("name", list(SOLUTION_TYPES))
def test_select_in_each_results_format(server, name):
    response = get(server, {"query": BSCB_ACTIONS}, SOLUTION_TYPES[name])
    assert media_type(response) == SOLUTION_TYPES[name]
    variables, rows = solutions(response)
    assert variables == ["number"]
    assert [int(r["number"]) for r in rows] == [2, 10, 13, 14]


def test_select_xml_binds_typed_literals(server):
    response = get(server, {"query": BSCB_ACTIONS}, "application/sparql-results+xml")
    root = ET.fromstring(response.content)
    literals = list(root.iter(f"{RESULTS_NS}literal"))
    assert [lit.text for lit in literals] == ["2", "10", "13", "14"]
    assert {lit.get("datatype") for lit in literals} == {"http://www.w3.org/2001/XMLSchema#integer"}


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml"])
def test_ask_in_json_and_xml(server, accept):
    yes = get(server, {"query": f"PREFIX ikg: <{IKG}> ASK {{ <{BSCB}> ikg:responsibleFor <{ACTION[2]}> }}"}, accept)
    no = get(server, {"query": f"PREFIX ikg: <{IKG}> ASK {{ <{BSCB}> ikg:responsibleFor <{ACTION[1]}> }}"}, accept)
    assert media_type(yes) == accept
    assert (ask_value(yes), ask_value(no)) == (True, False)


@pytest.mark.parametrize("accept", ["text/csv", "text/tab-separated-values"])
def test_ask_in_csv_and_tsv_is_a_one_cell_table(server, accept):
    response = get(server, {"query": "ASK {}"}, accept)
    assert response.status_code == 200 and media_type(response) == accept
    lines = response.content.decode("utf-8").split()
    assert len(lines) == 2 and lines[1] == "true"


@pytest.mark.parametrize("accept, chosen", [
    ("application/sparql-results+json;q=0.2, text/csv;q=0.8", "text/csv"),
    ("text/*", "text/csv"),
    ("text/*;q=0.3, text/tab-separated-values", "text/tab-separated-values"),
    ("application/*", "application/sparql-results+json"),
    ("application/sparql-results+json;q=0, */*", "application/sparql-results+xml"),
    ("*/*", "application/sparql-results+json"),
    ("application/sparql-results+xml, */*;q=0.1", "application/sparql-results+xml"),
    ("text/html;q=0.1, */*;q=0.5", "application/sparql-results+json"),  # a browser gets HTML (test_browser.py)
])
def test_select_negotiation_with_q_values_and_wildcards(server, accept, chosen):
    response = get(server, {"query": BSCB_ACTIONS}, accept)
    assert media_type(response) == chosen
    assert bscb_numbers(response) == [2, 10, 13, 14]


def test_select_without_accept_gets_json(server):
    response = requests.get(server + "/sparql", params={"query": BSCB_ACTIONS}, headers={"Accept": None})
    assert "Accept" not in response.request.headers
    assert media_type(response) == "application/sparql-results+json"
    assert bscb_numbers(response) == [2, 10, 13, 14]


# ---------------------------------------------------------------- content negotiation: graphs

@pytest.mark.parametrize("name", list(RDF_TYPES))
def test_construct_in_each_rdf_format(server, name):
    response = get(server, {"query": BSCB_CONSTRUCT}, RDF_TYPES[name])
    assert media_type(response) == RDF_TYPES[name]
    graph = rdf_graph(response)
    has_responsible = URIRef(IKG + "hasResponsibleBody")
    assert set(graph) == {(URIRef(ACTION[n]), has_responsible, URIRef(BSCB)) for n in (2, 10, 13, 14)}


@pytest.mark.parametrize("name", list(RDF_TYPES))
def test_describe_in_each_rdf_format(server, name):
    response = get(server, {"query": f"DESCRIBE <{ACTION[2]}>"}, RDF_TYPES[name])
    assert media_type(response) == RDF_TYPES[name]
    graph = rdf_graph(response)
    subject = URIRef(ACTION[2])
    assert (subject, URIRef(IKG + "number"), Literal(2)) in graph
    assert (subject, URIRef(IKG + "hasResponsibleBody"), URIRef(BSCB)) in graph
    assert (subject, RDF.type, URIRef(IKG + "Action")) in graph
    assert {s for s in graph.subjects()} >= {subject}


@pytest.mark.parametrize("accept, chosen", [
    ("text/turtle;q=0.5, application/n-triples;q=0.9", "application/n-triples"),
    ("application/*", "application/n-triples"),
    ("application/rdf+xml;q=0.4, application/ld+json;q=0.6, text/turtle;q=0.1", "application/ld+json"),
    ("application/n-quads, */*;q=0.1", "application/n-quads"),
    ("*/*", "text/turtle"),
    ("application/sparql-results+json, text/turtle;q=0.5", "text/turtle"),
])
def test_construct_negotiation_with_q_values_and_wildcards(server, accept, chosen):
    response = get(server, {"query": BSCB_CONSTRUCT}, accept)
    assert media_type(response) == chosen
    assert len(rdf_graph(response)) == 4


def test_construct_without_accept_gets_turtle(server):
    response = requests.get(server + "/sparql", params={"query": BSCB_CONSTRUCT}, headers={"Accept": None})
    assert media_type(response) == "text/turtle"
    assert len(rdf_graph(response)) == 4


@pytest.mark.parametrize("query, accept, offered", [
    (BSCB_ACTIONS, "image/png", SOLUTION_TYPES.values()),
    (BSCB_ACTIONS, "text/turtle", SOLUTION_TYPES.values()),
    (BSCB_CONSTRUCT, "application/sparql-results+json", RDF_TYPES.values()),
    (BSCB_ACTIONS, "application/sparql-results+json;q=0", SOLUTION_TYPES.values()),
])
def test_unsatisfiable_accept_is_406_listing_the_offers(server, query, accept, offered):
    message = error(get(server, {"query": query}, accept), 406)
    for media in offered:
        assert media in message, (media, message)


# ---------------------------------------------------------------- the format parameter

@pytest.mark.parametrize("value, chosen", [
    ("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml"),
    ("csv", "text/csv"), ("tsv", "text/tab-separated-values"), ("srj", "application/sparql-results+json"),
    ("text/csv", "text/csv"), ("application/json", "application/sparql-results+json"),
])
def test_format_parameter_for_select(server, value, chosen):
    response = get(server, {"query": BSCB_ACTIONS, "format": value}, accept="application/sparql-results+xml")
    assert media_type(response) == chosen  # format wins over Accept
    assert bscb_numbers(response) == [2, 10, 13, 14]


@pytest.mark.parametrize("value, chosen", [
    ("ttl", "text/turtle"), ("turtle", "text/turtle"), ("nt", "application/n-triples"),
    ("xml", "application/rdf+xml"), ("jsonld", "application/ld+json"), ("nq", "application/n-quads"),
    ("trig", "application/trig"),
])
def test_format_parameter_for_construct(server, value, chosen):
    response = get(server, {"query": BSCB_CONSTRUCT, "format": value}, accept="text/turtle")
    assert media_type(response) == chosen
    assert len(rdf_graph(response)) == 4


def test_format_parameter_in_a_form_body(server):
    response = post(server, form({"query": BSCB_ACTIONS, "format": "csv"}), FORM)
    assert media_type(response) == "text/csv"
    assert bscb_numbers(response) == [2, 10, 13, 14]


@pytest.mark.parametrize("query, value, accept, chosen", [
    (BSCB_ACTIONS, "yaml", None, "application/sparql-results+json"),
    (BSCB_ACTIONS, "ttl", "text/csv", "text/csv"),
    (BSCB_CONSTRUCT, "csv", "application/n-triples", "application/n-triples"),
    (BSCB_CONSTRUCT, "application/sparql-results+json", None, "text/turtle"),
])
def test_unknown_format_parameter_gives_way_to_accept(server, query, value, accept, chosen):
    """A format= value not on offer for this query does not fail it: Accept decides (SPARQL clients send
    format values meant for other servers)."""
    response = get(server, {"query": query, "format": value}, accept)
    assert response.status_code == 200 and media_type(response) == chosen


@pytest.mark.parametrize("query, value, accept", [(BSCB_ACTIONS, "yaml", "image/png"),
                                                  (BSCB_CONSTRUCT, "csv", "text/csv")])
def test_unknown_format_and_unsatisfiable_accept_is_406_naming_both(server, query, value, accept):
    message = error(get(server, {"query": query, "format": value}, accept), 406)
    assert repr(value) in message and accept in message


# ---------------------------------------------------------------- errors

def test_malformed_query_is_400_with_the_parser_position(server):
    message = error(get(server, {"query": "SELECT * WHERE { ?s ?p }"}), 400)
    assert re.search(r"\b1:\d+\b", message), message
    message = error(post(server, "PREFIX ikg: <x:>\nSELECT * WHERE {\n  ?s ikg:p ?o .\n  FILTER(\n}", DIRECT), 400)
    assert re.search(r"\b5:\d+\b", message), message  # the error is on line 5


def test_no_query_in_a_post_is_400(server):
    assert "no query" in error(post(server, form({"default-graph-uri": CURATION}), FORM), 400)
    assert "no query" in error(post(server, b"", FORM), 400)
    assert "empty" in error(post(server, b"", DIRECT), 400)
    assert "empty" in error(get(server, {"query": "  "}), 400)


@pytest.mark.parametrize("how", ["GET twice", "form twice", "URL and form", "URL and direct"])
def test_two_queries_are_400(server, how):
    if how == "GET twice":
        response = get(server, [("query", "ASK {}"), ("query", "SELECT * {}")])
    elif how == "form twice":
        response = post(server, form([("query", "ASK {}"), ("query", "SELECT * {}")]), FORM)
    elif how == "URL and form":
        response = post(server, form({"query": "ASK {}"}), FORM, params={"query": "SELECT * {}"})
    else:
        response = post(server, "ASK {}", DIRECT, params={"query": "SELECT * {}"})
    assert "one query" in error(response, 400)


def test_bare_get_is_the_service_description_not_an_error(server):
    response = get(server, accept="text/turtle")
    assert response.status_code == 200 and media_type(response) == "text/turtle"


@pytest.mark.parametrize("how", ["query=INSERT DATA", "form update=", "direct sparql-update", "query=DELETE WHERE"])
def test_update_is_refused(server, expected, how):
    insert = f"INSERT DATA {{ <{BSCB}> <{IKG}number> 99 }}"
    if how == "query=INSERT DATA":
        response = get(server, {"query": insert})
    elif how == "form update=":
        response = post(server, form({"update": insert}), FORM)
    elif how == "direct sparql-update":
        response = post(server, insert, "application/sparql-update")
    else:
        response = post(server, "DELETE WHERE { ?s ?p ?o }", DIRECT)
    assert 400 <= response.status_code < 500
    assert "read-only" in error(response, response.status_code)
    count = json_column(get(server, {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}), "n")
    assert count == [str(len(expected["union"]))]


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow(server, method):
    response = requests.request(method, server + "/sparql", params={"query": "ASK {}"}, timeout=30)
    error(response, 405)
    allowed = {m.strip() for m in response.headers["Allow"].split(",")}
    assert {"GET", "POST"} <= allowed
    assert method not in allowed


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/json", "application/sparql-results+json"])
def test_post_without_a_query_media_type_is_415(server, content_type):
    response = post(server, "ASK {}", content_type)
    if content_type is None:
        assert "Content-Type" not in response.request.headers
    message = error(response, 415)
    assert FORM in message and DIRECT in message


@pytest.mark.parametrize("content_type, body", [
    (DIRECT + "; charset=ISO-8859-1", "ASK {}".encode("latin-1")),
    (DIRECT + "; charset=UTF-16", "ASK {}".encode("utf-16")),
    (FORM + "; charset=ISO-8859-1", b"query=ASK%20%7B%7D"),
    (FORM + "; charset=UTF-16", b"query=ASK%20%7B%7D"),
])
def test_charset_other_than_utf8_is_415(server, content_type, body):
    assert "UTF-8" in error(post(server, body, content_type), 415)


def test_invalid_utf8_is_400(server):
    url_message = error(requests.get(server + "/sparql?query=ASK%20%7B%20FILTER(%22%FF%22)%20%7D", timeout=30), 400)
    form_message = error(post(server, b"query=ASK%20%7B%20FILTER(%22%C3%28%22)%20%7D", FORM), 400)
    direct_message = error(post(server, b'ASK { FILTER("\xff\xfe") }', DIRECT), 400)
    for message in (url_message, form_message, direct_message):
        assert "UTF-8" in message
    # the same characters, well encoded, are fine
    good = requests.get(server + "/sparql?query=ASK%20%7B%20FILTER(%22%C3%BF%22)%20%7D", timeout=30)
    assert good.status_code == 200 and good.json()["boolean"] is True


def test_error_shape_is_the_same_for_every_error(server):
    responses = {
        400: get(server, {"query": "SELECT ?x WHERE {"}),
        404: get(server, {"graph": "http://example.org/no-such-graph"}, path="/store"),
        405: requests.delete(server + "/sparql", timeout=30),
        406: get(server, {"query": "ASK {}"}, "image/png"),
        415: post(server, "ASK {}", "text/plain"),
    }
    for status, response in responses.items():
        error(response, status)
    # a browser gets the same error as a small HTML page
    page = get(server, {"query": "SELECT ?x WHERE {"}, BROWSER_ACCEPT)
    assert page.status_code == 400 and media_type(page) == "text/html" and "400" in page.text


# ---------------------------------------------------------------- the service description and the query page

def service_description(response) -> Graph:
    graph = rdf_graph(response)
    assert len(graph) > 0
    return graph


def test_service_description_in_turtle(server, expected):
    response = get(server, accept="text/turtle")
    graph = service_description(response)
    services = list(graph.subjects(RDF.type, SD.Service))
    assert len(services) == 1
    service = services[0]
    assert set(graph.objects(service, SD.endpoint)) == {URIRef(server + "/sparql")}
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    formats = set(graph.objects(service, SD.resultFormat))
    assert formats >= {FORMATS.SPARQL_Results_JSON, FORMATS.SPARQL_Results_XML, FORMATS.SPARQL_Results_CSV,
                       FORMATS.SPARQL_Results_TSV, FORMATS.Turtle, FORMATS["N-Triples"], FORMATS.RDF_XML,
                       FORMATS["JSON-LD"], FORMATS["N-Quads"], FORMATS.TriG}
    dataset = graph.value(service, SD.defaultDataset)
    names = {graph.value(named, SD.name) for named in graph.objects(dataset, SD.namedGraph)}
    assert names == {URIRef(g) for g in expected["counts"]}


@pytest.mark.parametrize("name", ["nt", "xml", "jsonld", "nq", "trig"])
def test_service_description_in_other_rdf_formats(server, name):
    turtle = service_description(get(server, accept="text/turtle"))
    response = get(server, accept=RDF_TYPES[name])
    assert media_type(response) == RDF_TYPES[name]
    assert isomorphic(service_description(response), turtle)


def test_service_description_with_wildcard_or_no_accept_is_turtle(server):
    for headers in ({"Accept": "*/*"}, {"Accept": None}):
        response = requests.get(server + "/sparql", headers=headers, timeout=30)
        assert response.status_code == 200 and media_type(response) == "text/turtle"
        assert len(list(service_description(response).subjects(RDF.type, SD.Service))) == 1


def test_service_description_names_the_endpoint_the_client_used(server):
    """sd:endpoint is the URL the client asked (its Host), also when an earlier request, under another
    Host, left a description in the cache. Both requests use one connection, so one web worker."""
    with requests.Session() as session:
        for host in ("first.example:8080", "second.example:8080"):
            response = session.get(server + "/sparql", headers={"Accept": "text/turtle", "Host": host}, timeout=30)
            graph = service_description(response)
            service = next(graph.subjects(RDF.type, SD.Service))
            assert set(graph.objects(service, SD.endpoint)) == {URIRef(f"http://{host}/sparql")}, host


def test_bare_get_from_a_browser_is_the_query_form(server, expected):
    response = get(server, accept=BROWSER_ACCEPT)
    assert response.status_code == 200 and media_type(response) == "text/html"
    html = response.text
    assert re.search(r'<form[^>]*action="/sparql"', html)
    assert re.search(r'<textarea[^>]*name="query"', html)
    for graph in expected["counts"]:
        assert graph in html


# ---------------------------------------------------------------- CORS

def test_cors_on_get_post_and_errors(server):
    origin = {"Origin": "https://tools.example.org"}
    for response in (get(server, {"query": "ASK {}"}, headers=origin),
                     post(server, "ASK {}", DIRECT, headers=origin),
                     post(server, form({"query": "ASK {}"}), FORM, headers=origin),
                     get(server, {"query": "ASK {"}, headers=origin)):
        assert response.headers.get("Access-Control-Allow-Origin") in ("*", origin["Origin"])
    exposed = {h.strip().lower() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "x-result-truncated"} <= exposed


@pytest.mark.parametrize("path", ["/sparql", "/store"])
def test_cors_preflight(server, path):
    response = requests.options(server + path, timeout=30, headers={
        "Origin": "https://tools.example.org", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "content-type, accept"})
    assert 200 <= response.status_code < 300, response.status_code
    assert response.headers.get("Access-Control-Allow-Origin") in ("*", "https://tools.example.org")
    methods = {m.strip() for m in response.headers["Access-Control-Allow-Methods"].split(",")}
    assert "GET" in methods
    if path == "/sparql":
        assert "POST" in methods
    headers = {h.strip().lower() for h in response.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"content-type", "accept"} <= headers


# ---------------------------------------------------------------- ETags and the cache

def test_etag_and_if_none_match(server):
    first = get(server, {"query": BSCB_ACTIONS})
    etag = first.headers.get("ETag")
    assert first.status_code == 200 and etag and etag.startswith(('"', 'W/"')) and etag.endswith('"')
    again = get(server, {"query": BSCB_ACTIONS}, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers.get("ETag") == etag
    other = get(server, {"query": BSCB_ACTIONS.replace("ORDER BY ?number", "ORDER BY DESC(?number)")})
    assert other.status_code == 200 and other.headers.get("ETag") not in (None, etag)
    assert bscb_numbers(other) == [14, 13, 10, 2]
    stale = get(server, {"query": BSCB_ACTIONS}, headers={"If-None-Match": '"not-the-etag"'})
    assert stale.status_code == 200 and stale.content == first.content


def test_etag_differs_by_representation(server):
    as_json = get(server, {"query": BSCB_ACTIONS}, "application/sparql-results+json")
    as_csv = get(server, {"query": BSCB_ACTIONS}, "text/csv")
    assert as_json.headers["ETag"] != as_csv.headers["ETag"]
    assert "accept" in as_json.headers.get("Vary", "").lower()
    assert get(server, {"query": BSCB_ACTIONS}, "text/csv",
               headers={"If-None-Match": as_json.headers["ETag"]}).status_code == 200


def test_if_none_match_star_does_not_hide_an_error(server):
    """RFC 9110, 13.2.1: preconditions are ignored when the response without them would not be 2xx."""
    response = get(server, {"query": "SELECT * WHERE { ?s ?p }"}, headers={"If-None-Match": "*"})
    assert "malformed query" in error(response, 400)


def test_repeated_query_returns_identical_bytes(server):
    """The same request, repeated on new connections (either web worker), gets the same bytes and ETag
    in every format: the response cache, or a fresh evaluation, must not change a byte."""
    query = f"""PREFIX ikg: <{IKG}> SELECT ?number ?action ?text WHERE {{
        <{BSCB}> ikg:responsibleFor ?action . ?action ikg:number ?number ; ikg:text ?text }} ORDER BY ?number"""
    for accept in SOLUTION_TYPES.values():
        responses = [requests.get(server + "/sparql", params={"query": query}, headers={"Accept": accept},
                                  timeout=30) for _ in range(4)]
        assert {r.status_code for r in responses} == {200}
        assert len({r.content for r in responses}) == 1, accept
        assert len({r.headers["ETag"] for r in responses}) == 1, accept
        assert bscb_numbers(responses[0]) == [2, 10, 13, 14]


def test_repeated_query_gives_the_same_solutions_in_every_format(server):
    """A query seen to be cheap runs in the web process the next time (with pyoxigraph's own writers):
    the solutions must not change. An extra, unknown parameter makes each request miss the response cache."""
    query = f"""PREFIX ikg: <{IKG}> SELECT ?number ?action ?due WHERE {{
        <{BSCB}> ikg:responsibleFor ?action . ?action ikg:number ?number ; ikg:dueDate ?due }} ORDER BY ?number"""
    for name, accept in SOLUTION_TYPES.items():
        answers = [solutions(get(server, {"query": query, "attempt": f"{name}-{n}"}, accept)) for n in range(3)]
        assert answers[0] == answers[1] == answers[2], name
        assert [int(r["number"]) for r in answers[0][1]] == [2, 10, 13, 14]
        assert [r["due"] for r in answers[0][1]] == ["2012-09-19", "2012-09-19", "2012-12-19", "2012-12-19"]


# ---------------------------------------------------------------- limits (a server with small limits)

def test_request_over_max_request_bytes_is_413(limited):
    padding = " " * 30000
    direct = post(limited, "ASK {}" + padding, DIRECT)
    by_form = post(limited, form({"query": "ASK {}" + padding}), FORM)
    by_url = requests.get(limited + "/sparql", params={"query": "ASK {}" + padding}, timeout=30)
    store = requests.get(limited + "/store", params={"graph": "http://example.org/" + "x" * 30000}, timeout=30)
    for response in (direct, by_form, by_url, store):
        assert len(response.request.body or b"") + len(response.request.path_url) > 30000
        error(response, 413)


def test_request_under_max_request_bytes_is_answered(limited):
    padding = " " * 15000
    assert post(limited, "ASK {}" + padding, DIRECT).json()["boolean"] is True
    assert post(limited, form({"query": "ASK {}" + padding}), FORM).json()["boolean"] is True
    assert get(limited, {"query": "ASK {}" + padding}).json()["boolean"] is True


def test_results_over_max_rows_are_cut_and_say_so(limited):
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    for accept in SOLUTION_TYPES.values():
        response = get(limited, {"query": query}, accept)
        _, rows = solutions(response)
        assert len(rows) == 5, accept
        assert response.headers.get("X-Result-Truncated") == "true"
        assert response.headers.get("X-Result-Row-Limit") == "5"
    cached = get(limited, {"query": query}, "application/sparql-results+json")
    assert cached.headers.get("X-Result-Truncated") == "true" and len(solutions(cached)[1]) == 5
    graph = get(limited, {"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, "application/n-triples")
    assert len(rdf_graph(graph)) == 5 and graph.headers.get("X-Result-Truncated") == "true"


def test_results_within_max_rows_are_not_marked(limited):
    for limit in (4, 5):
        response = get(limited, {"query": f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {limit}"})
        assert len(solutions(response)[1]) == limit
        assert "X-Result-Truncated" not in response.headers
    assert bscb_numbers(get(limited, {"query": BSCB_ACTIONS})) == [2, 10, 13, 14]


# ---------------------------------------------------------------- /store: the graph store protocol, read side

@pytest.mark.parametrize("name", list(RDF_TYPES))
def test_store_default_graph_is_the_union(server, expected, name):
    response = get(server, {"default": ""}, RDF_TYPES[name], path="/store")
    assert media_type(response) == RDF_TYPES[name]
    graph = rdf_graph(response)
    assert len(graph) == len(expected["union"])
    assert isomorphic(graph, expected["union"])


@pytest.mark.parametrize("name", list(RDF_TYPES))
def test_store_named_graph_in_each_format(server, expected, name):
    response = get(server, {"graph": ONTOLOGY}, RDF_TYPES[name], path="/store")
    assert media_type(response) == RDF_TYPES[name]
    assert isomorphic(rdf_graph(response), expected["graphs"][ONTOLOGY])


def test_store_each_named_graph(server, expected):
    for graph, count in expected["counts"].items():
        response = get(server, {"graph": graph}, "application/n-triples", path="/store")
        assert len(rdf_graph(response)) == count, graph


def test_store_bare_default_parameter(server, expected):
    response = requests.get(server + "/store?default", headers={"Accept": "application/n-triples"}, timeout=60)
    assert response.status_code == 200
    assert len(rdf_graph(response)) == len(expected["union"])


@pytest.mark.parametrize("params", [{"default": ""}, {"graph": CURATION}])
@pytest.mark.parametrize("name", list(RDF_TYPES))
def test_store_head_has_the_headers_of_get_and_no_body(server, params, name):
    got = get(server, params, RDF_TYPES[name], path="/store")
    head = requests.head(server + "/store", params=params, headers={"Accept": RDF_TYPES[name]}, timeout=60)
    assert head.status_code == 200 and head.content == b""
    for header in ("Content-Type", "ETag", "Vary", "Access-Control-Allow-Origin"):
        assert head.headers.get(header) == got.headers.get(header), header
    assert head.headers.get("Content-Length") in (None, str(len(got.content)))


def test_store_etag_and_304(server):
    first = get(server, {"graph": ONTOLOGY}, "text/turtle", path="/store")
    again = get(server, {"graph": ONTOLOGY}, "text/turtle", path="/store",
                headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
    other = get(server, {"graph": CURATION}, "text/turtle", path="/store")
    assert other.headers["ETag"] != first.headers["ETag"]


def test_store_unknown_graph_is_404(server):
    message = error(get(server, {"graph": "http://example.org/no-such-graph"}, path="/store"), 404)
    assert "http://example.org/no-such-graph" in message


def test_store_relative_graph_iri_is_400(server):
    assert "absolute IRI" in error(get(server, {"graph": "ontology"}, path="/store"), 400)


@pytest.mark.parametrize("query", ["", "?graph=" + ONTOLOGY + "&default", "?graph=" + ONTOLOGY + "&graph=" + CURATION])
def test_store_neither_or_both_parameters_is_400(server, query):
    assert "exactly one graph" in error(requests.get(server + "/store" + query, timeout=30), 400)


def test_store_format_parameter_and_406(server):
    response = get(server, {"graph": ONTOLOGY, "format": "nt"}, "text/turtle", path="/store")
    assert media_type(response) == "application/n-triples"
    message = error(get(server, {"graph": ONTOLOGY}, "application/sparql-results+json", path="/store"), 406)
    assert "text/turtle" in message


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_store_writes_are_405(server, method):
    response = requests.request(method, server + "/store", params={"graph": ONTOLOGY}, data=b"<a:b> <a:c> <a:d> .",
                                headers={"Content-Type": "application/n-triples"}, timeout=30)
    error(response, 405)
    allowed = {m.strip() for m in response.headers["Allow"].split(",")}
    assert "GET" in allowed and method not in allowed
    after = get(server, {"graph": ONTOLOGY}, "application/n-triples", path="/store")
    assert b"<a:b>" not in after.content


def test_a_repeated_query_is_served_from_the_cache(server):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } # X-Cache test"
    with requests.Session() as session:
        first = session.get(server + "/sparql", params={"query": query}, timeout=30)
        second = session.get(server + "/sparql", params={"query": query}, timeout=30)
    assert first.status_code == second.status_code == 200
    assert first.headers["X-Cache"] == "miss" and second.headers["X-Cache"] == "hit"
    assert first.content == second.content


def test_a_query_with_a_volatile_function_is_evaluated_every_time(server):
    """STRUUID() differs on every evaluation: serving it from a cache would repeat an old answer."""
    query = "SELECT (STRUUID() AS ?u) WHERE {} # volatile"
    with requests.Session() as session:
        answers = [session.get(server + "/sparql", params={"query": query}, timeout=30) for _ in range(3)]
    assert all(a.status_code == 200 and "X-Cache" not in a.headers and "ETag" not in a.headers for a in answers)
    assert len({json_column(a, "u")[0] for a in answers}) == 3
