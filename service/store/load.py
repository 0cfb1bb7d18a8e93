"""``inspection-kg load``: put the built dataset into a store, graph by graph, replacing those graphs.

The dataset is read once, split into one N-Triples file per named graph (in a
temporary folder, so a corpus larger than memory loads too), and each graph
replaces the graph of the same name in the store:

* ``oxigraph:PATH``: pyoxigraph on disk (the database in ``PATH/oxigraph``),
  each graph cleared then bulk-loaded;
* ``sparql:QUERY_URL`` with ``graph_store``: a PUT of each graph to the
  server's Graph Store HTTP Protocol endpoint (``?graph=``), which replaces it;
* ``sparql:QUERY_URL`` with ``update``: SPARQL Update, ``DROP SILENT GRAPH``
  then ``INSERT DATA`` in chunks.

Blank nodes become Skolem IRIs on their way to a SPARQL server (see
``wire.Terms``), so that the service can ask about them afterwards. The
record of what was loaded (``record``) is written last. Then the store is
asked how many triples each graph holds, and those are the figures reported:
an engine that dropped data fails the load (StoreFailed) instead of hiding it.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import StoreFailed, Unavailable, UserError
from ..namespaces import skolem_prefix, store_record_graph
from .oxigraph import DATABASE, RECORD, DiskStore, dataset_format
from .protocol import Deadline, Endpoint
from .record import GraphEntry, Record
from .sparql import SparqlStore
from .spec import StoreSpec
from .wire import Terms

FLUSH_BYTES = 16 * 1024 * 1024  # N-Triples kept in memory before they are appended to the graphs' files
UPDATE_TRIPLES = 2_000          # triples per INSERT DATA


@dataclass
class Loaded:
    store: str
    graphs: dict[str, int]  # graph -> triples the store holds after the load
    version: str
    seconds: float

    def summary(self) -> str:
        """The lines `load` prints: each graph and its triples, the total, the store's new version."""
        width = max((len(g) for g in self.graphs), default=0)
        rows = [f"  {g:<{width}}  {n:>8} triples" for g, n in self.graphs.items()]
        total = sum(self.graphs.values())
        return "\n".join([f"loaded {len(self.graphs)} graphs into {self.store} in {self.seconds:.2f} s "
                          f"(version {self.version[:12]})", *rows, f"  {'total':<{width}}  {total:>8} triples"])


@dataclass
class Split:
    """The dataset, one N-Triples file per graph."""

    folder: Path
    files: dict[str, Path]
    triples: dict[str, int]
    digests: dict[str, str]


def split(dataset: Path, folder: Path, terms: Terms | None) -> Split:
    """Write each named graph of ``dataset`` to its own N-Triples file; with ``terms``, blank nodes skolemised."""
    dataset = Path(dataset)
    if not dataset.is_file():
        raise UserError(f"no dataset file at {dataset}")
    salt = hashlib.sha256(dataset.read_bytes()).hexdigest()
    files: dict[str, Path] = {}
    buffered: dict[str, list[str]] = {}
    triples: dict[str, int] = {}
    hashes: dict = {}
    size = 0

    def flush():
        for graph, lines in buffered.items():
            with files[graph].open("ab") as handle:
                data = "".join(lines).encode("utf-8")
                handle.write(data)
                hashes[graph].update(data)
        buffered.clear()

    def term(t):
        return terms.skolem(t.value, salt) if terms is not None and isinstance(t, ox.BlankNode) else t

    try:
        for quad in ox.parse(path=str(dataset), format=dataset_format(dataset)):
            if not isinstance(quad.graph_name, ox.NamedNode):
                raise UserError(f"{dataset.name}: a triple outside the named graphs ({quad}); "
                                "load puts named graphs only")
            graph = quad.graph_name.value
            if graph not in files:
                files[graph], triples[graph], hashes[graph] = folder / f"{len(files)}.nt", 0, hashlib.sha256()
            line = f"{term(quad.subject)} {quad.predicate} {term(quad.object)} .\n"
            buffered.setdefault(graph, []).append(line)
            triples[graph] += 1
            size += len(line)
            if size > FLUSH_BYTES:
                flush()
                size = 0
    except (SyntaxError, ValueError) as exc:
        raise UserError(f"{dataset.name}: cannot be loaded: {exc}") from exc
    flush()
    for path in files.values():
        path.touch()  # a graph whose triples were all still buffered has its file now
    return Split(folder, files, triples, {g: h.hexdigest() for g, h in hashes.items()})


