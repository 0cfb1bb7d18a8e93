"""What the dataset says about one resource: labelled and linked for people, as triples for machines.

A resource's RDF description is a *symmetric concise bounded description*
taken across every graph of the dataset (asserted, inferred and validation),
each triple once:

* every triple whose subject is the resource, and every triple whose object is;
* for each blank node among those objects and subjects, the blank node's own
  triples, recursively, so that a SHACL result about a finding comes with its
  message and severity, and an RDF list with its members.

The page a person reads is drawn from the same triples: labels, types, every
property with its values (an IRI's value shown by its label), the statements
that point at the resource, and, for anything with evidence (``ikg:evidence``,
``prov:wasDerivedFrom`` a sentence, ``ikg:paragraph``), the sentences of the
report it quotes, each with its paragraph.

A document IRI can also stand for the hash IRIs under it (``…/def/shapes`` for
``…/def/shapes#WeaknessAnswered``): the fragment never reaches the server, so
dereferencing one of those answers with the description of all of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from ..errors import NotFound
from ..namespaces import NAMESPACES, PREFIXES, XSD_STRING

RDF_LANG_STRING = NAMESPACES["rdf"] + "langString"


def _term(prefix: str, local: str) -> ox.NamedNode:
    return ox.NamedNode(NAMESPACES[prefix] + local)


TYPE = _term("rdf", "type")
# Properties that name a resource, best first; a value in English (or without a language) is preferred.
LABELS = tuple(_term(p, local) for p, local in (
    ("skos", "prefLabel"), ("rdfs", "label"), ("dcterms", "title"), ("foaf", "name"),
    ("ikg", "area"), ("ikg", "measures")))
TEXT, NUMBER, POSITION = _term("ikg", "text"), _term("ikg", "number"), _term("ikg", "position")
IN_PARAGRAPH, PARAGRAPH, SENTENCE = _term("ikg", "inParagraph"), _term("ikg", "paragraph"), _term("ikg", "Sentence")
# Properties whose sentence values are quoted as evidence (wasDerivedFrom also points at paragraphs and actions).
EVIDENCE = (_term("ikg", "evidence"), _term("prov", "wasDerivedFrom"))
CLIP = 90  # characters of a text used as a label
NESTING = 3  # how deep blank nodes are shown inside one another on a page


# ---------------------------------------------------------------- what the dataset knows

@dataclass(frozen=True)
class Index:
    """Every IRI the dataset mentions, as subject, predicate, object or graph name."""

    iris: frozenset[str]
    graphs: frozenset[str]

    def knows(self, iri: str) -> bool:
        return iri in self.iris

    def members(self, document: str) -> list[str]:
        """The hash IRIs a document IRI stands for (``doc#x`` for ``doc``), sorted."""
        prefix = document + "#"
        return sorted(iri for iri in self.iris if iri.startswith(prefix))


@lru_cache(maxsize=4)
def index(store) -> Index:
    """The Index of a store, computed once (the data of a running server never changes)."""
    iris, graphs = set(), set()
    for quad in store.quads():
        for term in (quad.subject, quad.predicate, quad.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
        if isinstance(quad.graph_name, ox.NamedNode):
            graphs.add(quad.graph_name.value)
    return Index(frozenset(iris | graphs), frozenset(graphs))


def compact(iri: str) -> str:
    """``prefix:local`` for an IRI in one of the project's namespaces, else the IRI itself."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None or not iri[len(best):]:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"


# ---------------------------------------------------------------- what a page shows

@dataclass(frozen=True)
class Value:
    """An RDF term as a page shows it."""

    text: str                            # an IRI's label, a literal's lexical form, a blank node's kind
    iri: str | None = None               # an IRI's own value (the page links to where it lives)
    note: str = ""                       # a literal's datatype or language; an IRI's compact form
    nested: tuple[Statement, ...] = ()  # a blank node's own statements


@dataclass(frozen=True)
class Statement:
    """A property with its values: the objects of outgoing triples, or the subjects of incoming ones."""

    predicate: Value
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Evidence:
    """A sentence of the report that the resource quotes, with its paragraph (or a paragraph cited alone)."""

    text: str | None
    sentence: Value | None
    paragraph: Value | None


@dataclass
class Description:
    """One resource: its label, types, statements both ways, evidence, and its triples."""

    iri: str
    label: str
    types: list[Value]
    statements: list[Statement]
    incoming: list[Statement]
    evidence: list[Evidence]
    triples: list[ox.Triple]
    uses: int = 0                    # statements that use it as their property
    graph_size: int | None = None    # when it names a graph of the dataset: the graph's triples
    members: list[Description] = field(default_factory=list)  # for a document IRI: its hash resources

    @property
    def fragment(self) -> str:
        return self.iri.partition("#")[2]

    def quads(self) -> list[ox.Quad]:
        """The description as RDF (default graph), with its members', each triple once, sorted."""
        triples = set(self.triples)
        for member in self.members:
            triples.update(member.triples)
        return [ox.Quad(t.subject, t.predicate, t.object) for t in sorted(triples, key=str)]


REPLACED_BY = _term("dcterms", "isReplacedBy")


def replacement(store, iri: str) -> str | None:
    """The IRI that replaces ``iri`` (an old body IRI, before bodies were scoped by authority), if any."""
    try:
        subject = ox.NamedNode(iri)
    except ValueError:
        return None
    for quad in store.pattern(subject, REPLACED_BY, None):
        if isinstance(quad.object, ox.NamedNode):
            return quad.object.value
    return None


def describe(store, iri: str) -> Description:
    """The Description of an IRI of the dataset (or of the hash IRIs under it); NotFound if it has none."""
    known = index(store)
    members = known.members(iri)
    if not known.knows(iri) and not members:
        raise NotFound(f"no resource <{iri}> in this dataset")
    describer = _Describer(store, known)
    description = describer.describe(iri)
    description.members = [describer.describe(member) for member in members]
    return description


# ---------------------------------------------------------------- how

class _Describer:
    """Describes resources of one store, remembering the labels it has worked out."""

    def __init__(self, store, known: Index):
        self.store, self.known = store, known
        self.labels: dict[str, str] = {}

    def objects(self, subject, predicate) -> list:
        return sorted({q.object for q in self.store.pattern(subject, predicate, None)}, key=str)

    # ------------------------------------------------------------ labels

    def label(self, node: ox.NamedNode) -> str:
        """A name for people: a label property, else a number or position, else its text clipped, else its IRI."""
        iri = node.value
        if iri not in self.labels:
            self.labels[iri] = compact(iri)  # stands in while the label is worked out (cycles)
            self.labels[iri] = self._label(node) or compact(iri)
        return self.labels[iri]

    def _label(self, node: ox.NamedNode) -> str | None:
        for predicate in LABELS:
            text = _preferred(self.objects(node, predicate))
            if text:
                return text
        kind = self._kind(node)
        number = self.objects(node, NUMBER)
        if number and kind:  # "numbered paragraph 36", "area for improvement 2"
            return f"{kind} {number[0].value}"
        position, parent = self.objects(node, POSITION), self.objects(node, IN_PARAGRAPH)
        if position and parent and kind:  # "sentence 7 of numbered paragraph 36"
            return f"{kind} {position[0].value} of {self.label(parent[0])}"
        text = _preferred(self.objects(node, TEXT))
        if text:
            return text if len(text) <= CLIP else text[:CLIP].rsplit(" ", 1)[0] + "…"
        return None

    def _kind(self, node: ox.NamedNode) -> str | None:
        """The label of the resource's own type: the first one in the project's vocabulary."""
        types = [t for t in self.objects(node, TYPE) if isinstance(t, ox.NamedNode)
                 and t.value.startswith(NAMESPACES["ikg"])]
        return self.label(types[0]) if types else None

    # ------------------------------------------------------------ values

    def value(self, term, depth: int = 0) -> Value:
        if isinstance(term, ox.NamedNode):
            return Value(self.label(term), term.value, compact(term.value))
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value
            note = f"@{term.language}" if term.language else (
                "" if datatype in (XSD_STRING, RDF_LANG_STRING) else compact(datatype))
            return Value(term.value, note=note)
        kinds = [self.label(t) for t in self.objects(term, TYPE) if isinstance(t, ox.NamedNode)]
        nested = tuple(self.statements(term, depth + 1)) if depth < NESTING else ()
        return Value(", ".join(kinds) or "blank node", nested=nested)

    def statements(self, subject, depth: int = 0, skip=(TYPE,)) -> list[Statement]:
        """The subject's properties and their values, labels first, then by property."""
        grouped: dict = {}
        for quad in self.store.pattern(subject, None, None):
            if quad.predicate not in skip:
                grouped.setdefault(quad.predicate, set()).add(quad.object)
        return self._grouped(grouped, depth)

    def incoming(self, node: ox.NamedNode) -> list[Statement]:
        grouped: dict = {}
        for quad in self.store.pattern(None, None, node):
            grouped.setdefault(quad.predicate, set()).add(quad.subject)
        return self._grouped(grouped, 0)

    def _grouped(self, grouped: dict, depth: int) -> list[Statement]:
        def order(predicate):
            rank = 0 if predicate in LABELS else 1 if predicate == TEXT else 2
            return rank, compact(predicate.value)

        statements = []
        for predicate in sorted(grouped, key=order):
            values = sorted((self.value(term, depth) for term in grouped[predicate]),
                            key=lambda v: (_natural(v.text), v.iri or "", v.note))
            statements.append(Statement(self.value(predicate), tuple(values)))
        return statements

    # ------------------------------------------------------------ evidence

    def evidence(self, node: ox.NamedNode) -> list[Evidence]:
        """Sentences the resource quotes, with their paragraphs; then paragraphs it cites without a sentence."""
        sentences = {o for p in EVIDENCE for o in self.objects(node, p)
                     if isinstance(o, ox.NamedNode) and SENTENCE in self.objects(o, TYPE)}
        found, cited = [], set()
        for sentence in sentences:
            paragraph = (self.objects(sentence, IN_PARAGRAPH) or [None])[0]
            cited.add(paragraph)
            found.append((self._number(paragraph, NUMBER), self._number(sentence, POSITION),
                          Evidence(_preferred(self.objects(sentence, TEXT)), self.value(sentence),
                                   self.value(paragraph) if paragraph is not None else None)))
        for paragraph in self.objects(node, PARAGRAPH):
            if paragraph not in cited and isinstance(paragraph, ox.NamedNode):
                found.append((self._number(paragraph, NUMBER), 0, Evidence(None, None, self.value(paragraph))))
        found.sort(key=lambda f: (f[0], f[1], f[2].sentence.iri if f[2].sentence else ""))
        return [evidence for *_, evidence in found]

    def _number(self, node, predicate) -> int:
        values = self.objects(node, predicate) if node is not None else []
        try:
            return int(values[0].value) if values else 0
        except ValueError:
            return 0

    # ------------------------------------------------------------ the whole

    def triples(self, node: ox.NamedNode) -> list[ox.Triple]:
        """The symmetric concise bounded description (see the module's docstring)."""
        triples: set[ox.Triple] = set()
        seen: set = set()

        def outward(subject):
            for quad in self.store.pattern(subject, None, None):
                triples.add(ox.Triple(quad.subject, quad.predicate, quad.object))
                if isinstance(quad.object, ox.BlankNode) and quad.object not in seen:
                    seen.add(quad.object)
                    outward(quad.object)

        outward(node)
        for quad in self.store.pattern(None, None, node):
            triples.add(ox.Triple(quad.subject, quad.predicate, quad.object))
            if isinstance(quad.subject, ox.BlankNode) and quad.subject not in seen:
                seen.add(quad.subject)
                outward(quad.subject)
        return sorted(triples, key=str)

    def describe(self, iri: str) -> Description:
        node = ox.NamedNode(iri)
        types = sorted((self.value(t) for t in self.objects(node, TYPE)),
                       key=lambda v: (not (v.iri or "").startswith(NAMESPACES["ikg"]), v.text))
        uses = sum(1 for _ in self.store.pattern(None, node, None))
        graph_size = sum(1 for _ in self.store.quads(iri)) if iri in self.known.graphs else None
        return Description(iri, self.label(node), types, self.statements(node), self.incoming(node),
                           self.evidence(node), self.triples(node), uses, graph_size)


def _natural(text: str) -> tuple:
    """A sort key that puts "area for improvement 2" before "area for improvement 10"."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text))


def _preferred(literals: list) -> str | None:
    """The text of the best literal for people: English or without a language first."""
    texts = [(lit.language not in (None, "en"), lit.language or "", lit.value)
             for lit in literals if isinstance(lit, ox.Literal)]
    return min(texts)[2] if texts else None
