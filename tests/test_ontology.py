"""The ontology and concept schemes (ontology/*.ttl), read with rdflib straight from the files."""

from __future__ import annotations

import pytest
from conftest import ROOT, report_lines, select
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

IKG = "https://w3id.org/inspection-kg/def#"
ORG = "http://www.w3.org/ns/org#"
GRADE_SCHEME = URIRef("https://w3id.org/inspection-kg/def/grade")
TIMESCALE_SCHEME = URIRef("https://w3id.org/inspection-kg/def/timescale")
THEME_SCHEME = URIRef("https://w3id.org/inspection-kg/def/theme")
STATUS_SCHEME = URIRef("https://w3id.org/inspection-kg/def/status")
ROLE_SCHEME = URIRef("https://w3id.org/inspection-kg/def/role")


def ikg(name: str) -> URIRef:
    return URIRef(IKG + name)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    files = sorted((ROOT / "ontology").glob("*.ttl"))
    assert files
    for path in files:
        graph.parse(path, format="turtle")
    return graph


def declared_terms(ontology: Graph) -> set[URIRef]:
    return {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(IKG)}


def test_ontology_header(ontology):
    header = URIRef("https://w3id.org/inspection-kg/def")
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, URIRef("http://purl.org/vocab/vann/preferredNamespaceUri")) == Literal(IKG)


def test_every_local_term_has_a_label_and_a_comment(ontology):
    terms = declared_terms(ontology)
    assert len(terms) > 40
    missing = []
    for term in sorted(terms):
        labels = list(ontology.objects(term, RDFS.label))
        comments = list(ontology.objects(term, RDFS.comment))
        if not any(str(label).strip() for label in labels) or not any(str(c).strip() for c in comments):
            missing.append(term)
        for literal in labels + comments:
            assert isinstance(literal, Literal) and literal.language == "en", (term, literal)
    assert missing == []


def test_no_local_term_is_used_without_a_declaration(ontology):
    used = {t for triple in ontology for t in triple if isinstance(t, URIRef) and str(t).startswith(IKG)}
    assert used - declared_terms(ontology) == set()


def test_every_local_term_in_the_dataset_is_declared(ontology, store):
    rows = select(store, f"""SELECT DISTINCT ?t WHERE {{
        {{ ?t ?p ?o }} UNION {{ ?s ?t ?o }} UNION {{ ?s ?p ?t }}
        FILTER(isIRI(?t) && STRSTARTS(STR(?t), "{IKG}")) }}""")
    assert {URIRef(r["t"]) for r in rows} - declared_terms(ontology) == set()


@pytest.mark.parametrize("forward, backward", [
    ("hasResponsibleBody", "responsibleFor"),
    ("hasAccountableBody", "accountableFor"),
    ("hasPartner", "partnerIn"),
    ("addresses", "answeredBy"),
    ("involves", "involvedIn"),
    ("hasTransitivePart", "transitivePartOf"),
    ("hasSentence", "inParagraph"),
    ("concerns", "concernedIn"),
])
def test_inverse_pairs(ontology, forward, backward):
    a, b = ikg(forward), ikg(backward)
    assert (a, OWL.inverseOf, b) in ontology or (b, OWL.inverseOf, a) in ontology
    for term in (a, b):
        assert (term, RDF.type, OWL.ObjectProperty) in ontology


def test_involvement_sub_properties(ontology):
    for name in ("hasAccountableBody", "hasResponsibleBody", "hasPartner"):
        assert (ikg(name), RDFS.subPropertyOf, ikg("involves")) in ontology, name
    for name in ("accountableFor", "responsibleFor", "partnerIn"):
        assert (ikg(name), RDFS.subPropertyOf, ikg("involvedIn")) in ontology, name
    assert set(ontology.subjects(RDFS.subPropertyOf, ikg("involves"))) == {
        ikg("hasAccountableBody"), ikg("hasResponsibleBody"), ikg("hasPartner")}
    assert set(ontology.subjects(RDFS.subPropertyOf, ikg("involvedIn"))) == {
        ikg("accountableFor"), ikg("responsibleFor"), ikg("partnerIn")}
    assert (ikg("involves"), RDFS.domain, ikg("Action")) in ontology
    assert (ikg("involves"), RDFS.range, ikg("Body")) in ontology


def test_transitive_part_of(ontology):
    for name in ("transitivePartOf", "hasTransitivePart"):
        assert (ikg(name), RDF.type, OWL.TransitiveProperty) in ontology, name
    assert (URIRef(ORG + "subOrganizationOf"), RDFS.subPropertyOf, ikg("transitivePartOf")) in ontology
    assert (URIRef(ORG + "unitOf"), RDFS.subPropertyOf, URIRef(ORG + "subOrganizationOf")) in ontology
    assert (URIRef(ORG + "postIn"), RDFS.subPropertyOf, ikg("transitivePartOf")) in ontology


