"""Tracking the plan: the sixth stage.

Takes a ``Store`` (the areas for improvement, who holds which role on each,
the part-of closure) and the ledger, a SQLite database outside build/
(``config.Paths.ledger``); gives progress records, each checked (a status of
the scheme, a day not in the future) and authorised (``authority``) before
it is written, never changed afterwards; the users who make them, their
tokens and sessions; the audit log of every attempt, in a hash chain; the
``Follower`` that adds acknowledged records to a store's progress graphs in
every process; the history as TriG or N-Quads and back; and the shapes' check
of the records as of a day.
"""

from .audit import Attempt, Check, entries, verify
from .authority import is_body, may_record, report_of
from .check import check
from .exchange import FORMATS as EXCHANGE_FORMATS
from .exchange import export, read
from .history import after, import_records, of_action
from .ledger import SYNCHRONOUS, Ledger
from .records import MAX_NOTE, ROLES, STATUSES, Record
from .sync import Follower, add_to, progress_graph
from .tracker import Tracker, today
from .users import Principal, Users

__all__ = ["Attempt", "Check", "entries", "verify", "is_body", "may_record", "report_of", "check",
           "EXCHANGE_FORMATS", "export", "read", "after", "import_records", "of_action", "SYNCHRONOUS", "Ledger",
           "MAX_NOTE", "ROLES", "STATUSES", "Record", "Follower", "add_to", "progress_graph", "Tracker",
           "today", "Principal", "Users"]
