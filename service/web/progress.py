"""Progress on an area for improvement: its history, recording a record, and the audit log.

    GET  /id/<report>/action/<n>/progress        the action's records, oldest first: HTML, or JSON (.json)
    POST /id/<report>/action/<n>/progress        record progress: JSON with a bearer token (201, the record),
                                                 or the action page's form in a signed-in session (303 back)
    GET  /audit                                  the audit log, newest first, and whether its chain holds
                                                 (admins only; .json twin; ?before=N pages back)

Every POST, accepted or refused, leaves an audit entry; a refused one writes
nothing else. A client may send ``Idempotency-Key``: the same request sent
again (after a lost answer) gets the first one's record, not a second record.
Each record is a resource of its own (``…/progress/<id>``) served by the
linked-data routes, since it is in the store as soon as it is acknowledged.
"""

from __future__ import annotations

import json

from flask import Blueprint, current_app, jsonify, redirect, render_template, request
from werkzeug.exceptions import RequestEntityTooLarge

from ..answers import STATUSES, progress_rows, scope, today
from ..errors import Forbidden, NotFound, TooLarge, UnsupportedMediaType, UserError
from ..namespaces import NAMESPACES
from ..progress import entries, may_record, report_of, verify
from ..publish import ID_ROUTE, iri_of_path, page_url
from . import service
from .auth import attempt, caller, check_csrf
from .http import decode_pairs, json_document, preflight, respond
from .twins import alternates, chosen_format, twin_response

bp = Blueprint("progress", __name__)
FORMATS = ["html", "json"]
FORM_FIELDS = ("status", "date", "note", "evidence", "revises")
MAX_KEY = 200  # characters of an Idempotency-Key
AUDIT_PAGE = 100


def _action(stem: str) -> str:
    return iri_of_path(stem, current_app.config["BASE"])


@bp.route(f"{ID_ROUTE}<path:stem>/progress", methods=["GET", "POST", "OPTIONS"])
@bp.route(f"{ID_ROUTE}<path:stem>/progress.<suffix>", methods=["GET", "OPTIONS"])
def history(stem: str, suffix: str | None = None):
    """An action's history (GET), or a new record of it (POST)."""
    if request.method == "OPTIONS":
        return preflight("GET, POST, HEAD, OPTIONS" if suffix is None else "GET, HEAD, OPTIONS")
    action = _action(stem)
    if request.method == "POST":
        return _record(action)
    if suffix is not None and suffix not in FORMATS:
        raise NotFound(f"the history has no .{suffix[:20]} form; it comes as .json or HTML (no suffix)")
    svc, base = service(), current_app.config["BASE"]
    records = svc.progress.history(action)  # NotFound for an IRI that is no action
    here = f"{ID_ROUTE}{stem}/progress"
    twins = alternates(here, FORMATS)
    fmt = chosen_format(suffix, FORMATS)
    if fmt == "json":
        body = json.dumps({"action": action, "records": [r.to_json(base) for r in records]}, indent=2,
                          ensure_ascii=False) + "\n"
        return twin_response(body, fmt, twins, suffix is None)
    page = render_template("progress-history.html", title="Progress: history", action=action, records=records,
                           panel=panel(action), alternates=twins)
    return twin_response(page, fmt, twins, suffix is None)


def _record(action: str):
    svc, base = service(), current_app.config["BASE"]
    with svc.progress.audited(attempt("progress.add", action)) as audited:
        who = caller(required=True)
        audited.attempt = audited.attempt.by(who.principal.name)
        payload, csrf, key, from_form = _payload()
        audited.attempt = audited.attempt.asking(_summary(payload))
        check_csrf(who, csrf)
        if key is not None and not (0 < len(key) <= MAX_KEY and key.isprintable()):
            raise UserError(f"Idempotency-Key must be 1 to {MAX_KEY} printable characters")
        record, created = svc.progress.record(who.principal, action, payload, audited.attempt, key)
    if from_form:
        return redirect(page_url(action, base) + "#progress", 303)
    response = jsonify(record=record.to_json(base))
    response.status_code = 201 if created else 200
    response.headers["Location"] = page_url(record.iri, base)
    response.headers["Cache-Control"] = "no-store"
    return response