def test_involved_through_part_is_a_property_chain(ontology):
    chain = ontology.value(ikg("involvedThroughPart"), OWL.propertyChainAxiom)
    assert chain is not None
    assert list(Collection(ontology, chain)) == [ikg("hasTransitivePart"), ikg("involvedIn")]


def test_body_is_an_organisation_or_a_post(ontology):
    union = ontology.value(ikg("Body"), OWL.unionOf)
    assert set(Collection(ontology, union)) == {URIRef(ORG + "Organization"), URIRef(ORG + "Post")}


def test_finding_kinds_are_disjoint(ontology):
    kinds = [ikg("Strength"), ikg("Weakness"), ikg("Development")]
    for kind in kinds:
        assert (kind, RDFS.subClassOf, ikg("Finding")) in ontology
    for i, a in enumerate(kinds):
        for b in kinds[i + 1:]:
            assert (a, OWL.disjointWith, b) in ontology or (b, OWL.disjointWith, a) in ontology, (a, b)


# ---------------------------------------------------------------- the grade scheme against paragraph 1

def paragraph_one_rows() -> list[tuple[str, str]]:
    """The scale as the text file prints it under paragraph 1 (lines 40-43): 'Grade<TAB>definition'."""
    lines = report_lines()
    assert lines[37].startswith("1. All inspection judgements are made using the following four point scale.")
    return [tuple(lines[n - 1].split("\t")) for n in (40, 41, 42, 43)]


def test_grade_definitions_equal_the_report(ontology):
    rows = paragraph_one_rows()
    assert rows == [
        ("Outstanding", "a service that significantly exceeds minimum requirements"),
        ("Good", "a service that exceeds minimum requirements"),
        ("Adequate", "a service that meets minimum requirements"),
        ("Inadequate", "a service that does not meet minimum requirements"),
    ]
    grades = set(ontology.subjects(SKOS.inScheme, GRADE_SCHEME))
    assert len(grades) == 4
    scheme = {}
    for grade in grades:
        label = str(ontology.value(grade, SKOS.prefLabel))
        scheme[label] = (str(ontology.value(grade, SKOS.definition)), int(ontology.value(grade, ikg("rank"))))
    assert scheme == {label: (definition, rank) for rank, (label, definition) in enumerate(rows, 1)}
    assert scheme["Outstanding"][1] == 1 and scheme["Inadequate"][1] == 4


def test_grade_scheme_definition_is_paragraph_one(ontology):
    assert str(ontology.value(GRADE_SCHEME, SKOS.definition)) == \
        "All inspection judgements are made using the following four point scale."
    order = ontology.value(URIRef(str(GRADE_SCHEME) + "/order"), SKOS.memberList)
    labels = [str(ontology.value(g, SKOS.prefLabel)) for g in Collection(ontology, order)]
    assert labels == ["Outstanding", "Good", "Adequate", "Inadequate"]


def test_timescale_months(ontology):
    months = {str(ontology.value(c, SKOS.prefLabel)): int(ontology.value(c, ikg("months")))
              for c in ontology.subjects(SKOS.inScheme, TIMESCALE_SCHEME)}
    assert months["Immediately"] == 0
    assert months["Within three months"] == 3


def test_every_local_concept_is_labelled_and_defined(ontology):
    concepts = set(ontology.subjects(RDF.type, SKOS.Concept))
    assert concepts
    for concept in concepts:
        assert str(concept).startswith("https://w3id.org/inspection-kg/def/"), concept
        assert ontology.value(concept, SKOS.prefLabel) is not None, concept
        assert ontology.value(concept, SKOS.definition) is not None, concept
        assert ontology.value(concept, SKOS.inScheme) in {GRADE_SCHEME, TIMESCALE_SCHEME, THEME_SCHEME, STATUS_SCHEME,
                                                          ROLE_SCHEME}, concept
    for concept in ontology.subjects(SKOS.inScheme, THEME_SCHEME):
        broader = ontology.value(concept, SKOS.broader)
        top = (THEME_SCHEME, SKOS.hasTopConcept, concept) in ontology
        assert top or (THEME_SCHEME, SKOS.hasTopConcept, broader) in ontology, concept


def test_the_progress_statuses_and_roles_are_the_ones_the_issue_names_and_the_code_knows(ontology):
    """Issue 12: not started, in progress, completed, verified, at risk; users are editors, verifiers or admins."""
    from service.answers import STATUSES
    from service.progress import ROLES

    def notations(scheme):
        return {str(ontology.value(c, SKOS.notation)) for c in ontology.objects(scheme, SKOS.hasTopConcept)}

    assert notations(STATUS_SCHEME) == set(STATUSES) == {"not-started", "in-progress", "completed", "verified",
                                                          "at-risk"}
    labels = {str(ontology.value(c, SKOS.prefLabel)) for c in ontology.objects(STATUS_SCHEME, SKOS.hasTopConcept)}
    assert labels == {"Not started", "In progress", "Completed", "Verified", "At risk"}
    assert notations(ROLE_SCHEME) == set(ROLES) == {"editor", "verifier", "admin"}
