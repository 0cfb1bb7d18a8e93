"""The dumps of the whole dataset, their VoID and DCAT description, and the JSON-LD context, over HTTP.

Every request goes to the session's real server (the ``server`` fixture). Each
dump is parsed with rdflib, a parser other than the one that wrote it, and
compared with the build's dataset after RDFC-1.0 canonicalisation: the quad
formats as datasets, the triple formats with the union of the graphs.
"""

from __future__ import annotations

import gzip
import json
import re

import pyoxigraph as ox
import pytest
import requests
from conftest import REPORT_TEXT, body_iri, in_report, run_cli
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from service.graph.canonical import to_ox
from service.namespaces import MIT_LICENSE, NAMESPACES, configured_base
from service.store.formats import RDF_FORMATS, serialize_dataset

IKG = Namespace(NAMESPACES["ikg"])
VOID = Namespace(NAMESPACES["void"])
DCAT = Namespace(NAMESPACES["dcat"])
SD = Namespace(NAMESPACES["sd"])
RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "xml": "xml", "jsonld": "json-ld", "nq": "nquads", "trig": "trig"}
SUFFIXES = {name: f.suffix for name, f in RDF_FORMATS.items()}
IDENTITY = {"Accept-Encoding": "identity"}
GZIP = {"Accept-Encoding": "gzip"}


def get(url, headers=None, **kwargs) -> requests.Response:
    response = requests.get(url, headers=headers or {}, timeout=60, **kwargs)
    assert response.status_code < 500, (response.status_code, response.text[:500])
    return response


def raw_get(url, headers) -> tuple[requests.Response, bytes]:
    """The response and its body exactly as sent, not decompressed by requests."""
    response = requests.get(url, headers=headers, timeout=60, stream=True)
    body = response.raw.read(decode_content=False)
    response.close()
    return response, body


def canonical(quads, union: bool = False) -> set[str]:
    """Quads as N-Quads lines after RDFC-1.0; with ``union``, the triples of all graphs in one."""
    if union:
        quads = {ox.Quad(q.subject, q.predicate, q.object) for q in quads}
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(q) for q in dataset}


def rdflib_quads(parsed) -> list[ox.Quad]:
    """What rdflib parsed, as pyoxigraph quads (its default graph as the default graph)."""
    if isinstance(parsed, Graph) and not isinstance(parsed, Dataset):
        return [ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in parsed]
    quads = []
    for s, p, o, g in parsed.quads((None, None, None, None)):
        name = g.identifier if isinstance(g, Graph) else g
        graph = ox.DefaultGraph() if name is None or name == parsed.default_graph.identifier else to_ox(name)
        quads.append(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph))
    return quads


def described(void: Graph) -> URIRef:
    """The dataset a VoID document describes: its one void:Dataset that is no other's subset."""
    (dataset,) = set(void.subjects(RDF.type, VOID.Dataset)) - set(void.objects(None, VOID.subset))
    return dataset


def notice() -> str:
    """The reproduction notice, as the report's text prints it."""
    return next(line.strip() for line in REPORT_TEXT.read_text(encoding="utf-8").splitlines()
                if line.startswith("This document may be reproduced"))


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def build_quads(built) -> list[ox.Quad]:
    return list(ox.parse(path=str(built.dataset), format=ox.RdfFormat.N_QUADS))


@pytest.fixture(scope="module")
def dumps(server) -> dict[str, bytes]:
    """Each dump's bytes, fetched once, uncompressed."""
    found = {}
    for name, suffix in SUFFIXES.items():
        response, body = raw_get(f"{server}/dataset.{suffix}", IDENTITY)
        assert response.status_code == 200, (suffix, response.status_code)
        assert "Content-Encoding" not in response.headers
        found[name] = body
    return found


@pytest.fixture(scope="module")
def parsed(dumps) -> dict[str, set[str]]:
    """Each dump read by rdflib, canonicalised; the triple formats' and the quad formats' unions alike."""
    found = {}
    for name, body in dumps.items():
        fmt = RDF_FORMATS[name]
        target = Dataset() if fmt.quads else Graph()
        target.parse(data=body, format=RDFLIB_FORMAT[name])
        quads = rdflib_quads(target)
        found[name] = canonical(quads) if fmt.quads else canonical(quads, union=True)
        found[name + "/union"] = canonical(quads, union=True)
    return found


