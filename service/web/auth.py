"""Who a request is from: a bearer token (the API) or a sign-in session (the forms), and the users' admin API.

    GET  /sign-in               the sign-in form: a user's name and one of their tokens
    POST /sign-in               starts a session: a cookie (HttpOnly, SameSite=Lax, Secure), then back
    POST /sign-out              ends it
    GET  /users                 the users (admins only); POST /users makes one and shows its token once
    POST /users/<name>/revoke   revokes a user: their tokens and sessions stop working at once

A session's forms carry its CSRF token (a field ``csrf``, or the header
``X-CSRF-Token``); a request with a bearer token needs none (a browser never
sends one by itself). The sign-in form is protected the same way by a
double-submit cookie. Sign-ins, user changes and every refusal are audited.
With READS = signed-in, every page and query asks for a token or a session.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Blueprint, current_app, jsonify, redirect, render_template, request

from ..errors import Forbidden, Unauthorized, UserError
from ..namespaces import looks_like_iri
from ..progress import ROLES, Attempt, Principal, is_body
from . import service
from .http import json_document

bp = Blueprint("auth", __name__)
SIGN_IN_COOKIE = "ikg-sign-in"  # the double-submit token of the sign-in form
OPEN = {"auth.sign_in", "auth.sign_in_form", "pages.health", "static"}  # what READS = signed-in leaves open


def session_cookie() -> str:
    """The session cookie's name: with the __Host- prefix (HTTPS only, this host only) when cookies are secure."""
    return "__Host-ikg-session" if current_app.config["SECURE_COOKIES"] else "ikg-session"


def carries_credentials(environ: dict) -> bool:
    """Whether a request carries a token or a session: its response is for its user alone (never cached)."""
    return "HTTP_AUTHORIZATION" in environ or "ikg-session=" in environ.get("HTTP_COOKIE", "")


@dataclass(frozen=True)
class Caller:
    principal: Principal
    via: str                 # "bearer" or "session"
    csrf: str | None = None  # the session's CSRF token


def caller(required: bool = True) -> Caller | None:
    """Who the request is from; Unauthorized (401) when ``required`` and nobody valid is."""
    users = service().progress.users
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("give the token as 'Authorization: Bearer <token>'")
        return Caller(users.by_token(token.strip()), "bearer")
    session = request.cookies.get(session_cookie())
    found = users.by_session(session) if session else None
    if found:
        return Caller(found[0], "session", found[1])
    if required:
        raise Unauthorized("sign in (/sign-in), or send 'Authorization: Bearer <token>'"
                           + ("; the session has expired or was ended" if session else ""))
    return None


def _same(given: str, expected: str) -> bool:
    """Whether two secrets are equal, in constant time; any text (compare_digest refuses non-ASCII str)."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass"))


def check_csrf(who: Caller, given: str | None) -> None:
    """A session's write must carry the session's CSRF token; Forbidden when it is missing or wrong."""
    if who.via == "session" and not (given and _same(given, who.csrf or "")):
        raise Forbidden("the form's CSRF token is missing or wrong: reload the page and send the form again")


def attempt(operation: str, target: str) -> Attempt:
    return Attempt(operation, target, request.remote_addr or "-")


def register(app) -> None:
    @app.before_request
    def _reads():
        if app.config["READS"] == "signed-in" and request.endpoint not in OPEN:
            caller(required=True)

    @app.after_request
    def _private(response):
        """A response to a request with credentials is for that user: no shared cache may keep it."""
        if carries_credentials(request.environ):
            response.headers["Cache-Control"] = "private, no-store"
            response.vary.add("Cookie")
        return response

    @app.context_processor
    def _signed_in():
        return {"signed_in": lambda: caller(required=False), "sign_in_url": _sign_in_url}


def _sign_in_url() -> str:
    return "/sign-in?next=" + request.path


def _safe_next(raw: str | None) -> str:
    """Only a path of this site (no scheme, no host) to go back to. A backslash is refused anywhere: browsers
    read ``/\\host`` as ``//host``, another site."""
    if not raw or not raw.startswith("/") or raw.startswith("//") or "\\" in raw or not raw.isprintable():
        return "/"
    return raw if not urlsplit(raw).netloc else "/"


