"""The SPARQL 1.1 Protocol, client side: a request with a deadline, cancelled by closing the connection.

Every request to the engine carries a deadline. The wait for the answer and
every read of its body are bounded by the time left (the socket's timeout is
set to it before each read); past the deadline the connection is closed, which
is all the protocol offers to cancel a query, and StoreTimeout (504) is
raised. Where the engine takes a timeout of its own (``ENGINES``), it is sent
too, so that the engine stops the query itself rather than run on after the
connection closed. An engine that cannot be reached is Unavailable (503); an
engine that refuses the query (4xx) gives the caller's QueryError (400) with
its message; any other error of the engine is StoreFailed (502).

Credentials, when the engine wants them, come from INSPECTION_KG_STORE_USER
and INSPECTION_KG_STORE_PASSWORD (never the command line, which ``ps`` shows),
sent as Basic or Digest authentication, whichever the engine asks for.

Virtuoso echoes each default-graph-uri and named-graph-uri of a request as a
response header (``X-SPARQL-default-graph``), and a corpus of 100 reports
names 500 graphs; http.client refuses a response with more than 100 headers
(its module constant ``_MAXHEADERS``, read for each response), so the limit
is raised here, for every client of this process.
"""

from __future__ import annotations

import http.client
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass

import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth

from ..errors import QueryError, StoreFailed, StoreTimeout, Unavailable

log = logging.getLogger(__name__)
http.client._MAXHEADERS = max(http.client._MAXHEADERS, 1_000_000)  # see above: a header per graph named
CONNECT_SECONDS = 5.0
ERROR_CHARS = 600  # of an engine's error message passed on


@dataclass(frozen=True)
class Engine:
    """What the service knows about one SPARQL server, recognised by its ``Server`` header."""

    name: str
    timeout_parameter: str | None = None  # a query parameter that stops the query on the engine's side
    timeout_scale: float = 1.0            # seconds times this is the parameter's value
    ask_variable: str | None = None       # the engine answers ASK with a one-cell table of this variable


GENERIC = Engine("SPARQL 1.1 server")
ENGINES = {  # lower-cased start of the Server header -> Engine
    "virtuoso": Engine("Virtuoso", timeout_parameter="timeout", timeout_scale=1000.0, ask_variable="__ASK_RETVAL"),
    "oxigraph": Engine("Oxigraph server"),  # its timeout is the server's own: `oxigraph serve --timeout-s`
}


def engine_of(server_header: str) -> Engine:
    header = server_header.strip().lower()
    return next((e for key, e in ENGINES.items() if header.startswith(key)), GENERIC)


class Deadline:
    def __init__(self, seconds: float):
        self.seconds, self.end = seconds, time.monotonic() + seconds

    def left(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise StoreTimeout(f"the store did not answer within {self.seconds:g} s; the request was cancelled")
        return left


class Body:
    """A response body read within the deadline: a file-like object the parsers read from."""

    def __init__(self, response: requests.Response, deadline: Deadline, url: str):
        self.response, self.deadline, self.url = response, deadline, url

    def read(self, size: int = -1) -> bytes:
        left = self.deadline.left()
        connection = getattr(self.response.raw, "connection", None)
        sock = getattr(connection, "sock", None)
        if sock is not None:
            sock.settimeout(left)
        try:
            return self.response.raw.read(None if size is None or size < 0 else size)
        except Exception as exc:  # urllib3 wraps socket errors in several types; each means the same here
            self.close()
            if time.monotonic() >= self.deadline.end or _timed_out(exc):
                raise StoreTimeout(f"the store did not answer within {self.deadline.seconds:g} s; "
                                   "the request was cancelled") from exc
            raise Unavailable(f"the store at {self.url} broke off its answer: {exc}") from exc

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self.response.close()  # closes the connection when the body was not read to the end

    def __enter__(self) -> Body:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _timed_out(exc: BaseException) -> bool:
    while exc is not None:
        if isinstance(exc, (socket.timeout, TimeoutError, requests.Timeout)) or "timed out" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


class Endpoint:
    """One SPARQL endpoint (query, update or Graph Store Protocol URL) and the sessions that talk to it."""

    def __init__(self, url: str):
        self.url = url
        self.engine: Engine | None = None
        self._local = threading.local()  # a requests.Session per thread: sessions are not thread-safe
        self._auth = None
        user = os.environ.get("INSPECTION_KG_STORE_USER")
        self._credentials = (user, os.environ.get("INSPECTION_KG_STORE_PASSWORD", "")) if user else None

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
            session.trust_env = False  # no proxy from the environment between the service and its store
        return session

    def request(self, method: str, deadline: Deadline, *, params=None, data=None, headers=None,
                url: str | None = None) -> requests.Response:
        """Send a request; the response, its headers read, its body not yet; the errors as the module says."""
        url = url or self.url
        try:
            response = self._session().request(
                method, url, params=params, data=data, headers={"Accept-Encoding": "identity", **(headers or {})},
                auth=self._auth, stream=True, timeout=(min(CONNECT_SECONDS, deadline.left()), deadline.left()))
            if response.status_code == 401 and self._credentials and self._auth is None:
                response.close()
                self._auth = self._scheme(response)
                return self.request(method, deadline, params=params, data=data, headers=headers, url=url)
        except requests.Timeout as exc:
            raise StoreTimeout(f"the store did not answer within {deadline.seconds:g} s; "
                               "the request was cancelled") from exc
        except requests.RequestException as exc:
            raise Unavailable(f"the store at {url} cannot be reached: {_reason(exc)}") from exc
        if self.engine is None:
            self.engine = engine_of(response.headers.get("Server", ""))
        if response.status_code >= 400:
            raise _refusal(response, url)
        return response

    def _scheme(self, response: requests.Response):
        challenge = response.headers.get("WWW-Authenticate", "").lower()
        kind = HTTPDigestAuth if challenge.startswith("digest") else HTTPBasicAuth
        return kind(*self._credentials)


def _reason(exc: BaseException) -> str:
    """The innermost cause of a connection error, which says what happened (refused, no such host...)."""
    while exc.__context__ is not None or exc.__cause__ is not None:
        exc = exc.__cause__ or exc.__context__
    return str(exc) or type(exc).__name__


def _refusal(response: requests.Response, url: str) -> Exception:
    """The error for an engine's 4xx or 5xx answer, with what the engine said."""
    try:
        text = response.raw.read(64 * 1024).decode("utf-8", "replace").strip()
    except Exception:  # the body is only for the message
        text = ""
    finally:
        response.close()
    said = " ".join(text.split())[:ERROR_CHARS] or response.reason
    status = response.status_code
    if status in (401, 403):
        return StoreFailed(f"the store at {url} refused the service's credentials ({status}): {said}")
    if status in (404, 405):
        return StoreFailed(f"the store at {url} has no SPARQL endpoint there ({status}): {said}")
    if 400 <= status < 500 and status != 408:
        return QueryError(f"the store refused the query: {said}")
    if status in (408, 504):
        return StoreTimeout(f"the store stopped the query ({status}): {said}")
    if status == 503:
        return Unavailable(f"the store at {url} is unavailable: {said}")
    return StoreFailed(f"the store failed ({status}): {said}")
