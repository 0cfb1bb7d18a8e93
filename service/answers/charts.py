"""The figures behind the charts: plain data, each chart's rows exactly as its data table lists them.

* ``coverage_by_area``: per judged area, the weaknesses its section gives,
  answered and not (``queries/coverage-by-area.rq``, the count the coverage
  shape InadequateSectionAnswered makes);
* ``findings_by_body``: strengths, weaknesses and developments about each
  body (the who-owns-what report's counts), bodies with none left out;
* ``timeline``: the dated events (the timeline report) and the days the
  areas for improvement fall due (the actions report), in date order.
"""

from __future__ import annotations

from ..store import Store
from .catalogue import Catalogue
from .reports import Report, solutions

KINDS = ("weaknesses", "strengths", "developments")


def coverage_by_area(store: Store, catalogue: Catalogue) -> list[dict]:
    """[{iri, area, grade, paragraph, weaknesses, answered, unanswered}] in the report's order."""
    return [{"iri": r["judgement"], "area": r["area"], "grade": r["grade"], "paragraph": r["paragraph"],
             "weaknesses": r["weaknesses"], "answered": r["weaknesses"] - (r["unanswered"] or 0),
             "unanswered": r["unanswered"] or 0}
            for r in solutions(store, catalogue, "coverage-by-area")]


def findings_by_body(who_owns_what: Report) -> list[dict]:
    """[{iri, label, weaknesses, strengths, developments}], most weaknesses first, then by name."""
    rows = [{"iri": b["iri"], "label": b["label"], **{k: b["findings"][k] for k in KINDS}}
            for b in who_owns_what.data["bodies"] if any(b["findings"][k] for k in KINDS)]
    return sorted(rows, key=lambda r: (-r["weaknesses"], -r["strengths"], r["label"].lower()))


def timeline(events: Report, actions: Report) -> list[dict]:
    """[{date, label, kind, iri, approximate, precision}]: the report's dated events and the actions' due dates."""
    rows = [{"date": e["date"], "label": e["label"], "kind": e["kind"], "iri": e["iri"],
             "approximate": e["approximate"], "precision": e["precision"]} for e in events.data["events"]]
    due: dict[str, list[int]] = {}
    for action in actions.data["actions"]:
        due.setdefault(action["due_date"], []).append(action["number"])
    for date, numbers in due.items():
        rows.append({"date": date, "label": f"Areas for improvement {numbers[0]}-{numbers[-1]} due"
                     if len(numbers) > 1 else f"Area for improvement {numbers[0]} due",
                     "kind": "due date", "iri": None, "approximate": False, "precision": "day"})
    return sorted(rows, key=lambda r: (r["date"], r["kind"] == "due date"))
