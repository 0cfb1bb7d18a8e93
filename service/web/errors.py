"""The one error path: every error becomes the same JSON shape (or a small HTML page for browsers).

    {"error": {"status": 400, "title": "Bad Request", "message": "malformed query: ..."}}

Errors of the caller's making carry their status (service.errors, werkzeug's
HTTP exceptions); anything else is a bug in the server: a 500 and a log line,
never passed off as the caller's 400.
"""

from __future__ import annotations

from http import HTTPStatus

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from ..errors import InspectionKGError, Unavailable, UserError
from .negotiate import negotiate


def error_response(status: int, message: str, headers: dict | None = None) -> Response:
    """The error as JSON, or as HTML when the client prefers it (a browser)."""
    title = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    if negotiate(request.headers.get("Accept"), ["application/json", "text/html"]) == "text/html":
        response = Response(render_template("error.html", status=status, title=title, message=message),
                            status, content_type="text/html; charset=utf-8")
    else:
        response = jsonify(error={"status": status, "title": title, "message": message})
        response.status_code = status
    response.headers.update(headers or {})
    return response


def register(app: Flask) -> None:
    @app.errorhandler(InspectionKGError)
    def _domain(exc: InspectionKGError):
        if isinstance(exc, Unavailable):  # the store (or a SERVICE endpoint) failed: one line, no traceback
            app.logger.warning("%s %s: %s", request.method, request.path, exc)
        elif not isinstance(exc, UserError) and exc.status >= 500 and exc.status != 503:
            app.logger.exception("server error: %s", exc)
        return error_response(exc.status, str(exc), getattr(exc, "headers", None))

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        headers = {k: v for k, v in exc.get_headers() if k.lower() in ("allow", "retry-after")}
        return error_response(exc.code or 500, exc.description or exc.name, headers)

    @app.errorhandler(Exception)
    def _bug(exc: Exception):
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "internal server error: the server failed; this is a bug, not your request")
