"""Linked data over HTTP: every IRI of the dataset dereferences, as HTML and as RDF, at a real server.

Requests go to the session's `inspection-kg serve` (the ``server`` fixture); a
second server, over a copy of the dataset with markup injected into its
literals, checks that pages escape what they show. RDF bodies are parsed with
pyoxigraph and compared with the built dataset.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import pyoxigraph as ox
import pytest
import requests
from conftest import body_iri, graph_iri, in_report, on_every_backend
from server import RunningServer

from service.namespaces import CONCEPTS, DEFAULT_BASE, NAMESPACES, VOCAB, Minter
from service.publish.linked import local_path, page_url
from service.publish.ontology import ontology_graph

BASE = DEFAULT_BASE
BSCB = body_iri("bscb")
ONTOLOGY = VOCAB.rstrip("#")
ORGANIZATION = NAMESPACES["org"] + "Organization"
IKG, SKOS, RDFS = NAMESPACES["ikg"], NAMESPACES["skos"], NAMESPACES["rdfs"]
DCTERMS = NAMESPACES["dcterms"]
RDF_TYPES = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples",
             "rdf": "application/rdf+xml"}
PARSERS = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD,
           "application/n-triples": ox.RdfFormat.N_TRIPLES, "application/rdf+xml": ox.RdfFormat.RDF_XML}
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
MARKUP = "<script>alert(1)</script> & \"quoted\" 'too' <b>bold</b>"


# ---------------------------------------------------------------- helpers

@pytest.fixture(scope="module")
def session():
    with requests.Session() as s:
        yield s


# Every resource page from every store: in memory, pyoxigraph on disk, an Oxigraph server and Virtuoso.
backend, server = on_every_backend()


def get(session, url, accept=None, **kwargs) -> requests.Response:
    response = session.get(url, headers={"Accept": accept} if accept else {}, timeout=60, **kwargs)
    assert response.status_code < 500, (url, response.status_code, response.text[:500])
    return response


def media_type(response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip()


def triples(response) -> set[ox.Triple]:
    """The triples of an RDF response, parsed by the format its Content-Type names."""
    assert response.status_code == 200, (response.url, response.status_code, response.text[:300])
    return {ox.Triple(q.subject, q.predicate, q.object)
            for q in ox.parse(response.content, format=PARSERS[media_type(response)])}


def about(found: set[ox.Triple], iri: str) -> set[ox.Triple]:
    node = ox.NamedNode(iri)
    return {t for t in found if node in (t.subject, t.object)}


def iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def error(response, status: int) -> str:
    """The one JSON error shape with this status; its message."""
    assert response.status_code == status, (response.status_code, response.text[:300])
    assert media_type(response) == "application/json"
    document = response.json()
    assert set(document) == {"error"} and set(document["error"]) == {"status", "title", "message"}
    assert document["error"]["status"] == status and document["error"]["message"]
    return document["error"]["message"]


def links(response) -> dict[str, str]:
    """The Link header's alternates: media type -> href."""
    found = re.findall(r'<([^>]*)>;\s*rel="alternate";\s*type="([^"]*)"', response.headers.get("Link", ""))
    return {media: href for href, media in found}


def replaced_iris(store) -> set[str]:
    """The IRIs the dataset says are replaced (dcterms:isReplacedBy): bodies' IRIs before authorities."""
    return {q.subject.value for q in store.pattern(None, ox.NamedNode(DCTERMS + "isReplacedBy"), None)}


def minted_iris(store) -> set[str]:
    """Every IRI the curation and structure graphs use as subject or object, minted here (base or vocabulary),
    but those replaced by another (which answer 301, tested below)."""
    found = set()
    for graph in (graph_iri("curation"), graph_iri("structure")):
        for quad in store.quads(graph):
            for term in (quad.subject, quad.object):
                if isinstance(term, ox.NamedNode) and local_path(term.value, BASE):
                    found.add(term.value)
    return found - replaced_iris(store)


# ---------------------------------------------------------------- every IRI

