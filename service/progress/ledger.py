"""The ledger: the system of record for progress, users and the audit log, one SQLite database.

Why SQLite: it is the most widely deployed and tested embedded database, its
transactions are atomic, consistent, isolated and durable across a crash of
the process or of the machine, it needs no server, and any number of
processes (the web workers, the command line) may open one file at once.

How it is opened (``connect``):

* WAL journal (``journal_mode=WAL``): readers never block the writer nor the
  writer them; a reader sees every transaction committed before it began;
* ``synchronous=FULL``: a commit returns only once the WAL is on disk (an
  fsync per commit), so an acknowledged write survives a power cut too, not
  only ``kill -9`` of the server (NORMAL would survive the latter alone);
* ``BEGIN IMMEDIATE`` for every write: writers queue on SQLite's lock
  (``busy_timeout``), so the audit chain and the records' order are one
  sequence, whichever process writes;
* triggers refuse UPDATE and DELETE on records and on the audit log: the
  database itself keeps them append-only (the audit chain shows whoever
  goes around it).

Each thread of each process has its own connection.
"""

from __future__ import annotations

import fcntl
import sqlite3
import threading
from collections.abc import Generator
from contextlib import contextmanager
from pathlib import Path

from ..errors import UserError

SCHEMA_VERSION = 1
BUSY_MS = 30_000  # how long a writer waits for another's transaction before giving up
SYNCHRONOUS = ("FULL", "NORMAL")  # FULL is the default and the recommendation; NORMAL for the benchmark baseline

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,     -- the ledger's order, never reused
    id TEXT NOT NULL UNIQUE,                   -- the last segment of the record's IRI
    report TEXT NOT NULL,                      -- the report's id: the record goes in its progress graph
    action TEXT NOT NULL,                      -- the area for improvement's IRI
    status TEXT NOT NULL,                      -- a notation of the statuses scheme: in-progress ...
    date TEXT NOT NULL,                        -- the day the status refers to (YYYY-MM-DD)
    note TEXT NOT NULL,
    evidence TEXT,                             -- a URL or a document reference
    agent TEXT NOT NULL,                       -- the user's name
    role TEXT NOT NULL,                        -- the user's role when they recorded it
    body TEXT NOT NULL,                        -- the IRI of the body they recorded it for
    recorded TEXT NOT NULL,                    -- when it was acknowledged (UTC, microseconds)
    revises TEXT REFERENCES records(id),       -- the id of the record it corrects
    idempotency TEXT,                          -- the client's key for retrying a request safely
    audit INTEGER NOT NULL,                    -- the audit entry written with it
    UNIQUE (agent, idempotency)
);
CREATE INDEX IF NOT EXISTS records_by_action ON records (action, seq);
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('editor', 'verifier', 'admin')),
    created TEXT NOT NULL,
    revoked TEXT
);
CREATE TABLE IF NOT EXISTS tokens (
    id TEXT PRIMARY KEY,                       -- the public part of the token, to find it
    user TEXT NOT NULL REFERENCES users(name),
    salt BLOB NOT NULL,
    hash BLOB NOT NULL,                        -- scrypt of the secret part: the token itself is never kept
    created TEXT NOT NULL,
    revoked TEXT
);
CREATE TABLE IF NOT EXISTS sessions (
    id_hash TEXT PRIMARY KEY,                  -- sha256 of the cookie's value
    user TEXT NOT NULL REFERENCES users(name),
    csrf TEXT NOT NULL,
    created TEXT NOT NULL,
    expires REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (key TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS failures_by_key ON failures (key, at);
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,                       -- a user's name, or '-' when none was authenticated
    address TEXT NOT NULL,                     -- the client's address, or 'cli'
    operation TEXT NOT NULL,                   -- progress.add, users.add, sign-in ...
    target TEXT NOT NULL,                      -- what it was done to: an action's IRI, a user's name
    outcome TEXT NOT NULL,                     -- 'accepted', or 'refused 403: why'
    detail TEXT NOT NULL,                      -- what was asked, as canonical JSON
    prev TEXT NOT NULL,                        -- the previous entry's hash
    hash TEXT NOT NULL                         -- sha256 over prev and this entry's fields
);
CREATE TRIGGER IF NOT EXISTS records_never_change BEFORE UPDATE ON records
    BEGIN SELECT RAISE(ABORT, 'progress records are never changed: record a correction'); END;
CREATE TRIGGER IF NOT EXISTS records_never_go BEFORE DELETE ON records
    BEGIN SELECT RAISE(ABORT, 'progress records are never deleted'); END;
CREATE TRIGGER IF NOT EXISTS audit_never_changes BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_never_goes BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


class Ledger:
    """One ledger file; a connection per thread, opened on first use."""

    def __init__(self, path: Path, synchronous: str = "FULL", create: bool = True):
        self.path = Path(path)
        self.synchronous = synchronous.upper()
        if self.synchronous not in SYNCHRONOUS:
            raise UserError(f"synchronous must be one of {', '.join(SYNCHRONOUS)}, not {synchronous!r}")
        self.local = threading.local()
        # Writers queue on this process's lock, then on an flock of the ledger's lock file shared by every
        # process, rather than on SQLite's own lock, whose busy handler polls with growing sleeps (up to 100 ms)
        # and so lets one process's writers starve another's for seconds under load. The kernel wakes a waiter
        # on flock as soon as it is free.
        self.writing = threading.Lock()
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        if create:
            self._create()
        elif not self.path.is_file():
            raise UserError(f"no ledger at {self.path}: it is made by `inspection-kg serve` or "
                            "`inspection-kg users add` (set --ledger or INSPECTION_KG_LEDGER)")

    def _create(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"cannot make the ledger's folder {self.path.parent}: {exc.strerror or exc}") from exc
        try:
            self.connection().executescript(f"BEGIN IMMEDIATE; {SCHEMA} INSERT OR IGNORE INTO meta "
                                            f"VALUES ('schema', '{SCHEMA_VERSION}'); COMMIT;")
        except sqlite3.OperationalError as exc:
            raise UserError(f"cannot make the ledger {self.path}: {exc}") from exc
        found = self.read().execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if found is None or int(found[0]) != SCHEMA_VERSION:
            raise UserError(f"{self.path}: a ledger of schema {found[0] if found else '?'}, "
                            f"not {SCHEMA_VERSION}, which this version reads")

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (autocommit: transactions are begun explicitly)."""
        db = getattr(self.local, "db", None)
        if db is None:
            try:
                db = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_MS / 1000,
                                     check_same_thread=True)
                db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
                if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    db.execute("PRAGMA journal_mode = WAL")
                db.execute(f"PRAGMA synchronous = {self.synchronous}")
                db.execute("PRAGMA foreign_keys = ON")
            except sqlite3.DatabaseError as exc:
                raise UserError(f"{self.path}: not a ledger that can be opened: {exc}") from exc
            db.row_factory = sqlite3.Row
            self.local.db = db
        return db

    def read(self) -> sqlite3.Connection:
        """The connection for reads: each statement sees every transaction committed before it."""
        return self.connection()

    @contextmanager
    def write(self) -> Generator[sqlite3.Connection, None, None]:
        """A write transaction (BEGIN IMMEDIATE ... COMMIT); rolled back if anything in it fails.

        When the block returns, the commit has been synced to disk (synchronous=FULL): the write is
        acknowledged, and only then may the caller say so."""
        db = self.connection()
        with self.writing, open(self.lock_path, "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, after the commit
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                if db.in_transaction:
                    db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    def head(self) -> int:
        """The sequence number of the last record (0 when there is none): what a follower has to reach."""
        row = self.read().execute("SELECT seq FROM sqlite_sequence WHERE name = 'records'").fetchone()
        return row[0] if row else 0

    def close(self) -> None:
        """Close this thread's connection."""
        db = getattr(self.local, "db", None)
        if db is not None:
            db.close()
            self.local.db = None
