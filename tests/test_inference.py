"""What OWL RL inference adds to the built dataset, and the property chain on a tiny graph."""

from __future__ import annotations

import pytest
from conftest import ROOT, ask, body_iri, graph_iri, in_report, select
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from service.config import Paths
from service.graph.build import load_ontology
from service.graph.reason import infer

IKG = Namespace("https://w3id.org/inspection-kg/def#")
ORG = Namespace("http://www.w3.org/ns/org#")
INFERRED = graph_iri("inferred")
ASSERTED = [graph_iri("ontology", report=False), graph_iri("structure"), graph_iri("curation")]
BSCB = body_iri("bscb")
COUNCIL = body_iri("birmingham-city-council")


def action(n: int) -> str:
    return in_report(f"action/{n}")


def in_graph(store, graph: str, s: str, p: str, o: str) -> bool:
    return ask(store, f"ASK {{ GRAPH <{graph}> {{ <{s}> <{p}> <{o}> }} }}")


def test_graphs_of_the_dataset(store):
    graphs = store.graphs()
    assert sorted(graphs) == sorted(ASSERTED + [INFERRED, graph_iri("validation")])
    inferred = [g for g in graphs if g.endswith("inferred")]
    assert inferred == [INFERRED]


def test_inferred_graph_is_not_empty(store):
    assert ask(store, f"ASK {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} }}")


def test_inferred_graph_is_disjoint_from_the_asserted_graphs(store):
    assert not ask(store, f"""ASK {{
        GRAPH <{INFERRED}> {{ ?s ?p ?o }}
        GRAPH ?g {{ ?s ?p ?o }}
        FILTER(?g != <{INFERRED}>) }}""")


def test_bscb_responsible_for_action_2_is_inferred(store):
    responsible = str(IKG.responsibleFor)
    assert in_graph(store, INFERRED, BSCB, responsible, action(2))
    for graph in ASSERTED:
        assert not in_graph(store, graph, BSCB, responsible, action(2)), graph
    # asserted the other way round, in the curation only
    assert in_graph(store, graph_iri("curation"), action(2), str(IKG.hasResponsibleBody), BSCB)


def test_bscb_involvement(store):
    rows = select(store, f"SELECT ?a WHERE {{ GRAPH <{INFERRED}> {{ <{BSCB}> ikg:involvedIn ?a }} }}")
    assert {r["a"] for r in rows} == {action(n) for n in (2, 10, 11, 13, 14)}
    rows = select(store, f"SELECT ?a WHERE {{ <{BSCB}> ikg:partnerIn ?a }}")
    assert {r["a"] for r in rows} == {action(11)}
    rows = select(store, f"SELECT ?a WHERE {{ <{BSCB}> ikg:responsibleFor ?a }}")
    assert {r["a"] for r in rows} == {action(n) for n in (2, 10, 13, 14)}


def test_council_accountable_for_every_action(store):
    rows = select(store, f"SELECT ?a WHERE {{ GRAPH <{INFERRED}> {{ <{COUNCIL}> ikg:accountableFor ?a }} }}")
    assert {r["a"] for r in rows} == {action(n) for n in range(1, 15)}


def test_involves_is_inferred_from_each_role(store):
    rows = select(store, f"SELECT ?b WHERE {{ GRAPH <{INFERRED}> {{ <{action(11)}> ikg:involves ?b }} }}")
    assert {BSCB, COUNCIL, body_iri("strategic-partnership")} <= {r["b"] for r in rows}


def test_integrated_family_support_teams_are_part_of_the_council(store):
    teams = body_iri("integrated-family-support-teams")
    assert in_graph(store, INFERRED, teams, str(IKG.transitivePartOf), COUNCIL)
    assert in_graph(store, INFERRED, COUNCIL, str(IKG.hasTransitivePart), teams)
    # only through the division in the curation: no direct link is asserted
    assert not ask(store, f"ASK {{ GRAPH <{graph_iri('curation')}> {{ <{teams}> ?p <{COUNCIL}> }} }}")


def test_posts_are_part_of_their_organisation(store):
    reviewing_officers = body_iri("independent-reviewing-officers")
    assert in_graph(store, INFERRED, reviewing_officers, str(IKG.transitivePartOf), COUNCIL)


def test_bodies_are_typed_body(store):
    for slug in ("bscb", "birmingham-city-council", "director-of-childrens-services", "police"):
        assert ask(store, f"ASK {{ <{body_iri(slug)}> a ikg:Body }}"), slug


def test_no_empty_conclusions(store):
    for term in (OWL.Thing, RDFS.Resource, OWL.Class, RDF.Property):
        assert not ask(store, f"""ASK {{ GRAPH <{INFERRED}> {{
            {{ ?s ?p <{term}> }} UNION {{ <{term}> ?p ?o }} UNION {{ ?s <{term}> ?o }} }} }}"""), term
    assert not ask(store, "ASK { GRAPH ?g { ?x owl:sameAs ?x } }")
    assert not ask(store, f"ASK {{ GRAPH <{INFERRED}> {{ ?x ?p ?x }} }}")


def test_nothing_said_about_the_built_in_vocabularies(store):
    assert not ask(store, f"""ASK {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }}
        FILTER(STRSTARTS(STR(?s), "http://www.w3.org/1999/02/22-rdf-syntax-ns#")
            || STRSTARTS(STR(?s), "http://www.w3.org/2000/01/rdf-schema#")
            || STRSTARTS(STR(?s), "http://www.w3.org/2002/07/owl#")
            || STRSTARTS(STR(?s), "http://www.w3.org/2001/XMLSchema#")) }}""")
    assert not ask(store, f"ASK {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} FILTER(isBlank(?s) || isBlank(?o)) }}")


