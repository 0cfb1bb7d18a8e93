"""The project's exceptions: each carries what a user needs to act on it."""

from __future__ import annotations


class InspectionKGError(Exception):
    """Base class; ``status`` is the HTTP status the web layer answers with."""

    status = 500


class UserError(InspectionKGError):
    """Bad input from whoever called us: a 4xx on the web, exit code 2 on the CLI."""

    status = 400


class ExtractionError(UserError):
    """The report text lacks an expected part; names the line (and, given ``where``, the file)."""

    def __init__(self, message: str, line: int, where: str = ""):
        super().__init__(f"{where}: line {line}: {message}" if where else f"line {line}: {message}")
        self.line = line
        self.detail = message


class CurationError(UserError):
    """Curated Turtle that does not agree with the report (a misquote, an unknown IRI)."""


class ShapesError(UserError):
    """Shapes that cannot be read or that pySHACL cannot run; names the file, or the SHACL section."""


class QueryError(UserError):
    """A SPARQL query that cannot be parsed or run; names the position when known."""


class Unavailable(InspectionKGError):
    """A store or a SERVICE endpoint we depend on failed or is down: not the caller's fault, nor a bug of ours."""

    status = 503


class StoreTimeout(Unavailable):
    """The store did not answer within the time limit; the request to it was cancelled."""

    status = 504


class StoreFailed(Unavailable):
    """The store answered with an error of its own (not the query's fault): a bad gateway."""

    status = 502


def error_for(status: int, message: str) -> InspectionKGError:
    """The exception for a status reported across a process boundary (an executor's outcome)."""
    for kind in (QueryError, NotAcceptable, Unavailable, StoreTimeout, StoreFailed):
        if kind.status == status:
            return kind(message)
    error = InspectionKGError(message)
    error.status = status
    return error


class NotFound(UserError):
    status = 404


class NotAcceptable(UserError):
    """No representation the client accepts; the message lists those on offer."""

    status = 406


class UnsupportedMediaType(UserError):
    status = 415


class TooLarge(UserError):
    status = 413


class Unauthorized(UserError):
    """No credentials, or credentials that are not (or no longer) valid: 401, with how to authenticate."""

    status = 401

    def __init__(self, message: str, scheme: str = 'Bearer realm="inspection-kg"'):
        super().__init__(message)
        self.headers = {"WWW-Authenticate": scheme}


class Forbidden(UserError):
    """Authenticated, but not allowed to do this."""

    status = 403


class Conflict(UserError):
    """The request contradicts what is stored (a record id or idempotency key already used for other data)."""

    status = 409


class TooManyRequests(UserError):
    """Too many failed attempts: try again after ``retry_after`` seconds."""

    status = 429

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.headers = {"Retry-After": str(retry_after)}
