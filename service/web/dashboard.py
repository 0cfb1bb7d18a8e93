"""GET /: the home page as a dashboard: the judgements, the actions by due date, the gaps, the network, the way in.

Everything on it is computed by the reports and the network (service.answers),
so the dashboard and the pages it links always agree.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from ..answers import ABOUT, REPORTS, compute
from . import charts, network, service
from .reader import report_ids
from .twins import twin_response

bp = Blueprint("dashboard", __name__)


@bp.get("/")
def home():
    svc = service()
    judgements = compute("judgements", svc.store, svc.catalogue).data["judgements"]
    actions = sorted(compute("actions", svc.store, svc.catalogue).data["actions"],
                     key=lambda a: (a["due_date"], a["number"]))
    coverage = compute("coverage", svc.store, svc.catalogue).data
    doc = network.document()
    page = render_template(
        "home.html", title="inspection-kg", judgements=judgements, actions=actions, coverage=coverage,
        counts=doc["counts"], thumbnail=network.thumbnail(doc), coverage_chart=charts.coverage_chart(),
        reports=[(name, title) for name, (title, _) in ABOUT.items() if name in REPORTS], texts=report_ids())
    return twin_response(page, "html", [], False)
