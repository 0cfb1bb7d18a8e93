"""rdflib graphs to a canonical dataset: blank nodes labelled by RDFC-1.0, N-Quads lines sorted."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef


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


def to_dataset(graphs: dict[URIRef | None, Graph]) -> ox.Dataset:
    """Named rdflib graphs (None: the default graph) as one pyoxigraph dataset, blank nodes canonical (RDFC-1.0)."""
    dataset = ox.Dataset()
    for name, graph in graphs.items():
        g = ox.NamedNode(str(name)) if name is not None else ox.DefaultGraph()
        for s, p, o in graph:
            dataset.add(ox.Quad(to_ox(s), to_ox(p), to_ox(o), g))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def sorted_nquads(quads) -> bytes:
    """N-Quads, one quad per line, lines sorted: the same dataset always gives the same bytes."""
    text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return "".join(sorted(line + "\n" for line in text.splitlines() if line)).encode("utf-8")


def read_turtle_folder(folder: Path) -> Graph:
    """Every Turtle file of ``folder``, in name order, as one graph with the project's prefixes."""
    from ..errors import UserError
    from ..namespaces import bind_prefixes

    graph = Graph()
    bind_prefixes(graph)
    for path in sorted(folder.glob("*.ttl")):
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many types for bad Turtle; all mean the same here
            raise UserError(f"{folder.name}/{path.name}: not valid Turtle: {exc}") from exc
    return graph
