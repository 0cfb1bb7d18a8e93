"""Where each area for improvement stands as of a day: the rows of the progress report, from queries/progress.rq.

An action's state on a day is its latest progress record dated that day or
before (the later recorded first among those of one day), leaving out records
a correction revises. It is **overdue** when its due date has passed and that
state is neither "completed" nor "verified"; **unverified** when that state is
"completed", dated more than ``VERIFY_WITHIN`` days before the day. The shapes
ikgsh:ActionOverdue and ikgsh:CompletedNotVerified say the same of the data.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from ..namespaces import Minter
from ..store import Store
from .answer import answer
from .catalogue import Catalogue

STATUSES = ("not-started", "in-progress", "completed", "verified", "at-risk")  # the scheme's notations, in order
DONE = ("completed", "verified")  # an action whose state is one of these is not overdue
VERIFY_WITHIN = 30  # days a completed action may wait for verification
LATEST = ("date", "record", "status_iri", "status_label", "body", "body_label", "agent")


def today() -> date:
    """Today in UTC: the default day of the progress report, and the latest day a record may refer to."""
    return datetime.now(UTC).date()


def status_name(iri: str) -> str:
    """A status's notation: the last segment of its IRI (``…/def/status/in-progress`` -> ``in-progress``)."""
    return iri.rsplit("/", 1)[-1]


def progress_rows(store: Store, catalogue: Catalogue, as_of: date) -> list[dict]:
    """One dict per action: its due date, record count, latest record as of the day, overdue, unverified."""
    rows = []
    for row in answer(store, catalogue, "progress", {"asOf": as_of.isoformat()}).rows:
        latest = dict(zip(LATEST, row["latest"].split("\t", len(LATEST) - 1))) if row["latest"] else None
        status = status_name(latest["status_iri"]) if latest else None
        late = (as_of - date.fromisoformat(latest["date"])).days if latest else 0
        rows.append({
            "iri": row["action"], "report": row["report"], "number": row["number"], "due_date": row["due"],
            "records": row["records"], "status": status, "status_label": latest["status_label"] if latest else None,
            "date": latest["date"] if latest else None, "record": latest["record"] if latest else None,
            "recorded_by": latest["agent"] if latest else None,
            "body": {"iri": latest["body"], "label": latest["body_label"]} if latest else None,
            "overdue": date.fromisoformat(row["due"]) < as_of and status not in DONE,
            "unverified": status == "completed" and late > VERIFY_WITHIN,
            "history": str(Minter.progress(row["action"]))})
    return rows
