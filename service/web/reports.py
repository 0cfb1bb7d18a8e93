"""GET /reports and /reports/<name>: each governance report as an HTML page with .json, .csv and .md twins.

The twins are exactly what ``inspection-kg report NAME --format json|csv|md``
writes (service.render.REPORT_FORMATS); the HTML page renders the same Report
with a template of its own (reports-<name>.html).
"""

from __future__ import annotations

from flask import Blueprint, render_template

from ..answers import ABOUT, REPORT_FORMATS, REPORTS, compute, to_json
from . import charts, network, service
from .twins import alternates, check_suffix, chosen_format, split_suffix, twin_response

bp = Blueprint("reports", __name__)
FORMATS = ["html", *REPORT_FORMATS]
LISTING_FORMATS = ["html", "json"]
ROLES = ("accountable", "responsible", "partner")
DATE_DIGITS = {"day": 10, "month": 7, "year": 4}  # how much of an ISO date a precision shows


@bp.get("/reports", defaults={"suffix": None})
@bp.get("/reports.<suffix>")
def index(suffix):
    """The reports there are, with the URL of each form."""
    fmt = chosen_format(check_suffix(suffix, LISTING_FORMATS, "the list of reports"), LISTING_FORMATS)
    reports = [{"name": name, "title": title, "description": description, "url": f"/reports/{name}",
                "formats": {t["format"]: t["href"] for t in alternates(f"/reports/{name}", FORMATS)}}
               for name, (title, description) in ABOUT.items() if name in REPORTS]
    twins = alternates("/reports", LISTING_FORMATS)
    if fmt == "json":
        return twin_response(to_json({"reports": reports}), fmt, twins, suffix is None)
    return twin_response(render_template("reports-index.html", title="Reports", reports=reports,
                                         alternates=twins), fmt, twins, suffix is None)


@bp.get("/reports/<name>")
def report(name: str):
    """One report, in the format of its suffix (or as Accept asks)."""
    stem, suffix = split_suffix(name, FORMATS, "the report")
    fmt = chosen_format(suffix, FORMATS)
    svc = service()
    computed = compute(stem, svc.store, svc.catalogue)
    twins = alternates(f"/reports/{stem}", FORMATS)
    if fmt != "html":
        return twin_response(REPORT_FORMATS[fmt](computed), fmt, twins, suffix is None)
    extra = {}
    if stem == "who-owns-what":
        doc = network.document()
        extra = {"matrix": matrix(computed.data), "network": doc, "words": network.in_words(doc)}
    page = render_template(f"reports-{stem}.html", title=computed.title, report=computed, data=computed.data,
                           alternates=twins, date_digits=DATE_DIGITS, **extra, **charts.for_report(stem, computed))
    return twin_response(page, fmt, twins, suffix is None)


def matrix(data: dict) -> dict:
    """Who owns what as an accountability matrix: bodies down, actions across, the roles in each cell."""
    actions = {}
    for body in data["bodies"]:
        for action in body["actions"]:
            actions[action["iri"]] = action
    columns = sorted(actions.values(), key=lambda a: a["number"])
    groups = []  # the timescales over the columns, in order, with how many columns each spans
    for action in columns:
        if groups and groups[-1]["timescale"] == action["timescale"]:
            groups[-1]["span"] += 1
        else:
            groups.append({"timescale": action["timescale"], "due_date": action["due_date"], "span": 1})
    rows = []
    for body in data["bodies"]:
        cells = [[role for role in ROLES if column["iri"] in body[role]] for column in columns]
        rows.append({"body": body, "cells": cells, "involved": any(cells)})
    return {"columns": columns, "groups": groups, "rows": rows}