def test_every_minted_iri_dereferences_in_html_and_turtle(server, store, session):
    """Subjects and objects of the curation and structure graphs: 200 in HTML and in Turtle, about the IRI."""
    minted = minted_iris(store)
    assert len(minted) > 500  # sentences, paragraphs, findings, actions, bodies, events, concepts, ikg: terms
    assert {BSCB, in_report("paragraph/36/sentence/7"), CONCEPTS + "grade/inadequate", VOCAB + "Action"} <= minted
    by_document: dict[str, list[str]] = {}
    for value in minted:
        by_document.setdefault(page_url(value, BASE).partition("#")[0], []).append(value)
    for document, iris in sorted(by_document.items()):
        page = get(session, server + document, "text/html")
        assert page.status_code == 200 and media_type(page) == "text/html", (document, page.status_code)
        turtle = get(session, server + document, "text/turtle")
        assert media_type(turtle) == "text/turtle", document
        found = triples(turtle)
        for value in iris:
            assert about(found, value), (document, value)
            if "#" in value:  # a hash term: the page has its anchor
                assert f'id="{value.partition("#")[2]}"' in page.text, (document, value)
            else:
                assert f"<code>{html.escape(value)}</code>" in page.text, (document, value)


def test_the_bscb_in_turtle_says_what_it_is_responsible_for(server, session):
    """Responsible for actions 2, 10, 13 and 14, a partner in 11 (the inverses, from the inferred graph)."""
    found = triples(get(session, server + "/id/authority/birmingham/body/bscb", "text/turtle"))
    responsible = {t.object.value for t in found if t.subject == iri(BSCB) and t.predicate == iri(IKG + "responsibleFor")}
    partner = {t.object.value for t in found if t.subject == iri(BSCB) and t.predicate == iri(IKG + "partnerIn")}
    assert responsible == {in_report(f"action/{n}") for n in (2, 10, 13, 14)}
    assert partner == {in_report("action/11")}
    # and the statements pointing at it, asserted in the curation
    assert ox.Triple(iri(in_report("action/2")), iri(IKG + "hasResponsibleBody"), iri(BSCB)) in found
    assert ox.Triple(iri(BSCB), iri(SKOS + "prefLabel"),
                     ox.Literal("Birmingham Safeguarding Children Board", language="en")) in found


def test_the_bscb_page_links_its_actions_by_label(server, session):
    page = get(session, server + "/id/authority/birmingham/body/bscb", BROWSER_ACCEPT)
    assert page.status_code == 200 and media_type(page) == "text/html"
    assert "<title>Birmingham Safeguarding Children Board" in page.text
    row = re.search(r'<th><a href="/def#responsibleFor"[^>]*>responsible for</a>.*?</tr>', page.text, re.S).group(0)
    assert re.findall(r'href="/id/birmingham-2012/action/(\d+)"', row) == ["2", "10", "13", "14"]
    assert ">area for improvement 2</a>" in row
    # its types, linked: ikg:Body to the ontology's anchor, org:Organization to the generic page
    assert 'href="/def#Body"' in page.text
    assert f'href="/page?iri={quote(ORGANIZATION, safe="")}"' in page.text


def test_a_finding_quotes_its_sentence_linked_to_its_paragraph(server, session):
    page = get(session, server + "/id/birmingham-2012/finding/36-7", "text/html").text
    quote_block = re.search(r"<blockquote>(.*?)</blockquote>", page, re.S).group(1)
    assert ("“The BSCB has made insufficient progress in safeguarding children and young people from sexual "
            "exploitation.”") in quote_block
    assert 'href="/id/birmingham-2012/paragraph/36"' in quote_block
    assert 'href="/id/birmingham-2012/paragraph/36/sentence/7"' in quote_block
    # what points at it: action 2 addresses it
    assert 'href="/id/birmingham-2012/action/2"' in page.split("What points here")[1]


def test_a_weakness_no_action_answers_shows_its_validation_result(server, session):
    """Blank nodes pointing at a resource come with their own triples: the SHACL result and its message."""
    finding = in_report("finding/29-1")
    found = triples(get(session, server + "/id/birmingham-2012/finding/29-1", "text/turtle"))
    results = {t.subject for t in found if t.predicate == iri(NAMESPACES["sh"] + "focusNode")
               and t.object == iri(finding)}
    assert len(results) == 1
    messages = [t.object.value for t in found if t.subject in results
                and t.predicate == iri(NAMESPACES["sh"] + "resultMessage")]
    assert messages and "is answered by no area for improvement" in messages[0]
    page = get(session, server + "/id/birmingham-2012/finding/29-1", "text/html").text
    assert "is answered by no area for improvement" in page


