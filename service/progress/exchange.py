"""The whole history as RDF and back: ``inspection-kg progress export`` and ``import``.

Export writes every record (and its agent) into the progress graph of its
report, sorted, so the same ledger always gives the same bytes; import reads
such a file back into a ledger, keeping each record's id, time, author and
body. Exporting, importing into an empty ledger and exporting again gives the
same file.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import UserError
from ..namespaces import NAMESPACES, Minter
from ..store import Store, rdf_format, serialize_dataset
from . import history
from .authority import report_of
from .ledger import Ledger
from .records import (
    ACTED_FOR,
    ASSOCIATED,
    ENDED,
    EVIDENCE,
    LABEL,
    NOTE,
    ON_BEHALF_OF,
    PROGRESS_OF,
    RECORD,
    RECORD_ID,
    REVISES,
    STATUS,
    STATUS_DATE,
    STATUSES,
    TYPE,
    USER_ROLE,
    Record,
)
from .sync import progress_graph

FORMATS = ("trig", "nq")


def export(ledger: Ledger, base: str, fmt: str = "trig") -> bytes:
    """Every record of the ledger as TriG or N-Quads, one progress graph per report."""
    if fmt not in FORMATS:
        raise UserError(f"the history is exported as {' or '.join(FORMATS)}, which keep the graphs; not {fmt!r}")
    quads = []
    for record in history.after(ledger, 0):
        graph = ox.NamedNode(progress_graph(record.report, base))
        quads.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in record.triples(base))
    return serialize_dataset(quads, rdf_format(fmt))


def read(path: Path, store: Store, base: str) -> list[Record]:
    """The records of an exported file; UserError naming the record (or the file) that is not one."""
    path = Path(path)
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.N_QUADS
    try:
        dataset = ox.Dataset(ox.parse(path=str(path), format=fmt))
    except (SyntaxError, ValueError) as exc:
        raise UserError(f"{path.name}: cannot be read as {fmt.name}: {exc}") from exc
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from exc
    graph = {(q.subject, q.predicate): q.object for q in dataset}  # every property read here has one value
    subjects = sorted({q.subject for q in dataset.quads_for_object(RECORD) if q.predicate == TYPE}, key=str)
    if not subjects and len(dataset):
        raise UserError(f"{path.name}: holds no progress record (ikg:ProgressRecord)")
    return [_record(graph, subject, store, base, path.name) for subject in subjects]


def _record(graph: dict, me, store: Store, base: str, where: str) -> Record:
    def one(subject, predicate, what: str):
        value = graph.get((subject, predicate))
        if value is None:
            raise UserError(f"{where}: record <{me.value}> has no {what}")
        return value

    action = one(me, PROGRESS_OF, "ikg:progressOf").value
    record_id = me.value.rpartition("/")[2]
    if me.value != str(Minter.progress(action, record_id)) or not RECORD_ID.match(record_id):
        raise UserError(f"{where}: record <{me.value}> is not named …/progress/<32 hex digits> under its action")
    status = one(me, STATUS, "ikg:status").value.removeprefix(NAMESPACES["status"])
    if status not in STATUSES:
        raise UserError(f"{where}: record <{me.value}> has a status outside the scheme")
    agent = one(me, ASSOCIATED, "prov:wasAssociatedWith")
    name = one(agent, LABEL, "agent with a label").value
    if agent.value != str(Minter(base).agent(name)):
        raise UserError(f"{where}: record <{me.value}>'s agent <{agent.value}> is not {Minter(base).agent(name)}")
    evidence, revises, note = graph.get((me, EVIDENCE)), graph.get((me, REVISES)), graph.get((me, NOTE))
    body = one(me, ON_BEHALF_OF, "ikg:onBehalfOf").value
    if graph.get((agent, ACTED_FOR)) not in (None, ox.NamedNode(body)):
        raise UserError(f"{where}: record <{me.value}> is for another body than its agent's")
    return Record(record_id, report_of(store, action)[len(base):], action, status,
                  one(me, STATUS_DATE, "ikg:statusDate").value, note.value if note else "",
                  evidence.value if evidence else None, name,
                  one(agent, USER_ROLE, "ikg:userRole").value.removeprefix(NAMESPACES["role"]), body,
                  one(me, ENDED, "prov:endedAtTime").value, revises.value.rpartition("/")[2] if revises else None)
