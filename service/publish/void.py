"""The dataset's VoID and DCAT description: what it holds, where to get it, and whose text it is.

Two halves: ``dataset_facts`` reads what the description states from the store
once (triples per graph, vocabularies used, the reports the text comes from and
their copyright notices); ``void_description`` turns the facts and the URLs of
the requesting host into quads, cheaply, per request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

import pyoxigraph as ox

from ..namespaces import FORMATS_NS, MEDIA_TYPES_NS, MIT_LICENSE, NAMESPACES, VOCAB, XSD_INTEGER
from ..store import RDF_FORMATS

VOID_PATH = "/.well-known/void"  # where VoID says a site's description lives (VoID guide, section 7)
TITLE = "inspection-kg: inspection reports as accountable linked data"
DESCRIPTION = ("Inspection reports as a knowledge graph: who must do what, by when, in answer to which "
               "criticism, each fact traced to the paragraph and sentence of the report that states it. "
               "The triple formats (Turtle, N-Triples, RDF/XML) merge the named graphs into one, their union; "
               "the quad formats (N-Quads, TriG, JSON-LD) keep them.")
KEYWORDS = ("inspection report", "child protection", "accountability", "governance", "Ofsted")
RIGHTS_SCOPE = ("The report's text, which the dataset reproduces without adaptation (paragraphs, sentences, "
                "areas for improvement, quotations), is the publisher's under this notice; the code, the "
                "curated annotations and the ontology are under the MIT licence.")
# Resources a newcomer might start from, under the data base; those absent from the store are left out.
EXAMPLE_PATHS = ("authority/birmingham/body/bscb", "birmingham-2012/action/2")

RDF, RDFS, XSD = NAMESPACES["rdf"], NAMESPACES["rdfs"], NAMESPACES["xsd"]
VOID, DCAT, DCT, SD, FOAF = (NAMESPACES[p] for p in ("void", "dcat", "dcterms", "sd", "foaf"))
_KNOWN_NAMESPACES = frozenset(NAMESPACES.values())


@dataclass(frozen=True)
class Source:
    """A report the dataset's text comes from, with its publisher's terms as the report prints them."""

    iri: str
    title: ox.Literal | None
    local_authority: ox.Literal | None
    publisher: ox.Literal | None
    rights: ox.Literal | None  # "© Crown copyright 2012"
    notice: ox.Literal | None  # the reproduction notice, exactly

    @property
    def year(self) -> str | None:
        """The year of publication, from the copyright line."""
        match = re.search(r"\b(\d{4})\b", self.rights.value) if self.rights is not None else None
        return match.group(1) if match else None


@dataclass(frozen=True)
class DatasetFacts:
    """What the description states about the data, read from the store."""

    triples: int                         # in all graphs together (the sum of the graphs')
    graphs: tuple[tuple[str, int], ...]  # (named graph, its triples)
    vocabularies: tuple[str, ...]        # namespace IRIs
    sources: tuple[Source, ...]
    examples: tuple[str, ...]


@dataclass(frozen=True)
class Places:
    """Absolute URLs, at the host the description was asked for, of what it describes."""

    description: str
    home: str
    sparql: str
    graph_store: str         # /store; a graph is at ?graph=IRI
    dumps: dict[str, str]    # format name -> URL


def namespace_of(iri: str) -> str:
    """An IRI up to and including its last '#' or '/'."""
    return iri[:max(iri.rfind("#"), iri.rfind("/")) + 1]


def dataset_facts(store, base: str) -> DatasetFacts:
    """Count the triples of each graph, find the vocabularies used, and read the reports' terms."""
    graphs = tuple((g, sum(1 for _ in store.quads(g))) for g in store.graphs())
    return DatasetFacts(
        triples=len(store),
        graphs=graphs,
        vocabularies=vocabularies_used(store.quads(), base),
        sources=tuple(_source(store, iri) for iri in _reports(store)),
        examples=tuple(base + path for path in EXAMPLE_PATHS if store.about(base + path)),
    )