@pytest.fixture(scope="module")
def void_graph(server) -> Graph:
    response = get(server + "/.well-known/void")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/turtle")
    return Graph().parse(data=response.text, format="turtle")


# ---------------------------------------------------------------- the dumps

@pytest.mark.parametrize("name", sorted(RDF_FORMATS))
def test_each_dump_is_the_builds_dataset(name, parsed, build_quads):
    fmt = RDF_FORMATS[name]
    expected = canonical(build_quads) if fmt.quads else canonical(build_quads, union=True)
    assert parsed[name] == expected
    assert len(parsed[name]) == (len(build_quads) if fmt.quads else len(canonical(build_quads, union=True)))


def test_the_six_dumps_are_isomorphic_to_each_other(parsed):
    quad_formats = [n for n, f in RDF_FORMATS.items() if f.quads]
    triple_formats = [n for n, f in RDF_FORMATS.items() if not f.quads]
    assert len(quad_formats) == 3 and len(triple_formats) == 3
    for name in quad_formats[1:]:
        assert parsed[name] == parsed[quad_formats[0]], name
    for name in RDF_FORMATS:  # the union of every dump is the same graph
        assert parsed[name + "/union"] == parsed[triple_formats[0]], name


def test_quad_dumps_keep_the_named_graphs(dumps, store):
    graphs = {q.graph_name.value for q in ox.parse(dumps["nq"], format=ox.RdfFormat.N_QUADS)}
    assert graphs == set(store.graphs())
    assert not any(isinstance(q.graph_name, ox.NamedNode)
                   for q in ox.parse(dumps["nt"], format=ox.RdfFormat.N_TRIPLES))


@pytest.mark.parametrize("name", sorted(RDF_FORMATS))
def test_dumps_are_deterministic_across_processes(name, dumps, store):
    """Another process, whose store gave the blank nodes other labels, writes the same bytes."""
    assert serialize_dataset(store.quads(), RDF_FORMATS[name]) == dumps[name]


