"""Builds: deterministic output, skipping when up to date, rebuilding on change, the base IRI.

Each test builds from a temporary copy of the project's inputs, so that edits
made to the checkout while the tests run cannot make two builds differ.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from conftest import REPORT_ID, copied_report, copy_project

from service.config import Paths
from service.graph.build import build, input_hash
from service.namespaces import DEFAULT_BASE, Minter

OTHER_BASE = "https://example.org/kg/"
IKG = "https://w3id.org/inspection-kg/def#"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="module")
def first(project, tmp_path_factory):
    paths = Paths(project, tmp_path_factory.mktemp("first-build"))
    return paths, build(paths, force=True)


def copy_of_first_build(first, tmp_path) -> Paths:
    """Another copy of the project with a copy of the first build: up to date, ready to be changed."""
    paths, _ = first
    root = copy_project(tmp_path / "project")
    build_dir = tmp_path / "build"
    build_dir.mkdir()
    for name in (paths.dataset.name, paths.manifest.name):
        (build_dir / name).write_bytes((paths.build / name).read_bytes())
    return Paths(root, build_dir)


def test_two_forced_builds_are_byte_identical(project, first, tmp_path):
    _, result = first
    again = build(Paths(project, tmp_path / "second"), force=True)
    assert not result.skipped and not again.skipped
    assert again.dataset != result.dataset
    assert again.dataset.read_bytes() == result.dataset.read_bytes()
    assert again.version == result.version
    assert again.graphs == result.graphs


def test_dataset_is_sorted_n_quads(first):
    """Sorted by graph, then by line: each named graph is one run of lines (a report's part is put in whole)."""
    _, result = first
    lines = result.dataset.read_text(encoding="utf-8").splitlines()
    graph = [line.rsplit(" ", 2)[-2] for line in lines]
    assert list(zip(graph, lines)) == sorted(zip(graph, lines))
    assert len(lines) == len(set(lines))
    quads = list(ox.parse(path=str(result.dataset), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == len(lines) == sum(result.graphs.values())


def test_second_build_without_force_is_skipped(first):
    paths, result = first
    before = result.dataset.read_bytes()
    again = build(paths)
    assert again.skipped
    assert again.version == result.version
    assert again.graphs == result.graphs
    assert result.dataset.read_bytes() == before


def test_manifest_records_the_build(first):
    paths, result = first
    manifest = json.loads(paths.manifest.read_text())
    assert manifest["version"] == result.version
    assert manifest["base"] == Minter().base
    assert manifest["graphs"] == result.graphs


def test_the_build_validates_and_says_what_it_found(first):
    paths, result = first
    found = {REPORT_ID: "0 violations, 45 warnings, 1 info"}
    assert result.validation == found
    assert json.loads(paths.manifest.read_text())["validation"] == found
    assert f"validation of {REPORT_ID}: 0 violations, 45 warnings, 1 info" in result.summary()
    assert build(paths).validation == found  # an up-to-date build still says it


def test_changing_an_input_triggers_a_rebuild(first, tmp_path):
    paths = copy_of_first_build(first, tmp_path)
    root = paths.root
    assert build(paths).skipped  # the copy is up to date: only the inputs decide

    curation = root / "data" / REPORT_ID / "actions.ttl"
    curation.write_text(curation.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert not build(paths).skipped
    assert build(paths).skipped

    text = copied_report(root)
    content = text.read_text(encoding="utf-8")
    assert content.count("This inspection was unannounced.") == 1
    text.write_text(content.replace("This inspection was unannounced.",
                                    "This inspection was unannounced, as it happens."), encoding="utf-8")
    assert not build(paths).skipped
    assert "This inspection was unannounced, as it happens." in paths.dataset.read_text(encoding="utf-8")
    assert build(paths).skipped


def test_changing_the_ontology_or_removing_a_file_makes_the_build_stale(first, tmp_path):
    paths = copy_of_first_build(first, tmp_path)
    recorded = json.loads(paths.manifest.read_text())["inputs"]
    assert input_hash(paths, Minter()) == recorded
    schemes = paths.root / "ontology" / "schemes.ttl"
    original = schemes.read_text(encoding="utf-8")
    schemes.write_text(original + "\n# an edit\n", encoding="utf-8")
    assert input_hash(paths, Minter()) != recorded
    schemes.write_text(original, encoding="utf-8")
    assert input_hash(paths, Minter()) == recorded
    (paths.root / "data" / REPORT_ID / "bodies.ttl").rename(paths.root / "bodies.ttl.removed")
    assert input_hash(paths, Minter()) != recorded
    assert input_hash(paths, Minter(OTHER_BASE)) != recorded


def test_a_deleted_dataset_is_rebuilt(first, tmp_path):
    paths = copy_of_first_build(first, tmp_path)
    data = paths.dataset.read_bytes()
    paths.dataset.unlink()
    again = build(paths)
    assert not again.skipped
    assert paths.dataset.read_bytes() == data


def iris(path) -> set[str]:
    found = set()
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode):
                found.add(term.value)
    return found


def test_another_base_rebuilds_and_mints_data_iris_under_that_base_only(first, tmp_path):
    _, default_result = first
    paths = copy_of_first_build(first, tmp_path)
    assert build(paths).skipped
    result = build(paths, minter=Minter(OTHER_BASE))  # not forced: the base is an input
    assert not result.skipped
    assert build(paths, minter=Minter(OTHER_BASE)).skipped

    found = iris(result.dataset)
    assert not [iri for iri in found if iri.startswith(DEFAULT_BASE)]
    assert OTHER_BASE + REPORT_ID in found
    assert OTHER_BASE + REPORT_ID + "/paragraph/37" in found
    assert OTHER_BASE + REPORT_ID + "/paragraph/37/sentence/7" in found
    assert OTHER_BASE + REPORT_ID + "/action/14" in found
    assert OTHER_BASE + "authority/birmingham/body/bscb" in found
    assert set(result.graphs) == {OTHER_BASE + "graph/ontology"} | {
        OTHER_BASE + f"graph/{REPORT_ID}/{name}" for name in ("structure", "curation", "inferred", "validation")}
    # the same graphs, moved: as many quads in each as under the default base
    moved = {name.replace(OTHER_BASE, DEFAULT_BASE): n for name, n in result.graphs.items()}
    assert moved == default_result.graphs
    assert json.loads(paths.manifest.read_text())["base"] == OTHER_BASE

    store = ox.Store()
    store.load(path=str(result.dataset), format=ox.RdfFormat.N_QUADS)
    bscb, action2 = ox.NamedNode(OTHER_BASE + "authority/birmingham/body/bscb"), ox.NamedNode(OTHER_BASE + REPORT_ID + "/action/2")
    inferred = ox.NamedNode(OTHER_BASE + f"graph/{REPORT_ID}/inferred")
    assert list(store.quads_for_pattern(bscb, ox.NamedNode(IKG + "responsibleFor"), action2, inferred))
    council = ox.NamedNode(OTHER_BASE + "authority/birmingham/body/birmingham-city-council")
    assert len(list(store.quads_for_pattern(None, ox.NamedNode(IKG + "hasAccountableBody"), council, None))) == 14