def _payload() -> tuple[object, str | None, str | None, bool]:
    """(what to record, the CSRF token given, the idempotency key, whether it came from the form)."""
    try:
        raw = request.get_data(cache=True)
    except RequestEntityTooLarge:
        raise TooLarge(f"the body is over the limit of {current_app.config['MAX_REQUEST_BYTES']} bytes") from None
    if request.mimetype == "application/json":
        return json_document(raw), request.headers.get("X-CSRF-Token"), request.headers.get("Idempotency-Key"), False
    if request.mimetype == "application/x-www-form-urlencoded":
        form = dict(decode_pairs(raw, "form"))
        return ({k: form[k] for k in FORM_FIELDS if form.get(k)}, form.get("csrf"),
                form.get("key") or None, True)
    raise UnsupportedMediaType(f"a record is sent as application/json (the API) or as the form of the action's "
                               f"page (application/x-www-form-urlencoded), not {request.mimetype or 'no type'}")


def _summary(payload) -> dict:
    """What was asked, for the audit log, each text cut to 200 characters."""
    if not isinstance(payload, dict):
        return {"body": str(type(payload).__name__)}
    return {str(k)[:40]: (v[:200] if isinstance(v, str) else v if isinstance(v, (int, float, bool)) or v is None
                          else type(v).__name__) for k, v in list(payload.items())[:20]}


# ---------------------------------------------------------------- what resource pages show

def panel(iri: str) -> dict | None:
    """What an action's page shows of its progress (its state, history and form) or a body's page (its
    actions' states); None for any other resource."""
    svc, base = service(), current_app.config["BASE"]
    who = caller(required=False)
    try:
        report = report_of(svc.store, iri)
    except NotFound:
        report = None
    if report is not None:
        rows = progress_rows(scope(svc.store, report[len(base):]), svc.catalogue, today())
        state = next((r for r in rows if r["iri"] == iri), None)
        records = svc.progress.history(iri)
        allowed, why = _may(who, iri)
        return {"kind": "action", "action": iri, "state": state, "records": records, "who": who,
                "allowed": allowed, "why": why, "statuses": _statuses(who), "today": today().isoformat(),
                "history": page_url(iri, base) + "/progress"}
    rows = [r for r in progress_rows(svc.store, svc.catalogue, today()) if r["iri"] in _actions_of(iri)]
    return {"kind": "body", "rows": rows} if rows else None


def _actions_of(body: str) -> set[str]:
    query = service().catalogue.get("progress-by-body")
    found = service().store.query(query.text, substitutions=query.bindings({"body": body}))
    return {row["action"].value for row in found}


def _may(who, action: str) -> tuple[bool, str]:
    if who is None:
        return False, "sign in to record progress"
    try:
        may_record(service().store, who.principal, action, "in-progress")
    except Forbidden as exc:
        return False, str(exc)
    return True, ""


def _statuses(who) -> list[str]:
    return [s for s in STATUSES if s != "verified" or (who and who.principal.role == "verifier")]


@bp.app_context_processor
def _panels():
    return {"progress_panel": panel, "status_iri": lambda name: NAMESPACES["status"] + name}


# ---------------------------------------------------------------- the audit log

@bp.get("/audit", defaults={"suffix": None})
@bp.get("/audit.<suffix>")
def audit_log(suffix: str | None):
    """The audit log, newest first, for admins: who did what, when, from where, and the outcome."""
    who = caller(required=True)
    if who.principal.role != "admin":
        raise Forbidden(f"{who.principal.name} is an {who.principal.role}: only admins read the audit log")
    if suffix is not None and suffix not in FORMATS:
        raise NotFound(f"the audit log has no .{suffix[:20]} form; it comes as .json or HTML (no suffix)")
    before = request.args.get("before", type=int)
    if before is not None and not 0 < before < 2**63:
        raise UserError(f"before is an entry's number, 1 or more, not {before}")
    ledger = service().progress.ledger
    found, check = entries(ledger, before, AUDIT_PAGE), verify(ledger)
    data = {"chain": {"intact": check.intact, "entries": check.entries, "head": check.head,
                      "problem": check.problem or None}, "entries": found,
            "older": f"/audit{'.json' if suffix else ''}?before={found[-1]['seq']}" if len(found) == AUDIT_PAGE
            else None}
    fmt = chosen_format(suffix, FORMATS)
    if fmt == "json":
        body = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        body = render_template("audit.html", title="Audit log", data=data, alternates=alternates("/audit", FORMATS))
    response = respond(body.encode("utf-8"), "application/json" if fmt == "json" else "text/html")
    response.headers["Cache-Control"] = "no-store"
    return response
