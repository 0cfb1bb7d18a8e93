"""The curated Turtle (data/birmingham-2012/*.ttl) in the built graph: bodies, owners, findings.

The findings tests need data/birmingham-2012/findings.ttl; until that curation
lands they fail, by design.
"""

from __future__ import annotations

import pytest
from conftest import ask, body_iri, graph_iri, in_report, select

ORG = "http://www.w3.org/ns/org#"
ORG_TYPES = {ORG + t for t in ("Organization", "FormalOrganization", "OrganizationalUnit", "Post",
                               "OrganizationalCollaboration")}
THEME_SCHEME = "https://w3id.org/inspection-kg/def/theme"
CURATION = graph_iri("curation")


# ---------------------------------------------------------------- bodies

@pytest.fixture(scope="module")
def bodies(store) -> dict[str, dict]:
    """Every body of the curation graph (local to Birmingham, or national), with its labels and ORG types;
    not the IRIs bodies had before they were scoped by authority (dcterms:isReplacedBy)."""
    local, national = body_iri(""), body_iri("ofsted").removesuffix("ofsted")
    rows = select(store, f"""SELECT ?b ?label ?type WHERE {{ GRAPH <{CURATION}> {{
        ?b ?p ?o FILTER((STRSTARTS(STR(?b), "{local}") || STRSTARTS(STR(?b), "{national}"))
                        && NOT EXISTS {{ ?b dcterms:isReplacedBy ?new }})
        OPTIONAL {{ ?b skos:prefLabel ?label }}
        OPTIONAL {{ ?b a ?type FILTER(STRSTARTS(STR(?type), "{ORG}")) }} }} }}""")
    found: dict[str, dict] = {}
    for row in rows:
        entry = found.setdefault(row["b"], {"labels": set(), "types": set()})
        if row["label"]:
            entry["labels"].add(row["label"])
        if row["type"]:
            entry["types"].add(row["type"])
    return found


def test_at_least_twenty_bodies_with_label_and_org_type(bodies):
    assert len(bodies) >= 20
    for iri, body in bodies.items():
        assert len(body["labels"]) == 1, iri
        assert body["types"] & ORG_TYPES, iri


REQUIRED = [
    "Birmingham Safeguarding Children Board",
    "Director of Children's Services",
    "Police",
    "Integrated family support teams",
    "Integrated access teams",
    "First response teams",
    "Safeguarding and support teams",
    "Multi-agency safeguarding hub",
    "Children's Trust",
    "Improvement Board",
    "Strategic Partnership",
    "UK Border Agency",
    "University of Birmingham",
    "Cabinet Member for Children's Services",
    "Leader of the Council",
    "Chief Executive",
    "Health agencies",
    "Schools",
    "Children's centres",
    "Independent reviewing officers",
    "Disabled children's service",
]


@pytest.mark.parametrize("label", REQUIRED)
def test_body_named_in_the_report_is_curated(bodies, label):
    matches = [iri for iri, body in bodies.items() if label.lower() in {name.lower() for name in body["labels"]}]
    assert len(matches) == 1, label


def test_bscb_abbreviation_and_dcs_post(store, bodies):
    assert ask(store, f"""ASK {{ <{body_iri('bscb')}> ikg:abbreviation ?a FILTER(STR(?a) = "BSCB") }}""")
    dcs = [iri for iri, b in bodies.items() if "Director of Children's Services" in b["labels"]]
    assert len(dcs) == 1
    assert bodies[dcs[0]]["types"] == {ORG + "Post"}
    assert ask(store, f"ASK {{ <{dcs[0]}> org:postIn ?organisation }}")


def test_every_referenced_body_is_curated(store, bodies):
    base = body_iri("")
    rows = select(store, f"""SELECT DISTINCT ?b WHERE {{ GRAPH <{CURATION}> {{ ?s ?p ?b }}
        FILTER(isIRI(?b) && STRSTARTS(STR(?b), "{base}")) }}""")
    assert rows
    assert {r["b"] for r in rows} - set(bodies) == set()


