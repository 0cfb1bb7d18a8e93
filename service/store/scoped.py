"""A store seen through some of its graphs: one report of a corpus, as if it were the whole dataset.

A query that names no dataset of its own gets the chosen graphs (a report's
structure, curation, inferred and validation graphs, and the ontology) as its
default graph, instead of the union of every graph; ``graphs``, ``quads``,
``about`` and ``pattern`` see only those graphs. Any backend can be scoped:
the protocol's default-graph-uri does the work, which every SPARQL 1.1 engine
supports.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from .base import Store


class ScopedStore:
    """``store`` with ``graphs`` as its dataset."""

    def __init__(self, store: Store, graphs: Iterable[str]):
        self.store = store
        self.scope = sorted(set(graphs))
        self._names = {ox.NamedNode(g) for g in self.scope}

    @property
    def version(self) -> str:
        return self.store.version

    @property
    def spec(self) -> str:
        return self.store.spec

    def current(self) -> ScopedStore:
        store = self.store.current()
        return self if store is self.store else ScopedStore(store, self.scope)

    def query(self, sparql: str, *, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None, union_default: bool = True,
              substitutions: dict | None = None, base_iri: str | None = None, max_rows: int | None = None):
        if default_graphs is None and union_default:
            default_graphs, named_graphs = self.scope, self.scope if named_graphs is None else named_graphs
        return self.store.query(sparql, default_graphs=default_graphs, named_graphs=named_graphs,
                                union_default=union_default, substitutions=substitutions, base_iri=base_iri,
                                max_rows=max_rows)

    def graphs(self) -> list[str]:
        return [g for g in self.store.graphs() if g in self.scope]

    def quads(self, graph: str | None = None) -> Iterable[ox.Quad]:
        if graph is not None:
            return self.store.quads(graph) if graph in self.scope else iter(())
        return (q for g in self.scope for q in self.store.quads(g))

    def about(self, iri: str) -> list[ox.Quad]:
        return [q for q in self.store.about(iri) if q.graph_name in self._names]

    def pattern(self, subject=None, predicate=None, object=None) -> Iterable[ox.Quad]:
        return (q for q in self.store.pattern(subject, predicate, object) if q.graph_name in self._names)
