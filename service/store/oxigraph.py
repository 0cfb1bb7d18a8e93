"""The embedded store: pyoxigraph in memory, loaded from the built dataset."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from ..errors import UserError
from .base import engine_errors


def _node(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise UserError(f"not an absolute IRI: {iri!r} ({exc})") from exc


class OxigraphStore:
    """An in-memory pyoxigraph store loaded from the built N-Quads, and the quads added since (``add``)."""

    def __init__(self, store: ox.Store, version: str):
        self.store = store
        self.version = self.loaded = version
        self.additions: list[bytes] = []  # what ``add`` added, as N-Quads, for executors that loaded the file
        self.lock = threading.Lock()

    @classmethod
    def from_file(cls, path: Path) -> OxigraphStore:
        """Load a dataset file (N-Quads, TriG or any quad format by its suffix)."""
        path = Path(path)
        data = path.read_bytes()
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.N_QUADS
        store = ox.Store()
        try:
            store.load(data, format=fmt)
        except (SyntaxError, ValueError) as exc:
            raise UserError(f"{path.name}: cannot be loaded: {exc}") from exc
        return cls(store, hashlib.sha256(data).hexdigest())

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad], version: str = "") -> OxigraphStore:
        store = ox.Store()
        store.extend(quads)
        return cls(store, version or "unversioned")

    def query(self, sparql: str, *, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None, union_default: bool = True,
              substitutions: dict | None = None, base_iri: str | None = None):
        """Run a SPARQL query; a QueryError carries the parser's message and position.

        The dataset: ``default_graphs`` and ``named_graphs`` when given (the
        protocol's default-graph-uri and named-graph-uri); otherwise, with
        ``union_default``, all graphs as the default graph; otherwise the
        query's own FROM and FROM NAMED.
        """
        options: dict = {"substitutions": substitutions} if substitutions else {}
        if base_iri:
            options["base_iri"] = base_iri
        if default_graphs is not None:
            options["default_graph"] = [_node(g) for g in default_graphs]
        elif union_default:
            options["use_default_graph_as_union"] = True
        if named_graphs is not None:
            options["named_graphs"] = [_node(g) for g in named_graphs]
        with engine_errors():
            return self.store.query(sparql, **options)

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs())

    def quads(self, graph: str | None = None) -> Iterable[ox.Quad]:
        name = _node(graph) if graph is not None else None
        return self.store.quads_for_pattern(None, None, None, name)

    def about(self, iri: str) -> list[ox.Quad]:
        return list(self.store.quads_for_pattern(_node(iri), None, None, None))

    def pattern(self, subject=None, predicate=None, object=None) -> Iterable[ox.Quad]:
        """The quads of every graph matching a pattern of pyoxigraph terms (None matches anything)."""
        return self.store.quads_for_pattern(subject, predicate, object, None)

    def add(self, graph: str, triples: Iterable[ox.Triple], mark: str) -> None:
        """Add triples to a named graph, at once (a query sees all of them or none); the version becomes
        the loaded dataset's and ``mark``, which names what was added so far (the ledger's sequence number)."""
        name = _node(graph)
        quads = [ox.Quad(t.subject, t.predicate, t.object, name) for t in triples]
        with self.lock:
            self.store.extend(quads)
            self.additions.append(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
            self.version = f"{self.loaded}+{mark}"

    def additions_since(self, count: int) -> tuple[int, bytes]:
        """How many ``add`` calls there have been, and the N-Quads of those after the first ``count``."""
        with self.lock:
            return len(self.additions), b"".join(self.additions[count:])

    def __len__(self) -> int:
        return len(self.store)