def test_body_provenance_points_at_existing_sentences(store):
    base = body_iri("")
    rows = select(store, f"""SELECT ?b ?source WHERE {{ GRAPH <{CURATION}> {{ ?b prov:wasDerivedFrom ?source }}
        FILTER(STRSTARTS(STR(?b), "{base}")) }}""")
    assert rows
    for row in rows:
        assert ask(store, f"""ASK {{ GRAPH <{graph_iri('structure')}> {{
            {{ <{row['source']}> a ikg:Sentence }} UNION {{ <{row['source']}> a ikg:Action }} }} }}"""), row


def test_organisation_hierarchy(store):
    council = body_iri("birmingham-city-council")
    for slug in ("integrated-family-support-teams", "integrated-access-teams", "first-response-teams",
                 "safeguarding-and-support-teams", "director-of-childrens-services",
                 "cabinet-member-for-childrens-services", "leader-of-the-council", "chief-executive"):
        assert ask(store, f"ASK {{ <{body_iri(slug)}> ikg:transitivePartOf <{council}> }}"), slug
    for slug in ("bscb", "police", "uk-border-agency", "university-of-birmingham", "health-agencies", "schools"):
        assert not ask(store, f"ASK {{ <{body_iri(slug)}> ikg:transitivePartOf <{council}> }}"), slug


# ---------------------------------------------------------------- findings

@pytest.fixture(scope="module")
def findings(store) -> dict[str, dict]:
    rows = select(store, """SELECT ?f ?kind ?text ?n ?evidence ?evidenceText ?evidenceParagraph WHERE {
        { ?f a ikg:Finding } UNION { ?f ikg:evidence ?any } UNION { ?x ikg:addresses ?f }
        OPTIONAL { VALUES ?kind { ikg:Strength ikg:Weakness ikg:Development } ?f a ?kind }
        OPTIONAL { ?f ikg:text ?text }
        OPTIONAL { ?f ikg:paragraph/ikg:number ?n }
        OPTIONAL { ?f ikg:evidence ?evidence .
                   OPTIONAL { ?evidence ikg:text ?evidenceText }
                   OPTIONAL { ?evidence ikg:inParagraph/ikg:number ?evidenceParagraph } } }""")
    found: dict[str, dict] = {}
    for row in rows:
        entry = found.setdefault(row["f"], {"kinds": set(), "texts": set(), "paragraphs": set(), "evidence": {}})
        if row["kind"]:
            entry["kinds"].add(row["kind"])
        if row["text"] is not None:
            entry["texts"].add(row["text"])
        if row["n"] is not None:
            entry["paragraphs"].add(row["n"])
        if row["evidence"]:
            entry["evidence"][row["evidence"]] = (row["evidenceText"], row["evidenceParagraph"])
    return found


def test_there_are_findings(findings):
    assert findings, "no findings: the curation of data/birmingham-2012/findings.ttl has not landed"


def test_every_paragraph_13_to_37_has_a_finding(findings):
    covered = {n for f in findings.values() for n in f["paragraphs"]}
    assert set(range(13, 38)) - covered == set()


def test_every_finding_quotes_its_evidence_sentence(findings):
    assert findings
    problems = []
    for iri, f in findings.items():
        if len(f["texts"]) != 1 or len(f["evidence"]) != 1 or len(f["paragraphs"]) != 1:
            problems.append((iri, "needs one text, one evidence sentence and one paragraph"))
            continue
        (text,), ((sentence, paragraph),), (number,) = f["texts"], f["evidence"].values(), f["paragraphs"]
        if not text or sentence is None or text not in sentence:
            problems.append((iri, "text is not an exact part of its evidence sentence"))
        if paragraph != number:
            problems.append((iri, f"evidence is in paragraph {paragraph}, the finding says {number}"))
    assert problems == []


def test_every_finding_has_exactly_one_kind(findings):
    assert findings
    assert {iri: f["kinds"] for iri, f in findings.items() if len(f["kinds"]) != 1} == {}


