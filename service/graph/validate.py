"""Validate a report's graphs against the shapes (pySHACL) and say what each result is about.

pySHACL runs over rdflib's in-memory graph with no inference: the data graph
is a report's asserted graphs together with the ontology, whose subclass
axioms and concept schemes the shapes rely on. (Over a pyoxigraph-backed graph
pySHACL measured 14x slower here, and crashed with inference on.)

A Core constraint's sh:message is a constant, so the shapes write "{?label}",
"{?paragraph}" and "{?paragraphs}" where a board needs to know what and where;
they are filled in here (``coverage.fill``) from queries/coverage.rq, the same
query the coverage report reads the stored validation graph with. pySHACL
fills the variables of SHACL-SPARQL messages itself.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from ..config import Paths
from ..errors import ShapesError, UserError
from ..namespaces import SH, XSD_STRING, bind_prefixes
from ..store import OxigraphStore, plain_rows, rdf_format, serialize
from . import coverage
from .canonical import read_turtle_folder, to_dataset, to_ox
from .coverage import coverage_query

PYSHACL_LOGGER = "pyshacl-validate"  # the logger pyshacl.validate writes to (its make_default_logger)
DERIVED_GRAPHS = ("inferred", "validation")  # a dataset's graphs that are computed, not asserted


@dataclass
class Validation:
    report: Graph  # pySHACL's validation report, its messages filled in
    data: dict     # the coverage document (coverage.document)

    def exit_code(self, strict: bool = False) -> int:
        """0 when nothing fails; 1 for a violation, or with ``strict`` for a warning too."""
        failing = self.data["violations"] + (self.data["warnings"] if strict else 0)
        return 1 if failing else 0

    def turtle(self) -> bytes:
        """The report as Turtle, the same bytes for the same results (blank nodes labelled canonically)."""
        return serialize(to_dataset({None: self.report}), rdf_format("ttl"))


class _Data(Graph):
    """A data graph that parses each SPARQL query once per process.

    pySHACL runs a SHACL-SPARQL constraint's query once per focus node, as a
    string; rdflib parses it every time (0.1 s, a third of a report's
    validation). A parsed and translated query (rdflib's ``prepareQuery``) is
    meant to be run again with other bindings, so the same text gets the same
    prepared query.
    """

    _prepared: dict[str, object] = {}

    def query(self, query_object, processor="sparql", result="sparql", initNs=None, initBindings=None,  # noqa: N803
              use_store_provided=True, **kwargs):
        if isinstance(query_object, str) and processor == "sparql" and not initNs and not kwargs:
            prepared = self._prepared.get(query_object)
            if prepared is None:
                from rdflib.plugins.sparql import prepareQuery

                prepared = self._prepared[query_object] = prepareQuery(query_object)
            query_object = prepared
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)


def union(*graphs: Graph) -> Graph:
    """A new graph holding the triples of all ``graphs``."""
    merged = _Data()
    bind_prefixes(merged)
    for graph in graphs:
        merged += graph
    return merged


def validate(data: Graph, shapes: Graph, query: str) -> Validation:
    """Validate ``data`` (asserted graphs and ontology) against ``shapes``; conforms means no violation.

    ``query`` is the coverage query (``coverage.coverage_query``), which says what each result is about.
    """
    import pyshacl  # imported here: a third of a second that only validation should pay
    from pyshacl.errors import ReportableRuntimeError

    try:
        with _quiet():
            _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", inplace=True,
                                            allow_warnings=True, allow_infos=True)
    except ReportableRuntimeError as exc:  # a shape pySHACL cannot load; the message names the SHACL section
        raise ShapesError(f"shapes/: {exc}") from exc
    if not isinstance(report, Graph):  # pySHACL returns a ValidationFailure instead of raising it
        raise ShapesError(f"shapes/: validation failed: {report}")
    bind_prefixes(report)
    records = coverage.describe(_coverage_rows(data, report, query))
    for node, record in records.items():
        filled = coverage.fill(record["message"], record) if record["message"] else record["message"]
        if filled != record["message"]:
            result = BNode(node[2:])
            report.remove((result, SH.resultMessage, None))
            report.add((result, SH.resultMessage, Literal(filled, lang="en")))
            record["message"] = filled
    return Validation(report, coverage.document(records.values()))


@contextmanager
def _quiet():
    """Silence pySHACL's own logger while it runs: it logs an error to stderr before raising it, and we
    report it once. Only that logger: the rest of the process keeps logging."""
    logger = logging.getLogger(PYSHACL_LOGGER)
    previous = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = previous


def _coverage_rows(data: Graph, report: Graph, query: str) -> list[dict]:
    """The coverage query's rows over the data and the report, in an embedded store."""
    quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for graph in (data, report) for s, p, o in graph]
    return plain_rows(OxigraphStore.from_quads(quads).query(query))


def validate_file(path: Path, paths: Paths | None = None, extra: Iterable[ox.Quad] = ()) -> Validation:
    """Validate a dataset file's asserted graphs, and any ``extra`` quads, against the project's shapes."""
    paths = paths or Paths.default()
    paths.check()
    data = asserted_graph(path, read_turtle_folder(paths.ontology))
    for quad in extra:
        data.add((_from_ox(quad.subject), _from_ox(quad.predicate), _from_ox(quad.object)))
    return validate(data, read_turtle_folder(paths.shapes), coverage_query(paths.queries))


def validate_quads(quads, paths: Paths | None = None) -> Validation:
    """Validate the asserted graphs among ``quads`` (a store's) against the project's shapes."""
    paths = paths or Paths.default()
    paths.check()
    data = union(read_turtle_folder(paths.ontology))
    _add_asserted(data, quads)
    return validate(data, read_turtle_folder(paths.shapes), coverage_query(paths.queries))


def asserted_graph(path: Path, ontology: Graph) -> Graph:
    """A dataset file's asserted graphs (all but inferred and validation graphs) merged, with the ontology."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"no dataset file at {path}")
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.N_QUADS
    merged = union(ontology)
    try:
        _add_asserted(merged, ox.parse(path=str(path), format=fmt))
    except (SyntaxError, ValueError, OSError) as exc:
        raise UserError(f"{path.name}: cannot be loaded: {exc}") from exc
    return merged


def _add_asserted(merged: Graph, quads) -> None:
    for quad in quads:
        graph = quad.graph_name
        if isinstance(graph, ox.NamedNode) and graph.value.rstrip("/").rsplit("/", 1)[-1] in DERIVED_GRAPHS:
            continue
        merged.add((_from_ox(quad.subject), _from_ox(quad.predicate), _from_ox(quad.object)))


def _from_ox(term):
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == XSD_STRING:  # as the build writes them: plain literals
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))
