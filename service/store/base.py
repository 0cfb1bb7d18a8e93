"""What every store offers the stages above it: the Store interface, and the engine's errors as ours.

Everything above the store (reports, web, CLI) talks to a ``Store``: run a
query, list the named graphs, get the triples about a subject. A backend
(``oxigraph.OxigraphStore`` today) implements it; another (an external
SPARQL server) can stand in without touching them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Protocol

import pyoxigraph as ox

from ..errors import QueryError


class Store(Protocol):
    version: str  # changes whenever the data changes; the web layer's ETag

    def query(self, sparql: str, *, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None, union_default: bool = True,
              substitutions: dict | None = None, base_iri: str | None = None): ...

    def graphs(self) -> list[str]: ...

    def quads(self, graph: str | None = None) -> Iterable[ox.Quad]: ...

    def about(self, iri: str) -> list[ox.Quad]: ...

    def pattern(self, subject=None, predicate=None, object=None) -> Iterable[ox.Quad]: ...


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