# ---------------------------------------------------------------- negotiation and documents

@pytest.mark.parametrize("suffix", [*RDF_TYPES, "html"])
def test_suffix_and_accept_give_the_same_document(server, session, suffix):
    wanted = RDF_TYPES.get(suffix, "text/html")
    negotiated = get(session, server + "/id/authority/birmingham/body/bscb", wanted)
    document = get(session, server + f"/id/authority/birmingham/body/bscb.{suffix}")
    assert negotiated.status_code == document.status_code == 200
    assert media_type(negotiated) == media_type(document) == wanted
    assert negotiated.content == document.content
    assert negotiated.headers["Content-Location"] == f"/id/authority/birmingham/body/bscb.{suffix}"
    assert "Content-Location" not in document.headers
    assert "Accept" in negotiated.headers["Vary"]
    alternates = links(negotiated)
    assert wanted not in alternates
    assert set(alternates) == ({*RDF_TYPES.values(), "text/html"} - {wanted})
    if suffix != "html":
        assert about(triples(document), BSCB)


def test_every_rdf_format_holds_the_same_triples(server, session):
    turtle = triples(get(session, server + "/id/authority/birmingham/body/bscb.ttl"))
    assert len(turtle) > 50
    for suffix in ("jsonld", "nt", "rdf"):
        assert triples(get(session, server + f"/id/authority/birmingham/body/bscb.{suffix}")) == turtle, suffix


def test_the_page_links_its_rdf_twins_visibly_and_in_the_head(server, session):
    page = get(session, server + "/id/birmingham-2012/action/2", "text/html")
    for suffix, media in RDF_TYPES.items():
        assert f'<link rel="alternate" type="{media}" href="/id/birmingham-2012/action/2.{suffix}">' in page.text
        assert f'<a href="/id/birmingham-2012/action/2.{suffix}">' in page.text
    assert links(page)["text/turtle"] == "/id/birmingham-2012/action/2.ttl"


def test_a_curl_without_accept_gets_turtle_and_a_browser_html(server, session):
    assert media_type(get(session, server + "/id/authority/birmingham/body/bscb")) == "text/turtle"
    assert media_type(get(session, server + "/id/authority/birmingham/body/bscb", "*/*")) == "text/turtle"
    assert media_type(get(session, server + "/id/authority/birmingham/body/bscb", BROWSER_ACCEPT)) == "text/html"


def test_resource_pages_are_cached_with_etags(server, session):
    first = get(session, server + "/id/authority/birmingham/body/police", "text/turtle")
    again = get(session, server + "/id/authority/birmingham/body/police", "text/turtle")
    assert first.headers["ETag"] == again.headers["ETag"] and again.content == first.content
    assert again.headers.get("X-Cache") in ("hit", "miss")  # marked cacheable (each web worker has its cache)
    conditional = session.get(server + "/id/authority/birmingham/body/police", headers={"Accept": "text/turtle",
                                                                    "If-None-Match": first.headers["ETag"]})
    assert conditional.status_code == 304


# ---------------------------------------------------------------- /resource?iri= and /page?iri=

@pytest.mark.parametrize("value, location", [
    (BSCB, "/id/authority/birmingham/body/bscb"),
    (CONCEPTS + "grade/inadequate", "/def/grade/inadequate"),
    (VOCAB + "Action", "/def#Action"),
    (ONTOLOGY, "/def"),
    (ORGANIZATION, "/page?iri=" + quote(ORGANIZATION, safe="")),
], ids=["data", "concept", "ontology-term", "ontology", "external"])
def test_resource_redirects_to_the_page_of_an_iri(server, session, value, location):
    response = session.get(server + "/resource", params={"iri": value}, allow_redirects=False)
    assert response.status_code == 303
    assert response.headers["Location"] == location


@pytest.mark.parametrize("value", [BSCB, CONCEPTS + "grade/inadequate", VOCAB + "Action", ORGANIZATION],
                         ids=["data", "concept", "ontology-term", "external"])