def vocabularies_used(quads, base: str) -> tuple[str, ...]:
    """Namespaces of every predicate and class, and the known vocabularies of any other IRI (units, concepts)."""
    found, type_ = set(), RDF + "type"
    for quad in quads:
        found.add(namespace_of(quad.predicate.value))
        if isinstance(quad.object, ox.NamedNode):
            namespace = namespace_of(quad.object.value)
            if quad.predicate.value == type_ or namespace in _KNOWN_NAMESPACES:
                found.add(namespace)
    return tuple(sorted(n for n in found if n and not n.startswith(base)))


def _reports(store) -> list[str]:
    query = f"SELECT DISTINCT ?report WHERE {{ ?report a <{VOCAB}InspectionReport> }} ORDER BY ?report"
    return [row["report"].value for row in store.query(query) if isinstance(row["report"], ox.NamedNode)]


def _source(store, iri: str) -> Source:
    values: dict[str, ox.Literal] = {}
    for quad in sorted(store.about(iri), key=str):
        if isinstance(quad.object, ox.Literal):
            values.setdefault(quad.predicate.value, quad.object)
    return Source(iri, values.get(DCT + "title"), values.get(VOCAB + "localAuthority"), values.get(DCT + "publisher"),
                  values.get(DCT + "rights"), values.get(VOCAB + "reproductionNotice"))


def _iri(namespace: str, local: str = "") -> ox.NamedNode:
    return ox.NamedNode(namespace + local)


def _integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(XSD_INTEGER))


