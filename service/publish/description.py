"""The SPARQL Service Description of the endpoint (W3C SPARQL 1.1 Service Description)."""

from __future__ import annotations

import pyoxigraph as ox

from ..namespaces import FORMATS_NS, NAMESPACES, XSD_INTEGER
from ..store import RDF_FORMATS, RESULT_FORMATS

SD, VOID, RDF = NAMESPACES["sd"], NAMESPACES["void"], NAMESPACES["rdf"]


def _iri(namespace: str, local: str) -> ox.NamedNode:
    return ox.NamedNode(namespace + local)


def _count(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(XSD_INTEGER))


def service_description(endpoint: str, store) -> list[ox.Quad]:
    """Quads (default graph) describing the endpoint at ``endpoint``: language, formats, features, dataset."""
    service, dataset, default = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode("default")
    a = _iri(RDF, "type")
    triples = [
        ox.Quad(service, a, _iri(SD, "Service")),
        ox.Quad(service, _iri(SD, "endpoint"), ox.NamedNode(endpoint)),
        ox.Quad(service, _iri(SD, "supportedLanguage"), _iri(SD, "SPARQL11Query")),
        ox.Quad(service, _iri(SD, "feature"), _iri(SD, "UnionDefaultGraph")),
        ox.Quad(service, _iri(SD, "defaultDataset"), dataset),
        ox.Quad(dataset, a, _iri(SD, "Dataset")),
        ox.Quad(dataset, _iri(SD, "defaultGraph"), default),
        ox.Quad(default, a, _iri(SD, "Graph")),
        ox.Quad(default, _iri(VOID, "triples"), _count(len(store))),
    ]
    names = [f.w3c for f in RESULT_FORMATS.values()] + [f.w3c for f in RDF_FORMATS.values()]
    triples += [ox.Quad(service, _iri(SD, "resultFormat"), _iri(FORMATS_NS, name)) for name in names]
    for number, graph in enumerate(store.graphs()):
        named, described = ox.BlankNode(f"named{number}"), ox.BlankNode(f"graph{number}")
        triples += [
            ox.Quad(dataset, _iri(SD, "namedGraph"), named),
            ox.Quad(named, a, _iri(SD, "NamedGraph")),
            ox.Quad(named, _iri(SD, "name"), ox.NamedNode(graph)),
            ox.Quad(named, _iri(SD, "graph"), described),
            ox.Quad(described, a, _iri(SD, "Graph")),
            ox.Quad(described, _iri(VOID, "triples"), _count(sum(1 for _ in store.quads(graph)))),
        ]
    return triples
