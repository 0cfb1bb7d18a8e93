"""The whole dataset as files (/dataset.ttl ...), its VoID and DCAT description, and the JSON-LD context.

The dumps are sent gzipped to a client whose Accept-Encoding allows it, and
say so in ``Vary``; each carries its own strong entity tag, one for the plain
bytes and another for the gzip. The caching middleware keeps each variant
apart (it keys on what Vary names), so a repeated download is answered before
Flask runs, and a gzip body never reaches a client that did not ask for one.
"""

from __future__ import annotations

from functools import cached_property

from flask import Blueprint, current_app, request, url_for

from ..errors import NotFound
from ..publish import (
    VOID_PATH,
    Dumps,
    Places,
    context_bytes,
    dataset_facts,
    dump_path,
    format_of_suffix,
    void_description,
)
from ..store import RDF_FORMATS, RdfFormat, serialize
from .http import choose, preflight, respond, url_params, values
from .middleware import mark_cacheable
from .negotiate import prefers_gzip
from .sparql import ALIASES, RDF_OFFERS

bp = Blueprint("dumps", __name__)
METHODS = "GET, HEAD, OPTIONS"
EXTENSION = "inspection_kg.publication"
# /dataset with no format named: TriG, which keeps the named graphs and is still readable.
DATASET_OFFERS = {"trig": RDF_OFFERS["trig"], **RDF_OFFERS}
CONTEXT_OFFERS = {"jsonld": "application/ld+json", "json": "application/json"}


class Publication:
    """What this blueprint serves, each made from the store the first time it is needed."""

    def __init__(self, store, base: str):
        self.store, self.base = store, base
        self.dumps = Dumps(store)

    @cached_property
    def facts(self):
        return dataset_facts(self.store, self.base)

    @cached_property
    def context(self) -> bytes:
        return context_bytes(self.store)


@bp.record_once
def _publish(state) -> None:
    state.app.extensions[EXTENSION] = Publication(state.app.extensions["inspection_kg"].store,
                                                  state.app.config["BASE"])


def publication() -> Publication:
    return current_app.extensions[EXTENSION]


@bp.route("/dataset", methods=["GET", "OPTIONS"])
def dataset():
    """The whole dataset in the format Accept (or ``format=``) asks for; TriG by default."""
    if request.method == "OPTIONS":
        return preflight(METHODS)
    fmt = RDF_FORMATS[choose(DATASET_OFFERS, (values(url_params(), "format") or [None])[-1], ALIASES)]
    response = _send_dump(fmt, "Accept, Accept-Encoding")
    response.headers["Content-Location"] = dump_path(fmt)
    return response


@bp.route("/dataset.<suffix>", methods=["GET", "OPTIONS"])
def dump(suffix: str):
    """The whole dataset in the format of the suffix: ttl, nt, rdf, jsonld, nq or trig."""
    if request.method == "OPTIONS":
        return preflight(METHODS)
    fmt = format_of_suffix(suffix)
    if fmt is None:
        raise NotFound(f"no dump /dataset.{suffix[:40]}; the dumps are "
                       f"{', '.join(dump_path(f) for f in RDF_FORMATS.values())}")
    return _send_dump(fmt, "Accept-Encoding")


def _send_dump(fmt: RdfFormat, vary: str):
    dump = publication().dumps.get(fmt)
    gzipped = prefers_gzip(request.headers.get("Accept-Encoding"))
    headers = {"Vary": vary, "ETag": dump.etag(gzipped),
               "Content-Disposition": f'attachment; filename="{dump.file_name}"',
               "Link": f'<{VOID_PATH}>; rel="describedby"; type="text/turtle"'}
    if gzipped:
        headers["Content-Encoding"] = "gzip"
    mark_cacheable(request.environ)
    return respond(dump.content(gzipped), fmt.media_type, headers).make_conditional(request)


@bp.route(VOID_PATH, methods=["GET", "OPTIONS"])
def void():
    """The VoID and DCAT description of the dataset, at this host's URLs; Turtle by default."""
    if request.method == "OPTIONS":
        return preflight(METHODS)
    fmt = RDF_FORMATS[choose(RDF_OFFERS, (values(url_params(), "format") or [None])[-1], ALIASES)]
    places = Places(
        description=url_for("dumps.void", _external=True),
        home=url_for("dashboard.home", _external=True),
        sparql=url_for("sparql.endpoint", _external=True),
        graph_store=url_for("graphstore.graph_store", _external=True),
        dumps={name: url_for("dumps.dump", suffix=f.suffix, _external=True) for name, f in RDF_FORMATS.items()},
    )
    body = serialize(void_description(publication().facts, places, current_app.config["BASE"]), fmt)
    mark_cacheable(request.environ)
    return respond(body, fmt.media_type)


@bp.route("/context.jsonld", methods=["GET", "OPTIONS"])
def context():
    """The JSON-LD context of the vocabulary: a short name for each ikg: class and property."""
    if request.method == "OPTIONS":
        return preflight(METHODS)
    name = choose(CONTEXT_OFFERS, (values(url_params(), "format") or [None])[-1], {})
    mark_cacheable(request.environ)
    return respond(publication().context, CONTEXT_OFFERS[name])
