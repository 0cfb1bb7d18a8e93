"""GET /reports/<report>/text: the report reader, the report's own text with every finding marked.

The report's id is the path of its IRI under the base (``birmingham-2012``);
the page's anchors are the paths of its parts' IRIs under the report's
(``#paragraph/36/sentence/7``), so ``reader_link`` can send any paragraph,
sentence, finding or action's page to the place the report says it.
"""

from __future__ import annotations

from functools import lru_cache

from flask import Blueprint, current_app, render_template

from ..answers import anchor, reader
from ..answers import report_ids as reports_in
from ..publish import iri_of_path
from . import service
from .twins import twin_response

bp = Blueprint("reader", __name__)


@bp.get("/reports/<report_id>/text")
def text(report_id: str):
    """The report's text, paragraph by paragraph; 404 for a report the dataset does not hold."""
    svc = service()
    doc = reader(svc.store, svc.catalogue, iri_of_path(report_id, current_app.config["BASE"]))
    page = render_template("reader.html", title=f"{doc['title']}: the text", doc=doc, report_id=report_id)
    return twin_response(page, "html", [], False)


@lru_cache(maxsize=8)
def _reports(store, base: str) -> tuple[str, ...]:
    """The ids of the reports in a store (its data never changes under a running server)."""
    return tuple(reports_in(store, base))


def report_ids() -> tuple[str, ...]:
    return _reports(service().store, current_app.config["BASE"])


def reader_link(iri: str) -> str | None:
    """Where the reader shows a paragraph, sentence, section, finding or action; None for anything else."""
    base = current_app.config["BASE"]
    for report_id in report_ids():
        place = anchor(iri, base + report_id)
        if place:
            return f"/reports/{report_id}/text#{place}"
    return None