@bp.get("/sign-in")
def sign_in_form():
    token = secrets.token_urlsafe(24)
    page = render_template("sign-in.html", title="Sign in", next=_safe_next(request.args.get("next")), csrf=token)
    response = current_app.response_class(page, content_type="text/html; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    response.set_cookie(SIGN_IN_COOKIE, token, httponly=True, samesite="Strict", path="/sign-in",
                        secure=current_app.config["SECURE_COOKIES"], max_age=3600)
    return response


@bp.post("/sign-in")
def sign_in():
    form, svc = request.form, service()
    name = form.get("name", "").strip()
    with svc.progress.audited(attempt("sign-in", name[:70] or "-")) as audited:
        given, expected = form.get("csrf", ""), request.cookies.get(SIGN_IN_COOKIE, "")
        if not (given and expected and _same(given, expected)):
            raise Forbidden("the sign-in form's CSRF token is missing or wrong: open /sign-in and try again")
        session, _ = svc.progress.users.sign_in(name, form.get("token", "").strip(), request.remote_addr or "-",
                                                current_app.config["SESSION_HOURS"], audited.attempt)
    response = redirect(_safe_next(form.get("next")), 303)
    response.set_cookie(session_cookie(), session, httponly=True, samesite="Lax", path="/",
                        secure=current_app.config["SECURE_COOKIES"],
                        max_age=int(current_app.config["SESSION_HOURS"] * 3600))
    response.delete_cookie(SIGN_IN_COOKIE, path="/sign-in")
    return response


@bp.post("/sign-out")
def sign_out():
    who = caller(required=True)
    check_csrf(who, request.form.get("csrf") or request.headers.get("X-CSRF-Token"))
    if who.via == "session":
        service().progress.users.sign_out(request.cookies.get(session_cookie(), ""))
    response = redirect("/", 303)
    response.delete_cookie(session_cookie(), path="/", secure=current_app.config["SECURE_COOKIES"])
    return response


# ---------------------------------------------------------------- the users, for admins

def admin() -> Caller:
    """The admin a user-management request is from; Unauthorized or Forbidden for anyone else."""
    who = caller(required=True)
    if who.principal.role != "admin":
        raise Forbidden(f"{who.principal.name} is an {who.principal.role}: only admins manage users")
    check_csrf(who, request.headers.get("X-CSRF-Token") or request.form.get("csrf"))
    return who


@bp.get("/users")
def users():
    admin()
    return jsonify(users=service().progress.users.list())


@bp.post("/users")
def add_user():
    svc = service()
    with svc.progress.audited(attempt("users.add", "-")) as audited:
        who = admin()
        audited.attempt = audited.attempt.by(who.principal.name)
        data = json_document(request.get_data(cache=True)) if request.mimetype == "application/json" else None
        if not isinstance(data, dict):
            raise UserError('send a JSON object: {"name": ..., "body": IRI, "role": ' + "|".join(ROLES) + "}")
        name, body, role = (str(data.get(k, "")) for k in ("name", "body", "role"))
        audited.attempt = Attempt("users.add", name[:70] or "-", audited.attempt.address, who.principal.name)
        if not (looks_like_iri(body) and is_body(svc.store, body)):
            raise UserError(f"body must be the IRI of a body of the dataset, not {body[:100]!r}")
        token = svc.progress.users.add(name, body, role, audited.attempt)
    return jsonify(user={"name": name, "body": body, "role": role}, token=token,
                   note="the token is shown this once: give it to the user"), 201


@bp.post("/users/<name>/revoke")
def revoke_user(name: str):
    svc = service()
    with svc.progress.audited(attempt("users.revoke", name[:70])) as audited:
        who = admin()
        audited.attempt = audited.attempt.by(who.principal.name)
        svc.progress.users.revoke(name, audited.attempt)
    return jsonify(revoked=name)
