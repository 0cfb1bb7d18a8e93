"""The OWL RL rules a report's data can fire, applied from the ontology's closure computed once.

owlrl applies every rule of OWL 2 RL to every triple on every pass, schema
and data alike, until a pass adds nothing: about 1.7 s for one report, most
of it spent re-deriving what the ontology says about itself. Here the
ontology's closure is computed once (by owlrl) and read into lookup tables
(``Schema``): sub-properties, inverses, symmetric and transitive properties,
property chains, domains and ranges, subclasses, unions and intersections.
A report's triples then go through a worklist: each new triple is joined only
with the facts it can combine with under those rules (OWL 2 RL's prp-dom,
prp-rng, prp-spo1, prp-spo2, prp-eqp, prp-inv, prp-symp, prp-trp, cax-sco,
cax-eqc, cls-uni, cls-int1), until nothing new appears.

This is exactly OWL RL while the data adds nothing to the schema. When it
could, the caller must fall back to owlrl (``NeedsFullReasoner``): the data
states schema triples (anything in the RDF, RDFS or OWL vocabularies but
``rdf:type`` to an ordinary class), the ontology uses a construct these rules
leave out (restrictions, keys, cardinalities, ``owl:sameAs``), or a functional
property takes two values (OWL RL would then equate them). A test checks the
conclusions equal owlrl's on the real report and on synthetic ones.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

VOCABULARIES = (str(RDF), str(RDFS), str(OWL))
# Class constructs and axioms whose rules are not applied here: an ontology that uses one is left to owlrl.
UNSUPPORTED = (OWL.someValuesFrom, OWL.allValuesFrom, OWL.hasValue, OWL.hasKey, OWL.maxCardinality,
               OWL.maxQualifiedCardinality, OWL.oneOf, OWL.sameAs, OWL.onProperty)


class NeedsFullReasoner(Exception):
    """The data or the ontology goes beyond the rules applied here; owlrl must do the whole closure."""


def _built_in(term) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(VOCABULARIES)


# Properties of the built-in vocabularies that say nothing about classes or properties (OWL 2's annotations).
ANNOTATIONS = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.deprecated, OWL.versionInfo,
               OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith}


def is_schema_triple(triple) -> bool:
    """True for a triple that could change what the ontology says (a statement in RDF, RDFS or OWL terms)."""
    _, p, o = triple
    if p == RDF.type:
        return _built_in(o)
    return _built_in(p) and p not in ANNOTATIONS


class Schema:
    """An ontology's OWL RL closure, as the tables the data rules look things up in."""

    def __init__(self, closure: Graph):
        self.base = {t for t in closure if not isinstance(t[2], Literal)}
        self.super_properties = self._pairs(closure, RDFS.subPropertyOf, OWL.equivalentProperty)
        self.super_classes = self._pairs(closure, RDFS.subClassOf, OWL.equivalentClass)
        self.inverses: dict = defaultdict(set)
        for p, q in closure.subject_objects(OWL.inverseOf):
            self.inverses[p].add(q)
            self.inverses[q].add(p)
        self.domains = self._table(closure, RDFS.domain)
        self.ranges = self._table(closure, RDFS.range)
        kinds = {kind: set(closure.subjects(RDF.type, kind)) for kind in (
            OWL.SymmetricProperty, OWL.TransitiveProperty, OWL.FunctionalProperty, OWL.InverseFunctionalProperty)}
        self.symmetric, self.transitive = kinds[OWL.SymmetricProperty], kinds[OWL.TransitiveProperty]
        self.functional, self.inverse_functional = kinds[OWL.FunctionalProperty], kinds[OWL.InverseFunctionalProperty]
        self.chains: dict = defaultdict(list)  # a property -> (the chain's property, the chain) for each chain using it
        for result, head in closure.subject_objects(OWL.propertyChainAxiom):
            chain = list(closure.items(head))
            for p in set(chain):
                self.chains[p].append((result, chain))
        self.unions: dict = defaultdict(set)  # a class -> the unions it is a member of
        for union, head in closure.subject_objects(OWL.unionOf):
            for member in closure.items(head):
                self.unions[member].add(union)
        self.intersections: dict = defaultdict(list)  # a class -> (intersection, its classes) for each it is in
        for whole, head in closure.subject_objects(OWL.intersectionOf):
            parts = list(closure.items(head))
            for part in parts:
                self.intersections[part].append((whole, parts))
        self._check(closure)

    @staticmethod
    def _pairs(closure: Graph, sub, equivalent) -> dict:
        table = defaultdict(set)
        for a, b in closure.subject_objects(sub):
            if a != b:
                table[a].add(b)
        for a, b in closure.subject_objects(equivalent):
            if a != b:
                table[a].add(b)
                table[b].add(a)
        return table

    @staticmethod
    def _table(closure: Graph, predicate) -> dict:
        table = defaultdict(set)
        for p, c in closure.subject_objects(predicate):
            table[p].add(c)
        return table

    def _check(self, closure: Graph) -> None:
        """NeedsFullReasoner if the ontology uses what these rules leave out, or lets data derive schema."""
        used = [str(p) for p in UNSUPPORTED if any(s != o for s, o in closure.subject_objects(p))]
        if used:
            raise NeedsFullReasoner(f"the ontology uses {', '.join(used)}")
        properties = {q for table in (self.super_properties, self.inverses) for qs in table.values() for q in qs}
        properties |= self.symmetric | {result for uses in self.chains.values() for result, _ in uses}
        classes = {c for table in (self.super_classes, self.domains, self.ranges, self.unions)
                   for cs in table.values() for c in cs}
        classes |= {whole for uses in self.intersections.values() for whole, _ in uses}
        typing = [table for table in (self.super_properties, self.inverses, self.domains, self.ranges, self.chains)
                  if RDF.type in table] or RDF.type in self.transitive | self.symmetric
        if typing or any(_built_in(p) for p in properties) or any(_built_in(c) and c != OWL.Thing for c in classes):
            raise NeedsFullReasoner("the ontology lets data derive statements in the RDF, RDFS or OWL vocabularies")

    def closure(self, data) -> set:
        """The OWL RL closure of the ontology with ``data`` (triples without literal objects)."""
        return _Worklist(self).run(data)


