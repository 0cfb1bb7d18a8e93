"""What every store offers the stages above it: the Store interface, and the engine's errors as ours.

Everything above the store (reports, web, CLI) talks to a ``Store``: run a
query, list the named graphs, get the triples about a subject. A backend
(``oxigraph.OxigraphStore`` today) implements it; another (an external
SPARQL server) can stand in without touching them.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    """Turn the engine's errors into QueryError, wherever they surface.

    pyoxigraph evaluates lazily: a query can fail while its results are being
    read or serialised, long after ``query()`` returned, so every place that
    consumes results runs inside this.
    """
    try:
        yield
    except SyntaxError as exc:
        raise QueryError(f"malformed query: {exc}") from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"the query failed: {exc}") from exc
