"""The governance reports' JSON: the keys the issue fixes, and the facts read from the report."""

from __future__ import annotations

import json

import pytest
from conftest import BACKENDS, body_iri, in_report, on_backend

from service.answers.render import REPORT_FORMATS, to_json
from service.answers.reports import compute
from service.errors import NotFound

BSCB = body_iri("bscb")
COUNCIL = body_iri("birmingham-city-council")
ACTION_KEYS = {"iri", "number", "text", "timescale", "due_date", "paragraph",
               "accountable", "responsible", "partners", "addresses"}


@pytest.fixture(scope="module", params=BACKENDS)
def store(request):
    """Every report from every store: in memory, pyoxigraph on disk, an Oxigraph server and Virtuoso."""
    return on_backend(request, "store")


def action(n: int) -> str:
    return in_report(f"action/{n}")


def data(name, store, catalogue) -> dict:
    """The report as a client receives it: rendered to JSON text and read back."""
    return json.loads(to_json(compute(name, store, catalogue).data))


@pytest.fixture(scope="module")
def actions(store, catalogue) -> list[dict]:
    document = data("actions", store, catalogue)
    assert set(document) >= {"actions"}
    return document["actions"]


@pytest.fixture(scope="module")
def findings(store, catalogue) -> list[dict]:
    document = data("findings", store, catalogue)
    assert set(document) >= {"findings"}
    return document["findings"]


@pytest.fixture(scope="module")
def bodies(store, catalogue) -> list[dict]:
    document = data("who-owns-what", store, catalogue)
    assert set(document) >= {"bodies"}
    return document["bodies"]


# ---------------------------------------------------------------- actions

def test_actions_keys(actions):
    assert len(actions) == 14
    for a in actions:
        assert set(a) >= ACTION_KEYS, a["iri"]
        for role in ("accountable", "responsible", "partners"):
            assert isinstance(a[role], list)
            for item in a[role]:
                assert set(item) >= {"iri", "label"} and item["label"], (a["number"], role)
        assert isinstance(a["addresses"], list)
        for item in a["addresses"]:
            assert set(item) >= {"iri", "text"} and item["text"], a["number"]


def test_actions_in_order_with_timescales_and_due_dates(actions):
    assert [a["number"] for a in actions] == list(range(1, 15))
    assert [a["iri"] for a in actions] == [action(n) for n in range(1, 15)]
    for a in actions:
        if a["number"] <= 10:
            assert (a["timescale"], a["due_date"]) == ("immediately", "2012-09-19"), a["number"]
        else:
            assert (a["timescale"], a["due_date"]) == ("within three months", "2012-12-19"), a["number"]
        assert a["paragraph"] == 3


def test_action_texts(actions):
    text = {a["number"]: a["text"] for a in actions}
    assert text[4] == ("ensure that delays in the protection of children through over-long periods of information "
                       "gathering and assessment are eradicated")
    assert text[14].startswith("BSCB to review the thresholds document")


def test_every_action_has_one_accountable_body_the_council(actions):
    for a in actions:
        assert a["accountable"] == [{"iri": COUNCIL, "label": "Birmingham City Council"}], a["number"]


def test_every_action_has_a_responsible_body(actions):
    for a in actions:
        assert a["responsible"], a["number"]


def test_bscb_roles(actions):
    responsible = {a["number"] for a in actions if BSCB in {b["iri"] for b in a["responsible"]}}
    partner = {a["number"] for a in actions if BSCB in {b["iri"] for b in a["partners"]}}
    assert responsible == {2, 10, 13, 14}
    assert partner == {11}  # "through the Strategic Partnership supported by the BSCB"
    eleven = next(a for a in actions if a["number"] == 11)
    assert [b["label"] for b in eleven["responsible"]] == ["Strategic Partnership"]


def test_bscb_label(actions):
    two = next(a for a in actions if a["number"] == 2)
    assert two["responsible"] == [{"iri": BSCB, "label": "Birmingham Safeguarding Children Board"}]


# ---------------------------------------------------------------- judgements