class _Worklist:
    """Facts indexed by property, and the triples still to be joined with them."""

    def __init__(self, schema: Schema):
        self.schema = schema
        self.facts: set = set()
        self.out: dict = defaultdict(lambda: defaultdict(set))  # p -> s -> {o}
        self.into: dict = defaultdict(lambda: defaultdict(set))  # p -> o -> {s}
        self.todo: list = []
        for triple in schema.base:
            self._index(triple)

    def _index(self, triple) -> None:
        s, p, o = triple
        self.facts.add(triple)
        self.out[p][s].add(o)
        self.into[p][o].add(s)

    def add(self, triple) -> None:
        if triple not in self.facts:
            self._index(triple)
            self.todo.append(triple)

    def run(self, data) -> set:
        for triple in data:
            if is_schema_triple(triple):
                raise NeedsFullReasoner(f"the data states a schema triple: {triple}")
            self.add(triple)
        while self.todo:
            self._fire(self.todo.pop())
        return self.facts

    def _fire(self, triple) -> None:
        s, p, o = triple
        schema, add = self.schema, self.add
        if p == RDF.type:
            for c in schema.super_classes.get(o, ()):
                add((s, RDF.type, c))
            for union in schema.unions.get(o, ()):
                add((s, RDF.type, union))
            for whole, parts in schema.intersections.get(o, ()):
                if all((s, RDF.type, part) in self.facts for part in parts):
                    add((s, RDF.type, whole))
            return
        for q in schema.super_properties.get(p, ()):
            add((s, q, o))
        for q in schema.inverses.get(p, ()):
            add((o, q, s))
        if p in schema.symmetric:
            add((o, p, s))
        if p in schema.transitive:
            for z in list(self.out[p].get(o, ())):
                add((s, p, z))
            for w in list(self.into[p].get(s, ())):
                add((w, p, o))
        for c in schema.domains.get(p, ()):
            add((s, RDF.type, c))
        for c in schema.ranges.get(p, ()):
            if not isinstance(o, Literal):
                add((o, RDF.type, c))
        for result, chain in schema.chains.get(p, ()):
            for i, link in enumerate(chain):
                if link == p:
                    for start in self._walk(s, chain[:i][::-1], self.into):
                        for end in self._walk(o, chain[i + 1:], self.out):
                            add((start, result, end))
        if (p in schema.functional and len(self.out[p][s]) > 1) \
                or (p in schema.inverse_functional and len(self.into[p][o]) > 1):
            raise NeedsFullReasoner(f"<{p}> takes two values on {triple}: OWL RL would equate them")

    @staticmethod
    def _walk(node, links, index) -> set:
        """The nodes reached from ``node`` following ``links`` in order through ``index`` (out or into)."""
        frontier = {node}
        for link in links:
            frontier = {n for f in frontier for n in index[link].get(f, ())}
        return frontier


def reasoner_input(graphs) -> tuple[set, set]:
    """(what the reasoner is given, everything asserted): literal-valued triples are asserted but not given."""
    asserted, given = set(), set()
    for graph in graphs:
        for triple in graph:
            asserted.add(triple)
            if not isinstance(triple[2], Literal):
                given.add(triple)
    return given, asserted
