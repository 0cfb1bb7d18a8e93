"""Linked data: every IRI of the dataset dereferences, as HTML for people and RDF for machines.

    /id/<path>          a data IRI (the base maps onto /id/)
    /def/<path>         a concept or scheme of the vocabulary (grade/, timescale/, theme/)
    /def                the ontology and its hash terms (/def#Action): pyLODE's page, or the OWL
    /page?iri=IRI       any other IRI of the dataset (org:Organization ...)
    /resource?iri=IRI   303 See Other to wherever that IRI's page is

The thing and its documents: a thing's IRI answers 200 with the description
in the negotiated format and ``Content-Location`` naming the document that
holds it (``/id/authority/birmingham/body/bscb`` -> ``/id/authority/birmingham/body/bscb.ttl``); the document's own URL
(a suffix, or ``format=`` on /page) answers the same bytes without negotiating.
An IRI the dataset says is replaced (``dcterms:isReplacedBy``: the bodies'
IRIs before they were scoped by authority) answers 301 Moved Permanently to
the page of its replacement, keeping the suffix or format asked for.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, current_app, redirect, render_template, request

from ..errors import NotFound, UserError
from ..namespaces import CONCEPTS, NAMESPACES, looks_like_iri
from ..publish import (
    ID_ROUTE,
    Description,
    describe,
    documentation,
    index,
    iri_of_path,
    ontology_quads,
    page_url,
    replacement,
    twin_links,
)
from ..store import FORMAT_ALIASES, RDF_FORMATS, serialize
from . import network, service
from .http import choose, preflight, respond, url_params, values
from .middleware import mark_cacheable
from .reader import reader_link
from .security import page_style_hashes, with_policy

bp = Blueprint("resources", __name__)
METHODS = "GET, HEAD, OPTIONS"
RDF_OFFERS = ("ttl", "jsonld", "nt", "xml")  # a description is triples: the formats without named graphs
OFFERS = {**{name: RDF_FORMATS[name].media_type for name in RDF_OFFERS}, "html": "text/html"}
SUFFIXES = {**{RDF_FORMATS[name].suffix: name for name in RDF_OFFERS}, "html": "html"}
SUFFIX_OF = {name: suffix for suffix, name in SUFFIXES.items()}
LABELS = {"ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples", "xml": "RDF/XML", "html": "HTML"}
ALIASES = {**FORMAT_ALIASES, "htm": "html", "rdf": "xml"}
INCOMING_SHOWN = 200  # statements pointing at a resource shown per property on its page (the RDF has all)
BODY = NAMESPACES["ikg"] + "Body"  # a body's page draws the network focused on it


@bp.route(f"{ID_ROUTE}<path:path>", methods=["GET", "OPTIONS"])
def data(path: str):
    """A data IRI minted under the base: its description, negotiated or by suffix."""
    return _by_path(path, ID_ROUTE, lambda p: iri_of_path(p, current_app.config["BASE"]))


@bp.route("/def/<path:path>", methods=["GET", "OPTIONS"])
def concept(path: str):
    """A concept or concept scheme of the vocabulary (…/def/grade/inadequate)."""
    return _by_path(path, "/def/", lambda p: CONCEPTS + p)


@bp.route("/def", methods=["GET", "OPTIONS"])
@bp.route("/def.<suffix>", methods=["GET", "OPTIONS"])
def ontology(suffix: str | None = None):
    """The ontology: pyLODE's documentation for people, the ontology graph in any RDF format for machines."""
    if request.method == "OPTIONS":
        return preflight(METHODS)
    fmt = _suffix_format(suffix) if suffix else choose(OFFERS, _format_param(), ALIASES)
    svc, base = service(), current_app.config["BASE"]
    if fmt == "html":
        body = documentation(svc.store, base).encode("utf-8")
    else:
        body = serialize(ontology_quads(svc.store, base), RDF_FORMATS[fmt])
    alternates = twin_links() + [{"href": "/def.html", "media_type": "text/html", "label": "HTML"}]
    response = _respond(body, fmt, alternates, None if suffix else f"/def.{SUFFIX_OF[fmt]}")
    return with_policy(response, page_style_hashes(body.decode("utf-8"))) if fmt == "html" else response


@bp.route("/page", methods=["GET", "OPTIONS"])
def page():
    """Any IRI of the dataset, minted here or not (``?iri=``); ``format=`` names one of its documents."""
    if request.method == "OPTIONS":
        return preflight(METHODS)
    iri = _iri_param()
    if moved := _moved(iri, _format_param()):
        return moved
    description = describe(service().store, iri)  # an unknown IRI is a 404 whatever the Accept
    fmt = choose(OFFERS, _format_param(), ALIASES)
    here = "/page?iri=" + quote(iri, safe="")
    alternates = [_alternate(f"{here}&format={SUFFIX_OF[name]}", name) for name in OFFERS]
    location = None if _format_param() else f"{here}&format={SUFFIX_OF[fmt]}"
    return _described(description, fmt, alternates, location)


