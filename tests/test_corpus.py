"""A corpus of several reports: each report seen alone is exactly itself; across reports, bodies are shared
by the inspections of one authority and by national bodies, never between authorities.

The corpus: the Birmingham report three times, as three inspections (copies of
its text and curation under other ids). ``birmingham-2014`` is a second
inspection of Birmingham, so it names Birmingham's own bodies; ``somewhere-2013``
is another authority, its curation moved under …/authority/somewhere/. The
facts asserted are the Birmingham report's (4 areas judged inadequate; the
BSCB responsible for actions 2, 10, 13 and 14; 14 actions, 10 due 2012-09-19
and 4 due 2012-12-19), multiplied by the inspections that share a body.
"""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import REPORT_ID, body_iri, copy_project, run_cli

from service.answers import Catalogue, compute, report_ids, to_json
from service.config import Paths
from service.graph import build
from service.namespaces import Minter
from service.store import OxigraphStore

SAME_AUTHORITY, OTHER_AUTHORITY = "birmingham-2014", "somewhere-2013"
MINTER = Minter()


def add_report(root, report_id: str, authority: str | None = None) -> None:
    """A copy of the Birmingham report under another id; with ``authority``, its bodies moved there."""
    source, target = root / "data" / REPORT_ID, root / "data" / report_id
    shutil.copytree(source, target)
    (target / "moved.ttl").unlink()  # the old IRIs redirect to Birmingham's bodies, once
    for path in target.glob("*.ttl"):
        text = path.read_text().replace(f"/id/{REPORT_ID}/", f"/id/{report_id}/")  # the curation's @base
        if authority:
            text = text.replace("/authority/birmingham/body/", f"/authority/{authority}/body/")
        path.write_text(text)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("corpus") / "project")
    add_report(root, SAME_AUTHORITY)
    add_report(root, OTHER_AUTHORITY, "somewhere")
    result = build(Paths(root, root / "build"), force=True)
    return result.dataset


@pytest.fixture(scope="module")
def corpus_store(corpus):
    return OxigraphStore.from_file(corpus)


@pytest.fixture(scope="module")
def catalogue(corpus):
    return Catalogue.load(Paths.default().queries)


def data(name, store, catalogue, report=None) -> dict:
    return json.loads(to_json(compute(name, store, catalogue, report).data))


def test_the_corpus_lists_each_report_with_its_authority_and_judgements(corpus_store, catalogue):
    assert report_ids(corpus_store) == [REPORT_ID, SAME_AUTHORITY, OTHER_AUTHORITY]
    reports = {r["id"]: r for r in data("corpus", corpus_store, catalogue)["reports"]}
    assert reports[REPORT_ID]["authority"]["iri"] == reports[SAME_AUTHORITY]["authority"]["iri"] \
        == str(MINTER.authority("birmingham"))
    assert reports[OTHER_AUTHORITY]["authority"]["iri"] == str(MINTER.authority("somewhere"))
    for report in reports.values():
        assert [j["grade"] for j in report["judgements"]] == ["Inadequate"] * 4
        assert (report["start"], report["end"]) == ("2012-09-10", "2012-09-19")


@pytest.mark.parametrize("name", ["who-owns-what", "actions", "findings", "judgements", "coverage", "timeline",
                                  "figures"])
def test_one_report_of_the_corpus_is_exactly_that_report_alone(name, corpus_store, store, catalogue):
    """Scoped to birmingham-2012, every report equals the one-report build's."""
    assert data(name, corpus_store, catalogue, REPORT_ID) == data(name, store, catalogue)


def test_two_inspections_of_one_authority_share_its_bodies(corpus_store, catalogue):
    bodies = {b["iri"]: b for b in data("who-owns-what", corpus_store, catalogue)["bodies"]}
    bscb = bodies[body_iri("bscb")]
    reports = {a["iri"].rsplit("/action/", 1)[0].rsplit("/", 1)[-1] for a in bscb["actions"]}
    assert reports == {REPORT_ID, SAME_AUTHORITY}
    assert sorted(a.rsplit("/", 1)[-1] for a in bscb["responsible"]) == sorted(["2", "10", "13", "14"] * 2)
    other = bodies[str(MINTER.local_body("somewhere", "bscb"))]
    assert sorted(a.rsplit("/", 1)[-1] for a in other["responsible"]) == ["10", "13", "14", "2"]
    assert all(f"/{OTHER_AUTHORITY}/" in a for a in other["responsible"])


def test_a_national_body_is_shared_by_every_report(corpus_store, catalogue):
    rows = data("who-owns-what", corpus_store, catalogue)["bodies"]
    ofsted = [b for b in rows if b["iri"] == body_iri("ofsted")]
    assert len(ofsted) == 1
    answer = run_catalogue(corpus_store, catalogue, "bodies-criticised-across-reports")
    ukba = [r for r in answer if r["body"] == body_iri("uk-border-agency")]
    assert len(ukba) == 1 and ukba[0]["reports"] == 3 and ukba[0]["national"] is True
    alone = [r for r in run_catalogue(corpus_store, catalogue, "bodies-criticised-across-reports", REPORT_ID)
             if r["body"] == body_iri("uk-border-agency")]
    assert ukba[0]["weaknesses"] == 3 * alone[0]["weaknesses"]


