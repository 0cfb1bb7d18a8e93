"""OWL RL inference with owlrl, keeping only the conclusions that mean something here.

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
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

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


def infer(*graphs: Graph, semantics=_Semantics) -> Graph:
    """The meaningful OWL RL consequences of the graphs, without what they already assert."""
    closure = Graph()
    asserted = set()
    for graph in graphs:
        for triple in graph:
            asserted.add(triple)
            if not isinstance(triple[2], Literal):
                closure.add(triple)
    owlrl.DeductiveClosure(semantics, axiomatic_triples=False, datatype_axioms=False).expand(closure)
    inferred = Graph()
    for triple in closure:
        if triple not in asserted and meaningful(triple):
            inferred.add(triple)
    return inferred