def load(spec: StoreSpec, dataset: Path, graph_store: str | None = None, update: str | None = None,
         timeout: float = 600.0) -> Loaded:
    """Put ``dataset`` into the store ``spec`` names (see the module's docstring); what the store now holds."""
    start = time.perf_counter()
    if spec.kind == "memory":
        raise UserError("the memory store is loaded from the dataset at each start; load takes "
                        "--store oxigraph:PATH or sparql:QUERY_URL")
    if spec.kind == "sparql" and bool(graph_store) == bool(update):
        raise UserError("loading a SPARQL server needs one of --graph-store URL (the Graph Store Protocol) "
                        "or --update URL (SPARQL Update)")
    with tempfile.TemporaryDirectory(prefix="inspection-kg-load-") as tmp:
        if spec.kind == "oxigraph":
            parts = split(dataset, Path(tmp), None)
            counts, version = _into_oxigraph(Path(spec.location), parts)
        else:
            parts = split(dataset, Path(tmp), Terms(skolem_prefix()))
            counts, version = _into_server(spec.location, parts, graph_store, update, timeout)
    for graph, sent in parts.triples.items():
        if counts.get(graph, 0) != sent:
            raise StoreFailed(f"the store holds {counts.get(graph, 0)} triples in <{graph}> after {sent} were "
                              "loaded into it")
    return Loaded(str(spec), {g: counts[g] for g in parts.files}, version, time.perf_counter() - start)


def _entries(parts: Split) -> dict[str, GraphEntry]:
    return {g: GraphEntry(parts.triples[g], parts.digests[g]) for g in parts.files}


def _into_oxigraph(path: Path, parts: Split) -> tuple[dict[str, int], str]:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot make the folder {path}: {exc.strerror or exc}") from exc
    try:
        store = ox.Store(str(path / DATABASE))
    except OSError as exc:
        raise Unavailable(f"cannot open the Oxigraph store at {path} to write it (is a server using it?): "
                          f"{exc}") from exc
    try:
        for graph, file in parts.files.items():
            name = ox.NamedNode(graph)
            if store.contains_named_graph(name):
                store.remove_graph(name)
            store.bulk_load(path=str(file), format=ox.RdfFormat.N_TRIPLES, to_graph=name)
        store.flush()
        counts = {g: sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(g))) for g in parts.files}
    except OSError as exc:
        raise StoreFailed(f"writing the Oxigraph store at {path} failed: {exc}") from exc
    finally:
        del store  # releases the database's lock
    record = (Record.read(path / RECORD) or Record()).merged(_entries(parts))
    record.write(path / RECORD)  # last: the data is on disk before the record says so
    DiskStore.open(path)  # it opens as the service will open it
    return counts, record.version


def _into_server(url: str, parts: Split, graph_store: str | None, update: str | None,
                 timeout: float) -> tuple[dict[str, int], str]:
    reader = SparqlStore(url, timeout)
    try:
        record = reader.record
    except Unavailable as exc:
        if "holds no dataset" not in str(exc):
            raise
        record = Record()
    writer = Endpoint(graph_store or update)
    put = _put_graph if graph_store else _update_graph
    for graph, file in parts.files.items():
        put(writer, graph, file.read_bytes(), timeout)
    record = record.merged(_entries(parts))
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in record.quads()]
    put(writer, store_record_graph(), ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), timeout)
    reader = SparqlStore(url, timeout)
    return reader.counts(list(parts.files)), reader.version


def _put_graph(endpoint: Endpoint, graph: str, ntriples: bytes, timeout: float) -> None:
    """Replace a graph by a PUT to a Graph Store Protocol endpoint."""
    response = endpoint.request("PUT", Deadline(timeout), params={"graph": graph}, data=ntriples,
                                headers={"Content-Type": "application/n-triples"})
    response.close()


def _update_graph(endpoint: Endpoint, graph: str, ntriples: bytes, timeout: float) -> None:
    """Replace a graph with SPARQL Update: drop it, then insert its triples a chunk at a time."""
    name = ox.NamedNode(graph)
    lines = ntriples.decode("utf-8").splitlines(keepends=True)
    operations = [f"DROP SILENT GRAPH {name}"]
    for start in range(0, len(lines), UPDATE_TRIPLES):
        operations.append(f"INSERT DATA {{ GRAPH {name} {{\n{''.join(lines[start:start + UPDATE_TRIPLES])}}} }}")
    for operation in operations:
        response = endpoint.request("POST", Deadline(timeout), data={"update": operation},
                                    headers={"Content-Type": "application/x-www-form-urlencoded"})
        response.close()
