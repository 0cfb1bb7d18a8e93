"""Any SPARQL 1.1 server as the store: every query sent over the protocol, the answers read back as ours.

The server holds the graphs ``inspection-kg load`` put there, and its record
of them (``record``); the service serves those graphs and nothing else the
server holds: each query names them as its dataset (``default-graph-uri`` and
``named-graph-uri``, the protocol's own parameters), unless the caller gave a
dataset or the query has FROM clauses. A catalogue query's parameters go in
as a VALUES block (``values``). Blank nodes were replaced by Skolem IRIs when
loaded, so that a page can ask about them by name; ``wire.Terms`` turns them
back. The record is read again every few seconds (``refresh``): when another
``load`` changed the data, ``current()`` gives a new view of the store, with
its own version, and the old view's caches go with it.
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from ..errors import StoreFailed, StoreTimeout, Unavailable
from ..namespaces import skolem_prefix
from .base import Triples
from .guard import OPAQUE, query_form
from .protocol import Body, Deadline, Endpoint
from .record import Record, read_record, record_query
from .values import inject_values
from .wire import SOLUTIONS_TYPE, TRIPLES_TYPE, Terms, read_rows, read_solutions, read_triples

log = logging.getLogger(__name__)
FORM_TYPE = "application/x-www-form-urlencoded"
SCHEME = re.compile(r"^<[A-Za-z][A-Za-z0-9+.-]*:")
SUBJECTS_KEPT = 20_000  # subjects whose quads a view keeps (pages ask for the same labels again and again)
PREFETCH = 200          # subjects fetched in one query


class SparqlStore:
    """A SPARQL 1.1 server at a query URL, serving the graphs recorded there by ``inspection-kg load``."""

    writable = False  # progress records are not written to a server the service only reads

    def __init__(self, url: str, timeout: float = 30.0, refresh: float = 5.0, *, endpoint: Endpoint | None = None,
                 record: Record | None = None, terms: Terms | None = None):
        self.url, self.timeout, self.refresh = url, timeout, refresh
        self.spec = f"sparql:{url}"
        self.endpoint = endpoint or Endpoint(url)
        self.terms = terms or Terms(skolem_prefix())
        self._record = record
        self._checked = time.monotonic() if record is not None else 0.0
        self._subjects: OrderedDict = OrderedDict()  # subject -> its quads
        self._patterns: OrderedDict = OrderedDict()  # (predicate, object) -> the quads matching them
        self._lock = threading.Lock()

    # ------------------------------------------------------------ what is in the store

    @property
    def record(self) -> Record:
        if self._record is None:
            self._record, self._checked = self._read_record(), time.monotonic()
        return self._record

    @property
    def version(self) -> str:
        return self.record.version

    def _read_record(self) -> Record:
        record = read_record(self._select(record_query(), []))
        if record is None:
            raise Unavailable(f"the store at {self.url} holds no dataset loaded by `inspection-kg load`; "
                              f"load one with `inspection-kg load --store {self.spec} --graph-store URL`")
        return record

    def current(self) -> SparqlStore:
        """This view while the data is unchanged; a new view (new version, empty caches) once it has changed."""
        if self._record is not None and time.monotonic() - self._checked < self.refresh:
            return self
        try:
            record = self._read_record()
        except Unavailable as exc:
            log.warning("cannot read the store's record: %s", exc)
            return self
        self._checked = time.monotonic()
        if self._record is None:
            self._record = record
        if record.version == self._record.version:
            return self
        log.info("the data in %s changed: version %s, %d triples", self.spec, record.version[:12], record.triples)
        return SparqlStore(self.url, self.timeout, self.refresh, endpoint=self.endpoint, record=record,
                           terms=self.terms)

    @property
    def engine(self) -> str:
        return self.endpoint.engine.name if self.endpoint.engine else "not yet contacted"

    def graphs(self) -> list[str]:
        return sorted(self.record.graphs)

    def __len__(self) -> int:
        return self.record.triples

    def counts(self, graphs: list[str]) -> dict[str, int]:
        """How many triples the server holds in each of ``graphs`` (those it has)."""
        rows = self._select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                            [("named-graph-uri", g) for g in graphs])
        return {row["g"].value: int(row["n"].value) for row in rows}

    # ------------------------------------------------------------ queries

    def query(self, sparql: str, *, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None, union_default: bool = True,
              substitutions: dict | None = None, base_iri: str | None = None, max_rows: int | None = None):
        """Run a query on the server; results as the embedded store gives them (see the module's docstring).

        ``max_rows``: read at most one row (or triple) more than this, and close the connection there.
        """
        form = query_form(sparql)
        if substitutions:
            sparql = inject_values(sparql, {k: self.terms.outgoing(v) for k, v in substitutions.items()})
        if base_iri and _has_relative_iri(sparql):
            sparql = f"BASE <{base_iri}> {sparql}"  # on the first line: the engine's line numbers stay the query's
        params = [("query", sparql), *self._dataset(default_graphs, named_graphs, union_default)]
        graph = form in ("CONSTRUCT", "DESCRIBE")
        body = self._send(params, TRIPLES_TYPE if graph else SOLUTIONS_TYPE)
        try:
            if graph:
                return Triples(read_triples(body, body.response.headers.get("Content-Type", ""), self.terms, max_rows))
            engine = self.endpoint.engine
            return read_solutions(body, self.terms, engine.ask_variable if engine else None, form == "ASK", max_rows)
        except (SyntaxError, ValueError) as exc:
            raise StoreFailed(f"the store's answer cannot be read: {exc}") from exc

    def _send(self, params: list, accept: str) -> Body:
        deadline = Deadline(self.timeout)
        engine = self.endpoint.engine
        if engine is not None and engine.timeout_parameter:  # the engine stops the query itself, too
            params = [*params, (engine.timeout_parameter, str(int(self.timeout * engine.timeout_scale)))]
        response = self.endpoint.request("POST", deadline, data=params,
                                         headers={"Accept": accept, "Content-Type": FORM_TYPE})
        if response.headers.get("X-SQL-State") == "S1TAT":  # Virtuoso's "anytime" answer: only part of the results
            response.close()
            raise StoreTimeout(f"the store stopped the query at the {self.timeout:g} s limit "
                               "(it answered with incomplete results, which are not served)")
        return Body(response, deadline, self.url)

    def _dataset(self, default_graphs, named_graphs, union_default) -> list[tuple[str, str]]:
        if default_graphs is not None or named_graphs is not None:
            default, named = default_graphs or [], named_graphs or []
        elif union_default:
            default = named = self.graphs()
        else:
            return []  # the query's own FROM and FROM NAMED
        return [("default-graph-uri", g) for g in default] + [("named-graph-uri", g) for g in named]

    def _select(self, sparql: str, dataset: list) -> list[dict]:
        """Rows of a SELECT query of ours, as terms keyed by variable name."""
        try:
            variables, rows, _ = read_rows(self._send([("query", sparql), *dataset], SOLUTIONS_TYPE), self.terms)
        except (SyntaxError, ValueError) as exc:
            raise StoreFailed(f"the store's answer cannot be read: {exc}") from exc
        return [dict(zip(variables, row)) for row in rows]

    # ------------------------------------------------------------ quads

    def quads(self, graph: str | None = None) -> Iterable[ox.Quad]:
        if graph is not None:
            return self._graph(graph) if graph in self.record.graphs else []
        return itertools.chain.from_iterable(self._graph(g) for g in self.graphs())

    def _graph(self, graph: str) -> Iterator[ox.Quad]:
        name = ox.NamedNode(graph)
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}"
        body = self._send([("query", query), ("named-graph-uri", graph)], TRIPLES_TYPE)
        try:
            quads = read_triples(body, body.response.headers.get("Content-Type", ""), self.terms, graph=name)
        except (SyntaxError, ValueError) as exc:
            raise StoreFailed(f"the store's answer cannot be read: {exc}") from exc
        expected = self.record.graphs[graph].triples
        if len(quads) < expected:  # an engine that cuts results silently (Virtuoso's ResultSetMaxRows)
            raise StoreFailed(f"the store sent {len(quads)} of the {expected} triples of <{graph}>: does it cap "
                              "the rows of an answer? (Virtuoso: [SPARQL] ResultSetMaxRows)")
        yield from quads

    def about(self, iri: str) -> list[ox.Quad]:
        return list(self.pattern(ox.NamedNode(iri)))

    def pattern(self, subject=None, predicate=None, object=None) -> Iterable[ox.Quad]:
        """The quads matching a pattern; a subject's quads are fetched once and kept (pages ask again).

        A page asks next about what it found (the label of each neighbour), so the quads of a subject's
        objects, or of an object's subjects, are fetched with them, in one more query.
        """
        if subject is not None:
            found = self._of_subject(subject)
            return [q for q in found if (predicate is None or q.predicate == predicate)
                    and (object is None or q.object == object)]
        key = (predicate, object)
        with self._lock:
            found = self._patterns.get(key)
        if found is None:
            found = self._matching(None, predicate, object)
            with self._lock:
                self._patterns[key] = found
                while len(self._patterns) > SUBJECTS_KEPT:
                    self._patterns.popitem(last=False)
            if predicate is None:
                self._prefetch(t for q in found for t in (q.subject, q.predicate))
        return found

    def _of_subject(self, subject) -> list[ox.Quad]:
        with self._lock:
            found = self._subjects.get(subject)
            if found is not None:
                self._subjects.move_to_end(subject)
                return found
        found = self._matching(subject, None, None)
        self._keep({subject: found})
        self._prefetch(t for q in found for t in (q.predicate, q.object))  # not from a prefetch: no cascade
        return found

    def _keep(self, found: dict) -> None:
        with self._lock:
            self._subjects.update(found)
            while len(self._subjects) > SUBJECTS_KEPT:
                self._subjects.popitem(last=False)

    def _prefetch(self, terms) -> None:
        with self._lock:
            wanted = list(dict.fromkeys(t for t in terms if isinstance(t, (ox.NamedNode, ox.BlankNode))
                                        and t not in self._subjects))
        for start in range(0, len(wanted), PREFETCH):
            batch = wanted[start:start + PREFETCH]
            found: dict = {t: [] for t in batch}
            listed = " ".join(str(self.terms.outgoing(t)) for t in batch)
            rows = self._select(f"SELECT * WHERE {{ VALUES ?s {{ {listed} }} GRAPH ?g {{ ?s ?p ?o }} }}",
                                [("named-graph-uri", g) for g in self.graphs()])
            for row in rows:
                found.setdefault(row["s"], []).append(ox.Quad(row["s"], row["p"], row["o"], row["g"]))
            self._keep(found)

    def _matching(self, subject, predicate, object) -> list[ox.Quad]:
        terms = {"s": subject, "p": predicate, "o": object}
        where = " ".join(str(self.terms.outgoing(t)) if t is not None else f"?{k}" for k, t in terms.items())
        rows = self._select(f"SELECT * WHERE {{ GRAPH ?g {{ {where} }} }}",
                            [("named-graph-uri", g) for g in self.graphs()])
        return [ox.Quad(subject if subject is not None else row["s"], predicate if predicate is not None else row["p"],
                        object if object is not None else row["o"], row["g"]) for row in rows]


def _has_relative_iri(query: str) -> bool:
    """True when the query writes an IRI without a scheme, which a BASE must resolve."""
    return any(m.group().startswith("<") and not SCHEME.match(m.group()) for m in OPAQUE.finditer(query))