def test_judgements_keys_and_values(store, catalogue):
    document = data("judgements", store, catalogue)
    assert set(document) >= {"scale", "judgements"}
    scale = document["scale"]
    for g in scale:
        assert set(g) >= {"iri", "label", "definition", "rank"}
    assert [(g["rank"], g["label"], g["definition"]) for g in scale] == [
        (1, "Outstanding", "a service that significantly exceeds minimum requirements"),
        (2, "Good", "a service that exceeds minimum requirements"),
        (3, "Adequate", "a service that meets minimum requirements"),
        (4, "Inadequate", "a service that does not meet minimum requirements"),
    ]
    judgements = document["judgements"]
    for j in judgements:
        assert set(j) >= {"iri", "area", "grade", "paragraph"}
        assert isinstance(j["paragraph"], int)
    assert [(j["area"], j["grade"]) for j in judgements] == [
        ("Overall effectiveness", "Inadequate"),
        ("The effectiveness of the help and protection provided to children, young people, families and carers",
         "Inadequate"),
        ("The quality of practice", "Inadequate"),
        ("Leadership and governance", "Inadequate"),
    ]
    assert [j["paragraph"] for j in judgements][1:] == [16, 24, 31]


# ---------------------------------------------------------------- findings

def test_findings_keys(findings):
    assert findings, "no findings: the curation of data/birmingham-2012/findings.ttl has not landed"
    for f in findings:
        assert set(f) >= {"iri", "kind", "text", "paragraph", "bodies", "answered_by"}, f["iri"]
        assert f["kind"] in {"strength", "weakness", "development"}
        assert isinstance(f["paragraph"], int) and f["text"]
        assert isinstance(f["bodies"], list) and isinstance(f["answered_by"], list)
        for b in f["bodies"]:
            assert set(b) >= {"iri", "label"} and b["label"]
    assert len({f["iri"] for f in findings}) == len(findings)


def test_findings_and_actions_answer_each_other(actions, findings):
    addresses = {(a["iri"], item["iri"]) for a in actions for item in a["addresses"]}
    answered = set()
    for f in findings:
        for a in f["answered_by"]:
            answered.add((a["iri"] if isinstance(a, dict) else a, f["iri"]))
    assert addresses == answered


# ---------------------------------------------------------------- who owns what

def test_who_owns_what_keys(bodies):
    assert len(bodies) >= 20
    for b in bodies:
        assert set(b) >= {"iri", "label", "accountable", "responsible", "partner", "findings"}, b["iri"]
        for role in ("accountable", "responsible", "partner"):
            assert isinstance(b[role], list)
        assert set(b["findings"]) >= {"strengths", "weaknesses"}
        assert all(isinstance(b["findings"][k], int) for k in ("strengths", "weaknesses"))
    assert len({b["iri"] for b in bodies}) == len(bodies)


def role_numbers(items) -> set[int]:
    return {int((i["iri"] if isinstance(i, dict) else i).rsplit("/", 1)[1]) for i in items}


def test_who_owns_what_bscb_and_council(bodies):
    by_iri = {b["iri"]: b for b in bodies}
    bscb = by_iri[BSCB]
    assert bscb["label"] == "Birmingham Safeguarding Children Board"
    assert role_numbers(bscb["responsible"]) == {2, 10, 13, 14}
    assert role_numbers(bscb["partner"]) == {11}
    assert bscb["accountable"] == []
    council = by_iri[COUNCIL]
    assert role_numbers(council["accountable"]) == set(range(1, 15))
    assert [b["iri"] for b in bodies if b["accountable"]] == [COUNCIL]


def test_who_owns_what_agrees_with_the_actions_report(actions, bodies):
    by_iri = {b["iri"]: b for b in bodies}
    for a in actions:
        for role, key in (("accountable", "accountable"), ("responsible", "responsible"), ("partners", "partner")):
            for item in a[role]:
                assert a["number"] in role_numbers(by_iri[item["iri"]][key]), (a["number"], role, item["iri"])


def test_who_owns_what_counts_agree_with_the_findings_report(findings, bodies):
    counts: dict[str, dict[str, int]] = {}
    for f in findings:
        for b in f["bodies"]:
            kinds = counts.setdefault(b["iri"], {"strength": 0, "weakness": 0})
            if f["kind"] in kinds:
                kinds[f["kind"]] += 1
    for b in bodies:
        expected = counts.get(b["iri"], {"strength": 0, "weakness": 0})
        assert (b["findings"]["strengths"], b["findings"]["weaknesses"]) == \
            (expected["strength"], expected["weakness"]), b["label"]


# ---------------------------------------------------------------- renderers and names

@pytest.mark.parametrize("name", ["actions", "judgements", "findings", "who-owns-what", "coverage"])
def test_every_report_renders_in_every_format(store, catalogue, name):
    report = compute(name, store, catalogue)
    for fmt, render in REPORT_FORMATS.items():
        assert render(report).strip(), (name, fmt)


def test_unknown_report_is_not_found(store, catalogue):
    with pytest.raises(NotFound):
        compute("no-such-report", store, catalogue)