def test_the_nquads_dump_is_the_export_of_the_command_line(dumps, built, tmp_path):
    out = tmp_path / "export.nq"
    result = run_cli("export", "--format", "nq", "--dataset", str(built.dataset), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == dumps["nq"]


@pytest.mark.parametrize("name", sorted(RDF_FORMATS))
def test_dump_headers(name, server, dumps):
    fmt = RDF_FORMATS[name]
    response, body = raw_get(f"{server}/dataset.{fmt.suffix}", IDENTITY)
    assert response.headers["Content-Type"].split(";")[0] == fmt.media_type
    assert response.headers["Content-Disposition"] == f'attachment; filename="inspection-kg.{fmt.suffix}"'
    assert "Accept-Encoding" in response.headers["Vary"]
    assert 'rel="describedby"' in response.headers["Link"] and "/.well-known/void" in response.headers["Link"]
    assert int(response.headers["Content-Length"]) == len(body) == len(dumps[name])


# ---------------------------------------------------------------- gzip, HEAD, ETags

@pytest.mark.parametrize("name", ["ttl", "nq", "jsonld"])
def test_gzip_decompresses_to_the_identity_bytes(name, server, dumps):
    url = f"{server}/dataset.{SUFFIXES[name]}"
    response, body = raw_get(url, GZIP)
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert int(response.headers["Content-Length"]) == len(body) < len(dumps[name]) / 4
    assert gzip.decompress(body) == dumps[name]


@pytest.mark.parametrize("accept_encoding, gzipped", [
    ("gzip, deflate, br", True), ("x-gzip", True), ("*", True), ("gzip;q=0.5, identity;q=1", False),
    ("gzip;q=0", False), ("br", False), ("identity", False), ("", False), ("*;q=0, identity", False),
])
def test_gzip_only_when_accept_encoding_allows_it(accept_encoding, gzipped, server, dumps):
    response, body = raw_get(server + "/dataset.nt", {"Accept-Encoding": accept_encoding})
    assert response.status_code == 200
    assert (response.headers.get("Content-Encoding") == "gzip") is gzipped
    assert (gzip.decompress(body) if gzipped else body) == dumps["nt"]


def test_gzip_and_identity_never_mixed_up(server, dumps):
    """Alternating requests each get the encoding they asked for, whatever was sent before."""
    url = server + "/dataset.trig"
    for headers in (GZIP, IDENTITY, GZIP, IDENTITY, {"Accept-Encoding": "gzip", "Accept": "*/*"}, IDENTITY):
        response, body = raw_get(url, headers)
        if headers is IDENTITY:
            assert "Content-Encoding" not in response.headers and body == dumps["trig"]
        else:
            assert response.headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == dumps["trig"]


def test_gzip_and_identity_have_different_etags_and_304s(server):
    url = server + "/dataset.ttl"
    plain, _ = raw_get(url, IDENTITY)
    packed, _ = raw_get(url, GZIP)
    assert plain.headers["ETag"] != packed.headers["ETag"]
    for headers, tag in ((IDENTITY, plain.headers["ETag"]), (GZIP, packed.headers["ETag"])):
        again = get(url, {**headers, "If-None-Match": tag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["ETag"] == tag
    # a tag of the other encoding does not match: the client gets the representation, in full
    crossed, body = raw_get(url, {**IDENTITY, "If-None-Match": packed.headers["ETag"]})
    assert crossed.status_code == 200 and "Content-Encoding" not in crossed.headers and body.startswith(b"@prefix")
    crossed, body = raw_get(url, {**GZIP, "If-None-Match": plain.headers["ETag"]})
    assert crossed.status_code == 200 and crossed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body).startswith(b"@prefix")


def test_etags_are_the_same_on_every_worker(server):
    tags = {raw_get(server + "/dataset.nq", IDENTITY)[0].headers["ETag"] for _ in range(8)}
    assert len(tags) == 1


@pytest.mark.parametrize("headers", [IDENTITY, GZIP])
def test_head_has_the_headers_and_no_body(headers, server):
    url = server + "/dataset.rdf"
    full, body = raw_get(url, headers)
    head = requests.head(url, headers=headers, timeout=60)
    assert head.status_code == 200 and head.content == b""
    for name in ("Content-Type", "Content-Length", "ETag", "Content-Disposition"):
        assert head.headers[name] == full.headers[name], name
    assert head.headers.get("Content-Encoding") == full.headers.get("Content-Encoding")
    assert int(head.headers["Content-Length"]) == len(body)


# ---------------------------------------------------------------- /dataset, negotiated

@pytest.mark.parametrize("headers, params, name", [
    ({}, None, "trig"),
    ({"Accept": "text/turtle"}, None, "ttl"),
    ({"Accept": "application/n-quads, text/turtle;q=0.5"}, None, "nq"),
    ({"Accept": "application/ld+json"}, None, "jsonld"),
    ({"Accept": "text/turtle"}, {"format": "nt"}, "nt"),
    ({}, {"format": "application/rdf+xml"}, "xml"),
])
def test_dataset_negotiates_a_dump(headers, params, name, server, dumps):
    response = get(server + "/dataset", {**headers, **IDENTITY}, params=params)
    assert response.status_code == 200
    assert response.headers["Content-Location"] == f"/dataset.{SUFFIXES[name]}"
    assert response.headers["Content-Type"].split(";")[0] == RDF_FORMATS[name].media_type
    assert {v.strip() for v in response.headers["Vary"].split(",")} >= {"Accept", "Accept-Encoding"}
    assert response.content == dumps[name]


@pytest.mark.parametrize("path, params, headers, status, words", [
    ("/dataset.xyz", None, {}, 404, "/dataset.ttl"),
    ("/dataset.html", None, {}, 404, "no dump /dataset.html"),
    ("/dataset", {"format": "csv"}, {}, 400, "format='csv'"),
    ("/dataset", None, {"Accept": "image/png"}, 406, "application/n-quads"),
    ("/.well-known/void", {"format": "bogus"}, {}, 400, "format='bogus'"),
    ("/.well-known/void", None, {"Accept": "text/csv"}, 406, "text/turtle"),
    ("/context.jsonld", {"format": "ttl"}, {}, 400, "format='ttl'"),
])
def test_bad_requests_get_a_4xx_with_a_message(path, params, headers, status, words, server):
    response = get(server + path, headers, params=params)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["status"] == status and words in error["message"]


def test_an_unknown_dump_is_escaped_in_html(server):
    response = get(server + "/dataset.%3Cimg%20src=x%20onerror=alert(1)%3E", {"Accept": "text/html"})
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/html")
    assert "<img src=x" not in response.text and "no dump /dataset.&lt;img src=x onerror=alert(1)&gt;" in response.text


@pytest.mark.parametrize("path", ["/dataset.ttl", "/dataset", "/.well-known/void", "/context.jsonld"])
def test_preflight(path, server):
    response = requests.options(server + path, headers={"Origin": "https://example.org",
                                                        "Access-Control-Request-Method": "GET"}, timeout=10)
    assert response.status_code == 204
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_the_home_page_links_resolve(server):
    """The home page's links to the dumps, the description and the context all answer."""
    home = get(server + "/", {"Accept": "text/html"}).text
    links = sorted(set(re.findall(r'href="(/dataset[^"]*|/\.well-known/void|/context\.jsonld)"', home)))
    assert len(links) == 8, links
    for link in links:
        assert requests.head(server + link, timeout=60).status_code == 200, link


# ---------------------------------------------------------------- the VoID and DCAT description

def test_void_describes_the_dataset(void_graph, server, store):
    g = void_graph
    dataset = described(g)
    assert (dataset, RDF.type, DCAT.Dataset) in g
    assert g.value(dataset, VOID.sparqlEndpoint) == URIRef(server + "/sparql")
    assert g.value(dataset, VOID.triples) == Literal(len(store))
    assert g.value(dataset, VOID.uriSpace) == Literal(configured_base())
    assert URIRef(body_iri("bscb")) in set(g.objects(dataset, VOID.exampleResource))
    assert g.value(dataset, DCTERMS.license) == URIRef(MIT_LICENSE)
    assert g.value(dataset, DCTERMS.title) is not None and g.value(dataset, DCTERMS.description) is not None
    assert (URIRef(server + "/.well-known/void"), RDF.type, VOID.DatasetDescription) in g


def test_void_counts_each_graph_as_the_store_does(void_graph, store):
    g = void_graph
    dataset = described(g)
    counted = {str(g.value(s, SD.name)): g.value(s, VOID.triples).toPython() for s in g.objects(dataset, VOID.subset)}
    expected = {graph: sum(1 for _ in store.quads(graph)) for graph in store.graphs()}
    assert counted == expected
    assert len(counted) == 5 and sum(counted.values()) == len(store)


def test_void_lists_a_dump_per_format(void_graph, server):
    g = void_graph
    dataset = described(g)
    dumps = {str(u) for u in g.objects(dataset, VOID.dataDump)}
    assert dumps == {f"{server}/dataset.{s}" for s in SUFFIXES.values()}
    distributions = list(g.objects(dataset, DCAT.distribution))
    assert len(distributions) == 6
    for fmt in RDF_FORMATS.values():
        url = URIRef(f"{server}/dataset.{fmt.suffix}")
        (distribution,) = g.subjects(DCAT.downloadURL, url)
        assert distribution in distributions
        assert g.value(distribution, DCAT.mediaType) == URIRef("http://www.iana.org/assignments/media-types/"
                                                               + fmt.media_type)
        title = str(g.value(distribution, DCTERMS.title))
        assert ("keeping the named graphs" in title) is fmt.quads and ("union" in title) is not fmt.quads


def test_void_quotes_the_reports_notice_and_names_its_source(void_graph):
    g = void_graph
    dataset = described(g)
    report = URIRef(in_report())
    assert g.value(dataset, DCTERMS.source) == report
    (rights,) = g.objects(dataset, DCTERMS.rights)
    assert (rights, RDF.type, DCTERMS.RightsStatement) in g
    assert g.value(rights, DCTERMS.description) == Literal(notice())
    assert str(g.value(rights, DCTERMS.description)) == (
        "This document may be reproduced in whole or in part for non-commercial purposes, provided that the "
        "information quoted is reproduced without adaptation and the source and date of publication are stated.")
    assert g.value(rights, RDFS.label) == Literal("\u00a9 Crown copyright 2012")
    assert g.value(rights, DCTERMS.source) == report
    assert g.value(report, DCTERMS.publisher) == Literal("www.ofsted.gov.uk")
    assert g.value(report, DCTERMS.issued) == Literal("2012", datatype=XSD.gYear)
    assert g.value(report, IKG.localAuthority) == Literal("Birmingham City Council")


def test_void_names_the_vocabularies_used(void_graph):
    g = void_graph
    dataset = described(g)
    vocabularies = {str(v) for v in g.objects(dataset, VOID.vocabulary)}
    expected = {NAMESPACES[p] for p in ("ikg", "org", "prov", "skos", "dcterms", "time", "unit", "sh", "foaf")}
    assert expected <= vocabularies
    assert not any(v.startswith(configured_base()) for v in vocabularies)  # data, not a vocabulary
    assert NAMESPACES["void"] not in vocabularies and NAMESPACES["dcat"] not in vocabularies  # not in the data


def test_void_names_the_host_it_was_asked_at(server):
    response = get(server + "/.well-known/void", {"Host": "data.example.org"})
    g = Graph().parse(data=response.text, format="turtle")
    assert URIRef("http://data.example.org/sparql") in set(g.objects(None, VOID.sparqlEndpoint))
    assert URIRef("http://data.example.org/dataset.ttl") in set(g.objects(None, VOID.dataDump))
    assert server not in response.text
    # and the cached copy for one host is not served to another
    again = get(server + "/.well-known/void")
    assert "data.example.org" not in again.text and server + "/sparql" in again.text


@pytest.mark.parametrize("name", sorted(RDF_FORMATS))
def test_void_in_every_format(name, server, void_graph):
    fmt = RDF_FORMATS[name]
    for response in (get(server + "/.well-known/void", {"Accept": fmt.media_type}),
                     get(server + "/.well-known/void", params={"format": name})):
        assert response.status_code == 200
        assert response.headers["Content-Type"].split(";")[0] == fmt.media_type
        target = Dataset() if fmt.quads else Graph()
        target.parse(data=response.content, format=RDFLIB_FORMAT[name])
        graph = Graph()
        for s, p, o, *_ in (target.quads((None, None, None, None)) if fmt.quads else target):
            graph.add((s, p, o))
        assert isomorphic(graph, void_graph)


def test_void_is_cached_with_an_etag(server):
    first = get(server + "/.well-known/void")
    again = get(server + "/.well-known/void", {"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


# ---------------------------------------------------------------- the JSON-LD context

@pytest.fixture(scope="module")
def context(server) -> dict:
    response = get(server + "/context.jsonld")
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == "application/ld+json"
    return response.json()["@context"]


def test_context_has_a_term_per_class_and_property(context, store):
    rows = store.query(f"""SELECT DISTINCT ?term WHERE {{
        VALUES ?kind {{ <{NAMESPACES['owl']}Class> <{NAMESPACES['owl']}ObjectProperty>
                       <{NAMESPACES['owl']}DatatypeProperty> }}
        ?term a ?kind . FILTER(STRSTARTS(STR(?term), "{IKG}")) }}""")
    terms = {row["term"].value[len(str(IKG)):] for row in rows}
    assert len(terms) > 60
    for name in terms:
        assert context[name]["@id"] == "ikg:" + name, name
    assert context["ikg"] == str(IKG) and context["xsd"] == str(XSD)
    assert context["dueDate"] == {"@id": "ikg:dueDate", "@type": "xsd:date"}
    assert context["number"] == {"@id": "ikg:number", "@type": "xsd:integer"}
    assert context["unannounced"]["@type"] == "xsd:boolean" and context["year"]["@type"] == "xsd:gYear"
    assert context["hasResponsibleBody"] == {"@id": "ikg:hasResponsibleBody", "@type": "@id"}
    assert context["Action"] == {"@id": "ikg:Action"}
    assert "@type" not in context["text"]  # a plain JSON string is already an xsd:string
    assert context["grade"]["@id"] == "ikg:grade"  # the property, not the grade: prefix


def test_context_expands_a_document_to_the_datas_triples(server, store):
    """A document written with the short names, the context fetched by URL, gives the triples the data holds."""
    action, bscb = in_report("action/2"), body_iri("bscb")
    document = {"@context": server + "/context.jsonld", "@id": action, "@type": "Action", "number": 2,
                "dueDate": "2012-09-19", "hasResponsibleBody": bscb, "hasAccountableBody": body_iri("birmingham-city-council")}
    graph = Graph().parse(data=json.dumps(document), format="json-ld")
    a = URIRef(action)
    expected = {
        (a, RDF.type, IKG.Action),
        (a, IKG.number, Literal("2", datatype=XSD.integer)),
        (a, IKG.dueDate, Literal("2012-09-19", datatype=XSD.date)),
        (a, IKG.hasResponsibleBody, URIRef(bscb)),
        (a, IKG.hasAccountableBody, URIRef(body_iri("birmingham-city-council"))),
    }
    assert set(graph) == expected
    for s, p, o in expected:  # the same terms, datatypes included, as the dataset's own
        assert next(iter(store.store.quads_for_pattern(to_ox(s), to_ox(p), to_ox(o))), None) is not None, (p, o)
