"""Text comes back exactly as stored, in every output format, XML above all (XML 1.0, sections 2.2 and 2.11).

A parser turns a raw carriage return in XML into a line feed, so a literal
holding CR must be written with ``&#13;``. The literal here holds every ASCII
control character XML 1.0 allows (tab, LF, CR, and CR LF), both quotes, the
CDATA end ``]]>``, ``<&>`` and characters beyond the Basic Multilingual Plane.
It is served by a real server over a dataset of its own, and read back with
standard parsers (ElementTree, csv, json) and with rdflib, from /sparql
(SELECT in the four results formats, run once in an executor and once in the
web process, CONSTRUCT and DESCRIBE in the six RDF formats), /store, the
resource page, the dumps, and the command line's export and query.

Characters XML 1.0 cannot carry at all (U+0001 here) make an XML response a
406 naming the character (exit 2 on the command line); every other format
carries them.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from xml.dom import minidom

import pytest
import requests
from conftest import run_cli
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.query import Result
from server import RunningServer

from service.namespaces import Minter

TEXT = 'tab\there, LF\nthere, CR\rthere, CRLF\r\nthere; "double" \'single\' ]]> <&> \U0001d11e \U0001f600.'
NOT_XML = "a bell\x07 and a start-of-heading\x01 in one literal"
SUBJECT = str(Minter().iri("test/xml-exact"))  # under the base: its resource page is /id/test/xml-exact
COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
GRAPH = "https://example.org/graph/xml-exact"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"

RESULT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
RDF_TYPES = {"ttl": "text/turtle", "nt": "application/n-triples", "xml": "application/rdf+xml",
             "jsonld": "application/ld+json", "nq": "application/n-quads", "trig": "application/trig"}
RDFLIB = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
          "application/ld+json": "json-ld", "application/n-quads": "nquads", "application/trig": "trig"}
SELECT = f"SELECT ?text WHERE {{ <{SUBJECT}> <{COMMENT}> ?text }}"
CONSTRUCT = f"CONSTRUCT {{ <{SUBJECT}> <{COMMENT}> ?text }} WHERE {{ <{SUBJECT}> <{COMMENT}> ?text }}"


def nquads(text: str) -> str:
    literal = json.dumps(text, ensure_ascii=False)  # for these characters, a JSON string is an N-Quads one
    return (f"<{SUBJECT}> <{LABEL}> \"XML exactness\" <{GRAPH}> .\n"
            f"<{SUBJECT}> <{COMMENT}> {literal} <{GRAPH}> .\n")


@pytest.fixture(scope="module")
def datasets(tmp_path_factory):
    folder = tmp_path_factory.mktemp("xml-exact")
    paths = {}
    for name, text in (("exact", TEXT), ("not-xml", NOT_XML)):
        paths[name] = folder / f"{name}.nq"
        paths[name].write_text(nquads(text), encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def exact(datasets):
    with RunningServer(datasets["exact"], workers=1, executors=2, query_timeout=10) as base:
        yield base


@pytest.fixture(scope="module")
def not_xml(datasets):
    with RunningServer(datasets["not-xml"], workers=1, executors=2, query_timeout=10) as base:
        yield base


def fetch(base: str, path: str, accept: str | None = None, params: dict | None = None) -> requests.Response:
    response = requests.get(base + path, params=params, headers={"Accept": accept} if accept else {}, timeout=30)
    assert response.status_code == 200, (path, accept, response.status_code, response.text[:300])
    return response


# ---------------------------------------------------------------- reading each format back

def result_texts(response) -> list[str]:
    """The ?text values of a SELECT response, read by a standard parser for its format."""
    kind = response.headers["Content-Type"].split(";")[0]
    if kind == RESULT_TYPES["json"]:
        return [b["text"]["value"] for b in json.loads(response.content)["results"]["bindings"]]
    if kind == RESULT_TYPES["xml"]:
        root = ET.fromstring(response.content)
        return [lit.text for lit in root.iter(f"{RESULTS_NS}literal")]
    if kind == RESULT_TYPES["csv"]:
        return [row[0] for row in list(csv.reader(io.StringIO(response.content.decode("utf-8"), newline="")))[1:]]
    raise AssertionError(kind)


def rdflib_texts(response) -> list[str]:
    """The same values read by rdflib's SPARQL results parser (XML, JSON, CSV, TSV)."""
    kind = response.headers["Content-Type"].split(";")[0]
    fmt = {v: k for k, v in RESULT_TYPES.items()}[kind]
    result = Result.parse(io.BytesIO(response.content), format=fmt)
    return [str(row[0]) for row in result]


def rdf_texts(response) -> list[str]:
    """The rdfs:comment values of an RDF response, parsed by rdflib for its media type."""
    return parsed_texts(response.content, response.headers["Content-Type"].split(";")[0])


def parsed_texts(data: bytes, media_type: str) -> list[str]:
    """The rdfs:comment values of an RDF document, read by rdflib into a dataset (graphs merged)."""
    dataset = Dataset()
    dataset.parse(data=data, format=RDFLIB[media_type])
    return [str(q[2]) for q in dataset.quads((URIRef(SUBJECT), URIRef(COMMENT), None, None))]


# ---------------------------------------------------------------- /sparql

