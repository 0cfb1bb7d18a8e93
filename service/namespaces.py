"""Every IRI the project uses, declared once.

Two kinds of IRI live here:

* the vocabulary (classes, properties, concept schemes, SHACL shapes) under a
  fixed namespace, the same in every deployment so that queries and clients
  can rely on it;
* the data (reports, paragraphs, bodies, actions, graphs) minted under a base
  that a deployment may configure (``INSPECTION_KG_BASE``). Curated Turtle is
  written against ``DEFAULT_BASE`` and rebased when the build runs with another.

The namespaces are plain strings (``NAMESPACES``); the rdflib ``Namespace``
objects (``IKG``, ``SKOS``...) are made from them on first use, so that the web
server and the query executors, which never touch rdflib, start without
importing it.
"""

from __future__ import annotations

import os
import re

VOCAB = "https://w3id.org/inspection-kg/def#"
CONCEPTS = "https://w3id.org/inspection-kg/def/"
DEFAULT_BASE = "https://w3id.org/inspection-kg/id/"

NAMESPACES: dict[str, str] = {
    "ikg": VOCAB,
    "grade": CONCEPTS + "grade/",
    "timescale": CONCEPTS + "timescale/",
    "theme": CONCEPTS + "theme/",
    "status": CONCEPTS + "status/",
    "role": CONCEPTS + "role/",
    "ikgsh": CONCEPTS + "shapes#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "time": "http://www.w3.org/2006/time#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "qudt": "http://qudt.org/schema/qudt/",
    "unit": "http://qudt.org/vocab/unit/",
    "sh": "http://www.w3.org/ns/shacl#",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "foaf": "http://xmlns.com/foaf/0.1/",
}
PREFIXES = NAMESPACES  # the prefixes documents and queries declare
STATUS_SCHEME = CONCEPTS + "status"  # the progress statuses (ontology/schemes.ttl)
ROLE_SCHEME = CONCEPTS + "role"      # the roles of the users who record progress
FORMATS_NS = "http://www.w3.org/ns/formats/"
MEDIA_TYPES_NS = "http://www.iana.org/assignments/media-types/"  # DCAT's dcat:mediaType values
MIT_LICENSE = "https://opensource.org/licenses/MIT"  # the code's, the curation's and the ontology's licence
SPARQL_RESULTS = "http://www.w3.org/2005/sparql-results#"
XSD_STRING = NAMESPACES["xsd"] + "string"
XSD_INTEGER = NAMESPACES["xsd"] + "integer"
XSD_DATE = NAMESPACES["xsd"] + "date"
XSD_DATETIME = NAMESPACES["xsd"] + "dateTime"
XSD_DECIMAL = NAMESPACES["xsd"] + "decimal"
XSD_DOUBLE = NAMESPACES["xsd"] + "double"
XSD_BOOLEAN = NAMESPACES["xsd"] + "boolean"

# rdflib Namespace objects, by the name modules import them as; made on first use.
_RDFLIB_BUILT_IN = {"RDF", "RDFS", "OWL", "XSD", "SKOS", "DCTERMS", "PROV", "TIME", "FOAF"}
_LOCAL = {"IKG": "ikg", "IKGSH": "ikgsh", "GRADE": "grade", "TIMESCALE": "timescale", "THEME": "theme",
          "STATUS": "status", "ROLE": "role", "ORG": "org",
          "SD": "sd", "VOID": "void", "DCAT": "dcat", "SH": "sh", "QUDT": "qudt", "UNIT": "unit"}


def __getattr__(name: str):
    if name in _RDFLIB_BUILT_IN:
        import rdflib.namespace

        value = getattr(rdflib.namespace, name)
    elif name in _LOCAL:
        from rdflib import Namespace

        value = Namespace(NAMESPACES[_LOCAL[name]])
    elif name == "FORMATS":
        from rdflib import Namespace

        value = Namespace(FORMATS_NS)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")


