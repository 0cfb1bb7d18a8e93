"""Charts drawn on the server: each a list of bars (inline SVG scaled to its row) with words, and its data table.

The figures come from service.answers (coverage_by_area, findings_by_body,
timeline); this module only turns them into what charts.html draws: for each
row a label, a link, the lengths of its bar's segments and the numbers in
words, and for each chart a sentence that says what it shows.
"""

from __future__ import annotations

from datetime import date

from flask import current_app

from ..answers import Report, compute, coverage_by_area, findings_by_body, timeline
from ..publish import page_url
from . import service

DATE_FORMATS = {"day": "%d %b %Y", "month": "%b %Y", "year": "%Y"}


def _page(iri: str | None) -> str | None:
    return page_url(iri, current_app.config["BASE"]) if iri else None


def coverage_chart() -> dict:
    svc = service()
    rows = coverage_by_area(svc.store, svc.catalogue)
    worst = max(rows, key=lambda r: (r["unanswered"], r["weaknesses"]))
    total, open_ = sum(r["weaknesses"] for r in rows), sum(r["unanswered"] for r in rows)
    return {
        "id": "chart-coverage", "title": "Weaknesses answered and unanswered, by judged area",
        "summary": f"Of the {total} weaknesses the judged areas' paragraphs give, {open_} are answered by no area "
                   f"for improvement; {worst['area']} has the most: {worst['unanswered']} of {worst['weaknesses']}.",
        "series": [("answered", "answered by an action"), ("unanswered", "answered by no action")],
        "max": max(r["weaknesses"] for r in rows) or 1,
        "rows": [{"label": f"{r['area']} ({r['grade'].lower()})", "href": _page(r["iri"]),
                  "parts": [r["answered"], r["unanswered"]],
                  "words": f"{r['unanswered']} of {r['weaknesses']} unanswered"} for r in rows],
        "columns": ["Judged area", "Grade", "Paragraph", "Weaknesses", "Answered", "Unanswered"],
        "table": [[r["area"], r["grade"], r["paragraph"], r["weaknesses"], r["answered"], r["unanswered"]]
                  for r in rows],
    }


def findings_chart(who_owns_what: Report) -> dict:
    rows = findings_by_body(who_owns_what)
    top = rows[0]
    return {
        "id": "chart-findings", "title": "Findings about each body",
        "summary": f"{len(rows)} bodies are the subject of findings; {top['label']} of the most weaknesses "
                   f"({top['weaknesses']}). Bodies with no finding about them are left out.",
        "series": [("weaknesses", "weaknesses"), ("strengths", "strengths"), ("developments", "developments")],
        "max": max(r["weaknesses"] + r["strengths"] + r["developments"] for r in rows) or 1,
        "rows": [{"label": r["label"], "href": _page(r["iri"]),
                  "parts": [r["weaknesses"], r["strengths"], r["developments"]],
                  "words": f"{r['weaknesses']} W, {r['strengths']} S, {r['developments']} D"} for r in rows],
        "columns": ["Body", "Weaknesses", "Strengths", "Developments"],
        "table": [[r["label"], r["weaknesses"], r["strengths"], r["developments"]] for r in rows],
    }


def _when(row: dict) -> str:
    text = date.fromisoformat(row["date"]).strftime(DATE_FORMATS[row["precision"]])
    return ("about " if row["approximate"] else "") + text.lstrip("0")


def timeline_chart() -> dict:
    svc = service()
    rows = timeline(compute("timeline", svc.store, svc.catalogue), compute("actions", svc.store, svc.catalogue))
    start = date.fromisoformat(rows[0]["date"])
    span = max(1, (date.fromisoformat(rows[-1]["date"]) - start).days)
    years = round(span / 365.25, 1)
    return {
        "id": "chart-timeline", "title": "From the first improvement notice to the areas for improvement's due dates",
        "summary": f"{years} years pass from {rows[0]['label'].lower()} ({_when(rows[0])}) to the last due date "
                   f"({_when(rows[-1])}); {len(rows)} dated events, most of them in the last two years.",
        "series": [("elapsed", "time since the first event")],
        "max": span,
        "rows": [{"label": f"{_when(r)}: {r['label']}", "href": _page(r["iri"]), "kind": r["kind"],
                  "parts": [(date.fromisoformat(r["date"]) - start).days],
                  "words": r["kind"]} for r in rows],
        "columns": ["Date", "Precision", "Event", "Kind"],
        "table": [[r["date"], r["precision"] + (", approximate" if r["approximate"] else ""), r["label"], r["kind"]]
                  for r in rows],
    }


def for_report(name: str, report: Report) -> dict:
    """The charts a report's page shows, as template arguments."""
    if name == "who-owns-what":
        return {"findings_chart": findings_chart(report)}
    if name == "coverage":
        return {"coverage_chart": coverage_chart()}
    if name == "timeline":
        return {"timeline_chart": timeline_chart()}
    return {}
