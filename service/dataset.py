"""The dataset on disk: RDF formats, conversion from rdflib, deterministic N-Quads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from .namespaces import PREFIXES


@dataclass(frozen=True)
class RdfFormat:
    """One RDF serialisation: its short name, media type, file suffix and engine constants."""

    name: str
    media_type: str
    suffix: str
    ox: ox.RdfFormat
    quads: bool  # keeps named graphs


RDF_FORMATS: dict[str, RdfFormat] = {f.name: f for f in (
    RdfFormat("ttl", "text/turtle", "ttl", ox.RdfFormat.TURTLE, False),
    RdfFormat("nt", "application/n-triples", "nt", ox.RdfFormat.N_TRIPLES, False),
    RdfFormat("xml", "application/rdf+xml", "rdf", ox.RdfFormat.RDF_XML, False),
    RdfFormat("jsonld", "application/ld+json", "jsonld", ox.RdfFormat.JSON_LD, True),
    RdfFormat("nq", "application/n-quads", "nq", ox.RdfFormat.N_QUADS, True),
    RdfFormat("trig", "application/trig", "trig", ox.RdfFormat.TRIG, True),
)}
FORMAT_ALIASES = {"turtle": "ttl", "rdf": "xml", "rdfxml": "xml", "json-ld": "jsonld",
                  "ntriples": "nt", "nquads": "nq"}


def rdf_format(name: str) -> RdfFormat:
    """The format called ``name`` (or one of its aliases); KeyError if there is none."""
    return RDF_FORMATS[FORMAT_ALIASES.get(name, name)]


def to_ox(term):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_dataset(graphs: dict[URIRef, Graph]) -> ox.Dataset:
    """Named rdflib graphs as one pyoxigraph dataset, blank nodes labelled canonically (RDFC-1.0)."""
    dataset = ox.Dataset()
    for name, graph in graphs.items():
        g = ox.NamedNode(str(name))
        for s, p, o in graph:
            dataset.add(ox.Quad(to_ox(s), to_ox(p), to_ox(o), g))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def sorted_nquads(quads) -> bytes:
    """N-Quads, one quad per line, lines sorted: the same dataset always gives the same bytes."""
    text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return "".join(sorted(line + "\n" for line in text.splitlines() if line)).encode("utf-8")


PREFIXED = ("ttl", "trig", "xml")
_BY_NAMESPACE = {namespace: prefix for prefix, namespace in PREFIXES.items()}


def used_prefixes(quads) -> dict[str, str]:
    """The project's prefixes that the quads' IRIs use, so a document declares only those."""
    used = {}
    for quad in quads:
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode):
                iri = term.value
                cut = max(iri.rfind("#"), iri.rfind("/")) + 1
                prefix = _BY_NAMESPACE.get(iri[:cut])
                if prefix:
                    used[prefix] = iri[:cut]
    return dict(sorted(used.items()))


def serialize(quads, fmt: RdfFormat) -> bytes:
    """Quads in a format; a triple format merges the graphs into one."""
    quads = list(quads)
    prefixes = used_prefixes(quads) if fmt.name in PREFIXED else None
    if fmt.quads:
        return ox.serialize(quads, format=fmt.ox, prefixes=prefixes)
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    return ox.serialize(sorted(triples, key=str), format=fmt.ox, prefixes=prefixes)


def read_rdflib(path: Path) -> Dataset:
    """A dataset file (N-Quads or TriG) as an rdflib Dataset, for SHACL and tests."""
    dataset = Dataset()
    dataset.parse(path, format="nquads" if path.suffix == ".nq" else "trig")
    return dataset