def test_negotiation_follows_the_redirect(server, session, value):
    turtle = session.get(server + "/resource", params={"iri": value}, headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and media_type(turtle) == "text/turtle"
    assert [r.status_code for r in turtle.history] == [303]
    assert about(triples(turtle), value)
    page = session.get(server + "/resource", params={"iri": value}, headers={"Accept": BROWSER_ACCEPT})
    assert page.status_code == 200 and media_type(page) == "text/html"


def test_an_external_iri_has_a_generic_page_and_description(server, session):
    here = server + "/page?iri=" + quote(ORGANIZATION, safe="")
    page = get(session, here, "text/html")
    assert page.status_code == 200 and "<title>org:Organization" in page.text
    assert 'href="/id/authority/birmingham/body/bscb"' in page.text  # the BSCB is an org:Organization (inferred)
    found = triples(get(session, here, "application/n-triples"))
    assert ox.Triple(iri(BSCB), iri(NAMESPACES["rdf"] + "type"), iri(ORGANIZATION)) in found
    document = get(session, here + "&format=ttl")
    assert document.content == get(session, here, "text/turtle").content
    assert get(session, here, "text/turtle").headers["Content-Location"] == (
        "/page?iri=" + quote(ORGANIZATION, safe="") + "&format=ttl")


def test_a_hash_document_describes_its_terms(server, session):
    """…/def/shapes#WeaknessAnswered (named by validation results) dereferences at /def/shapes."""
    shape = CONCEPTS + "shapes#WeaknessAnswered"
    response = session.get(server + "/resource", params={"iri": shape}, allow_redirects=False)
    assert response.headers["Location"] == "/def/shapes#WeaknessAnswered"
    page = get(session, server + "/def/shapes", "text/html")
    assert page.status_code == 200 and 'id="WeaknessAnswered"' in page.text
    assert about(triples(get(session, server + "/def/shapes.ttl")), shape)


def test_a_graph_name_dereferences_to_its_size_and_contents(server, built, session):
    curation = graph_iri("curation")
    page = get(session, server + local_path(curation, BASE), "text/html")
    assert page.status_code == 200
    assert f"of {built.graphs[curation]} triples" in page.text
    assert f'href="/store?graph={curation}&amp;format=ttl"' in page.text


@pytest.mark.parametrize("path, status", [
    ("/resource", 400),
    ("/resource?iri=not%20an%20iri", 400),
    ("/resource?iri=bscb", 400),
    ("/resource?iri=a&iri=b", 400),
    ("/resource?iri=http://example.org/not-in-the-dataset", 404),
    ("/resource?iri=" + quote(BASE + "body/nobody", safe=""), 404),
    ("/page?iri=%3Cscript%3E", 400),
    ("/page?iri=http://example.org/not-in-the-dataset", 404),
    ("/id/authority/birmingham/body/nobody", 404),
    ("/id/authority/birmingham/body/nobody.ttl", 404),
    ("/id/authority/birmingham/body/bscb.nq", 404),
    ("/id/", 404),
    ("/def/grade/excellent", 404),
    ("/def.xyz", 404),
    ("/id/authority/birmingham/body/bscb?format=bogus", 400),
    ("/def?format=bogus", 400),
], ids=lambda v: str(v))
def test_bad_requests_get_4xx_with_a_message(server, session, path, status):
    message = error(get(session, server + path, "application/json"), status)
    assert len(message) > 10


def test_unacceptable_types_get_406(server, session):
    message = error(get(session, server + "/id/authority/birmingham/body/bscb", "image/png"), 406)
    assert "text/turtle" in message


def test_an_unknown_iri_gets_an_html_404_in_a_browser(server, session):
    response = get(session, server + "/id/authority/birmingham/body/nobody", BROWSER_ACCEPT)
    assert response.status_code == 404 and media_type(response) == "text/html"
    assert html.escape(f"<{BASE}authority/birmingham/body/nobody>") in response.text


def test_options_answers_the_methods(server, session):
    response = session.options(server + "/id/authority/birmingham/body/bscb")
    assert response.status_code == 204 and "GET" in response.headers["Allow"]


# ---------------------------------------------------------------- the ontology at /def

def test_the_ontology_page_has_an_anchor_for_each_term(server, store, session):
    terms = {q.subject.value for q in store.quads(graph_iri("ontology", report=False))
             if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(VOCAB)}
    assert {VOCAB + "Action", VOCAB + "hasResponsibleBody", VOCAB + "dueDate"} <= terms
    page = get(session, server + "/def", BROWSER_ACCEPT)
    assert page.status_code == 200 and media_type(page) == "text/html"
    anchors = set(re.findall(r'id="([^"]*)"', page.text))
    assert {t[len(VOCAB):] for t in terms} <= anchors
    assert "<title>inspection-kg vocabulary</title>" in page.text
    assert 'href="#Action"' in page.text  # pyLODE's own links use the same anchors
    for suffix in ("ttl", "jsonld", "nt", "rdf"):
        assert f'<a href="/def.{suffix}">' in page.text
    assert '<a href="/def/grade">' in page.text  # the concept schemes, which pyLODE leaves out


def test_the_ontology_in_turtle_is_the_ontology_graph(server, store, session):
    expected = {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads(graph_iri("ontology", False))}
    turtle = get(session, server + "/def", "text/turtle")
    assert turtle.headers["Content-Location"] == "/def.ttl"
    found = triples(turtle)
    assert ox.Triple(iri(ONTOLOGY), iri(NAMESPACES["rdf"] + "type"), iri(NAMESPACES["owl"] + "Ontology")) in found
    assert len(found) == len(expected)
    assert {t for t in found if not isinstance(t.subject, ox.BlankNode) and not isinstance(t.object, ox.BlankNode)} \
        == {t for t in expected if not isinstance(t.subject, ox.BlankNode) and not isinstance(t.object, ox.BlankNode)}
    assert get(session, server + "/def.ttl").content == turtle.content
    for suffix, media in RDF_TYPES.items():
        document = get(session, server + f"/def.{suffix}")
        assert media_type(document) == media and len(triples(document)) == len(expected), suffix


def test_the_ontology_graph_iri_is_the_minters():
    assert ontology_graph(BASE) == str(Minter(BASE).graph(None, "ontology"))


# ---------------------------------------------------------------- another base

OTHER_BASE = "https://example.org/kg/"


@pytest.fixture(scope="module")
def rebased_server(tmp_path_factory):
    """A server over a build minted under another base (INSPECTION_KG_BASE), as another deployment runs."""
    from conftest import ROOT

    from service.config import Paths
    from service.graph.build import build

    result = build(Paths(ROOT, tmp_path_factory.mktemp("rebased")), force=True, minter=Minter(OTHER_BASE))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INSPECTION_KG_BASE", OTHER_BASE)
        running = RunningServer(result.dataset, workers=1, executors=1)
        running.start()
    yield running.base_url
    running.stop()


def test_another_base_maps_onto_the_same_routes(rebased_server, session):
    bscb = OTHER_BASE + "authority/birmingham/body/bscb"
    found = triples(get(session, rebased_server + "/id/authority/birmingham/body/bscb", "text/turtle"))
    assert ox.Triple(iri(bscb), iri(IKG + "partnerIn"), iri(OTHER_BASE + "birmingham-2012/action/11")) in found
    response = session.get(rebased_server + "/resource", params={"iri": bscb}, allow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"] == "/id/authority/birmingham/body/bscb"
    assert error(session.get(rebased_server + "/resource", params={"iri": BSCB}), 404)  # the default base's
    # the ontology graph is named under the base too; /def still finds it
    assert ox.Triple(iri(ONTOLOGY), iri(NAMESPACES["rdf"] + "type"), iri(NAMESPACES["owl"] + "Ontology")) \
        in triples(get(session, rebased_server + "/def.ttl"))


# ---------------------------------------------------------------- escaping

@pytest.fixture(scope="module")
def hostile_server(built, tmp_path_factory):
    """A server over a copy of the dataset whose literals hold markup: a label, a new body, an ontology comment."""
    curation, ontology = graph_iri("curation"), graph_iri("ontology", report=False)
    injected = body_iri("injected")
    text = MARKUP.replace("\\", "\\\\").replace('"', '\\"')
    lines = [
        f'<{BSCB}> <{SKOS}altLabel> "{text}" <{curation}> .',
        f'<{injected}> <{SKOS}prefLabel> "{text}"@en <{curation}> .',
        f'<{injected}> <{NAMESPACES["org"]}unitOf> <{BSCB}> <{curation}> .',
        f'<{VOCAB}Action> <{RDFS}comment> "{text}"@en <{ontology}> .',
    ]
    path = tmp_path_factory.mktemp("hostile") / "dataset.nq"
    path.write_bytes(built.dataset.read_bytes() + ("\n".join(lines) + "\n").encode("utf-8"))
    with RunningServer(path, workers=1, executors=1) as url:
        yield url


def test_markup_in_literals_is_shown_as_text(hostile_server, session):
    escaped = html.escape(MARKUP, quote=False)
    for path in ("/id/authority/birmingham/body/bscb", "/id/authority/birmingham/body/injected"):
        page = get(session, hostile_server + path, "text/html")
        assert page.status_code == 200
        assert "<script>alert(1)</script>" not in page.text and "<b>bold</b>" not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text and "&amp;" in page.text
    # the injected body's label is its title, and the BSCB's page links it by that label
    injected = get(session, hostile_server + "/id/authority/birmingham/body/injected", "text/html").text
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; " in injected
    bscb = get(session, hostile_server + "/id/authority/birmingham/body/bscb", "text/html").text
    assert re.search(r'<a href="/id/authority/birmingham/body/injected"[^>]*>&lt;script&gt;', bscb)
    assert escaped.split("&amp;")[0] in bscb
    # the RDF keeps the text exactly
    found = triples(get(session, hostile_server + "/id/authority/birmingham/body/injected", "text/turtle"))
    assert ox.Literal(MARKUP, language="en") in {t.object for t in found}


def test_markup_in_the_ontology_is_shown_as_text(hostile_server, session):
    page = get(session, hostile_server + "/def", "text/html")
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text and "<b>bold</b>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


# ---------------------------------------------------------------- IRIs that moved

@pytest.mark.parametrize("old, new", [
    ("/id/body/bscb", "/id/authority/birmingham/body/bscb"),
    ("/id/body/bscb.ttl", "/id/authority/birmingham/body/bscb.ttl"),
    ("/id/body/birmingham-city-council.jsonld", "/id/authority/birmingham/body/birmingham-city-council.jsonld"),
    ("/id/body/police?format=nt", "/id/authority/birmingham/body/police?format=nt"),
    ("/page?iri=" + quote(DEFAULT_BASE + "body/bscb", safe=""), "/id/authority/birmingham/body/bscb"),
    ("/resource?iri=" + quote(DEFAULT_BASE + "body/bscb", safe=""), "/id/authority/birmingham/body/bscb"),
])
def test_a_local_body_iri_from_before_authorities_answers_301_to_its_new_iri(server, session, old, new):
    response = session.get(server + old, headers={"Accept": "text/turtle"}, allow_redirects=False)
    assert response.status_code == 301, (old, response.status_code)
    assert response.headers["Location"] == new
    assert session.get(server + new, headers={"Accept": "text/turtle"}).status_code == 200


def test_every_replaced_iri_redirects_to_a_body_of_the_dataset(server, store, session):
    replaced = replaced_iris(store)
    assert len(replaced) == 35  # the 38 bodies of the report less the three national ones
    for old in sorted(replaced):
        response = session.get(server + page_url(old, BASE), allow_redirects=False)
        assert response.status_code == 301, old
        assert old.replace(BASE + "body/", BASE + "authority/birmingham/body/") == \
            BASE + response.headers["Location"].removeprefix("/id/")


@pytest.mark.parametrize("slug", ["ofsted", "secretary-of-state", "uk-border-agency"])
def test_a_national_body_keeps_its_iri(server, session, slug):
    response = session.get(server + f"/id/body/{slug}", headers={"Accept": "text/turtle"}, allow_redirects=False)
    assert response.status_code == 200
    assert ox.Triple(iri(BASE + f"body/{slug}"), iri(NAMESPACES["rdf"] + "type"), iri(IKG + "NationalBody")) \
        in triples(response)