def test_every_finding_has_a_theme_from_the_scheme(store, findings):
    assert findings
    rows = select(store, """SELECT ?f ?theme ?scheme WHERE { ?f ikg:evidence ?s .
        OPTIONAL { ?f ikg:theme ?theme OPTIONAL { ?theme skos:inScheme ?scheme } } }""")
    themes: dict[str, set] = {}
    for row in rows:
        themes.setdefault(row["f"], set())
        if row["theme"]:
            assert row["scheme"] == THEME_SCHEME, row
            themes[row["f"]].add(row["theme"])
    assert [iri for iri in findings if not themes.get(iri)] == []


def test_every_finding_concerns_a_curated_body(store, findings, bodies):
    assert findings
    rows = select(store, "SELECT ?f ?b WHERE { ?f ikg:evidence ?s . OPTIONAL { ?f ikg:concerns ?b } }")
    concerned: dict[str, set] = {}
    for row in rows:
        concerned.setdefault(row["f"], set())
        if row["b"]:
            assert row["b"] in bodies, row
            concerned[row["f"]].add(row["b"])
    assert [iri for iri in findings if not concerned.get(iri)] == []


def test_every_addressed_finding_exists(store, findings):
    rows = select(store, "SELECT ?a ?f WHERE { ?a a ikg:Action ; ikg:addresses ?f }")
    for row in rows:
        assert findings.get(row["f"], {}).get("kinds"), row


# ---------------------------------------------------------------- bodies belong to an authority

def test_the_report_names_its_authority(store):
    """The report's cover names the local authority, "Birmingham City Council"; its id says which one."""
    authority = body_iri("").removesuffix("/body/")
    assert authority.endswith("/authority/birmingham")
    rows = select(store, f"""SELECT ?authority ?label WHERE {{
        <{in_report()}> ikg:authority ?authority . ?authority a ikg:LocalAuthority ; skos:prefLabel ?label }}""")
    assert rows == [{"authority": authority, "label": "Birmingham City Council"}]


def test_local_bodies_are_birminghams_and_national_ones_are_typed(bodies):
    local, national = body_iri(""), body_iri("ofsted").removesuffix("ofsted")
    assert sum(1 for b in bodies if b.startswith(local)) == 35
    assert {b for b in bodies if not b.startswith(local)} == {national + s for s in
                                                             ("ofsted", "secretary-of-state", "uk-border-agency")}


@pytest.fixture
def project(tmp_path):
    from conftest import copy_project

    return copy_project(tmp_path / "project")


def build_fails_with(project, tmp_path, *words) -> str:
    from conftest import run_cli

    result = run_cli("build", "--force", env={"INSPECTION_KG_ROOT": str(project),
                                              "INSPECTION_KG_BUILD": str(tmp_path / "build")})
    err = result.stderr.decode()
    assert result.returncode == 2, err
    for word in words:
        assert word in err, err
    return err


def test_a_body_of_another_authority_fails_the_build(project, tmp_path):
    actions = project / "data" / "birmingham-2012" / "actions.ttl"
    text = actions.read_text()
    actions.write_text(text.replace("ikg:hasPartner body:advocacy-services",
                                    "ikg:hasPartner <https://w3id.org/inspection-kg/id/authority/somerset/body/lscb>"))
    build_fails_with(project, tmp_path, "actions.ttl", "authority/somerset/body/lscb", "another authority")


def test_a_national_iri_for_a_body_not_typed_national_fails_the_build(project, tmp_path):
    bodies = project / "data" / "birmingham-2012" / "bodies.ttl"
    bodies.write_text(bodies.read_text().replace("national:ofsted a org:FormalOrganization , ikg:NationalBody ;",
                                                 "national:ofsted a org:FormalOrganization ;"))
    build_fails_with(project, tmp_path, "bodies.ttl", "id/body/ofsted", "ikg:NationalBody")


def test_a_replaced_iri_used_again_fails_the_build(project, tmp_path):
    findings = project / "data" / "birmingham-2012" / "findings.ttl"
    findings.write_text(findings.read_text().replace("ikg:concerns national:uk-border-agency",
                                                     "ikg:concerns national:bscb , national:uk-border-agency"))
    build_fails_with(project, tmp_path, "id/body/bscb", "replaced")
