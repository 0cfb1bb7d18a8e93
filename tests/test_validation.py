"""The shapes over the real report: no violation, mutations caught, and the gaps in the report's own plan.

The warnings are checked against what a reading of the report finds: the
weaknesses of paragraphs 13-37 that none of the fourteen areas for
improvement (paragraph 3) answers, and the partner agencies the findings
criticise that no area for improvement names.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT, body_iri, in_report
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from service.answers.render import to_json
from service.answers.reports import compute
from service.graph.canonical import read_turtle_folder
from service.graph.coverage import clip, coverage_query
from service.graph.validate import asserted_graph, union, validate
from service.namespaces import IKG, IKGSH


@pytest.fixture(scope="module")
def checks():
    return read_turtle_folder(ROOT / "shapes"), coverage_query(ROOT / "queries")


@pytest.fixture(scope="module")
def real(built):
    """The build's asserted graphs with the ontology, as `inspection-kg validate` reads them."""
    return asserted_graph(built.dataset, read_turtle_folder(ROOT / "ontology"))


@pytest.fixture(scope="module")
def validation(real, checks):
    return validate(real, *checks)


def results(validation, severity: str, shape: str | None = None) -> list[dict]:
    return [r for r in validation.data["results"]
            if r["severity"] == severity and (shape is None or r["shape"] == str(IKGSH[shape]))]


def foci(validation, severity: str, shape: str | None = None) -> set[str]:
    return {r["focus"] for r in results(validation, severity, shape)}


def finding(name: str) -> str:
    return in_report(f"finding/{name}")


# ---------------------------------------------------------------- the real graph

def test_the_real_graph_has_no_violation(validation):
    assert results(validation, "violation") == []
    assert validation.data["conforms"] is True
    assert validation.exit_code() == 0
    assert validation.exit_code(strict=True) == 1  # it has warnings


def test_the_document_has_the_fields_the_issue_fixes(validation):
    document = json.loads(to_json(validation.data))
    assert set(document) >= {"conforms", "violations", "warnings", "infos", "results"}
    assert (document["violations"], document["warnings"], document["infos"]) == (
        len(results(validation, "violation")), len(results(validation, "warning")), len(results(validation, "info")))
    for r in document["results"]:
        assert set(r) >= {"severity", "focus", "focus_label", "path", "message", "shape", "paragraph"}
        assert r["focus_label"] and r["message"] and r["shape"].startswith(str(IKGSH))
        assert "{?" not in r["message"], r["message"]


def test_the_stored_validation_graph_gives_the_same_document(validation, store, catalogue):
    """`report coverage` reads the build's validation graph; it says what a fresh validation says."""
    assert compute("coverage", store, catalogue).data == json.loads(to_json(validation.data))


# ---------------------------------------------------------------- unanswered weaknesses

# Weaknesses no area for improvement answers, found by reading paragraphs 13-37
# against the fourteen actions of paragraph 3 (none of which mentions them).
UNANSWERED = {
    "29-1": "Case recording is basic and at times too descriptive",  # action 9 is the CAF's recording system only
    "29-2": "The electronic recording system is used inconsistently by social workers",
    "13-10a": "there are high rates of re-referrals",  # no action on re-referrals ...
    "32-3a": "there are high rates of re-referrals",   # ... though the report says it twice
    "13-10c": "too many children are subject to repeat child protection plans",
    "32-3c": "too many children being made subject to repeat child protection plans",
    "35-1": "poor tracking, monitoring and delivery of actions",  # and the improvement notice's link to the plan
    "31-3": "There has been an absence of consistent leadership and strategic oversight",
    "14-1": "Over the last three years there has been a lack of continuity of leadership.",
    "37-7": "an effective recruitment and retention strategy is not in place",
    "18-7": "Assessments are not always provided in other languages when required",
    "36-10": "Consultation with young people is not embedded",  # the BSCB's; action 8 is casework
}

# Weaknesses the plan does answer, so no warning: each with the action that answers it.
ANSWERED = {
    "36-8": 2,    # sexual exploitation work not coordinated, no identified lead: "reviews the arrangements ..."
    "13-10b": 3,  # statutory visits: "receive statutory visits within appropriate timescales"
    "30-1": 8,    # advocacy not routinely available: "support and advice from advocacy services"
    "21-7": 9,    # CAF procedures overlap: "a single recording system for use of the CAF"
    "24-9": 10,   # police rarely attend conferences: "the BSCB and partners improve working at all ... conferences"
}


