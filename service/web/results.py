"""A query's answer as an HTML page, for a browser that sent it to /sparql without asking for a format.

The query runs like any other (the guard, then the executor pool), in a
machine format this module reads back: SPARQL JSON for SELECT and ASK,
N-Triples for CONSTRUCT and DESCRIBE. The page shows at most ``HTML_ROWS``
rows or triples, says so when there are more (and when the endpoint's row cap
cut the answer), and links the same answer in every machine format.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pyoxigraph as ox
from flask import current_app, render_template

from ..answers import lexical, shorten
from ..store import RDF_FORMATS, RESULT_FORMATS

HTML_ROWS = 1_000  # rows or triples a page shows; the machine formats carry up to MAX_ROWS
SOURCE = {False: "json", True: "nt"}  # the format the executor writes for the page to read, by graph_result


def source_format(graph_result: bool) -> str:
    return SOURCE[graph_result]


def _cell(term) -> dict:
    """One RDF term as the page shows it: an IRI by its short name, linked; a literal as text with its type."""
    if isinstance(term, ox.NamedNode):
        return {"iri": term.value, "text": shorten(term.value)}
    if isinstance(term, ox.BlankNode):
        return {"text": f"_:{term.value}"}
    if term is None:
        return {"text": ""}
    note = f"@{term.language}" if term.language else shorten(term.datatype.value)
    return {"text": lexical(term), "note": note}


def _machine_links(query: str, dataset: list[tuple[str, str]], graph_result: bool) -> list[dict]:
    formats = ({name: (f.media_type, f.w3c) for name, f in RDF_FORMATS.items()} if graph_result
               else {name: (f.media_type, f.w3c) for name, f in RESULT_FORMATS.items()})
    return [{"href": "/sparql?" + urlencode([("query", query), *dataset, ("format", name)]),
             "media_type": media_type, "label": w3c.replace("RDF_XML", "RDF/XML").replace("_", " ")}
            for name, (media_type, w3c) in formats.items()]


def page(body: bytes, graph_result: bool, truncated: bool, query: str, dataset: list[tuple[str, str]]) -> str:
    """The HTML page of an answer the executor wrote in ``source_format(graph_result)``."""
    boolean, columns, rows, total = None, [], [], 0
    if graph_result:
        columns = ["subject", "predicate", "object"]
        for triple in ox.parse(body, ox.RdfFormat.N_TRIPLES):
            total += 1
            if total <= HTML_ROWS:
                rows.append([_cell(triple.subject), _cell(triple.predicate), _cell(triple.object)])
    else:
        results = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
        if isinstance(results, ox.QueryBoolean):
            boolean = bool(results)
        else:
            columns = [v.value for v in results.variables]
            for solution in results:
                total += 1
                if total <= HTML_ROWS:
                    rows.append([_cell(solution[name]) for name in columns])
    links = _machine_links(query, dataset, graph_result)
    return render_template("sparql-results.html", title="Query results", query=query, boolean=boolean,
                           columns=columns, rows=rows, total=total, shown=len(rows), graph_result=graph_result,
                           truncated=truncated, max_rows=current_app.config["MAX_ROWS"], html_rows=HTML_ROWS,
                           alternates=links)
