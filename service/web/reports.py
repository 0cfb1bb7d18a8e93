"""GET /reports and /reports/<name>: each governance report as an HTML page with .json, .csv and .md twins.

    /reports                    the corpus (each report: authority, dates, judgements) and the report kinds
    /reports/<name>             a report over the whole corpus (for one report, that report)
    /reports/<id>               one report of the corpus: its reports (birmingham-2012)
    /reports/<id>/<name>        a report of that inspection alone

The twins are exactly what ``inspection-kg report NAME [--report ID] --format
json|csv|md`` writes (service.answers.REPORT_FORMATS); the HTML page renders
the same Report with a template of its own (reports-<name>.html). Report ids
end in a year (``<authority>-<year>``) and report names do not, so one path
segment can be either.
"""

from __future__ import annotations

import re
from datetime import date

from flask import Blueprint, current_app, render_template

from ..answers import ABOUT, DATED, REPORT_FORMATS, REPORTS, compute, report_ids, to_json
from ..errors import UserError
from . import charts, network, service
from .http import url_params, values
from .twins import alternates, check_suffix, chosen_format, split_suffix, twin_response

bp = Blueprint("reports", __name__)
FORMATS = ["html", *REPORT_FORMATS]
LISTING_FORMATS = ["html", "json"]
ROLES = ("accountable", "responsible", "partner")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_DIGITS = {"day": 10, "month": 7, "year": 4}  # how much of an ISO date a precision shows


@bp.get("/reports", defaults={"suffix": None})
@bp.get("/reports.<suffix>")
def index(suffix):
    """The corpus and the reports there are, with the URL of each form."""
    return _listing(None, suffix)


@bp.get("/reports/<name>")
def report(name: str):
    """A report over the corpus, in the format of its suffix (or as Accept asks); or one report's listing."""
    stem, dot, suffix = name.rpartition(".")
    if (stem if dot else name) in _ids():
        return _listing(stem if dot else name, suffix if dot else None)
    return _report(None, name)


@bp.get("/reports/<report_id>/<name>")
def report_of(report_id: str, name: str):
    """A report of one inspection of the corpus."""
    if report_id not in _ids():
        compute("corpus", service().store, service().catalogue, report_id)  # NotFound naming the reports
    return _report(report_id, name)


def _ids() -> list[str]:
    return report_ids(service().store, current_app.config["BASE"])


def _listing(report_id: str | None, suffix: str | None):
    """The report kinds (for the corpus, or for one report) and, for the corpus, its reports."""
    here = f"/reports/{report_id}" if report_id else "/reports"
    what = f"the reports of {report_id}" if report_id else "the list of reports"
    fmt = chosen_format(check_suffix(suffix, LISTING_FORMATS, what), LISTING_FORMATS)
    svc = service()
    reports = [{"name": name, "title": title, "description": description, "url": f"{here}/{name}",
                "formats": {t["format"]: t["href"] for t in alternates(f"{here}/{name}", FORMATS)}}
               for name, (title, description) in ABOUT.items() if name in REPORTS and name != "corpus"]
    corpus = compute("corpus", svc.store, svc.catalogue, report_id).data["reports"]
    for entry in corpus:
        entry["url"] = f"/reports/{entry['id']}"
    twins = alternates(here, LISTING_FORMATS)
    if fmt == "json":
        return twin_response(to_json({"reports": reports, "corpus": corpus}), fmt, twins, suffix is None)
    title = f"Reports: {corpus[0]['authority']['label']}, {corpus[0]['start'][:4]}" if report_id else "Reports"
    page = render_template("reports-index.html", title=title, reports=reports, corpus=corpus, report_id=report_id,
                           alternates=twins)
    return twin_response(page, fmt, twins, suffix is None)


def _report(report_id: str | None, name: str):
    stem, suffix = split_suffix(name, FORMATS, "the report")
    fmt = chosen_format(suffix, FORMATS)
    svc = service()
    as_of = _as_of() if stem in DATED else None
    computed = compute(stem, svc.store, svc.catalogue, report_id, as_of)
    here = f"/reports/{report_id}/{stem}" if report_id else f"/reports/{stem}"
    twins = alternates(here, FORMATS, f"as-of={as_of.isoformat()}" if as_of else "")
    if fmt != "html":
        return twin_response(REPORT_FORMATS[fmt](computed), fmt, twins, suffix is None)
    extra = {}
    if stem == "who-owns-what":
        doc = network.document()
        extra = {"matrix": matrix(computed.data), "network": doc, "words": network.in_words(doc)}
    page = render_template(f"reports-{stem}.html", title=computed.title, report=computed, data=computed.data,
                           alternates=twins, date_digits=DATE_DIGITS, report_id=report_id, **extra,
                           **charts.for_report(stem, computed))
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


def _as_of() -> date | None:
    """A dated report's day, ``?as-of=YYYY-MM-DD`` (today when absent or empty); 400 for anything else."""
    given = [v for v in values(url_params(), "as-of") if v]
    if not given:
        return None
    try:
        if not ISO_DAY.match(given[-1]):
            raise ValueError
        return date.fromisoformat(given[-1])
    except ValueError:
        raise UserError(f"as-of must be a day as YYYY-MM-DD, not {given[-1][:40]!r}") from None