@pytest.mark.parametrize("name", sorted(UNANSWERED))
def test_each_unanswered_weakness_is_a_warning_naming_its_paragraph(validation, real, name):
    text = str(real.value(URIRef(finding(name)), IKG.text))
    assert UNANSWERED[name] in text
    warning = [r for r in results(validation, "warning", "WeaknessAnswered") if r["focus"] == finding(name)]
    assert len(warning) == 1, name
    paragraph = int(name.split("-")[0])
    assert warning[0]["paragraph"] == paragraph
    assert warning[0]["message"].startswith(f"Weakness in paragraph {paragraph} (")
    assert "is answered by no area for improvement" in warning[0]["message"]
    assert warning[0]["path"] == "^" + str(IKG.addresses)


@pytest.mark.parametrize("name, action", sorted(ANSWERED.items()))
def test_an_answered_weakness_is_no_warning(validation, real, name, action):
    assert (URIRef(in_report(f"action/{action}")), IKG.addresses, URIRef(finding(name))) in real
    assert finding(name) not in foci(validation, "warning")


def test_the_warned_weaknesses_are_exactly_those_the_catalogue_finds_unanswered(validation, store, catalogue):
    unanswered = {row["finding"].value for row in store.query(catalogue.get("unanswered-weaknesses").text)}
    assert foci(validation, "warning", "WeaknessAnswered") == unanswered
    assert len(unanswered) == 34


# ---------------------------------------------------------------- criticised bodies without a role

# Bodies the weaknesses concern that no area for improvement names, itself or
# through a body it is part of: the partner agencies, each "without an
# identified lead" (paragraph 36), and the previous Children's Trust.
WITHOUT_A_ROLE = {
    "police": [13, 24],               # absent from conferences; action 10 names only "partners"
    "health-agencies": [21, 23],      # not involved as key partners in early help
    "community-health-services": [21],
    "childrens-centres": [21],
    "schools": [18, 19, 23],
    "uk-border-agency": [19],
    "childrens-trust": [14, 31],
}


def test_the_bodies_criticised_but_given_no_role(validation):
    warned = {r["focus"]: r for r in results(validation, "warning", "CriticisedBodyHasARole")}
    assert set(warned) == {body_iri(slug) for slug in WITHOUT_A_ROLE}
    for slug, paragraphs in WITHOUT_A_ROLE.items():
        record = warned[body_iri(slug)]
        assert record["paragraphs"] == paragraphs
        assert record["paragraph"] == paragraphs[0]
        assert record["message"].startswith(f"{record['focus_label']}: the weaknesses of paragraph")


def test_a_council_team_is_covered_through_the_council(validation):
    """Children's social care is a unit of children's services, a unit of the council, responsible for most actions."""
    for slug in ("childrens-social-care", "integrated-access-teams", "bscb-sexual-exploitation-sub-group"):
        assert body_iri(slug) not in foci(validation, "warning")


# ---------------------------------------------------------------- sections judged inadequate

def test_each_section_judged_inadequate_counts_its_unanswered_weaknesses(validation, real):
    section_warnings = results(validation, "warning", "InadequateSectionAnswered")
    assert len(section_warnings) == 4  # all four areas are judged inadequate, and each leaves some unanswered
    unanswered = results(validation, "warning", "WeaknessAnswered")
    for warning in section_warnings:
        judgement = URIRef(warning["focus"])
        section = real.value(judgement, IKG.section)
        in_section = {int(real.value(p, IKG.number)) for p in real.subjects(IKG.section, section)
                      if (p, RDF.type, IKG.Paragraph) in real}
        count = sum(1 for r in unanswered if r["paragraph"] in in_section)
        match = re.search(r"yet (\d+) of the (\d+) weaknesses", warning["message"])
        assert match and int(match.group(1)) == count, warning["message"]
        assert warning["message"].startswith(f"{clip(warning['focus_label'])} is judged inadequate (paragraph ")


def test_leadership_and_governance_leaves_the_most_unanswered(validation):
    by_area = {r["focus_label"]: r["message"] for r in results(validation, "warning", "InadequateSectionAnswered")}
    assert "yet 14 of the 27 weaknesses" in by_area["Leadership and governance"]


def test_the_one_note_is_the_action_shared_without_a_lead(validation):
    notes = results(validation, "info")
    assert [(r["focus"], r["shape"]) for r in notes] == [
        (in_report("action/10"), str(IKGSH.ActionHasOneResponsibleBody))]  # "the BSCB and partners"
    assert notes[0]["paragraph"] == 3


def test_every_action_answers_a_finding(validation):
    assert results(validation, "warning", "ActionAnswersAFinding") == []


# ---------------------------------------------------------------- mutations of the real graph