@bp.route("/resource", methods=["GET", "OPTIONS"])
def resource():
    """303 See Other to the page of an IRI of the dataset; the client's Accept applies there."""
    if request.method == "OPTIONS":
        return preflight(METHODS)
    iri = _iri_param()
    if moved := _moved(iri):
        return moved
    known = index(service().store)
    if not known.knows(iri) and not known.members(iri):
        raise NotFound(f"no resource <{iri}> in this dataset")
    return redirect(page_url(iri, current_app.config["BASE"]), 303)


# ---------------------------------------------------------------- helpers

def _by_path(path: str, route: str, iri_for) -> Response:
    """A resource addressed by a path: ``<path>`` negotiates, ``<path>.<suffix>`` is one document."""
    if request.method == "OPTIONS":
        return preflight(METHODS)
    store = service().store
    stem, dot, suffix = path.rpartition(".")
    if dot and suffix in SUFFIXES and not index(store).knows(iri_for(path)):
        if moved := _moved(iri_for(stem), suffix=suffix):
            return moved
        description, fmt, location = describe(store, iri_for(stem)), SUFFIXES[suffix], None
    else:
        if moved := _moved(iri_for(path), _format_param()):
            return moved
        stem, description = path, describe(store, iri_for(path))  # an unknown IRI is a 404 whatever the Accept
        fmt = choose(OFFERS, _format_param(), ALIASES)
        location = f"{route}{stem}.{SUFFIX_OF[fmt]}"
    alternates = [_alternate(f"{route}{stem}.{SUFFIX_OF[name]}", name) for name in OFFERS]
    return _described(description, fmt, alternates, location)


def _moved(iri: str, format_param: str | None = None, suffix: str | None = None) -> Response | None:
    """301 to the replacement's page when the dataset says ``iri`` is replaced; else None."""
    new = replacement(service().store, iri)
    if new is None:
        return None
    page = page_url(new, current_app.config["BASE"])
    if suffix:
        page = f"{page}.{suffix}" if page.startswith(ID_ROUTE) else f"{page}&format={suffix}"
    elif format_param:
        page += ("&" if "?" in page else "?") + "format=" + quote(format_param, safe="")
    return redirect(page, 301)


def _described(description: Description, fmt: str, alternates: list[dict], location: str | None) -> Response:
    if fmt == "html":
        twins = [a for a in alternates if a["media_type"] != "text/html"]
        extra = {}
        if any(t.iri == BODY for t in description.types):
            doc = network.document(description.iri)
            extra = {"network": doc, "words": network.in_words(doc)}
        body = render_template("resource-page.html", title=description.label, d=description, alternates=twins,
                               incoming_limit=INCOMING_SHOWN, reader=reader_link(description.iri),
                               **extra).encode("utf-8")
    else:
        body = serialize(description.quads(), RDF_FORMATS[fmt])
    return _respond(body, fmt, alternates, location)


def _respond(body: bytes, fmt: str, alternates: list[dict], location: str | None) -> Response:
    """The document, with Link headers to its twins and, for a thing's IRI, where the document lives."""
    media_type = OFFERS[fmt]
    links = [f'<{a["href"]}>; rel="alternate"; type="{a["media_type"]}"'
             for a in alternates if a["media_type"] != media_type]
    headers = {"Link": ", ".join(links)}
    if location:
        headers["Content-Location"] = location
    mark_cacheable(request.environ)
    return respond(body, media_type, headers)


def _alternate(href: str, name: str) -> dict:
    return {"href": href, "media_type": OFFERS[name], "label": LABELS[name]}


def _suffix_format(suffix: str) -> str:
    if suffix not in SUFFIXES:
        raise NotFound(f"no document /def.{suffix[:40]}: the ontology is at /def."
                       f"{{{','.join(SUFFIXES)}}}")
    return SUFFIXES[suffix]


def _format_param() -> str | None:
    return (values(url_params(), "format") or [None])[-1]


def _iri_param() -> str:
    given = values(url_params(), "iri")
    if len(given) != 1:
        raise UserError(f"give one IRI as ?iri=, not {len(given)}")
    if not looks_like_iri(given[0]):
        raise UserError(f"iri must be an absolute IRI, not {given[0][:100]!r}")
    return given[0]
