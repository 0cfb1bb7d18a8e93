"""The shapes, tested like code: a valid and an invalid example for each, and the shapes checked against SHACL.

Examples live in ``tests/shapes/<shape's local name>/`` and are found by their
names: ``valid*.ttl`` must give no result from that shape, ``invalid*.ttl``
exactly the results it lists. An example states its expected results in
SHACL's own terms, as ``sh:ValidationResult`` nodes (focus node, severity,
source shape, and the message when it matters); they are taken out of the
data before it is validated. Each example is validated with the ontology, as
the build does, against all the shapes; only the results of the shape under
test count.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from service.graph.canonical import read_turtle_folder
from service.graph.coverage import SEVERITIES, coverage_query
from service.graph.validate import union, validate
from service.namespaces import IKGSH

EXAMPLES = ROOT / "tests" / "shapes"
VALID = sorted(EXAMPLES.glob("*/valid*.ttl"))
META_DEPTH = 40  # pySHACL's default (15) is too shallow for SHACL-SHACL over a nested path such as CriticisedBodyHasARole's
INVALID = sorted(EXAMPLES.glob("*/invalid*.ttl"))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return read_turtle_folder(ROOT / "shapes")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return read_turtle_folder(ROOT / "ontology")


@pytest.fixture(scope="module")
def query() -> str:
    """The coverage query, which says what each result is about."""
    return coverage_query(ROOT / "queries")


def reporting_shapes(shapes: Graph) -> set[str]:
    """The shapes that can give a result: each has a message (groups and helpers have none)."""
    return {str(s) for s in shapes.subjects(SH.message, None) if isinstance(s, URIRef)}


def example_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def read_example(path: Path) -> tuple[Graph, set[tuple], dict[tuple, str]]:
    """The example's data, its expected (focus, severity, shape) results, and any expected messages."""
    graph = Graph().parse(path, format="turtle")
    expected, messages = set(), {}
    for result in list(graph.subjects(RDF.type, SH.ValidationResult)):
        key = (str(graph.value(result, SH.focusNode)), SEVERITIES[str(graph.value(result, SH.resultSeverity))],
               str(graph.value(result, SH.sourceShape)))
        expected.add(key)
        if (result, SH.resultMessage, None) in graph:
            messages[key] = str(graph.value(result, SH.resultMessage))
        graph.remove((result, None, None))
    return graph, expected, messages


def results_of(shape: str, path: Path, shapes, ontology, query) -> list[dict]:
    data, _, _ = read_example(path)
    validation = validate(union(ontology, data), shapes, query)
    return [r for r in validation.data["results"] if r["shape"] == shape]


def shape_of(path: Path) -> str:
    return str(IKGSH[path.parent.name])


@pytest.mark.parametrize("path", VALID, ids=example_id)
def test_valid_example_gives_no_result_from_its_shape(path, shapes, ontology, query):
    assert shape_of(path) in reporting_shapes(shapes), f"{path.parent.name} is not a shape with a message"
    _, expected, _ = read_example(path)
    assert expected == set(), "a valid example expects no result"
    assert results_of(shape_of(path), path, shapes, ontology, query) == []


@pytest.mark.parametrize("path", INVALID, ids=example_id)
def test_invalid_example_gives_exactly_its_expected_results(path, shapes, ontology, query):
    shape = shape_of(path)
    assert shape in reporting_shapes(shapes), f"{path.parent.name} is not a shape with a message"
    _, expected, messages = read_example(path)
    assert expected, "an invalid example lists the results it expects"
    assert {s for _, _, s in expected} == {shape}, "an example expects results of its own shape only"
    results = results_of(shape, path, shapes, ontology, query)
    assert {(r["focus"], r["severity"], r["shape"]) for r in results} == expected
    for r in results:
        key = (r["focus"], r["severity"], r["shape"])
        if key in messages:
            assert r["message"] == messages[key]


def test_every_shape_has_a_valid_and_an_invalid_example(shapes):
    folders = {str(IKGSH[p.name]) for p in EXAMPLES.iterdir() if p.is_dir()}
    assert folders == reporting_shapes(shapes)
    for shape in reporting_shapes(shapes):
        name = shape.rsplit("#", 1)[1]
        assert list((EXAMPLES / name).glob("valid*.ttl")), f"{name} has no valid example"
        assert list((EXAMPLES / name).glob("invalid*.ttl")), f"{name} has no invalid example"


def test_every_shape_is_named_labelled_and_reports_with_a_severity(shapes):
    named = {s for s in shapes.subjects(RDF.type, None)
             if (s, RDF.type, SH.NodeShape) in shapes or (s, RDF.type, SH.PropertyShape) in shapes}
    assert {str(s) for s in named if isinstance(s, URIRef)} >= reporting_shapes(shapes)
    for shape in named:
        if isinstance(shape, URIRef):
            assert str(shape).startswith(str(IKGSH)), shape
            label = shapes.value(shape, RDFS.label)
            assert isinstance(label, Literal) and label.language == "en" and str(label), shape
    for shape in map(URIRef, reporting_shapes(shapes)):
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), shape
        assert shapes.value(shape, SH.message).language == "en", shape


def test_integrity_shapes_are_violations_and_coverage_shapes_are_not():
    integrity = Graph().parse(ROOT / "shapes" / "integrity.ttl", format="turtle")
    coverage = Graph().parse(ROOT / "shapes" / "coverage.ttl", format="turtle")
    assert set(integrity.objects(None, SH.severity)) == {SH.Violation}
    assert set(coverage.objects(None, SH.severity)) == {SH.Warning, SH.Info}


def test_the_shapes_are_valid_shacl(shapes):
    """The shapes graph validates against the SHACL shapes for SHACL (pySHACL's meta-SHACL)."""
    from pyshacl.entrypoints import meta_validate

    conforms, _, text = meta_validate(shapes, inference="none", max_validation_depth=META_DEPTH)
    assert conforms, text


def test_a_shape_that_is_not_valid_shacl_is_caught(shapes):
    """The meta-SHACL check can fail: a minimum count that is not an integer."""
    from pyshacl.entrypoints import meta_validate

    broken = union(shapes)
    broken.set((IKGSH.ActionResponsible, SH.minCount, Literal("one")))
    conforms, _, text = meta_validate(broken, inference="none", max_validation_depth=META_DEPTH)
    assert not conforms
    assert "minCount" in text
