"""pyoxigraph stores: in memory, loaded from the built dataset; or on disk, loaded once by ``inspection-kg load``."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from ..errors import Unavailable, UserError
from .base import engine_errors
from .record import Record

DATABASE = "oxigraph"       # the RocksDB database, in the store's folder
RECORD = "inspection-kg.json"  # what load put there (service.store.record)


def _node(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise UserError(f"not an absolute IRI: {iri!r} ({exc})") from exc


class OxigraphStore:
    """An in-memory pyoxigraph store loaded from the built N-Quads, and the quads added since (``add``)."""

    spec = "memory"
    writable = True  # takes progress records (``add``)

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
        store = ox.Store()
        try:
            store.load(data, format=dataset_format(path))
        except (SyntaxError, ValueError) as exc:
            raise UserError(f"{path.name}: cannot be loaded: {exc}") from exc
        return cls(store, hashlib.sha256(data).hexdigest())

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad], version: str = "") -> OxigraphStore:
        store = ox.Store()
        store.extend(quads)
        return cls(store, version or "unversioned")

    def _dataset(self) -> dict:
        """The query options that make the default graph the union of the dataset's graphs."""
        return {"use_default_graph_as_union": True}

    def query(self, sparql: str, *, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None, union_default: bool = True,
              substitutions: dict | None = None, base_iri: str | None = None, max_rows: int | None = None):
        """Run a SPARQL query; a QueryError carries the parser's message and position.

        The dataset: ``default_graphs`` and ``named_graphs`` when given (the
        protocol's default-graph-uri and named-graph-uri); otherwise, with
        ``union_default``, all graphs as the default graph; otherwise the
        query's own FROM and FROM NAMED. (``max_rows`` is for remote stores:
        pyoxigraph computes results as they are read.)
        """
        options: dict = {"substitutions": substitutions} if substitutions else {}
        if base_iri:
            options["base_iri"] = base_iri
        if default_graphs is not None or named_graphs is not None:
            if default_graphs is not None:
                options["default_graph"] = [_node(g) for g in default_graphs]
            if named_graphs is not None:
                options["named_graphs"] = [_node(g) for g in named_graphs]
        elif union_default:
            options.update(self._dataset())
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

    def current(self) -> OxigraphStore:
        return self  # the data of an embedded store changes only by ``add``, in place

    def __len__(self) -> int:
        return len(self.store)


class DiskStore(OxigraphStore):
    """pyoxigraph on disk (RocksDB), opened read-only: the folder ``inspection-kg load`` wrote.

    The folder holds the database (``DATABASE``) and the record of what was
    loaded (``RECORD``, see ``record``). RocksDB lets any number of processes
    open a database read-only at once (pyoxigraph 0.5 has no secondary mode
    that follows a writer): every web worker and every query executor opens
    the same files, and the operating system's page cache holds them once. A
    read-only instance sees the data as it was when it was opened, so a new
    ``load`` is served after a restart. Being read-only, it takes no progress
    records (``writable``); ``progress export`` and ``load`` put them in.
    """

    writable = False

    def __init__(self, store: ox.Store, path: Path, record: Record):
        super().__init__(store, record.version)
        self.path, self.record = path, record
        self.spec = f"oxigraph:{path}"

    @classmethod
    def open(cls, path: Path) -> DiskStore:
        """Open the store at ``path`` read-only; UserError if there is none, or nothing was loaded into it."""
        path = Path(path)
        record = Record.read(path / RECORD)
        if record is None or not (path / DATABASE / "CURRENT").is_file():
            raise UserError(f"no dataset loaded at {path}; put one there with `inspection-kg load --store "
                            f"oxigraph:{path}`")
        try:
            store = ox.Store.read_only(str(path / DATABASE))
        except OSError as exc:
            raise Unavailable(f"cannot open the Oxigraph store at {path}: {exc}") from exc
        return cls(store, path, record)

    def graphs(self) -> list[str]:
        return sorted(self.record.graphs)

    def __len__(self) -> int:
        return self.record.triples


def dataset_format(path: Path) -> ox.RdfFormat:
    """The RDF format of a dataset file, by its suffix (N-Quads when it has none that pyoxigraph knows)."""
    return ox.RdfFormat.from_extension(Path(path).suffix.lstrip(".")) or ox.RdfFormat.N_QUADS
