"""A catalogue query's answer: run once with its parameters, then rendered as HTML, JSON, CSV or TSV.

Catalogue queries are the project's own text, so they run in-process on the
store, never in the executor pool that guards ``/sparql``. The answer keeps
the RDF terms: JSON gets plain values (numbers as numbers), CSV and TSV the
lexical forms, as SPARQL's CSV does, and HTML links the IRIs.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import InspectionKGError, NotFound
from ..store import Store, engine_errors, value
from .catalogue import Catalogue, CatalogueQuery


@dataclass(frozen=True)
class Answer:
    query: CatalogueQuery
    parameters: dict[str, str]  # the values the query ran with, as given
    columns: list[str]
    terms: list[list]           # one list of RDF terms (or None) per row, in column order

    @property
    def rows(self) -> list[dict]:
        """Rows of plain JSON values: IRIs and strings as text, numbers as numbers, booleans."""
        return [{c: value(t) for c, t in zip(self.columns, row)} for row in self.terms]

    @property
    def lexical_rows(self) -> list[dict]:
        """Rows of lexical forms, as SPARQL CSV writes them ('' for an unbound value)."""
        return [{c: lexical(t) for c, t in zip(self.columns, row)} for row in self.terms]

    def document(self) -> dict:
        """The JSON twin: the query's name, title and description, its parameters, columns and rows."""
        return {"name": self.query.name, "title": self.query.title, "description": self.query.description,
                "parameters": self.parameters, "columns": self.columns, "rows": self.rows}


def lexical(term) -> str:
    """A term's lexical form (an IRI's text, a literal's value), '' when unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def mentions(store: Store, iri: str) -> bool:
    """True when the IRI is the subject, predicate or object of some triple of the dataset."""
    node = str(ox.NamedNode(iri))  # written by pyoxigraph, so it is a well-formed IRI reference
    return bool(store.query(f"ASK {{ {{ {node} ?p ?o }} UNION {{ ?s ?p {node} }} UNION {{ ?s {node} ?o }} }}"))


def check_known(store: Store, query: CatalogueQuery, given: dict[str, str]) -> None:
    """NotFound when an IRI parameter names nothing in the dataset (a typo, not an empty answer)."""
    for parameter in query.parameters:
        raw = given.get(parameter.name)
        if parameter.type == "iri" and raw and not mentions(store, raw):
            raise NotFound(f"parameter {parameter.name!r}: no triple of the dataset mentions <{raw}>")


def answer(store: Store, catalogue: Catalogue, name: str, given: dict[str, str]) -> Answer:
    """Run the catalogue query ``name`` with the given parameters.

    NotFound for an unknown query, or an IRI parameter that no triple of the
    dataset mentions; UserError for a parameter that is unknown, missing or
    not of its type.
    """
    query = catalogue.get(name)
    bindings = query.bindings(given)
    check_known(store, query, given)
    results = store.query(query.text, substitutions=bindings)
    if not isinstance(results, ox.QuerySolutions):
        raise InspectionKGError(f"queries/{name}.rq is not a SELECT query; the catalogue answers only tables")
    columns = [v.value for v in results.variables]
    with engine_errors():
        terms = [[row[c] for c in columns] for row in results]
    return Answer(query, {k: v for k, v in given.items() if v != ""}, columns, terms)
