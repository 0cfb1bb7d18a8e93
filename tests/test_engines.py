"""pyoxigraph (the service's engine) and rdflib's engine give the same solutions for every catalogue query."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest
from conftest import ROOT
from rdflib import BNode, Dataset, Literal, URIRef

from service.answers.catalogue import Catalogue
from service.namespaces import XSD_STRING

CATALOGUE = Catalogue.load(ROOT / "queries")
EXAMPLE_PARAMETERS = {"iri": "https://w3id.org/inspection-kg/id/authority/birmingham/body/bscb", "string": "Immediately",
                      "integer": "2", "date": "2012-09-19"}


@pytest.fixture(scope="module")
def rdflib_dataset(built) -> Dataset:
    dataset = Dataset(default_union=True)
    dataset.parse(built.dataset, format="nquads")
    return dataset


def _normal(text: str) -> str:
    # GROUP_CONCAT joins in an order SPARQL leaves to the engine: compare the parts, sorted.
    return "; ".join(sorted(text.split("; "))) if "; " in text else text


def _from_ox(term):
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode",)
    return ("literal", _normal(term.value), term.language or term.datatype.value)


def _from_rdflib(term):
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, BNode):
        return ("bnode",)
    datatype = str(term.datatype) if term.datatype else (
        None if term.language else "http://www.w3.org/2001/XMLSchema#string")
    return ("literal", _normal(str(term)), term.language or datatype)


def _to_rdflib(term):
    """A parameter's value, bound for rdflib as for pyoxigraph (a date stays an xsd:date)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    return Literal(term.value, datatype=None if term.datatype.value == XSD_STRING else URIRef(term.datatype.value))


def _parameters(query) -> dict[str, str]:
    return {p.name: EXAMPLE_PARAMETERS[p.type] for p in query.parameters if not p.optional}


@pytest.mark.parametrize("name", sorted(CATALOGUE.queries))
def test_same_solutions_as_rdflib(name, store, rdflib_dataset):
    query = CATALOGUE.get(name)
    params = _parameters(query)
    ours = store.query(query.text, substitutions=query.bindings(params))
    variables = [v.value for v in ours.variables]
    mine = Counter(tuple(_from_ox(row[v]) for v in variables) for row in ours)
    bindings = {variable.value: _to_rdflib(term) for variable, term in query.bindings(params).items()}
    theirs = rdflib_dataset.query(query.text, initBindings=bindings)
    other = Counter(tuple(_from_rdflib(row[v]) for v in variables) for row in theirs)
    assert sum(mine.values()) > 0, f"{name} returns nothing to compare"
    assert mine == other
