"""The audit log: every write, accepted or refused, with who, when, what and from where, in a hash chain.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's
own fields (as canonical JSON), so changing, removing or reordering a stored
entry breaks the chain from there on; ``verify`` walks it and says where.
An entry cut from the end of the log is missed too: SQLite's counter of the
entries ever written stays ahead of the last one, and each record keeps the
number of the entry written with it. The log is append-only in the database
(triggers); the chain is what shows whoever went around that.

An accepted write's entry is written in the same transaction as the write
itself: both are there, or neither.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from .ledger import Ledger

GENESIS = "0" * 64  # the "previous hash" of the first entry
FIELDS = ("seq", "at", "actor", "address", "operation", "target", "outcome", "detail")
ACCEPTED = "accepted"
NOBODY = "-"  # the actor of a request that authenticated no one


def now() -> str:
    """The time now, UTC, to the microsecond: ``2013-01-15T10:00:00.000000Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(value) -> str:
    """JSON with sorted keys and no spaces: the same data always gives the same text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)  # any text: \\u escapes


def entry_hash(prev: str, fields: dict) -> str:
    """The hash of an entry: SHA-256 of the previous hash and the canonical JSON of its fields."""
    text = prev + canonical([fields[name] for name in FIELDS])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Attempt:
    """Who is trying to do what, from where: what an audit entry records, whatever the outcome."""

    operation: str
    target: str
    address: str
    actor: str = NOBODY
    detail: dict | None = None

    def by(self, actor: str) -> Attempt:
        return Attempt(self.operation, self.target, self.address, actor, self.detail)

    def asking(self, detail: dict) -> Attempt:
        return Attempt(self.operation, self.target, self.address, self.actor, detail)


def append(db: sqlite3.Connection, attempt: Attempt, outcome: str, at: str | None = None) -> int:
    """Add an entry inside the caller's write transaction; its sequence number."""
    last = db.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    prev = last[0] if last else GENESIS
    seq = (db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone() or (0,))[0] + 1
    fields = {"seq": seq, "at": at or now(), "actor": attempt.actor, "address": attempt.address or "-",
              "operation": attempt.operation, "target": attempt.target, "outcome": outcome,
              "detail": canonical(attempt.detail or {})}
    db.execute("INSERT INTO audit (seq, at, actor, address, operation, target, outcome, detail, prev, hash) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               (*(fields[name] for name in FIELDS), prev, entry_hash(prev, fields)))
    return seq


def refused(ledger: Ledger, attempt: Attempt, status: int, message: str) -> None:
    """Log a refused write, in a transaction of its own: nothing else was written."""
    with ledger.write() as db:
        append(db, attempt, f"refused {status}: {message}"[:1000])


@dataclass(frozen=True)
class Check:
    """What ``verify`` found: intact or not, how many entries, and where the chain breaks."""

    intact: bool
    entries: int
    head: str
    problem: str = ""

    def summary(self) -> str:
        if self.intact:
            return f"the audit log is intact: {self.entries} entries, the last hash {self.head}"
        return f"the audit log is NOT intact: {self.problem}"


def verify(ledger: Ledger) -> Check:
    """Walk the chain from the first entry; the first entry whose hash or link does not hold breaks it."""
    db = ledger.read()
    prev, count, expected_seq = GENESIS, 0, 1
    for row in db.execute("SELECT * FROM audit ORDER BY seq"):
        fields = {name: row[name] for name in FIELDS}
        if row["seq"] != expected_seq:
            return Check(False, count, prev, f"entry {expected_seq} is missing (the next is {row['seq']})")
        if row["prev"] != prev:
            return Check(False, count, prev, f"entry {row['seq']} does not follow entry {row['seq'] - 1}: "
                                             "an entry before it was changed, removed or inserted")
        if entry_hash(prev, fields) != row["hash"]:
            return Check(False, count, prev, f"entry {row['seq']} was changed after it was written "
                                             "(its hash does not match its content)")
        prev, count, expected_seq = row["hash"], count + 1, expected_seq + 1
    counter = (db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone() or (0,))[0]
    if counter > count:  # SQLite's own counter of entries ever written: entries were deleted from the end
        return Check(False, count, prev, f"entries {count + 1} to {counter} were written and are gone: entries "
                                         "were cut from the end of the log")
    orphan = db.execute("SELECT r.id, r.audit FROM records r LEFT JOIN audit a ON a.seq = r.audit "
                        "WHERE a.seq IS NULL OR a.operation NOT LIKE 'progress.%' LIMIT 1").fetchone()
    if orphan is not None:
        return Check(False, count, prev, f"record {orphan['id']} names audit entry {orphan['audit']}, "
                                         "which is not in the log: entries were cut from it")
    return Check(True, count, prev)


def entries(ledger: Ledger, before: int | None = None, limit: int = 100) -> list[dict]:
    """The latest entries (before the entry ``before``, when given), newest first."""
    db = ledger.read()
    if before is None:
        rows = db.execute("SELECT * FROM audit ORDER BY seq DESC LIMIT ?", (limit,))
    else:
        rows = db.execute("SELECT * FROM audit WHERE seq < ? ORDER BY seq DESC LIMIT ?", (before, limit))
    return [{**{name: row[name] for name in FIELDS}, "detail": json.loads(row["detail"]), "prev": row["prev"],
             "hash": row["hash"]} for row in rows]
