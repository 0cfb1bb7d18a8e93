"""rdflib graphs to a canonical dataset: blank nodes labelled by RDFC-1.0, N-Quads lines sorted.

A dataset is written in parts (the ontology's, each report's) that are
canonicalised on their own, so that a corpus is reassembled by putting its
parts side by side: each part's blank nodes are labelled by RDFC-1.0 over the
part, then prefixed with the part's name so that no two parts share a label,
and its lines are sorted by graph, then by line. Parts in the order of their
graphs' names give a dataset sorted by graph, then by line.
"""

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


def part_nquads(graphs: dict[URIRef, Graph], name: str | None = None) -> bytes:
    """One part of a dataset as N-Quads: blank nodes labelled by RDFC-1.0 over the part (with ``name-`` before
    each label), lines sorted by graph then by line."""
    quads = to_dataset(graphs)
    if name:
        quads = [ox.Quad(_prefixed(q.subject, name), q.predicate, _prefixed(q.object, name), q.graph_name)
                 for q in quads]
    text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return "".join(sorted((line + "\n" for line in text.splitlines() if line), key=graph_then_line)).encode("utf-8")


def graph_then_line(line: str) -> tuple[str, str]:
    """The order of a dataset's lines: by graph name (the last term), then by the whole line."""
    return line.rsplit(" ", 2)[-2], line


def _prefixed(term, name: str):
    return ox.BlankNode(f"{name}-{term.value}") if isinstance(term, ox.BlankNode) else term


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
