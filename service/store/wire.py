"""What an engine sends back, read as it arrives and made the same as the embedded store's answers.

SELECT and ASK results are asked for in the SPARQL Query Results XML Format
and read with a streaming parser, so a result cut at the row limit stops the
reading there (and the connection is closed). Each term goes through
``Terms``, which undoes what the round trip changed:

* a Skolem IRI that ``load`` minted for a blank node is a blank node again,
  labelled by the IRI's last segment (the same label in every answer);
* a blank node label the engine makes up (Virtuoso's ``nodeID://b10008``) is
  turned into one pyoxigraph accepts;
* an ``xsd:boolean`` is written canonically (Virtuoso answers "1" for "true").

The rows are then handed to pyoxigraph's own results parser, so every caller
gets the ``QuerySolutions`` or ``QueryBoolean`` that the embedded store gives.
CONSTRUCT and DESCRIBE results are asked for as N-Triples.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET

import pyoxigraph as ox

from ..errors import StoreFailed, StoreTimeout
from ..namespaces import SPARQL_RESULTS, XSD_BOOLEAN
from .results import _json

NS = "{" + SPARQL_RESULTS + "}"
VARIABLE, RESULT, BINDING, BOOLEAN = NS + "variable", NS + "result", NS + "binding", NS + "boolean"
URI, BNODE, LITERAL, TRIPLE = NS + "uri", NS + "bnode", NS + "literal", NS + "triple"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LABEL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
CANONICAL_BOOLEAN = {"1": "true", "0": "false", "true": "true", "false": "false"}
SOLUTIONS_TYPE = "application/sparql-results+xml"
TRIPLES_TYPE = "application/n-triples"
BUFFER = 64 * 1024
CANCELLED = b"The SPARQL operation has been cancelled"


class Terms:
    """Terms on their way to and from an engine (see the module's docstring)."""

    def __init__(self, skolem_prefix: str):
        self.prefix = skolem_prefix
        self.xsd_boolean = ox.NamedNode(XSD_BOOLEAN)

    def incoming(self, term):
        if isinstance(term, ox.NamedNode):
            if term.value.startswith(self.prefix):
                return ox.BlankNode(term.value[len(self.prefix):])
            return term
        if isinstance(term, ox.Literal):
            if term.datatype == self.xsd_boolean and term.value in CANONICAL_BOOLEAN:
                return ox.Literal(CANONICAL_BOOLEAN[term.value], datatype=self.xsd_boolean)
            return term
        if isinstance(term, ox.BlankNode):
            return term
        if isinstance(term, ox.Triple):
            return ox.Triple(self.incoming(term.subject), self.incoming(term.predicate), self.incoming(term.object))
        return term

    def outgoing(self, term):
        """A term as the engine knows it: a blank node that came from a Skolem IRI is that IRI again."""
        if isinstance(term, ox.BlankNode):
            return ox.NamedNode(self.prefix + term.value)
        if isinstance(term, ox.Triple):
            return ox.Triple(self.outgoing(term.subject), self.outgoing(term.predicate), self.outgoing(term.object))
        return term

    def skolem(self, label: str, salt: str) -> ox.NamedNode:
        """The Skolem IRI ``load`` mints for the blank node ``label`` of the dataset whose version is ``salt``."""
        # "b" first: the label a blank node gets back must start as an XML name does (RDF/XML's rdf:nodeID)
        return ox.NamedNode(self.prefix + "b" + hashlib.sha256(f"{salt} {label}".encode()).hexdigest()[:32])


def blank_node(label: str) -> ox.BlankNode:
    """An engine's blank node label as pyoxigraph takes it (the same label always gives the same node)."""
    if label.startswith("nodeID://"):
        label = label[len("nodeID://"):]
    if not LABEL.match(label):
        label = "e" + hashlib.sha256(label.encode("utf-8")).hexdigest()[:32]
    return ox.BlankNode(label)


def _term(element):
    tag, text = element.tag, element.text or ""
    if tag == URI:
        return ox.NamedNode(text)
    if tag == LITERAL:
        language, datatype = element.get(XML_LANG), element.get("datatype")
        if language:
            return ox.Literal(text, language=language)
        return ox.Literal(text, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(text)
    if tag == BNODE:
        return blank_node(text)
    if tag == TRIPLE:
        parts = {child.tag[len(NS):]: _term(child[0]) for child in element}
        return ox.Triple(parts["subject"], parts["predicate"], parts["object"])
    raise ValueError(f"unknown term <{tag}> in the store's results")


class Buffered:
    """Large reads from a body (the parsers ask for a few kilobytes at a time); the last bytes read are kept."""

    def __init__(self, body):
        self.body, self.pending, self.last = body, b"", b""

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            chunk, self.pending = self.pending + self.body.read(), b""
        else:
            if not self.pending:
                self.pending = self.body.read(max(size, BUFFER))
            chunk, self.pending = self.pending[:size], self.pending[size:]
        self.last = (self.last + chunk)[-512:]
        return chunk

    def broken(self, exc: Exception) -> Exception:
        """The error for a body that stopped making sense: the engine's own time limit, or a bad answer."""
        if CANCELLED in self.last:  # an Oxigraph server past its --timeout-s, in the middle of its 200 answer
            return StoreTimeout("the store stopped the query at its own time limit")
        return StoreFailed(f"the store's answer cannot be read: {exc}")

    def readable(self) -> bool:
        return True


def read_rows(body, terms: Terms, limit: int | None = None) -> tuple[list[str], list[list], bool | None]:
    """The variables, the rows (terms in the variables' order) and the boolean of XML results.

    At most ``limit + 1`` rows are read (so a caller can tell the result was cut).
    """
    variables, rows, boolean = [], [], None
    stream = Buffered(body)
    try:
        for _, element in ET.iterparse(stream, events=("end",)):
            tag = element.tag
            if tag == VARIABLE:
                variables.append(element.get("name"))
            elif tag == RESULT:
                row = {b.get("name"): terms.incoming(_term(b[0])) for b in element if b.tag == BINDING and len(b)}
                rows.append([row.get(v) for v in variables])
                element.clear()
                if limit is not None and len(rows) > limit:
                    break
            elif tag == BOOLEAN:
                boolean = (element.text or "").strip() == "true"
    except ET.ParseError as exc:
        raise stream.broken(exc) from exc
    finally:
        body.close()
    return variables, rows, boolean


def read_solutions(body, terms: Terms, ask_variable: str | None, ask: bool, limit: int | None = None):
    """SELECT or ASK results in the XML format as pyoxigraph's QuerySolutions or QueryBoolean."""
    variables, rows, boolean = read_rows(body, terms, limit)
    if ask and boolean is None and ask_variable and variables == [ask_variable]:
        boolean = bool(rows) and rows[0][0] is not None and rows[0][0].value not in ("0", "false")
    if boolean is not None:
        return ox.parse_query_results(b'{"head":{},"boolean":%s}' % (b"true" if boolean else b"false"),
                                      format=ox.QueryResultsFormat.JSON)
    return ox.parse_query_results(_json(variables, rows), format=ox.QueryResultsFormat.JSON)


def read_triples(body, media_type: str, terms: Terms, limit: int | None = None, graph=None) -> list:
    """CONSTRUCT or DESCRIBE results (or a graph's triples), as triples, or as quads of ``graph`` when given."""
    fmt = ox.RdfFormat.from_media_type(media_type.split(";")[0].strip()) or ox.RdfFormat.N_TRIPLES
    found = []
    stream = Buffered(body)
    try:
        for quad in ox.parse(input=stream, format=fmt):
            triple = terms.incoming(ox.Triple(quad.subject, quad.predicate, quad.object))
            found.append(triple if graph is None else ox.Quad(triple.subject, triple.predicate, triple.object, graph))
            if limit is not None and len(found) > limit:
                break
    except (SyntaxError, ValueError) as exc:
        raise stream.broken(exc) from exc
    finally:
        body.close()
    return found
