"""Serialise query results with a row cap: SPARQL JSON, XML, CSV and TSV; RDF for graph results.

Solutions are written by pyoxigraph's own serialisers (in Rust, several times
faster than Python), into a writer that counts rows as the bytes arrive and
stops the engine once there are more than the cap allows. Those can only be
cut here: a result set over the cap is evaluated again and written by the
Python writers below (W3C SPARQL 1.1 Query Results JSON, XML, CSV and TSV
Formats), which read at most that many solutions, and say it was cut.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..namespaces import NAMESPACES, SPARQL_RESULTS, XSD_BOOLEAN, XSD_STRING
from .base import engine_errors, engine_rows
from .formats import RDF_FORMATS, serialize
from .xmltext import xml_text


@dataclass(frozen=True)
class ResultFormat:
    name: str
    media_type: str
    w3c: str                   # its IRI's local name under http://www.w3.org/ns/formats/
    ox: ox.QueryResultsFormat  # pyoxigraph's writer
    # pyoxigraph's output has at most (this mark's count + offset) rows: a row separator (JSON), a row's
    # start tag (XML), a line end (CSV, TSV: the header's too). Text can only add marks (a quoted CRLF).
    row_mark: bytes
    row_offset: int


RESULT_FORMATS: dict[str, ResultFormat] = {f.name: f for f in (
    ResultFormat("json", "application/sparql-results+json", "SPARQL_Results_JSON", ox.QueryResultsFormat.JSON,
                 b"},{", 1),
    ResultFormat("xml", "application/sparql-results+xml", "SPARQL_Results_XML", ox.QueryResultsFormat.XML,
                 b"<result>", 0),
    ResultFormat("csv", "text/csv", "SPARQL_Results_CSV", ox.QueryResultsFormat.CSV, b"\r\n", -1),
    ResultFormat("tsv", "text/tab-separated-values", "SPARQL_Results_TSV", ox.QueryResultsFormat.TSV, b"\n", -1),
)}
RESULTS_NOT_XML = "JSON, CSV or TSV"  # what carries any text, where SPARQL XML cannot


INTEGERS = {NAMESPACES["xsd"] + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
DECIMALS = {NAMESPACES["xsd"] + t for t in ("decimal", "double", "float")}


def value(term):
    """An RDF term as a plain JSON value: IRIs and strings as text, numbers as numbers."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in INTEGERS:
            return int(term.value)
        if datatype in DECIMALS:
            return float(term.value)
        if datatype == XSD_BOOLEAN:
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def plain_rows(results) -> list[dict]:
    """SELECT results as rows of plain values (``value``)."""
    variables = [v.value for v in results.variables]
    return [{v: value(row[v]) for v in variables} for row in engine_rows(results)]


@dataclass
class Serialised:
    body: bytes
    media_type: str
    truncated: bool


def _take(iterator, limit: int) -> tuple[list, bool]:
    """At most ``limit`` items, and whether there were more."""
    items = []
    for item in iterator:
        if len(items) == limit:
            return items, True
        items.append(item)
    return items, False


# ---------------------------------------------------------------- terms in each format

def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")}}


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    parts = "".join(f"<{k}>{_xml_term(getattr(term, k))}</{k}>" for k in ("subject", "predicate", "object"))
    return f"<triple>{parts}</triple>"


def _csv_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _tsv_term(term) -> str:
    if term is None:
        return ""
    # pyoxigraph's str() of a term is its N-Triples / SPARQL form: <iri>, _:b, "x"@en, "1"^^<...>
    return str(term)


# ---------------------------------------------------------------- whole results

class _OverCap(Exception):
    """Raised from inside pyoxigraph's writer to stop it: the rows are more than the cap."""


class _RowCounter:
    """A file-like sink for pyoxigraph's writer that keeps the bytes and bounds the rows from above."""

    def __init__(self, fmt: ResultFormat, max_rows: int):
        self.mark, self.limit = fmt.row_mark, max_rows - fmt.row_offset
        self.chunks: list[bytes] = []
        self.marks = 0

    def write(self, data) -> int:
        data = bytes(data)
        if self.chunks:  # a mark split between two chunks
            seam = len(self.mark) - 1
            self.marks += (self.chunks[-1][-seam:] + data[:seam]).count(self.mark)
        self.marks += data.count(self.mark)
        if self.marks > self.limit:
            raise _OverCap
        self.chunks.append(data)
        return len(data)

    def flush(self) -> None:
        pass


def native_solutions(results, fmt: ResultFormat, max_rows: int) -> Serialised | None:
    """SELECT solutions or an ASK boolean by pyoxigraph's writer; None if there may be more than ``max_rows``.

    Stops the evaluation as soon as the count passes the cap, so a huge result
    costs no more than the cap's worth of rows before the caller falls back to
    ``serialise_solutions``.
    """
    if isinstance(results, ox.QueryBoolean):
        return serialise_solutions(results, fmt, max_rows)
    sink = _RowCounter(fmt, max_rows)
    try:
        with engine_errors():  # pyoxigraph's writer evaluates as it writes
            results.serialize(sink, format=fmt.ox)
    except _OverCap:
        return None
    body = b"".join(sink.chunks)
    return Serialised(xml_text(body, RESULTS_NOT_XML) if fmt.name == "xml" else body, fmt.media_type, False)


def serialise_solutions(results, fmt: ResultFormat, max_rows: int) -> Serialised:
    """SELECT solutions (or an ASK boolean) in a results format, at most ``max_rows`` rows, by the Python writers."""
    if isinstance(results, ox.QueryBoolean):
        return Serialised(_boolean(bool(results), fmt), fmt.media_type, False)
    variables = [v.value for v in results.variables]
    rows, truncated = _take(engine_rows(results), max_rows)
    writer = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}[fmt.name]
    body = writer(variables, [[row[v] for v in variables] for row in rows])
    return Serialised(body, fmt.media_type, truncated)


def _boolean(value: bool, fmt: ResultFormat) -> bytes:
    if fmt.name == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt.name == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="{SPARQL_RESULTS}"><head/>'
                f'<boolean>{"true" if value else "false"}</boolean></sparql>\n').encode()
    # CSV and TSV have no boolean form; a one-cell table is what most clients accept.
    return f"_askResult\r\n{'true' if value else 'false'}\r\n".encode() if fmt.name == "csv" \
        else f"?_askResult\n{'true' if value else 'false'}\n".encode()


def _json(variables, rows) -> bytes:
    bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _xml(variables, rows) -> bytes:
    out = [f'<?xml version="1.0"?>\n<sparql xmlns="{SPARQL_RESULTS}"><head>']
    out += [f"<variable name={quoteattr(v)}/>" for v in variables]
    out.append("</head><results>")
    for row in rows:
        out.append("<result>")
        out += [f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(variables, row) if t is not None]
        out.append("</result>")
    out.append("</results></sparql>\n")
    return xml_text("".join(out).encode("utf-8"), RESULTS_NOT_XML)


def _csv(variables, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([_csv_term(t) for t in row])
    return buffer.getvalue().encode("utf-8")


def _tsv(variables, rows) -> bytes:
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def serialise_triples(triples, fmt_name: str, max_rows: int) -> Serialised:
    """CONSTRUCT or DESCRIBE triples in an RDF format, at most ``max_rows`` triples."""
    fmt = RDF_FORMATS[fmt_name]
    items, truncated = _take(engine_rows(triples), max_rows)
    quads = [ox.Quad(t.subject, t.predicate, t.object) for t in items]
    return Serialised(serialize(quads, fmt), fmt.media_type, truncated)
