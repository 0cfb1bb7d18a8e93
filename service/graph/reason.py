"""OWL RL inference, keeping only the conclusions that mean something here.

The build reasons with ``Reasoner``: owlrl computes the ontology's closure
once, and each report's data then goes through only the rules it can fire
(``rules``), which gives owlrl's conclusions in a few hundredths of a second
instead of 1.7 s. ``owlrl_infer`` is owlrl over everything, the reference a
test holds the reasoner to and the fallback when the data goes beyond those
rules. What follows is how that reference is itself kept near a second.

owlrl applies every rule to every triple on every pass until nothing new
appears, so its cost grows with the square of the input. Two choices keep one
report's closure near a second:

* Literal-valued triples are not given to the reasoner. The ontology declares
  no axiom that concludes anything about a resource from a literal (no
  datatype-property domains, keys or cardinalities), so the only conclusions
  lost are the copies of literals under super-properties (``ikg:text`` as
  ``prov:value``) and the literal-subject triples owlrl emits for datatypes.
* Axiomatic triples about RDF, RDFS and OWL themselves are not generated.
* Two rules that hold of every resource are not stored: eq-ref (``x owl:sameAs
  x``) and the typing of every individual as ``owl:Thing``. They carry no
  information, and the reflexive sameAs triples alone made owlrl replay its
  equality rules over every term on every pass (a third of its time). No other
  rule can draw anything new from them; a test checks that the kept
  conclusions equal those of plain owlrl.

What the reasoner concludes is then filtered (``meaningful``): no literal or
blank-node subject, nothing reflexive (``x owl:sameAs x``), no triple about the
built-in vocabularies, and no type that says nothing (``owl:Thing``,
``rdfs:Resource``, ``owl:Class`` and the other meta-classes).
"""

from __future__ import annotations

import owlrl
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from .rules import NeedsFullReasoner, Schema, reasoner_input

BUILT_IN = tuple(str(ns) for ns in (RDF, RDFS, OWL, XSD))


def is_built_in(term) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(BUILT_IN)


def meaningful(triple) -> bool:
    """True for an inferred triple worth keeping (see the module docstring)."""
    s, p, o = triple
    if not isinstance(s, URIRef) or isinstance(o, BNode) or s == o:
        return False
    if is_built_in(s):
        return False
    if p == RDF.type:
        return not is_built_in(o)
    return not (is_built_in(o) and isinstance(o, URIRef))


class _Semantics(owlrl.OWLRL_Semantics):
    """OWL RL as owlrl implements it, minus the two trivial conclusions above."""

    def store_triple(self, t):
        s, p, o = t
        if (p == OWL.sameAs and s == o) or (p == RDF.type and o == OWL.Thing):
            return
        super().store_triple(t)


def owlrl_infer(*graphs: Graph, semantics=_Semantics) -> Graph:
    """The meaningful OWL RL consequences of the graphs by owlrl, without what they already assert."""
    given, asserted = reasoner_input(graphs)
    return _kept(_owlrl_closure(given, semantics), asserted)


def _owlrl_closure(triples, semantics=_Semantics) -> Graph:
    closure = Graph()
    for triple in triples:
        closure.add(triple)
    owlrl.DeductiveClosure(semantics, axiomatic_triples=False, datatype_axioms=False).expand(closure)
    return closure


def _kept(closure, asserted: set) -> Graph:
    inferred = Graph()
    for triple in closure:
        if triple not in asserted and meaningful(triple):
            inferred.add(triple)
    return inferred


class Reasoner:
    """OWL RL over one ontology: its closure once, then each report's data through the rules it can fire."""

    def __init__(self, ontology: Graph):
        self.ontology = ontology
        given, self._asserted = reasoner_input([ontology])
        try:
            self.schema: Schema | None = Schema(_owlrl_closure(given))
        except NeedsFullReasoner:  # an ontology beyond the rules: every report goes to owlrl
            self.schema = None

    def fast(self, *data: Graph) -> Graph:
        """The conclusions by the rules alone; NeedsFullReasoner when the data goes beyond them."""
        if self.schema is None:
            raise NeedsFullReasoner("the ontology goes beyond the rules applied without owlrl")
        given, asserted = reasoner_input(data)
        return _kept(self.schema.closure(given), asserted | self._asserted)

    def infer(self, *data: Graph) -> Graph:
        """The meaningful OWL RL consequences of the ontology and ``data``, without what they assert."""
        try:
            return self.fast(*data)
        except NeedsFullReasoner:
            return owlrl_infer(self.ontology, *data)


def infer(ontology: Graph, *data: Graph) -> Graph:
    """The meaningful OWL RL consequences of ``ontology`` with ``data`` (see ``Reasoner``)."""
    return Reasoner(ontology).infer(*data)
