"""The records in the ledger: appending one (with its audit entry, in one transaction), reading them back.

The ledger's order (``seq``) is the order records were acknowledged in; an
action's history is its records in that order. A record's time
(``recorded``) is taken inside the write transaction and never goes back, so
ordering by time gives the same history.
"""

from __future__ import annotations

import secrets
import sqlite3
from datetime import UTC, datetime, timedelta

from ..errors import Conflict, NotFound, Unauthorized, UserError
from . import audit
from .audit import Attempt
from .ledger import Ledger
from .records import Draft, Record
from .users import Principal

TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
COLUMNS = ("id", "report", "action", "status", "date", "note", "evidence", "agent", "role", "body", "recorded",
           "revises")


def _record(row: sqlite3.Row) -> Record:
    return Record(*(row[c] for c in COLUMNS), sequence=row["seq"])


def _after(db: sqlite3.Connection, now: str) -> str:
    """``now``, or a microsecond after the last record's time if the clock has not passed it."""
    last = db.execute("SELECT recorded FROM records ORDER BY seq DESC LIMIT 1").fetchone()
    if last is None or now > last[0]:
        return now
    return (datetime.strptime(last[0], TIME_FORMAT) + timedelta(microseconds=1)).strftime(TIME_FORMAT)


def _record_id(recorded: str) -> str:
    """32 hex digits: the microseconds since 1970 the record was made at (so ids sort as records were made),
    then 64 random bits."""
    micros = int((datetime.strptime(recorded, TIME_FORMAT).replace(tzinfo=UTC) - EPOCH) / timedelta(microseconds=1))
    return f"{micros:016x}{secrets.token_hex(8)}"


def _same(record: Record, draft: Draft, action: str) -> bool:
    return (record.action, record.status, record.date, record.note, record.evidence, record.revises) == \
        (action, draft.status, draft.date, draft.note, draft.evidence, draft.revises)


def append(ledger: Ledger, draft: Draft, who: Principal, action: str, report: str, attempt: Attempt,
           idempotency: str | None = None) -> tuple[Record, bool]:
    """Record a draft for ``who``; (the record, True) once it is on disk with its audit entry.

    A request repeated with the same idempotency key by the same user gets the
    record the first made, and False: nothing is written twice."""
    with ledger.write() as db:
        if db.execute("SELECT 1 FROM users WHERE name = ? AND revoked IS NULL", (who.name,)).fetchone() is None:
            raise Unauthorized(f"{who.name} was revoked, or is no user")
        if idempotency:
            row = db.execute("SELECT * FROM records WHERE agent = ? AND idempotency = ?",
                             (who.name, idempotency)).fetchone()
            if row is not None:
                first = _record(row)
                if not _same(first, draft, action):
                    raise Conflict(f"the idempotency key {idempotency[:80]!r} was used for another record "
                                   f"({first.iri})")
                audit.append(db, attempt, f"replayed: record {first.id} was made by the first request")
                return first, False
        if draft.revises:
            row = db.execute("SELECT action FROM records WHERE id = ?", (draft.revises,)).fetchone()
            if row is None or row[0] != action:
                raise NotFound(f"revises names no record of {action}: there is no record {draft.revises}")
        recorded = _after(db, audit.now())
        record_id = _record_id(recorded)
        entry = audit.append(db, attempt.asking({**draft.detail(), "id": record_id}), audit.ACCEPTED, at=recorded)
        cursor = db.execute(
            "INSERT INTO records (id, report, action, status, date, note, evidence, agent, role, body, recorded, "
            "revises, idempotency, audit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (record_id, report, action, draft.status, draft.date, draft.note, draft.evidence, who.name, who.role,
             who.body, recorded, draft.revises, idempotency, entry))
        seq = cursor.lastrowid
    return Record(record_id, report, action, draft.status, draft.date, draft.note, draft.evidence, who.name,
                  who.role, who.body, recorded, draft.revises, seq), True


def after(ledger: Ledger, seq: int) -> list[Record]:
    """The records after sequence number ``seq``, in order."""
    return [_record(r) for r in ledger.read().execute("SELECT * FROM records WHERE seq > ? ORDER BY seq", (seq,))]


def of_action(ledger: Ledger, action: str) -> list[Record]:
    """An action's history: its records, oldest first."""
    rows = ledger.read().execute("SELECT * FROM records WHERE action = ? ORDER BY seq", (action,))
    return [_record(r) for r in rows]


def find(ledger: Ledger, record_id: str) -> Record | None:
    row = ledger.read().execute("SELECT * FROM records WHERE id = ?", (record_id,)).fetchone()
    return _record(row) if row else None


def import_records(ledger: Ledger, records: list[Record], attempt: Attempt) -> tuple[int, int]:
    """Add records exported from a ledger (this one or another), oldest first, all or none; (added, already
    there). A record already here with other content is a Conflict; each added record is audited."""
    added = same = 0
    with ledger.write() as db:
        for record in sorted(records, key=lambda r: (r.recorded, r.id)):
            row = db.execute("SELECT * FROM records WHERE id = ?", (record.id,)).fetchone()
            if row is not None:
                if _record(row) == _with_sequence(record, row["seq"]):
                    same += 1
                    continue
                raise Conflict(f"record {record.iri} is already in the ledger with other content")
            entry = audit.append(db, attempt.asking({"id": record.id, "action": record.action, "agent": record.agent,
                                                     "status": record.status, "date": record.date}), audit.ACCEPTED)
            try:
                db.execute("INSERT INTO records (id, report, action, status, date, note, evidence, agent, role, body, "
                           "recorded, revises, audit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           (*(getattr(record, c) for c in COLUMNS), entry))
            except sqlite3.IntegrityError as exc:
                raise UserError(f"record {record.iri} cannot be imported: it revises {record.revises}, which is "
                                f"neither in the ledger nor in the file ({exc})") from exc
            added += 1
    return added, same


def _with_sequence(record: Record, seq: int) -> Record:
    return Record(*(getattr(record, c) for c in COLUMNS), sequence=seq)