def looks_like_iri(text: str) -> bool:
    """True for an absolute IRI (a scheme, a colon, and no spaces or characters IRIs forbid)."""
    return bool(ABSOLUTE_IRI.match(text))


def configured_base() -> str:
    """The data base IRI: ``INSPECTION_KG_BASE`` or the default, always ending in '/'."""
    base = os.environ.get("INSPECTION_KG_BASE", DEFAULT_BASE)
    return base if base.endswith("/") else base + "/"


def skolem_prefix(base: str | None = None) -> str:
    """Where ``inspection-kg load`` mints the IRIs that stand for blank nodes in a SPARQL server.

    RDF 1.1 Concepts, 3.5: a Skolem IRI under ``/.well-known/genid/`` of an
    authority of one's own (here, the data base), so that a blank node can be
    named in the next query; the service turns them back into blank nodes.
    """
    return (base or configured_base()) + ".well-known/genid/"


def store_record_graph(base: str | None = None) -> str:
    """The named graph in which ``inspection-kg load`` records what it put in a store (graphs and version)."""
    return (base or configured_base()) + "graph/store"


REPORT_YEAR = re.compile(r"-(?:19|20)\d\d$")


def authority_of(report_id: str) -> str:
    """The authority a report's id names: its data folder, ``<authority>-<year>``, less the year."""
    return REPORT_YEAR.sub("", report_id)


class Minter:
    """Mints the data IRIs of one deployment under its base."""

    def __init__(self, base: str | None = None):
        base = base or configured_base()
        self.base = base if base.endswith("/") else base + "/"

    def iri(self, path: str):
        """The IRI of ``path`` under the base (an rdflib URIRef)."""
        from rdflib import URIRef

        return URIRef(self.base + path)

    def report(self, report_id: str):
        return self.iri(report_id)

    def in_report(self, report_id: str, path: str):
        return self.iri(f"{report_id}/{path}")

    def graph(self, report_id: str | None, name: str):
        """A named graph: ``graph/ontology`` or ``graph/<report>/<name>``."""
        return self.iri(f"graph/{report_id}/{name}" if report_id else f"graph/{name}")

    def authority(self, slug: str):
        """A local authority: ``authority/birmingham``."""
        return self.iri(f"authority/{slug}")

    def local_body(self, authority: str, slug: str):
        """A body local to an authority: ``authority/birmingham/body/bscb`` (Birmingham's BSCB, no one else's)."""
        return self.iri(f"authority/{authority}/body/{slug}")

    def national_body(self, slug: str):
        """A body every report shares (Ofsted, the Secretary of State): ``body/ofsted``."""
        return self.iri(f"body/{slug}")

    def agent(self, name: str):
        """A user who records progress, as a PROV agent of this deployment: ``agent/<name>``."""
        return self.iri(f"agent/{name}")

    @staticmethod
    def progress(action: str, record_id: str | None = None):
        """An action's progress history (``…/action/2/progress``), or one record of it (``…/progress/<id>``)."""
        from rdflib import URIRef

        return URIRef(f"{action}/progress" + (f"/{record_id}" if record_id else ""))

    def rebase(self, term):
        """Move a term minted under the default base onto this deployment's base."""
        from rdflib import URIRef

        if self.base != DEFAULT_BASE and isinstance(term, URIRef) and term.startswith(DEFAULT_BASE):
            return URIRef(self.base + term[len(DEFAULT_BASE):])
        return term


def bind_prefixes(target) -> None:
    """Bind the project's prefixes on an rdflib Graph, Dataset or NamespaceManager."""
    from rdflib.namespace import NamespaceManager

    manager = target if isinstance(target, NamespaceManager) else target.namespace_manager
    for prefix, namespace in PREFIXES.items():
        manager.bind(prefix, namespace, override=True, replace=True)


def sparql_prologue() -> str:
    """PREFIX declarations for every namespace above, for queries written by hand."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