def test_functional_properties_have_one_value(store):
    """No subject has two values of a functional property: inference would equate them."""
    rows = select(store, """SELECT ?p WHERE { GRAPH ?g { ?p a owl:FunctionalProperty } }""")
    functional = {r["p"] for r in rows}
    assert str(IKG.paragraph) in functional and str(IKG.inParagraph) in functional
    for prop in functional:
        clashes = select(store, f"""SELECT ?s ?a ?b WHERE {{ ?s <{prop}> ?a , ?b FILTER(STR(?a) < STR(?b)) }} LIMIT 5""")
        assert clashes == [], prop


def test_paragraphs_and_sentences_stay_apart(store):
    assert not ask(store, "ASK { ?x a ikg:Paragraph , ikg:Sentence }")
    assert not ask(store, "ASK { ?x a ikg:Action ; a ikg:Finding }")


# ---------------------------------------------------------------- the property chain on a tiny graph

@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology(Paths(ROOT))


def test_a_units_responsibility_involves_its_parent_through_the_part(ontology):
    ex = Namespace("https://example.org/tiny/")
    g = Graph()
    g.add((ex.council, RDF.type, ORG.FormalOrganization))
    g.add((ex.division, RDF.type, ORG.OrganizationalUnit))
    g.add((ex.team, RDF.type, ORG.OrganizationalUnit))
    g.add((ex.division, ORG.unitOf, ex.council))
    g.add((ex.team, ORG.unitOf, ex.division))
    g.add((ex.action, RDF.type, IKG.Action))
    g.add((ex.action, IKG.hasResponsibleBody, ex.team))
    inferred = infer(ontology, g)

    assert (ex.team, IKG.responsibleFor, ex.action) in inferred
    assert (ex.team, IKG.involvedIn, ex.action) in inferred
    assert (ex.team, IKG.transitivePartOf, ex.council) in inferred
    assert (ex.division, IKG.involvedThroughPart, ex.action) in inferred
    assert (ex.council, IKG.involvedThroughPart, ex.action) in inferred
    # the team is not a part of itself, and nothing asserted comes back
    assert (ex.team, IKG.involvedThroughPart, ex.action) not in inferred
    assert not set(g) & set(inferred)
    assert not [t for t in inferred if t[1] == OWL.sameAs]


def test_a_post_counts_for_its_organisation(ontology):
    ex = Namespace("https://example.org/tiny/")
    g = Graph()
    g.add((ex.council, RDF.type, ORG.FormalOrganization))
    g.add((ex.director, RDF.type, ORG.Post))
    g.add((ex.director, ORG.postIn, ex.council))
    g.add((ex.action, IKG.hasPartner, ex.director))
    inferred = infer(ontology, g)
    assert (ex.director, IKG.partnerIn, ex.action) in inferred
    assert (ex.council, IKG.involvedThroughPart, ex.action) in inferred
    assert (ex.director, RDF.type, IKG.Body) in inferred


def test_no_involvement_without_a_part(ontology):
    ex = Namespace("https://example.org/tiny/")
    g = Graph()
    g.add((ex.board, RDF.type, ORG.FormalOrganization))
    g.add((ex.council, RDF.type, ORG.FormalOrganization))
    g.add((ex.action, IKG.hasResponsibleBody, ex.board))
    inferred = infer(ontology, g)
    assert not list(inferred.triples((None, IKG.involvedThroughPart, None)))


def test_inferred_triples_are_meaningful_on_the_tiny_graph(ontology):
    ex = Namespace("https://example.org/tiny/")
    g = Graph()
    g.add((ex.team, RDF.type, ORG.OrganizationalUnit))
    g.add((ex.team, ORG.unitOf, ex.council))
    inferred = infer(ontology, g)
    for s, _, o in inferred:
        assert isinstance(s, URIRef) and s != o
        assert o not in (OWL.Thing, RDFS.Resource)


def test_skipping_trivial_rules_changes_no_conclusion(paths):
    """owlrl, as the reference runs it, skips eq-ref and owl:Thing typing; plain owlrl must keep the same triples."""
    import owlrl

    from service.graph.build import Stopwatch, load_ontology, report_graphs
    from service.graph.reason import owlrl_infer
    from service.namespaces import Minter

    ontology = load_ontology(paths)
    report_id, text, turtle = paths.reports()[0]
    graphs = report_graphs(report_id, text, turtle, ontology, Minter(), Stopwatch())
    ours = set(owlrl_infer(ontology, graphs["structure"], graphs["curation"]))
    plain = set(owlrl_infer(ontology, graphs["structure"], graphs["curation"], semantics=owlrl.OWLRL_Semantics))
    assert ours == plain
    assert len(ours) > 1000


def test_the_reasoner_concludes_what_owlrl_concludes_on_the_real_report(paths):
    """The build's reasoner (the ontology's closure once, then the rules the data can fire) against owlrl over
    everything: the same kept conclusions, without falling back to owlrl."""
    from service.graph.build import Stopwatch, load_ontology, report_graphs
    from service.graph.reason import Reasoner, owlrl_infer
    from service.namespaces import Minter

    ontology = load_ontology(paths)
    reasoner = Reasoner(ontology)
    report_id, text, turtle = paths.reports()[0]
    graphs = report_graphs(report_id, text, turtle, ontology, Minter(), Stopwatch(), reasoner)
    fast = set(reasoner.fast(graphs["structure"], graphs["curation"]))  # raises if it would need owlrl
    assert fast == set(owlrl_infer(ontology, graphs["structure"], graphs["curation"]))
    assert (URIRef(BSCB), IKG.responsibleFor, URIRef(action(2))) in fast
