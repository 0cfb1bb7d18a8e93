"""GET|POST /sparql: the query operation of the SPARQL 1.1 Protocol.

Untrusted queries run in the executor pool (service.executor), never here;
this module reads the request, checks the query's shape (service.guard),
negotiates the format, and serves repeated requests from the cache.
"""

from __future__ import annotations

from flask import Blueprint, current_app, request

from ..errors import NotAcceptable, UnsupportedMediaType, UserError, error_for
from ..namespaces import looks_like_iri
from ..publish import service_description
from ..store import FORMAT_ALIASES, RDF_FORMATS, RESULT_FORMATS, Job, inspect_query, serialize
from . import pages, results, service
from .http import base_url, decode_pairs, negotiated, offered, preflight, respond, url_params, values
from .middleware import mark_cacheable

bp = Blueprint("sparql", __name__)
METHODS = "GET, POST, HEAD, OPTIONS"
# HTML last: a client that accepts anything gets the first; a browser, which prefers text/html, a page (results.py)
SOLUTION_OFFERS = {**{name: f.media_type for name, f in RESULT_FORMATS.items()}, "html": "text/html"}
RDF_OFFERS = {name: f.media_type for name, f in RDF_FORMATS.items()}
GRAPH_OFFERS = {**RDF_OFFERS, "html": "text/html"}  # also a bare GET's: the service description, or the editor
ALIASES = {**FORMAT_ALIASES, "srj": "json", "srx": "xml", "application/json": "json", "text/xml": "xml",
           "application/xml": "xml"}  # format= on the other routes that serve RDF

# Where clients put the format they want: Virtuoso and SPARQLWrapper use format=, Jena (Fuseki, Joseki)
# output=, Rasqal results=; SPARQLWrapper sends all three, some twice (a name, then media types).
FORMAT_PARAMS = ("format", "output", "results")
# Their values, beyond our names and the media types, by kind of result (SPARQLWrapper, rdflib, Jena, YASGUI).
SOLUTION_ALIASES = {"srj": "json", "srx": "xml", "sparql-results+json": "json", "sparql-results+xml": "xml",
                    "application/json": "json", "text/json": "json", "application/xml": "xml", "text/xml": "xml",
                    "tab-separated-values": "tsv"}
GRAPH_ALIASES = {**FORMAT_ALIASES, "n3": "ttl", "text/n3": "ttl", "text/rdf+n3": "ttl", "application/n3": "ttl",
                 "application/turtle": "ttl", "application/x-turtle": "ttl", "rdf+xml": "xml", "rdf/xml": "xml",
                 "application/xml": "xml", "text/xml": "xml", "json": "jsonld", "application/json": "jsonld",
                 "ld+json": "jsonld", "application/x-json+ld": "jsonld", "n-triples": "nt", "n-quads": "nq"}
# Accept types beyond the offers' own: N3 readers get Turtle (Turtle is N3), plain JSON readers the JSON form.
SOLUTION_ACCEPTS = {"application/json": "json"}
GRAPH_ACCEPTS = {"text/n3": "ttl", "text/rdf+n3": "ttl", "application/n3": "ttl", "application/turtle": "ttl",
                 "application/x-turtle": "ttl", "application/json": "jsonld"}
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"])
def endpoint():
    """Answer a query (GET ?query=, POST form or direct), or describe the service (a bare GET)."""
    if request.method == "OPTIONS":
        return preflight(METHODS)
    pairs, query = _read()
    asked = _asked_formats(pairs)
    if query is None:
        return _describe(asked)
    default_graphs = _iris(values(pairs, "default-graph-uri"), "default-graph-uri")
    named_graphs = _iris(values(pairs, "named-graph-uri"), "named-graph-uri")
    return _answer(query, default_graphs, named_graphs, asked)


def _asked_formats(pairs: list[tuple[str, str]]) -> list[str]:
    """Every format the request names, in order (a value may list several, comma-separated)."""
    return [v.strip() for k, value in pairs if k in FORMAT_PARAMS for v in value.split(",") if v.strip()]


def _format(asked: list[str], offers: dict[str, str], aliases: dict[str, str], accepts: dict[str, str]) -> str:
    """The first asked format on offer; else (none asked, or none known here) the one Accept prefers.

    A value we do not know does not fail a query whose Accept we can satisfy:
    clients send format values meant for other servers (SPARQLWrapper sends
    its own name and the media types, under three parameter names).
    """
    for value in asked:
        name = offered(offers, value, aliases)
        if name is not None:
            return name
    try:
        return negotiated(offers, accepts)
    except NotAcceptable as exc:
        if not asked:
            raise
        raise NotAcceptable(f"format={asked[0]!r} is not offered for this query (use one of: {', '.join(offers)}), "
                            f"and {exc}") from None