def drop(subject: str, predicate: URIRef, obj=None):
    def mutate(graph):
        triples = list(graph.triples((URIRef(subject), predicate, obj)))
        assert triples, (subject, predicate, obj)
        for triple in triples:
            graph.remove(triple)
    return mutate


def add(subject: str, predicate: URIRef, obj):
    def mutate(graph):
        graph.add((URIRef(subject), predicate, obj))
    return mutate


MUTATIONS = {
    "action 2 loses its responsible body":
        (drop(in_report("action/2"), IKG.hasResponsibleBody), in_report("action/2"), "ActionResponsible"),
    "a finding loses its evidence":
        (drop(finding("29-1"), IKG.evidence), finding("29-1"), "FindingEvidence"),
    "a judgement loses its grade":
        (drop(in_report("judgement/leadership-and-governance"), IKG.grade),
         in_report("judgement/leadership-and-governance"), "JudgementGrade"),
    "an action gets a second accountable body":
        (add(in_report("action/14"), IKG.hasAccountableBody, URIRef(body_iri("bscb"))),
         in_report("action/14"), "ActionAccountable"),
    "a due date written as words":
        (lambda g: g.set((URIRef(in_report("action/11")), IKG.dueDate, Literal("19 December 2012"))),
         in_report("action/11"), "DueDateIsADate"),
    "a finding loses the bodies it concerns":
        (drop(finding("36-8"), IKG.concerns), finding("36-8"), "FindingConcerns"),
    "a paragraph loses its number":
        (drop(in_report("paragraph/24"), IKG.number), in_report("paragraph/24"), "ParagraphNumber"),
    "a body loses its label":
        (drop(body_iri("police"), SKOS.prefLabel), body_iri("police"), "BodyLabel"),
}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_a_mutation_of_the_real_graph_gives_exactly_its_violation(real, checks, name):
    mutate, focus, shape = MUTATIONS[name]
    copy = union(real)
    mutate(copy)
    mutated = validate(copy, *checks)
    violations = {(r["focus"], r["shape"]) for r in results(mutated, "violation")}
    assert violations == {(focus, str(IKGSH[shape]))}
    assert mutated.data["conforms"] is False and mutated.exit_code() == 1


def test_a_judgement_without_a_grade_is_no_longer_known_to_be_inadequate(real, checks):
    copy = union(real)
    MUTATIONS["a judgement loses its grade"][0](copy)
    sections = foci(validate(copy, *checks), "warning", "InadequateSectionAnswered")
    assert in_report("judgement/leadership-and-governance") not in sections and len(sections) == 3


def test_the_mutations_work_on_copies(real):
    assert (URIRef(in_report("action/2")), IKG.hasResponsibleBody, URIRef(body_iri("bscb"))) in real
    assert (URIRef(finding("29-1")), IKG.evidence, None) in real


# ---------------------------------------------------------------- docs/validation.md says what the shapes find

def doc_section(heading: str) -> str:
    text = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end > 0 else None]


FINDS = "What the shapes find in the 2012 action plan"


def test_the_docs_list_each_unanswered_weakness_by_its_sentence(validation, real):
    section = doc_section(FINDS)
    listed = section[section.index("**The 34 weaknesses"):section.index("**Bodies")]
    sentences = set()
    for r in results(validation, "warning", "WeaknessAnswered"):
        evidence = real.value(URIRef(r["focus"]), IKG.evidence)
        sentences.add(f"{r['paragraph']}.{real.value(evidence, IKG.position)}")
    assert set(re.findall(r"\((\d+\.\d+)[;)]", listed)) == sentences
    assert len(results(validation, "warning", "WeaknessAnswered")) == 34


def test_the_docs_table_of_areas_agrees_with_the_warnings(validation):
    section = doc_section(FINDS)
    rows = re.findall(r"^\| ([^|(]+?) \((\d+)\) \| [\d-]+ \| (\d+) \| (\d+) \|$", section, re.MULTILINE)
    assert len(rows) == 4
    messages = {r["paragraph"]: r["message"] for r in results(validation, "warning", "InadequateSectionAnswered")}
    for _, paragraph, weaknesses, unanswered in rows:
        assert f"yet {unanswered} of the {weaknesses} weaknesses" in messages[int(paragraph)]


def test_the_docs_name_each_body_without_a_role(validation):
    section = doc_section(FINDS)
    named = " ".join(section[section.index("**Bodies"):section.index("**A note")].split())
    for r in results(validation, "warning", "CriticisedBodyHasARole"):
        assert r["focus_label"] in named, r["focus_label"]