def _en(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


def void_description(facts: DatasetFacts, places: Places, base: str) -> list[ox.Quad]:
    """The VoID and DCAT description of the dataset, as quads in the default graph."""
    document, dataset = ox.NamedNode(places.description), ox.NamedNode(places.description + "#dataset")
    a = _iri(RDF, "type")
    quads = [
        ox.Quad(document, a, _iri(VOID, "DatasetDescription")),
        ox.Quad(document, _iri(DCT, "title"), _en("A VoID and DCAT description of the inspection-kg dataset")),
        ox.Quad(document, _iri(FOAF, "primaryTopic"), dataset),
        ox.Quad(dataset, a, _iri(VOID, "Dataset")),
        ox.Quad(dataset, a, _iri(DCAT, "Dataset")),
        ox.Quad(dataset, _iri(DCT, "title"), _en(TITLE)),
        ox.Quad(dataset, _iri(DCT, "description"), _en(DESCRIPTION)),
        ox.Quad(dataset, _iri(DCT, "license"), ox.NamedNode(MIT_LICENSE)),
        ox.Quad(dataset, _iri(FOAF, "homepage"), ox.NamedNode(places.home)),
        ox.Quad(dataset, _iri(DCAT, "landingPage"), ox.NamedNode(places.home)),
        ox.Quad(dataset, _iri(VOID, "sparqlEndpoint"), ox.NamedNode(places.sparql)),
        ox.Quad(dataset, _iri(VOID, "uriSpace"), ox.Literal(base)),
        ox.Quad(dataset, _iri(VOID, "triples"), _integer(facts.triples)),
    ]
    quads += [ox.Quad(dataset, _iri(DCAT, "keyword"), _en(k)) for k in KEYWORDS]
    quads += [ox.Quad(dataset, _iri(VOID, "vocabulary"), ox.NamedNode(v)) for v in facts.vocabularies]
    quads += [ox.Quad(dataset, _iri(VOID, "exampleResource"), ox.NamedNode(e)) for e in facts.examples]
    quads += _service(dataset, places)
    quads += _distributions(dataset, places)
    quads += _subsets(dataset, facts, places)
    for number, source in enumerate(facts.sources):
        quads += _source_quads(dataset, source, ox.NamedNode(f"{places.description}#rights-{number + 1}"))
    return quads


def _service(dataset: ox.NamedNode, places: Places) -> list[ox.Quad]:
    """The SPARQL endpoint as a DCAT data service."""
    service = ox.NamedNode(places.description + "#sparql")
    return [
        ox.Quad(service, _iri(RDF, "type"), _iri(DCAT, "DataService")),
        ox.Quad(service, _iri(DCT, "title"), _en("SPARQL 1.1 endpoint")),
        ox.Quad(service, _iri(DCAT, "endpointURL"), ox.NamedNode(places.sparql)),
        ox.Quad(service, _iri(DCAT, "servesDataset"), dataset),
    ]


def _distributions(dataset: ox.NamedNode, places: Places) -> list[ox.Quad]:
    """A void:dataDump and a dcat:Distribution per dump, each saying whether it keeps the named graphs."""
    quads = []
    for name, fmt in RDF_FORMATS.items():
        url = ox.NamedNode(places.dumps[name])
        distribution = ox.NamedNode(f"{places.description}#dump-{name}")
        kept = "keeping the named graphs" if fmt.quads else "its named graphs merged into one (their union)"
        quads += [
            ox.Quad(dataset, _iri(VOID, "dataDump"), url),
            ox.Quad(dataset, _iri(VOID, "feature"), _iri(FORMATS_NS, fmt.w3c)),
            ox.Quad(dataset, _iri(DCAT, "distribution"), distribution),
            ox.Quad(distribution, _iri(RDF, "type"), _iri(DCAT, "Distribution")),
            ox.Quad(distribution, _iri(DCT, "title"), _en(f"The whole dataset as {fmt.w3c.replace('_', '/')}, "
                                                          f"{kept}")),
            ox.Quad(distribution, _iri(DCAT, "downloadURL"), url),
            ox.Quad(distribution, _iri(DCAT, "accessURL"), url),
            ox.Quad(distribution, _iri(DCAT, "mediaType"), _iri(MEDIA_TYPES_NS, fmt.media_type)),
            ox.Quad(distribution, _iri(DCT, "format"), _iri(FORMATS_NS, fmt.w3c)),
            ox.Quad(distribution, _iri(DCT, "license"), ox.NamedNode(MIT_LICENSE)),
        ]
    return quads


def _subsets(dataset: ox.NamedNode, facts: DatasetFacts, places: Places) -> list[ox.Quad]:
    """Each named graph as a void:subset with its name and its triple count."""
    quads = []
    for number, (graph, triples) in enumerate(facts.graphs):
        subset = ox.NamedNode(f"{places.description}#graph-{number + 1}")
        quads += [
            ox.Quad(dataset, _iri(VOID, "subset"), subset),
            ox.Quad(subset, _iri(RDF, "type"), _iri(VOID, "Dataset")),
            ox.Quad(subset, _iri(SD, "name"), ox.NamedNode(graph)),
            ox.Quad(subset, _iri(VOID, "triples"), _integer(triples)),
            ox.Quad(subset, _iri(VOID, "dataDump"),
                    ox.NamedNode(f"{places.graph_store}?graph={quote(graph, safe='')}")),
        ]
    return quads


def _source_quads(dataset: ox.NamedNode, source: Source, rights: ox.NamedNode) -> list[ox.Quad]:
    """The report as the dataset's source, and its copyright notice as a rights statement, quoted exactly."""
    report = ox.NamedNode(source.iri)
    quads = [
        ox.Quad(dataset, _iri(DCT, "source"), report),
        ox.Quad(dataset, _iri(DCT, "rights"), rights),
        ox.Quad(report, _iri(RDF, "type"), _iri(VOCAB, "InspectionReport")),
        ox.Quad(report, _iri(RDF, "type"), _iri(FOAF, "Document")),
        ox.Quad(rights, _iri(RDF, "type"), _iri(DCT, "RightsStatement")),
        ox.Quad(rights, _iri(DCT, "source"), report),
        ox.Quad(rights, _iri(RDFS, "comment"), _en(RIGHTS_SCOPE)),
    ]
    facts = ((report, DCT + "title", source.title), (report, VOCAB + "localAuthority", source.local_authority),
             (report, DCT + "publisher", source.publisher),
             (report, DCT + "rights", source.rights), (report, VOCAB + "reproductionNotice", source.notice),
             (rights, RDFS + "label", source.rights), (rights, DCT + "description", source.notice))
    quads += [ox.Quad(s, ox.NamedNode(p), o) for s, p, o in facts if o is not None]
    if source.year:
        quads.append(ox.Quad(report, _iri(DCT, "issued"), ox.Literal(source.year, datatype=_iri(XSD, "gYear"))))
    return quads
