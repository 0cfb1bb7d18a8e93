"""GET /queries and /queries/<name>: the query catalogue, each query a table with .json, .csv and .tsv twins.

Parameters come from the URL (``/queries/findings-about-body?body=IRI``), in
the manner of Datasette's canned queries; ``report=ID`` runs any query over
one report of the corpus (birmingham-2012) instead of all of them. A parameter that is not of its type
or not the query's is a 400, an IRI no triple mentions a 404. The HTML page
of a query whose required parameters are not all given shows the form alone
(200), so the catalogue can link every query; its twins answer 400.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, current_app, render_template

from ..answers import QUERY_FORMATS, Answer, answer, lexical, report_ids, scope, shorten, to_json
from ..errors import UserError
from . import service
from .http import url_params
from .twins import alternates, check_suffix, chosen_format, split_suffix, twin_response

bp = Blueprint("catalogue", __name__)
FORMATS = ["html", *QUERY_FORMATS]
LISTING_FORMATS = ["html", "json"]
# A parameter of this name is offered, in the form, as a choice among the rows of this
# catalogue query (its first column the value, its second the label).
CHOICES = {"body": "bodies"}
REPORT = "report"  # the URL parameter that scopes a query to one report; no catalogue query may use the name
INPUT_TYPES = {"iri": "url", "date": "date", "integer": "number", "string": "text"}


@bp.get("/queries", defaults={"suffix": None})
@bp.get("/queries.<suffix>")
def index(suffix):
    """The catalogue: each query's name, title, description and parameters."""
    fmt = chosen_format(check_suffix(suffix, LISTING_FORMATS, "the catalogue"), LISTING_FORMATS)
    queries = [{**q.describe(), "report": q.report, "url": f"/queries/{q.name}"}
               for q in service().catalogue.queries.values()]
    twins = alternates("/queries", LISTING_FORMATS)
    if fmt == "json":
        return twin_response(to_json({"queries": queries}), fmt, twins, suffix is None)
    page = render_template("reports-queries.html", title="The query catalogue", queries=queries, alternates=twins)
    return twin_response(page, fmt, twins, suffix is None)


@bp.get("/queries/<name>")
def run(name: str):
    """One query, run with the URL's parameters, in the format of its suffix (or as Accept asks)."""
    stem, suffix = split_suffix(name, FORMATS, "the query")
    fmt = chosen_format(suffix, FORMATS)
    svc = service()
    query = svc.catalogue.get(stem)
    given = _given()
    report_id = given.pop(REPORT, "") or None
    store = scope(svc.store, report_id, current_app.config["BASE"])
    known = {p.name for p in query.parameters}
    missing = [p.name for p in query.parameters if not p.optional and not given.get(p.name)]
    if fmt == "html" and missing and set(given) <= known:
        return twin_response(_page(query, given, None, [], store, report_id), fmt, [], suffix is None)
    result = answer(store, svc.catalogue, stem, given)
    twins = alternates(f"/queries/{stem}", FORMATS, urlencode({**result.parameters,
                                                                **({REPORT: report_id} if report_id else {})}))
    body = QUERY_FORMATS[fmt](result) if fmt != "html" else _page(query, given, result, twins, store, report_id)
    return twin_response(body, fmt, twins, suffix is None)


def _given() -> dict[str, str]:
    """The URL's parameters, each at most once."""
    given: dict[str, str] = {}
    for key, value in url_params():
        if key in given:
            raise UserError(f"the parameter {key!r} is given more than once")
        given[key] = value
    return given


def _page(query, given: dict, result: Answer | None, twins: list[dict], store, report_id: str | None) -> str:
    fields = [{"name": p.name, "type": INPUT_TYPES[p.type], "optional": p.optional, "description": p.description,
               "value": given.get(p.name, ""), "choices": _choices(p.name, store)} for p in query.parameters]
    reports = report_ids(service().store, current_app.config["BASE"])
    if len(reports) > 1 or report_id:
        fields.append({"name": REPORT, "type": "text", "optional": True, "value": report_id or "",
                       "description": "only this report of the corpus; every report when none is chosen",
                       "choices": [(r, r) for r in reports]})
    return render_template("reports-query.html", title=query.title, query=query, fields=fields, result=result,
                           cells=_cells(result) if result else [], alternates=twins)


def _choices(parameter: str, store) -> list[tuple[str, str]]:
    """(value, label) pairs a parameter is offered as, from the catalogue query CHOICES names."""
    if parameter not in CHOICES:
        return []
    rows = answer(store, service().catalogue, CHOICES[parameter], {}).lexical_rows
    return [tuple(list(row.values())[:2]) for row in rows]


def _cells(result: Answer) -> list[list[dict]]:
    """Each value of the table as the page shows it: an IRI as a link to its page, under a short name."""
    return [[{"iri": term.value, "text": shorten(term.value)} if isinstance(term, ox.NamedNode)
             else {"iri": None, "text": lexical(term)} for term in row] for row in result.terms]
