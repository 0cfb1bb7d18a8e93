"""The command line's progress commands: ``users``, ``progress`` and ``audit`` (the parser adds them).

Each parses its arguments and calls the progress stage. A command that
writes runs as the operator of the machine (audited from the address ``cli``):
``users`` manages who may write; ``progress add`` records as a named user,
checked exactly as the web checks that user; ``progress import`` restores
an exported history.
"""

from __future__ import annotations

import csv
import getpass
import io
import json
import sys
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from ..answers import solutions_table, today
from ..config import Paths
from ..errors import NotFound, UserError
from ..namespaces import configured_base, looks_like_iri
from ..progress import (
    EXCHANGE_FORMATS,
    MAX_NOTE,
    ROLES,
    STATUSES,
    Attempt,
    Ledger,
    Tracker,
    Users,
    add_to,
    after,
    check,
    entries,
    export,
    import_records,
    is_body,
    read,
    verify,
)


def ledger_option(p) -> None:
    p.add_argument("--ledger", help="the ledger file (default: INSPECTION_KG_LEDGER, else var/ledger.sqlite3 in a "
                                    "checkout, else the user's data folder)")


def ledger_path(args) -> Path:
    return Path(args.ledger) if getattr(args, "ledger", None) else Paths.default().ledger


def _ledger(args, create: bool = True) -> Ledger:
    return Ledger(ledger_path(args), create=create)


def with_records(store, args):
    """The store with the ledger's records in its progress graphs, as the web serves it (if there is a ledger)."""
    path = ledger_path(args)
    if store.writable and path.is_file():  # a store on disk or a server holds what `load` put there
        records = after(Ledger(path, create=False), 0)
        if records:
            add_to(store, records, configured_base(), str(records[-1].sequence))
    return store


def _operator(operation: str, target: str) -> Attempt:
    return Attempt(operation, target, "cli", f"os:{getpass.getuser()}")


def day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"--as-of must be a day as YYYY-MM-DD, not {text!r}") from None


# ---------------------------------------------------------------- users

def cmd_users(args, store_of) -> int:
    users = Users(_ledger(args))
    if args.action == "list":
        print(json.dumps(users.list(), indent=2))
        return 0
    if not args.name:
        raise UserError(f"users {args.action} needs a NAME")
    if args.action == "add":
        if not (args.body and args.role):
            raise UserError("users add needs --body IRI and --role " + "|".join(ROLES))
        if not looks_like_iri(args.body) or not is_body(store_of(args), args.body):
            raise NotFound(f"--body {args.body[:100]!r} is not a body of the dataset (an ikg:Body IRI)")
        token = users.add(args.name, args.body, args.role, _operator("users.add", args.name))
    elif args.action == "token":
        token = users.token(args.name, _operator("users.token", args.name))
    else:
        users.revoke(args.name, _operator("users.revoke", args.name))
        print(f"revoked {args.name}: their tokens and sessions no longer work; their records stay")
        return 0
    print(token)
    print(f"(the token of {args.name}, shown this once: the ledger keeps only a salted hash of it)", file=sys.stderr)
    return 0


# ---------------------------------------------------------------- progress

def cmd_progress(args, store_of, write) -> int:
    if args.action == "add":
        return _add(args, store_of)
    if args.action == "list":
        records = [r.to_json(configured_base()) for r in after(_ledger(args, create=False), 0)
                   if not args.record_of or r.action == args.record_of]
        if args.format == "json":
            write(args, json.dumps({"records": records}, indent=2, ensure_ascii=False) + "\n")
        else:
            write(args, _table(records, args.format))
        return 0
    if args.action == "export":
        write(args, export(_ledger(args, create=False), configured_base(), args.format or "trig"))
        return 0
    if args.action == "import":
        if not args.file:
            raise UserError("progress import needs the FILE to read")
        records = read(Path(args.file), store_of(args), configured_base())
        added, there = import_records(_ledger(args), records, _operator("progress.import", Path(args.file).name))
        print(f"imported {added} records ({there} already in the ledger) from {args.file}")
        return 0
    as_of = day(args.as_of) if args.as_of else today()
    dataset = Path(args.dataset) if args.dataset else None
    path = ledger_path(args)
    document = check(dataset or _built(), Ledger(path, create=False) if path.is_file() else None,
                     configured_base(), as_of)
    write(args, json.dumps(document, indent=2, ensure_ascii=False) + "\n" if args.format == "json"
          else _check_text(document))
    return 1 if document["violations"] else 0


def _built() -> Path:
    from .graph import build

    return build().dataset


