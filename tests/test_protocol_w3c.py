"""The W3C SPARQL 1.1 Protocol test suite, query cases, against the real server.

Source: https://github.com/w3c/rdf-tests/blob/main/sparql/sparql11/protocol/manifest.ttl
(the requests below are the ones of manifest.jsonld at commit 015837d, which is
generated from manifest.ttl: method, path with its URL-encoded parameters,
body and Content-Type, copied verbatim). Each test is named after its
manifest entry. The manifest's paths start with ``/sparql/``; as the manifest
says, a runner replaces that prefix with the endpoint's path, here ``/sparql``.

The data are the suite's graphs, loaded by the ``protocol_server`` fixture:
<http://kasei.us/2009/09/sparql/data/dataN.rdf> (N = 0..3), each a named graph
in which that IRI is a foaf:Document.

Expected: "2xx or 3xx" with an ASK result ``true`` (boolean cases), one of the
listed result media types (content-type cases), or a 4xx (bad_* cases).

The update_* and bad_update_* cases do not apply: this endpoint is read-only.
test_updates_are_refused_and_change_nothing checks that instead.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
import requests
from conftest import FOAF_DOCUMENT, KASEI

SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"
BOOLEAN_TYPES = {"application/sparql-results+xml", "application/sparql-results+json"}
TABULAR_TYPES = BOOLEAN_TYPES | {"text/tab-separated-values", "text/csv"}
# the manifest's names say "RDF/XML, Turtle, N-Triples, RDFa"; its comments "application/rdf+xml,
# application/rdf+json or text/turtle"
RDF_TYPES = {"application/rdf+xml", "text/turtle", "application/n-triples", "application/rdf+json"}
DATA = {n: f"{KASEI}data{n}.rdf" for n in range(4)}


def send(base: str, method: str, path: str, body: str | bytes | None = None,
         content_type: str | None = None, accept: str | None = None) -> requests.Response:
    """One request of the manifest: its method, its path (``/sparql/`` -> ``/sparql``), body and type."""
    assert path.startswith("/sparql/")
    url = base + "/sparql" + path[len("/sparql/"):]
    headers = {}
    if content_type is not None:
        headers["Content-Type"] = content_type
    if accept is not None:
        headers["Accept"] = accept
    data = body.encode("utf-8") if isinstance(body, str) else body
    # requests adds no Content-Type of its own for a bytes body, as the manifest's bad_* cases need
    response = requests.request(method, url, data=data, headers=headers, timeout=30)
    assert response.status_code < 500, (response.status_code, response.text)
    return response


def media_type(response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def boolean(response) -> bool:
    """The ASK result of a 2xx response, read by its media type (JSON or XML results)."""
    assert 200 <= response.status_code < 400, (response.status_code, response.text)
    kind = media_type(response)
    assert kind in BOOLEAN_TYPES, kind
    if kind == "application/sparql-results+json":
        value = json.loads(response.content)["boolean"]
        assert isinstance(value, bool)
        return value
    element = ET.fromstring(response.content).find(f"{SPARQL_RESULTS}boolean")
    assert element is not None and element.text in ("true", "false"), response.text
    return element.text == "true"


def assert_4xx(response) -> None:
    assert 400 <= response.status_code < 500, (response.status_code, response.text)


# ---------------------------------------------------------------- query cases

def test_query_post_form(protocol_server):
    r = send(protocol_server, "POST",
             "/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf",
             "query=ASK%20%7B%7D", "application/x-www-form-urlencoded")
    assert boolean(r) is True


def test_query_dataset_default_graphs_get(protocol_server):
    r = send(protocol_server, "GET",
             "/sparql/?query=ASK%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf%3E%20a%20"
             "%3Ftype%20.%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf%3E%20a%20%3Ftype%20.%20"
             "%7D&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
             "&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf")
    assert boolean(r) is True


def test_query_dataset_default_graphs_get_uses_only_the_given_graphs(protocol_server):
    """Control for the case above: with data1 alone as the default graph, data2 is not in it."""
    r = send(protocol_server, "GET",
             "/sparql/?query=ASK%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf%3E%20a%20"
             "%3Ftype%20.%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf%3E%20a%20%3Ftype%20.%20"
             "%7D&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf")
    assert boolean(r) is False


def test_query_dataset_default_graphs_post(protocol_server):
    r = send(protocol_server, "POST",
             "/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
             "&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf",
             "ASK { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type . "
             "<http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type . }",
             "application/sparql-query")
    assert boolean(r) is True


def test_query_dataset_named_graphs_post(protocol_server):
    r = send(protocol_server, "POST",
             "/sparql/?named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
             "&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf",
             "ASK { GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type } "
             "GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type } }",
             "application/sparql-query")
    assert boolean(r) is True


def test_query_dataset_named_graphs_get(protocol_server):
    r = send(protocol_server, "GET",
             "/sparql/?query=ASK%20%7B%20GRAPH%20%3Fg1%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2F"
             "data1.rdf%3E%20a%20%3Ftype%20%7D%20GRAPH%20%3Fg2%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql"
             "%2Fdata%2Fdata2.rdf%3E%20a%20%3Ftype%20%7D%20%7D"
             "&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
             "&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf")
    assert boolean(r) is True


def test_query_dataset_named_graphs_get_lists_only_the_given_graphs(protocol_server):
    """Control: the named graphs are exactly those given, not every graph of the store."""
    r = requests.get(protocol_server + "/sparql", timeout=30, params=[
        ("query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"),
        ("named-graph-uri", DATA[1]), ("named-graph-uri", DATA[2])],
        headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    graphs = {b["g"]["value"] for b in r.json()["results"]["bindings"]}
    assert graphs == {DATA[1], DATA[2]}


def test_query_dataset_full(protocol_server):
    r = send(protocol_server, "POST",
             "/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata3.rdf"
             "&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
             "&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf",
             "ASK {\n  <http://kasei.us/2009/09/sparql/data/data3.rdf> a ?type\n"
             "  GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type }\n"
             "  GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type }\n}",
             "application/sparql-query")
    assert boolean(r) is True


def test_query_multiple_dataset(protocol_server):
    """The protocol's dataset (named graphs data1, data2) replaces the query's FROM <data3>.

    Were FROM <data3> used instead, there would be no named graphs and the ASK would be false.
    """
    r = send(protocol_server, "POST",
             "/sparql/?named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
             "&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf",
             "ASK FROM <http://kasei.us/2009/09/sparql/data/data3.rdf> { "
             "GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type } "
             "GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type } }",
             "application/sparql-query")
    assert boolean(r) is True


def test_query_multiple_dataset_2012_version(protocol_server):
    """The entry as the manifest.ttl of 2012 (rdf-tests commit 645032e) wrote it: the protocol's
    default graph data2 replaces FROM <data1>, so <data1> has no triples there: ``false``."""
    r = send(protocol_server, "POST",
             "/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf",
             "ASK FROM <http://kasei.us/2009/09/sparql/data/data1.rdf> "
             "{ <http://kasei.us/2009/09/sparql/data/data1.rdf> ?p ?o }",
             "application/sparql-query")
    assert boolean(r) is False


def test_query_multiple_dataset_with_encoded_ampersand(protocol_server):
    """A named-graph-uri value holding an encoded '&' (``%26``) is one value: an '&' inside a
    percent-encoded parameter does not separate parameters. So the request names one (absent)
    named graph, "...data1.rdf&named-graph-uri=...data2.rdf"; the protocol dataset still
    replaces FROM <data3>: no named graph matches and the default graph is empty."""
    path = ("/sparql/?named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
            "%26named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf")
    graphs = send(protocol_server, "POST", path, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                  "application/sparql-query", accept="application/sparql-results+json")
    assert graphs.status_code == 200, graphs.text
    assert graphs.json()["results"]["bindings"] == []
    from_ignored = send(protocol_server, "POST", path,
                        "ASK FROM <http://kasei.us/2009/09/sparql/data/data3.rdf> "
                        "{ <http://kasei.us/2009/09/sparql/data/data3.rdf> a ?type }",
                        "application/sparql-query")
    assert boolean(from_ignored) is False
    # without the protocol dataset, the query's FROM <data3> is used, and the same ASK is true
    from_used = send(protocol_server, "POST", "/sparql/",
                     "ASK FROM <http://kasei.us/2009/09/sparql/data/data3.rdf> "
                     "{ <http://kasei.us/2009/09/sparql/data/data3.rdf> a ?type }",
                     "application/sparql-query")
    assert boolean(from_used) is True


def test_query_get(protocol_server):
    r = send(protocol_server, "GET",
             "/sparql/?query=ASK%20%7B%7D&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2F"
             "data0.rdf")
    assert boolean(r) is True


def test_query_content_type_select(protocol_server):
    r = send(protocol_server, "POST",
             "/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf",
             "SELECT (1 AS ?value) {}", "application/sparql-query")
    assert 200 <= r.status_code < 400, r.text
    assert media_type(r) in TABULAR_TYPES
    assert r.content.strip()


def test_query_content_type_ask(protocol_server):
    r = send(protocol_server, "POST",
             "/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf",
             "ASK {}", "application/sparql-query")
    assert 200 <= r.status_code < 400, r.text
    assert media_type(r) in BOOLEAN_TYPES
    assert boolean(r) is True


def test_query_content_type_describe(protocol_server):
    r = send(protocol_server, "POST",
             "/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf",
             "DESCRIBE <http://example.org/>", "application/sparql-query")
    assert 200 <= r.status_code < 400, r.text
    assert media_type(r) in RDF_TYPES


def test_query_content_type_construct(protocol_server):
    """``<s>`` and ``<p>`` are relative IRIs: the service resolves them against its base IRI."""
    r = send(protocol_server, "POST",
             "/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf",
             "CONSTRUCT { <s> <p> 1 } WHERE {}", "application/sparql-query")
    assert 200 <= r.status_code < 400, r.text
    assert media_type(r) in RDF_TYPES


def test_query_post_direct(protocol_server):
    r = send(protocol_server, "POST", "/sparql/", "ASK {}", "application/sparql-query")
    assert boolean(r) is True


# ---------------------------------------------------------------- bad query cases: 4xx

def test_bad_query_method(protocol_server):
    r = send(protocol_server, "PUT",
             "/sparql/?query=ASK%20%7B%7D&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2F"
             "data0.rdf", content_type="application/x-www-form-urlencoded")
    assert_4xx(r)


def test_bad_multiple_queries(protocol_server):
    assert_4xx(send(protocol_server, "GET", "/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D"))


def test_bad_query_wrong_media_type(protocol_server):
    assert_4xx(send(protocol_server, "POST", "/sparql/", "ASK {}", "text/plain"))


def test_bad_query_missing_form_type(protocol_server):
    assert_4xx(send(protocol_server, "POST", "/sparql/", "query=ASK%20%7B%7D"))


def test_bad_query_missing_direct_type(protocol_server):
    assert_4xx(send(protocol_server, "POST", "/sparql/", "ASK {}"))


def test_bad_query_non_utf8(protocol_server):
    assert_4xx(send(protocol_server, "POST", "/sparql/", "ASK {}".encode("utf-16"),
                    "application/sparql-query; charset=UTF-16"))


def test_bad_query_syntax(protocol_server):
    assert_4xx(send(protocol_server, "GET", "/sparql/?query=ASK%20%7B"))


# ---------------------------------------------------------------- update cases: not applicable, refused

INSERTED = "http://example.org/protocol-update-test/inserted"
INSERT = (f"PREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
          f"INSERT DATA {{ GRAPH <{DATA[1]}> {{ <{INSERTED}> a foaf:Document }} }}")


def _state(base: str) -> tuple[int, bool, bool]:
    """(triples in the store, whether the inserted triple exists, whether data1 is still a foaf:Document)."""
    health = requests.get(base + "/health", timeout=30).json()
    inserted = requests.get(base + "/sparql", params={"query": f"ASK {{ GRAPH ?g {{ <{INSERTED}> ?p ?o }} }}"},
                            headers={"Accept": "application/sparql-results+json"}, timeout=30).json()["boolean"]
    kept = requests.get(base + "/sparql", params={"query": f"ASK {{ <{DATA[1]}> a <{FOAF_DOCUMENT}> }}"},
                        headers={"Accept": "application/sparql-results+json"}, timeout=30).json()["boolean"]
    return health["triples"], inserted, kept


@pytest.mark.parametrize("route", [
    "direct sparql-update", "direct sparql-update CLEAR ALL", "form update=", "form update= twice",
    "GET update=", "GET query=INSERT DATA", "form query=INSERT DATA", "direct query INSERT DATA",
    "form using-graph-uri with update",
])
def test_updates_are_refused_and_change_nothing(protocol_server, route):
    """update_* and bad_update_*: the endpoint is read-only, so every update is a 4xx and a no-op."""
    before = _state(protocol_server)
    assert before == (8, False, True)
    url = protocol_server + "/sparql"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    if route == "direct sparql-update":
        r = requests.post(url, data=INSERT.encode(), headers={"Content-Type": "application/sparql-update"})
    elif route == "direct sparql-update CLEAR ALL":
        r = requests.post(url, data=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"})
    elif route == "form update=":
        r = requests.post(url, data={"update": INSERT}, headers=form)
    elif route == "form update= twice":
        r = requests.post(url, data=[("update", "CLEAR NAMED"), ("update", "CLEAR DEFAULT")], headers=form)
    elif route == "GET update=":
        r = requests.get(url, params={"update": "CLEAR ALL"})
    elif route == "GET query=INSERT DATA":
        r = requests.get(url, params={"query": INSERT})
    elif route == "form query=INSERT DATA":
        r = requests.post(url, data={"query": INSERT}, headers=form)
    elif route == "direct query INSERT DATA":
        r = requests.post(url, data=INSERT.encode(), headers={"Content-Type": "application/sparql-query"})
    else:
        r = requests.post(url, data=[("using-graph-uri", DATA[1]), ("update", INSERT)], headers=form)
    assert 400 <= r.status_code < 500, (route, r.status_code, r.text)
    assert _state(protocol_server) == before
