"""RDF formats: one table of names, media types and suffixes, and serialisation with pyoxigraph."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..namespaces import PREFIXES
from .xmltext import xml_text


@dataclass(frozen=True)
class RdfFormat:
    """One RDF serialisation: its short name, media type, file suffix, engine constant and W3C name."""

    name: str
    media_type: str
    suffix: str
    ox: ox.RdfFormat
    quads: bool  # keeps named graphs
    w3c: str     # its IRI's local name under http://www.w3.org/ns/formats/ (VoID and DCAT name formats so)


RDF_FORMATS: dict[str, RdfFormat] = {f.name: f for f in (
    RdfFormat("ttl", "text/turtle", "ttl", ox.RdfFormat.TURTLE, False, "Turtle"),
    RdfFormat("nt", "application/n-triples", "nt", ox.RdfFormat.N_TRIPLES, False, "N-Triples"),
    RdfFormat("xml", "application/rdf+xml", "rdf", ox.RdfFormat.RDF_XML, False, "RDF_XML"),
    RdfFormat("jsonld", "application/ld+json", "jsonld", ox.RdfFormat.JSON_LD, True, "JSON-LD"),
    RdfFormat("nq", "application/n-quads", "nq", ox.RdfFormat.N_QUADS, True, "N-Quads"),
    RdfFormat("trig", "application/trig", "trig", ox.RdfFormat.TRIG, True, "TriG"),
)}
RDF_NOT_XML = "Turtle, N-Triples, N-Quads, TriG or JSON-LD"  # what carries any text, where RDF/XML cannot
FORMAT_ALIASES = {"turtle": "ttl", "rdf": "xml", "rdfxml": "xml", "json-ld": "jsonld",
                  "ntriples": "nt", "nquads": "nq"}


def rdf_format(name: str) -> RdfFormat:
    """The format called ``name`` (or one of its aliases); KeyError if there is none."""
    return RDF_FORMATS[FORMAT_ALIASES.get(name, name)]


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
    """Quads in a format; a triple format merges the graphs into one. RDF/XML keeps its text exactly (xmltext)."""
    quads = list(quads)
    prefixes = used_prefixes(quads) if fmt.name in PREFIXED else None
    if fmt.quads:
        return ox.serialize(quads, format=fmt.ox, prefixes=prefixes)
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    body = ox.serialize(sorted(triples, key=str), format=fmt.ox, prefixes=prefixes)
    return xml_text(body, RDF_NOT_XML) if fmt.ox == ox.RdfFormat.RDF_XML else body


def _quad_order(quad: ox.Quad) -> tuple[str, str, str, str]:
    return str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object)


def serialize_dataset(quads, fmt: RdfFormat) -> bytes:
    """A whole dataset in a format, deterministically: the same data always gives the same bytes.

    A store gives its blank nodes labels of its own (pyoxigraph renames them on
    loading, differently in every process), so they are labelled again by
    RDFC-1.0, and the quads written graph by graph in a fixed order.
    """
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return serialize(sorted(dataset, key=_quad_order), fmt)
