"""Every IRI the project uses, declared once.

Two kinds of IRI live here:

* the vocabulary (classes, properties, concept schemes) under a fixed namespace,
  the same in every deployment so that queries and clients can rely on it;
* the data (reports, paragraphs, bodies, actions, graphs) minted under a base
  that a deployment may configure (``INSPECTION_KG_BASE``). Curated Turtle is
  written against ``DEFAULT_BASE`` and rebased when the build runs with another.
"""

from __future__ import annotations

import os

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD, NamespaceManager

VOCAB = "https://w3id.org/inspection-kg/def#"
CONCEPTS = "https://w3id.org/inspection-kg/def/"
DEFAULT_BASE = "https://w3id.org/inspection-kg/id/"

IKG = Namespace(VOCAB)
GRADE = Namespace(CONCEPTS + "grade/")
TIMESCALE = Namespace(CONCEPTS + "timescale/")
THEME = Namespace(CONCEPTS + "theme/")
KIND = Namespace(CONCEPTS + "kind/")

ORG = Namespace("http://www.w3.org/ns/org#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SH = Namespace("http://www.w3.org/ns/shacl#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
SPARQL_RESULTS = "http://www.w3.org/2005/sparql-results#"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"

PREFIXES: dict[str, str] = {
    "ikg": VOCAB,
    "grade": str(GRADE),
    "timescale": str(TIMESCALE),
    "theme": str(THEME),
    "kind": str(KIND),
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "time": str(TIME),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "qudt": str(QUDT),
    "unit": str(UNIT),
    "sh": str(SH),
    "void": str(VOID),
    "dcat": str(DCAT),
    "sd": str(SD),
    "foaf": str(FOAF),
}


def configured_base() -> str:
    """The data base IRI: ``INSPECTION_KG_BASE`` or the default, always ending in '/'."""
    base = os.environ.get("INSPECTION_KG_BASE", DEFAULT_BASE)
    return base if base.endswith("/") else base + "/"


class Minter:
    """Mints the data IRIs of one deployment under its base."""

    def __init__(self, base: str | None = None):
        base = base or configured_base()
        self.base = base if base.endswith("/") else base + "/"

    def iri(self, path: str) -> URIRef:
        """The IRI of ``path`` under the base."""
        return URIRef(self.base + path)

    def report(self, report_id: str) -> URIRef:
        return self.iri(report_id)

    def in_report(self, report_id: str, path: str) -> URIRef:
        return self.iri(f"{report_id}/{path}")

    def graph(self, report_id: str | None, name: str) -> URIRef:
        """A named graph: ``graph/ontology`` or ``graph/<report>/<name>``."""
        return self.iri(f"graph/{report_id}/{name}" if report_id else f"graph/{name}")

    def body(self, slug: str) -> URIRef:
        return self.iri(f"body/{slug}")

    def rebase(self, term):
        """Move a term minted under the default base onto this deployment's base."""
        if self.base != DEFAULT_BASE and isinstance(term, URIRef) and term.startswith(DEFAULT_BASE):
            return URIRef(self.base + term[len(DEFAULT_BASE):])
        return term


def bind_prefixes(target) -> None:
    """Bind the project's prefixes on an rdflib Graph, Dataset or NamespaceManager."""
    manager = target if isinstance(target, NamespaceManager) else target.namespace_manager
    for prefix, namespace in PREFIXES.items():
        manager.bind(prefix, namespace, override=True, replace=True)


def sparql_prologue() -> str:
    """PREFIX declarations for every namespace above, for queries written by hand."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