def _read() -> tuple[list[tuple[str, str]], str | None]:
    """All parameters (URL and form body) and the one query, checking the protocol's rules."""
    pairs = url_params()
    body_query = None
    if request.method == "POST":
        media_type = request.mimetype
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        if media_type in (FORM, DIRECT) and charset not in ("utf-8", "utf8"):
            raise UnsupportedMediaType(f"a query sent as {media_type} must be UTF-8, not {charset}")
        if media_type == FORM:
            body = decode_pairs(request.get_data(cache=False), "form body")
            pairs = pairs + body
        elif media_type == DIRECT:
            try:
                body_query = request.get_data(cache=False).decode("utf-8")
            except UnicodeDecodeError as exc:
                raise UserError(f"the query is not valid UTF-8 (at byte {exc.start})") from exc
        elif media_type == "application/sparql-update":
            raise UnsupportedMediaType("SPARQL Update is not accepted: this endpoint is read-only")
        else:
            raise UnsupportedMediaType(f"POST a query as {FORM} or {DIRECT}, not "
                                       f"{request.content_type or 'without a Content-Type'}")
    if any(k in ("update", "using-graph-uri", "using-named-graph-uri") for k, _ in pairs):
        raise UserError("SPARQL Update is not accepted: this endpoint is read-only")
    queries = values(pairs, "query") + ([body_query] if body_query is not None else [])
    if len(queries) > 1:
        raise UserError(f"one query per request, not {len(queries)}")
    if request.method == "POST" and not queries:
        raise UserError("the request has no query")
    if queries and not queries[0].strip():
        raise UserError("the query is empty")
    return pairs, (queries[0] if queries else None)


def _iris(given: list[str], name: str) -> list[str]:
    for iri in given:
        if not looks_like_iri(iri):
            raise UserError(f"{name} must be an absolute IRI, not {iri[:100]!r}")
    return given


def _answer(query: str, default_graphs: list[str], named_graphs: list[str], asked: list[str]):
    svc, config = service(), current_app.config
    inspection = inspect_query(query, config["MAX_DEPTH"], config["MAX_OPERATORS"],
                               frozenset(config["SERVICE_ALLOWLIST"]))
    if inspection.graph_result:
        fmt = _format(asked, GRAPH_OFFERS, GRAPH_ALIASES, GRAPH_ACCEPTS)
    else:
        fmt = _format(asked, SOLUTION_OFFERS, SOLUTION_ALIASES, SOLUTION_ACCEPTS)
    page, fmt = fmt == "html", results.source_format(inspection.graph_result) if fmt == "html" else fmt
    protocol_dataset = bool(default_graphs or named_graphs)
    job = Job(query, fmt, config["MAX_ROWS"],
              default_graphs=default_graphs if protocol_dataset else None,
              named_graphs=named_graphs if protocol_dataset else None,
              union_default=not inspection.has_dataset, base_iri=base_url())
    outcome = svc.runner.run(job, config["QUERY_TIMEOUT"], repeatable=inspection.deterministic)
    if outcome.status != 200:
        raise error_for(outcome.status, outcome.message)
    if inspection.deterministic:
        mark_cacheable(request.environ)
    if page:
        dataset = [("default-graph-uri", g) for g in default_graphs] + [("named-graph-uri", g) for g in named_graphs]
        html = results.page(outcome.body, inspection.graph_result, outcome.truncated, query, dataset)
        return respond(html.encode("utf-8"), "text/html", _result_headers(outcome))
    return respond(outcome.body, outcome.media_type, _result_headers(outcome))


def _result_headers(outcome) -> dict:
    if not outcome.truncated:
        return {}
    return {"X-Result-Truncated": "true", "X-Result-Row-Limit": str(current_app.config["MAX_ROWS"])}


def _describe(asked: list[str]):
    """A bare GET: the service description as RDF, or the query page for a browser.

    A client that asks for query results (by Accept or format) sent a query
    request without its query: the protocol calls that malformed, a 400.
    """
    for value in asked:  # an RDF format's name or alias, else a results format's ("xml" names RDF/XML here)
        if offered(GRAPH_OFFERS, value, FORMAT_ALIASES) or offered(SOLUTION_OFFERS, value, SOLUTION_ALIASES):
            fmt = offered(GRAPH_OFFERS, value, FORMAT_ALIASES) or "results"
            break
    else:  # by Accept, where the results types rank after the description's
        fmt = negotiated(GRAPH_OFFERS, {**{f.media_type: "results" for f in RESULT_FORMATS.values()},
                                        **{m: "results" for m in SOLUTION_ACCEPTS}})
    if fmt not in GRAPH_OFFERS:
        raise UserError("the query is missing: send it as ?query=..., as a form field or as an "
                        "application/sparql-query body; a GET without one describes the service, in RDF")
    mark_cacheable(request.environ)
    if fmt == "html":
        page = pages.query_page()
        page.headers["Vary"] = "Accept"  # negotiated: RDF clients get the description at this URL
        return page
    body = serialize(service_description(base_url(), service().store), RDF_FORMATS[fmt])
    return respond(body, RDF_FORMATS[fmt].media_type)
