"""The progress queries over records: the same rows from rdflib's engine as from pyoxigraph, and the same rows
whether a record's triples are in one graph or in two (the union default graph has bag semantics).

The records: area for improvement 2 completed, then verified; 10 recorded as completed by mistake and corrected
to "at risk" for the same day; 13 in progress; 14 completed. All fourteen were due by 2012-12-19.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pyoxigraph as ox
import pytest
from conftest import in_report
from rdflib import Dataset
from test_engines import _from_ox, _from_rdflib, _to_rdflib
from tracking import BSCB, COUNCIL

from service.answers import Catalogue, compute
from service.config import Paths
from service.namespaces import Minter
from service.progress import Record, add_to
from service.store import OxigraphStore

BASE = Minter().base
CATALOGUE = Catalogue.load(Paths.default().queries)
NAMES = ["progress", "overdue-actions", "progress-by-body"]


def record(n: int, number: int, status: str, day: str, at: str, who="jo", body=BSCB, role="editor", revises=None):
    return Record(f"{n:032x}", "birmingham-2012", in_report(f"action/{number}"), status, day, f"note {n}", None, who,
                  role, body, at, revises)


RECORDS = [
    record(1, 2, "completed", "2012-12-01", "2012-12-02T09:00:00.000000Z"),
    record(2, 2, "verified", "2013-01-10", "2013-01-10T09:00:00.000000Z", "vi", COUNCIL, "verifier"),
    record(3, 10, "completed", "2013-01-05", "2013-01-05T09:00:00.000000Z"),
    record(4, 10, "at-risk", "2013-01-05", "2013-01-06T09:00:00.000000Z", revises=f"{3:032x}"),
    record(5, 13, "in-progress", "2013-01-20", "2013-01-20T09:00:00.000000Z"),
    record(6, 14, "completed", "2013-02-20", "2013-02-20T09:00:00.000000Z"),
]


@pytest.fixture(scope="module")
def with_records(built):
    store = OxigraphStore.from_file(built.dataset)
    add_to(store, RECORDS, BASE, "6")
    return store


@pytest.fixture(scope="module")
def doubled(with_records):
    copy = ox.NamedNode(str(Minter().graph(None, "copy")))
    quads = list(with_records.quads())
    return OxigraphStore.from_quads(quads + [ox.Quad(q.subject, q.predicate, q.object, copy) for q in quads])


def rows(store, name: str) -> Counter:
    query = CATALOGUE.get(name)
    results = store.query(query.text, substitutions=query.bindings({"asOf": "2013-03-01"}))
    return Counter(tuple(_from_ox(row[v.value]) for v in results.variables) for row in results)


@pytest.mark.parametrize("name", NAMES)
def test_a_record_in_two_graphs_counts_once(name, with_records, doubled):
    assert rows(doubled, name) == rows(with_records, name) != Counter()


@pytest.mark.parametrize("name", NAMES)
def test_rdflib_gives_the_same_rows(name, with_records):
    dataset = Dataset(default_union=True)
    dataset.parse(data=with_records.store.dump(format=ox.RdfFormat.N_QUADS).decode(), format="nquads")
    query = CATALOGUE.get(name)
    bindings = query.bindings({"asOf": "2013-03-01"})
    theirs = dataset.query(query.text, initBindings={v.value: _to_rdflib(t) for v, t in bindings.items()})
    assert Counter(tuple(_from_rdflib(row[v]) for v in theirs.vars) for row in theirs) == rows(with_records, name)


def test_the_report_reads_each_actions_latest_record_leaving_out_corrected_ones(with_records):
    report = compute("progress", with_records, CATALOGUE, as_of=date(2013, 3, 1))
    state = {a["number"]: a for a in report.data["actions"]}
    assert (state[2]["status"], state[2]["recorded_by"], state[2]["overdue"]) == ("verified", "vi", False)
    assert (state[10]["status"], state[10]["records"], state[10]["overdue"]) == ("at-risk", 2, True)
    assert (state[13]["status"], state[13]["overdue"]) == ("in-progress", True)
    assert (state[14]["status"], state[14]["overdue"], state[14]["unverified"]) == ("completed", False, False)
    early = compute("progress", with_records, CATALOGUE, as_of=date(2013, 1, 6))
    ten = next(a for a in early.data["actions"] if a["number"] == 10)
    assert ten["status"] == "at-risk" and ten["date"] == "2013-01-05"
    summary = report.data["summary"]
    assert (summary["verified"], summary["completed"], summary["at-risk"], summary["no_record"]) == (1, 1, 1, 10)