@pytest.mark.parametrize("name", list(RESULT_TYPES))
def test_select_gives_the_text_exactly_in_each_results_format(exact, name):
    """Twice: the first run is in an executor; the second (it ran fast) in the web process. Each
    request carries a parameter of its own so that the response cache does not answer it."""
    for attempt in ("executor", "in-process"):
        response = fetch(exact, "/sparql", RESULT_TYPES[name], {"query": SELECT, "attempt": f"{name}-{attempt}"})
        assert rdflib_texts(response) == [TEXT], attempt
        if name != "tsv":  # TSV has no reader in the standard library; rdflib's is the standard one
            assert result_texts(response) == [TEXT], attempt


def test_select_xml_writes_carriage_returns_as_references(exact):
    response = fetch(exact, "/sparql", RESULT_TYPES["xml"], {"query": SELECT})
    assert b"\r" not in response.content and b"&#13;" in response.content
    dom = minidom.parseString(response.content)  # a second standard XML parser
    assert dom.getElementsByTagName("literal")[0].firstChild.data == TEXT


@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
@pytest.mark.parametrize("name", list(RDF_TYPES))
def test_construct_and_describe_give_the_text_exactly_in_each_rdf_format(exact, form, name):
    query = CONSTRUCT if form == "CONSTRUCT" else f"DESCRIBE <{SUBJECT}>"
    response = fetch(exact, "/sparql", RDF_TYPES[name], {"query": query})
    assert rdf_texts(response) == [TEXT]


# ---------------------------------------------------------------- /store, the resource page, the dumps

@pytest.mark.parametrize("params", [{"default": ""}, {"graph": GRAPH}])
@pytest.mark.parametrize("name", list(RDF_TYPES))
def test_graph_store_gives_the_text_exactly(exact, params, name):
    assert rdf_texts(fetch(exact, "/store", RDF_TYPES[name], params)) == [TEXT]


@pytest.mark.parametrize("name", ["ttl", "nt", "xml", "jsonld"])
def test_resource_page_gives_the_text_exactly(exact, name):
    assert rdf_texts(fetch(exact, "/id/test/xml-exact", RDF_TYPES[name])) == [TEXT]


@pytest.mark.parametrize("suffix", ["ttl", "nt", "rdf", "jsonld", "nq", "trig"])
def test_dumps_give_the_text_exactly(exact, suffix):
    assert rdf_texts(fetch(exact, f"/dataset.{suffix}")) == [TEXT]


# ---------------------------------------------------------------- the command line

@pytest.mark.parametrize("fmt", ["xml", "ttl", "nt", "nq", "trig", "jsonld"])
def test_export_gives_the_text_exactly(datasets, fmt):
    done = run_cli("export", "--dataset", str(datasets["exact"]), "--format", fmt)
    assert done.returncode == 0, done.stderr
    assert parsed_texts(done.stdout, RDF_TYPES[fmt]) == [TEXT]


def test_query_xml_gives_the_text_exactly(datasets):
    done = run_cli("query", SELECT, "--dataset", str(datasets["exact"]), "--format", "xml")
    assert done.returncode == 0, done.stderr
    assert [lit.text for lit in ET.fromstring(done.stdout).iter(f"{RESULTS_NS}literal")] == [TEXT]


# ---------------------------------------------------------------- what XML 1.0 cannot carry

def refusal(response) -> str:
    assert response.status_code == 406, (response.status_code, response.text[:300])
    document = response.json()
    assert set(document) == {"error"} and document["error"]["status"] == 406
    return document["error"]["message"]


@pytest.mark.parametrize("path, params, accept", [
    ("/sparql", {"query": SELECT}, RESULT_TYPES["xml"]),
    ("/sparql", {"query": SELECT, "again": "in-process"}, RESULT_TYPES["xml"]),
    ("/sparql", {"query": CONSTRUCT}, RDF_TYPES["xml"]),
    ("/store", {"graph": GRAPH}, RDF_TYPES["xml"]),
    ("/id/test/xml-exact", None, RDF_TYPES["xml"]),
    ("/dataset.rdf", None, None),
])
def test_xml_that_cannot_carry_the_text_is_406_naming_the_character(not_xml, path, params, accept):
    response = requests.get(not_xml + path, params=params, headers={"Accept": accept} if accept else {}, timeout=30)
    message = refusal(response)
    assert "U+0007" in message and "XML 1.0" in message


@pytest.mark.parametrize("name", ["json", "csv", "tsv"])
def test_other_results_formats_carry_it(not_xml, name):
    response = fetch(not_xml, "/sparql", RESULT_TYPES[name], {"query": SELECT})
    assert rdflib_texts(response) == [NOT_XML]


@pytest.mark.parametrize("name", ["ttl", "nt", "jsonld", "nq", "trig"])
def test_other_rdf_formats_carry_it(not_xml, name):
    assert rdf_texts(fetch(not_xml, "/sparql", RDF_TYPES[name], {"query": CONSTRUCT})) == [NOT_XML]


def test_command_line_refuses_it_in_xml_with_exit_2(datasets):
    for args in (["export", "--format", "xml"], ["query", SELECT, "--format", "xml"]):
        done = run_cli(*args, "--dataset", str(datasets["not-xml"]))
        assert done.returncode == 2, done.stderr
        lines = done.stderr.decode("utf-8").strip().splitlines()
        assert len(lines) == 1 and "U+0007" in lines[0], lines
    done = run_cli("export", "--format", "nt", "--dataset", str(datasets["not-xml"]))
    assert done.returncode == 0 and Literal(NOT_XML) in set(Graph().parse(data=done.stdout, format="nt").objects())
