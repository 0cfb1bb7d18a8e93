"""Helpers for the progress tests: users made in a real ledger, records posted to a real server, the ledger read.

The users are the issue's cases, on the Birmingham report as curated in
data/birmingham-2012/actions.ttl and bodies.ttl: the BSCB is responsible for
areas for improvement 2, 10, 13 and 14 and a partner in 11; Birmingham City
Council is accountable for all fourteen and responsible for 1, 3-9 and 12;
the BSCB's independent chair is a post in the BSCB.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import requests
from conftest import body_iri, in_report

from service.progress import Attempt, Ledger, Users

BSCB, COUNCIL, CHAIR = body_iri("bscb"), body_iri("birmingham-city-council"), body_iri("bscb-independent-chair")
POLICE = body_iri("police")
SOCIAL_CARE = body_iri("childrens-social-care")  # a unit of children's services, a unit of the council
BSCB_ACTIONS = (2, 10, 13, 14)    # responsible
COUNCIL_ACTIONS = (1, 3, 4, 5, 6, 7, 8, 9, 12)


def action(number: int) -> str:
    return in_report(f"action/{number}")


def history_path(number: int) -> str:
    return f"/id/birmingham-2012/action/{number}/progress"


def make_users(path: Path, *specs: tuple[str, str, str]) -> dict[str, str]:
    """Users (name, body, role) in the ledger at ``path``; their tokens by name."""
    users = Users(Ledger(path))
    return {name: users.add(name, body, role, Attempt("users.add", name, "test", "test"))
            for name, body, role in specs}


def post(base: str, number: int, token: str | None, record: dict, **headers) -> requests.Response:
    """POST a record as JSON with a bearer token (or none)."""
    if token:
        headers["Authorization"] = f"Bearer {token}"
    response = requests.post(base + history_path(number), json=record, headers=headers, timeout=60)
    assert response.status_code < 500, response.text[:300]
    return response


def stored(path: Path) -> int:
    """How many records the ledger holds, read with sqlite3 itself."""
    with sqlite3.connect(path) as db:
        return db.execute("SELECT COUNT(*) FROM records").fetchone()[0]


def audit_rows(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT seq, actor, address, operation, target, outcome FROM audit ORDER BY seq").fetchall()


def error(response: requests.Response, status: int) -> str:
    """The message of an error in the one JSON shape, after checking its status."""
    assert response.status_code == status, (response.status_code, response.text[:300])
    document = response.json()
    assert set(document["error"]) == {"status", "title", "message"} and document["error"]["status"] == status
    assert document["error"]["message"]
    return document["error"]["message"]
