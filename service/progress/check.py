"""The shapes over the progress records as of a day: ``inspection-kg progress check``.

Validates the dataset's asserted graphs, the ledger's records and an
``ikg:ProgressCheck`` naming the reference day together against the shapes,
and keeps what the shapes about progress find: faulty records (violations),
actions past their due date and not completed (warnings), actions completed
and not verified a month on (notes).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyoxigraph as ox

from ..config import Paths
from ..graph import coverage, validate_file
from ..namespaces import NAMESPACES, XSD_DATE
from ..store import OxigraphStore, plain_rows
from . import history
from .ledger import Ledger
from .records import TYPE

SHAPES = tuple(NAMESPACES["ikgsh"] + name for name in (
    "ProgressStatus", "ProgressDate", "ProgressDateNotInFuture", "ProgressAgentAuthority",
    "ProgressVerifiedByVerifier", "ActionOverdue", "CompletedNotVerified"))


ACTIONS = f"SELECT ?action WHERE {{ ?action a <{NAMESPACES['ikg']}Action> }}"


def check_quads(as_of: date, actions: list[str]) -> list[ox.Quad]:
    """The check, as the shapes read it: ``[] a ikg:ProgressCheck ; ikg:asOf "…"^^xsd:date ; ikg:covers <action>``."""
    node, ikg = ox.BlankNode("check"), NAMESPACES["ikg"]
    return [ox.Quad(node, TYPE, ox.NamedNode(ikg + "ProgressCheck")),
            ox.Quad(node, ox.NamedNode(ikg + "asOf"), ox.Literal(as_of.isoformat(), datatype=ox.NamedNode(XSD_DATE))),
            *(ox.Quad(node, ox.NamedNode(ikg + "covers"), ox.NamedNode(a)) for a in actions)]


def check(dataset: Path, ledger: Ledger | None, base: str, as_of: date, paths: Paths | None = None) -> dict:
    """The coverage document (as ``inspection-kg validate --format json`` gives it) of the progress shapes."""
    actions = [row["action"] for row in plain_rows(OxigraphStore.from_file(dataset).query(ACTIONS))]
    quads = check_quads(as_of, actions)
    for record in history.after(ledger, 0) if ledger is not None else []:
        quads.extend(ox.Quad(t.subject, t.predicate, t.object) for t in record.triples(base))
    validation = validate_file(dataset, paths, quads)
    document = coverage.document(r for r in validation.data["results"] if r["shape"] in SHAPES)
    return {"as_of": as_of.isoformat(), **document}
