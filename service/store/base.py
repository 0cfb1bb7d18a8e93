"""What every store offers the stages above it: the Store interface, and the engine's errors as ours.

Everything above the store (reports, web, CLI) talks to a ``Store``: run a
query, list the named graphs, get the quads about a subject. Three backends
implement it (``spec.open_store`` chooses one): pyoxigraph in memory, loaded
from the build (``oxigraph.OxigraphStore``); pyoxigraph on disk, opened
read-only (``oxigraph.DiskStore``); and any SPARQL 1.1 server over the
protocol (``sparql.SparqlStore``). A query's results are pyoxigraph's own
objects (``QuerySolutions``, ``QueryBoolean``), or for CONSTRUCT and DESCRIBE
an iterator of triples that ``is_graph`` recognises.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Protocol

import pyoxigraph as ox

from ..errors import QueryError


class Store(Protocol):
    spec: str     # how it was opened: memory, oxigraph:PATH, sparql:URL
    version: str  # changes whenever the data changes; the web layer's ETag

    def query(self, sparql: str, *, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None, union_default: bool = True,
              substitutions: dict | None = None, base_iri: str | None = None,
              max_rows: int | None = None): ...  # max_rows: a hint that no more rows will be read

    def graphs(self) -> list[str]: ...

    def quads(self, graph: str | None = None) -> Iterable[ox.Quad]: ...

    def about(self, iri: str) -> list[ox.Quad]: ...

    def pattern(self, subject=None, predicate=None, object=None) -> Iterable[ox.Quad]: ...

    def current(self) -> Store: ...  # the store as its data is now: itself, or a new view when the data changed

    # The one write: records made while the service runs (service/progress) go into their own named graph,
    # never into the built graphs. Atomic; ``mark`` becomes part of ``version``. Only a store whose
    # ``writable`` is true has it: the memory store extends itself and keeps the quads for its executors
    # (``additions_since``); a read-only store on disk and a SPARQL server take no progress records.
    writable: bool

    def add(self, graph: str, triples: Iterable[ox.Triple], mark: str) -> None: ...

    def __len__(self) -> int: ...


class Triples:
    """A CONSTRUCT or DESCRIBE result that did not come from pyoxigraph's engine: the triples, read once."""

    def __init__(self, triples: Iterable[ox.Triple]):
        self._triples = iter(triples)

    def __iter__(self) -> Iterator[ox.Triple]:
        return self._triples

    def __next__(self) -> ox.Triple:
        return next(self._triples)

    def serialize(self, output=None, format=ox.RdfFormat.N_TRIPLES):  # noqa: A002 - pyoxigraph's own names
        return ox.serialize(list(self._triples), output, format=format)


def is_graph(results) -> bool:
    """True for the result of a CONSTRUCT or DESCRIBE query (triples), from any store."""
    return isinstance(results, (ox.QueryTriples, Triples))


@contextmanager
def engine_errors():
    """Turn what the engine says about a query into our errors; wrap only calls into the engine.

    pyoxigraph raises SyntaxError for a query it cannot parse, and ValueError,
    RuntimeError or OSError for one it cannot evaluate (the in-memory store
    does no I/O of its own: an OSError comes from the query's SERVICE call);
    each is a QueryError, a 400. Only the engine's calls run inside this: an
    error of our own code around them (serialising, writing a file) is not the
    query's fault and takes its own path. pyoxigraph evaluates lazily, so
    results are read through ``engine_rows``.
    """
    try:
        yield
    except SyntaxError as exc:
        raise QueryError(f"malformed query: {exc}") from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"the query failed: {exc}") from exc


def engine_rows(results) -> Iterator:
    """Iterate query results; the engine's errors, raised as each result is computed, as ``engine_errors`` says."""
    iterator = iter(results)
    while True:
        with engine_errors():
            try:
                item = next(iterator)
            except StopIteration:
                return
        yield item
