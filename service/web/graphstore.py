"""GET|HEAD /store: the read side of the SPARQL 1.1 Graph Store HTTP Protocol.

``?default`` is the default graph queries see (the union of every graph);
``?graph=IRI`` one named graph. Either is served as triples in any RDF format.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, request

from ..errors import NotFound, UserError
from ..namespaces import looks_like_iri
from ..store import RDF_FORMATS, serialize
from . import service
from .http import choose, preflight, respond, url_params, values
from .middleware import mark_cacheable
from .sparql import ALIASES, RDF_OFFERS

bp = Blueprint("graphstore", __name__)


@bp.route("/store", methods=["GET", "OPTIONS"])
def graph_store():
    """One graph of the dataset (``?graph=IRI``) or the default graph (``?default``)."""
    if request.method == "OPTIONS":
        return preflight("GET, HEAD, OPTIONS")
    pairs = url_params()
    default = any(k == "default" for k, _ in pairs)
    graphs = values(pairs, "graph")
    if default == bool(graphs) or len(graphs) > 1:
        raise UserError("ask for exactly one graph: ?default or ?graph=IRI")
    svc = service()
    graph = graphs[0] if graphs else None
    if graph is not None:
        if not looks_like_iri(graph):
            raise UserError(f"graph must be an absolute IRI, not {graph[:100]!r}")
        if graph not in svc.store.graphs():
            raise NotFound(f"no graph <{graph}> in this dataset")
    fmt = choose(RDF_OFFERS, (values(pairs, "format") or [None])[-1], ALIASES)
    triples = {ox.Quad(q.subject, q.predicate, q.object) for q in svc.store.quads(graph)}
    mark_cacheable(request.environ)
    return respond(serialize(sorted(triples, key=str), RDF_FORMATS[fmt]), RDF_FORMATS[fmt].media_type)