def _add(args, store_of) -> int:
    missing = [o for o in ("user", "record_of", "status", "date") if not getattr(args, o)]
    if missing:
        raise UserError("progress add needs --user, --action, --status and --date (missing: "
                        f"{', '.join('--' + ('action' if m == 'record_of' else m) for m in missing)})")
    tracker = Tracker(_ledger(args), store_of(args), configured_base())
    with tracker.audited(_operator("progress.add", args.record_of)) as audited:
        who = tracker.users.get(args.user)
        if who is None:
            raise NotFound(f"no active user {args.user!r} (inspection-kg users list)")
        payload = {k: v for k, v in (("status", args.status), ("date", args.date), ("note", args.note),
                                     ("evidence", args.evidence), ("revises", args.revises)) if v}
        audited.attempt = audited.attempt.by(who.name).asking(payload)
        record, _ = tracker.record(who, args.record_of, payload, audited.attempt)
    print(json.dumps(record.to_json(configured_base()), indent=2, ensure_ascii=False))
    return 0


def _table(records: list[dict], fmt: str) -> str:
    columns = ["sequence", "recorded_at", "action", "status", "date", "recorded_by", "body", "note", "evidence",
               "revises", "iri"]
    rows = [{**r, "recorded_by": r["recorded_by"]["name"]} for r in records]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    return solutions_table(_Rows(columns, rows), 40)


class _Rows:
    """Plain rows, read by ``solutions_table`` as query solutions are (aligned as `inspection-kg query` prints)."""

    def __init__(self, columns: list[str], rows: list[dict]):
        self.variables = [ox.Variable(c) for c in columns]
        self.rows = [{c: ox.Literal(str(r[c])) if r.get(c) not in (None, "") else None for c in columns}
                     for r in rows]

    def __iter__(self):
        return iter(self.rows)


def _check_text(document: dict) -> str:
    lines = [f"progress as of {document['as_of']}: {document['violations']} violations, {document['warnings']} "
             f"warnings, {document['infos']} notes"]
    lines += [f"  {r['severity']}: {r['message']}" for r in document["results"]]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- audit

def cmd_audit(args, write) -> int:
    ledger = _ledger(args, create=False)
    if args.action == "verify":
        result = verify(ledger)
        print(result.summary())
        return 0 if result.intact else 1
    write(args, json.dumps(entries(ledger, None, args.limit), indent=2, ensure_ascii=False) + "\n")
    return 0


def add_commands(sub, command, dataset_option, runner) -> None:
    """The users, progress and audit subcommands, on the command line's parser; ``runner`` runs them."""
    p = command(sub, "users")
    p.add_argument("action", choices=["add", "token", "revoke", "list"])
    p.add_argument("name", nargs="?", help="the user's name: lower-case letters, digits, '.', '_', '-'")
    p.add_argument("--body", help="users add: the IRI of the body the user acts for")
    p.add_argument("--role", choices=ROLES, help="users add: what the user may do")
    ledger_option(p)
    p.add_argument("--dataset", help="the dataset whose bodies --body names (default: the build's)")
    p.add_argument("--store", metavar="SPEC", help="the store whose bodies --body names (default: the memory store, "
                                                   "or INSPECTION_KG_STORE)")
    p.set_defaults(run=runner, group="users")

    p = command(sub, "progress")
    p.add_argument("action", choices=["add", "list", "export", "import", "check"])
    p.add_argument("file", nargs="?", help="progress import: the TriG or N-Quads file to read")
    p.add_argument("--user", help="add: the user who records it")
    p.add_argument("--action", dest="record_of", metavar="IRI", help="add: the area for improvement's IRI; "
                                                                     "list: only its records")
    p.add_argument("--status", choices=STATUSES, help="add: where it stands")
    p.add_argument("--date", help="add: the day the status refers to (YYYY-MM-DD, not in the future)")
    p.add_argument("--note", help=f"add: what happened (at most {MAX_NOTE} characters)")
    p.add_argument("--evidence", help="add: a URL or a reference to a document")
    p.add_argument("--revises", metavar="IRI", help="add: the record this one corrects")
    p.add_argument("--as-of", help="check: the day to check as of (default: today)")
    p.add_argument("--format", help=f"list: table, json or csv; export: {' or '.join(EXCHANGE_FORMATS)}; "
                                    "check: text or json")
    ledger_option(p)
    dataset_option(p)
    p.set_defaults(run=runner, group="progress")

    p = command(sub, "audit")
    p.add_argument("action", choices=["verify", "list"])
    p.add_argument("--limit", type=int, default=50, help="list: how many entries, newest first (default 50)")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")
    ledger_option(p)
    p.set_defaults(run=runner, group="audit")


def check_format(args) -> None:
    """UserError when --format does not fit the progress action."""
    allowed = {"list": ("table", "json", "csv"), "export": EXCHANGE_FORMATS, "check": ("text", "json")}
    if args.format and args.format not in allowed.get(args.action, ()):
        raise UserError(f"progress {args.action}: --format is one of {', '.join(allowed.get(args.action, ()))}"
                        if args.action in allowed else f"progress {args.action} takes no --format")


def run(args, store_of, write) -> int:
    """Run a users, progress or audit command."""
    if args.group == "users":
        return cmd_users(args, store_of)
    if args.group == "progress":
        check_format(args)
        args.format = args.format or {"list": "table", "export": "trig", "check": "text"}.get(args.action)
        return cmd_progress(args, store_of, write)
    return cmd_audit(args, write)