def run_catalogue(store, catalogue, name, report=None, **params):
    from service.answers import answer, scope

    return answer(scope(store, report), catalogue, name, params).rows


def test_judgements_by_authority(corpus_store, catalogue):
    rows = run_catalogue(corpus_store, catalogue, "judgements-by-authority")
    by_authority: dict[str, set] = {}
    for row in rows:
        by_authority.setdefault(row["authority"], set()).add(row["report"])
    assert {a: len(r) for a, r in by_authority.items()} == {str(MINTER.authority("birmingham")): 2,
                                                            str(MINTER.authority("somewhere")): 1}
    assert {row["gradeLabel"] for row in rows} == {"Inadequate"} and len(rows) == 12


def test_actions_due_between_two_dates_across_reports(corpus_store, catalogue):
    """Ten actions of each report are due 2012-09-19 ("Immediately"), four 2012-12-19."""
    immediate = run_catalogue(corpus_store, catalogue, "actions-due-between", **{"from": "2012-09-01",
                                                                                  "to": "2012-09-30"})
    assert len(immediate) == 30 and {r["due"] for r in immediate} == {"2012-09-19"}
    later = run_catalogue(corpus_store, catalogue, "actions-due-between", **{"from": "2012-09-20", "to": "2013-01-01"})
    assert len(later) == 12 and {r["number"] for r in later} == {11, 12, 13, 14}


def test_unanswered_weaknesses_by_theme_count_every_report(corpus_store, catalogue):
    corpus = {r["theme"]: r for r in run_catalogue(corpus_store, catalogue, "unanswered-weaknesses-by-theme")}
    alone = {r["theme"]: r for r in run_catalogue(corpus_store, catalogue, "unanswered-weaknesses-by-theme",
                                                  REPORT_ID)}
    assert set(corpus) == set(alone)
    for theme, row in corpus.items():
        assert row["unanswered"] == 3 * alone[theme]["unanswered"]
        assert row["reports"] == (3 if alone[theme]["unanswered"] else 0)


def test_the_cli_reports_on_one_report_or_the_corpus(corpus):
    one = run_cli("report", "who-owns-what", "--report", OTHER_AUTHORITY, "--format", "json", "--dataset", str(corpus))
    assert one.returncode == 0, one.stderr
    iris = {b["iri"] for b in json.loads(one.stdout)["bodies"]}
    assert str(MINTER.local_body("somewhere", "bscb")) in iris and body_iri("bscb") not in iris
    unknown = run_cli("report", "actions", "--report", "nowhere-2013", "--dataset", str(corpus))
    assert unknown.returncode == 2 and b"birmingham-2012" in unknown.stderr


def test_a_local_body_of_one_authority_named_by_another_report_fails_the_build(tmp_path):
    root = copy_project(tmp_path / "project")
    add_report(root, OTHER_AUTHORITY)  # curation left under Birmingham's bodies: not its authority's
    result = run_cli("build", env={"INSPECTION_KG_ROOT": str(root), "INSPECTION_KG_BUILD": str(tmp_path / "b")})
    assert result.returncode == 2
    assert b"belongs to another authority" in result.stderr


# ---------------------------------------------------------------- a triple in several graphs
# The engines give the union default graph bag semantics: a triple held by two graphs (a national
# body named by two reports) matches twice (pyoxigraph 0.5, the Oxigraph server, Virtuoso). Every
# catalogue query must give the same rows whether a triple is held by one graph or by several.

EXAMPLE = {"iri": body_iri("bscb"), "string": "Immediately", "integer": "2", "date": "2012-09-19"}
CATALOGUE = Catalogue.load(Paths.default().queries)


@pytest.fixture(scope="module")
def doubled(store):
    """The real report's dataset with every triple also in a second graph."""
    import pyoxigraph as ox

    copy = ox.NamedNode(str(MINTER.graph(None, "copy")))
    quads = list(store.quads())
    return OxigraphStore.from_quads(quads + [ox.Quad(q.subject, q.predicate, q.object, copy) for q in quads])


@pytest.mark.parametrize("name", sorted(CATALOGUE.queries))
def test_a_catalogue_query_counts_a_triple_once_however_many_graphs_hold_it(name, store, doubled):
    from collections import Counter

    query = CATALOGUE.get(name)
    params = {p.name: ("2013-01-01" if p.name == "to" else EXAMPLE[p.type]) for p in query.parameters
              if not p.optional}

    def normal(term) -> str:  # GROUP_CONCAT's order is the engine's to choose: compare the parts, sorted
        text = getattr(term, "value", None) or str(term)
        return f"{type(term).__name__} " + "; ".join(sorted(text.split("; ")))

    def rows(target):
        results = target.query(query.text, substitutions=query.bindings(params))
        return Counter(tuple(normal(row[v.value]) for v in results.variables) for row in results)

    once = rows(store)
    assert once, f"{name} gives nothing to compare"
    assert rows(doubled) == once
