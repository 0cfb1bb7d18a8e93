"""Response caching and ETags in front of the Flask app, keyed on the raw request and on what the response varies on.

A response depends only on the request (method, path, query string, for POST
the content type and body, and the request headers its ``Vary`` names) and
on the dataset's version, which changes whenever the data does (asked of the
store on each request: a SPARQL server's data can change under a running
service, progress records are added while it runs, and the version names
today's date too; the cache is emptied then, and while the store cannot say,
nothing is cached). A request that carries credentials (a bearer token, a
session cookie) gets a response made for its user: it passes the cache by,
and gets no ETag. So:

* a response a view marked cacheable (``mark_cacheable``) is kept under the
  request and the values of the headers its Vary names (Accept-Encoding ...,
  and Accept always), as an HTTP cache keeps variants: the cache remembers, per request, the
  names the last response varied on, and a later request is a hit only if its
  own values of those headers are the same. So a gzip body is never handed to a
  client that did not send Accept-Encoding: gzip. ``Vary: *`` is never cached.
  A hit is answered before Flask parses anything: repeated queries cost about
  what a static route does. ``X-Cache: hit`` or ``miss`` says which happened;
* a cacheable 200 GET response without an ETag of its own gets a weak one
  (W/"..."), a hash of the version, the request and those header values (weak:
  blank-node labels in results may differ between web workers, so two answers
  with one tag mean the same but need not be the same bytes). A conditional GET
  whose If-None-Match holds a response's tag gets 304, from the cache when the
  response is there, without running the app at all.

The cache is bounded by entries and bytes (LRU). Only 200 responses are kept.
Views do not mark responses whose content can change from one run to the next
(a query calling RAND() or NOW()).
"""

from __future__ import annotations

import hashlib
import io

from .cache import ResponseCache

CACHEABLE = "inspection_kg.cacheable"
PASSED_HEADERS = ("Vary", "Access-Control-Allow-Origin", "Access-Control-Expose-Headers")


def mark_cacheable(environ: dict) -> None:
    """Tell the middleware that this request's 200 response may be cached."""
    environ[CACHEABLE] = True


def _vary(headers: list[tuple[str, str]]) -> tuple[str, ...] | None:
    """The request headers a response varies on (lower case, sorted); None for ``Vary: *``.

    Accept always counts: a negotiated response that forgot to say so is still kept apart per Accept.
    """
    names = {"accept"}
    for name, value in headers:
        if name.lower() == "vary":
            names |= {n.strip().lower() for n in value.split(",") if n.strip()}
    return None if "*" in names else tuple(sorted(names))


def _values(environ: dict, names: tuple[str, ...]) -> tuple[str, ...]:
    """The request's values of those headers, as WSGI names them (Accept-Encoding: HTTP_ACCEPT_ENCODING)."""
    return tuple(environ.get("HTTP_" + name.upper().replace("-", "_"), "") for name in names)


def _header(headers: list[tuple[str, str]], wanted: str) -> str | None:
    return next((v for k, v in headers if k.lower() == wanted), None)


class CachingMiddleware:
    def __init__(self, app, cache: ResponseCache, version, max_body: int, private=None):
        """``version``: a callable giving the data's version now, or None when the store cannot say;
        ``private``: one saying whether a request carries credentials, so that its response is for one user."""
        self.app, self.cache, self.version, self.max_body, self.private = app, cache, version, max_body, private
        self.seen = None  # the version the cached responses were made from

    def _key(self, environ: dict) -> tuple | None:
        method = environ.get("REQUEST_METHOD", "GET")
        # The host and scheme too: pages such as the service description name the URL they were asked at.
        head = (environ.get("wsgi.url_scheme", ""), environ.get("HTTP_HOST", ""), environ.get("PATH_INFO", ""),
                environ.get("QUERY_STRING", ""))
        if method in ("GET", "HEAD"):
            return ("GET", *head)
        if method != "POST":
            return None
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        if not 0 < length <= self.max_body:
            return None
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)  # the app reads it again
        return ("POST", *head, environ.get("CONTENT_TYPE", ""), body)

    @staticmethod
    def _etag(version: str, key: tuple, values: tuple[str, ...]) -> str:
        digest = hashlib.blake2b(repr((version, key, values)).encode("utf-8", "surrogateescape"),
                                 digest_size=16).hexdigest()
        return f'W/"{digest}"'

    def __call__(self, environ, start_response):
        version = self.version()
        if version is None:  # the store is down: nothing is cached, nothing answered from the cache
            return self.app(environ, start_response)
        if version != self.seen:
            self.cache.clear()
            self.seen = version
        if self.private is not None and self.private(environ):
            return self.app(environ, start_response)
        key = self._key(environ)
        if key is None:
            return self.app(environ, start_response)
        head_only = environ.get("REQUEST_METHOD") == "HEAD"
        names = self.cache.get(("vary", key))
        if names is not None:
            hit = self.cache.get((key, _values(environ, names)))
            if hit is not None:
                status, headers, body = hit
                if key[0] == "GET" and _matches(environ, _header(headers, "etag")):
                    return _not_modified(start_response, headers)
                start_response(status, headers + [("X-Cache", "hit")])
                return [b""] if head_only else [body]
        captured = {}

        def capture(status, headers, exc_info=None):
            headers = list(headers)
            cacheable = environ.get(CACHEABLE) and status.startswith("200")
            if cacheable:
                names = _vary(headers)
                captured["variant"] = None if names is None else (names, _values(environ, names))
                if key[0] == "GET" and names is not None and _header(headers, "etag") is None:
                    headers.append(("ETag", self._etag(version, key, captured["variant"][1])))
                if key[0] == "GET" and _matches(environ, _header(headers, "etag")):
                    captured["not_modified"] = True
                    return start_response("304 Not Modified", _kept(headers), exc_info)
                headers.append(("X-Cache", "miss"))
            captured["status"], captured["headers"] = status, [h for h in headers if h[0] != "X-Cache"]
            return start_response(status, headers, exc_info)

        chunks = self.app(environ, capture)
        if "not_modified" in captured:
            if hasattr(chunks, "close"):
                chunks.close()
            return [b""]
        if not captured.get("variant") or head_only:
            return chunks
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        names, values = captured["variant"]
        self.cache.put(("vary", key), names, 64 + len(repr(names)))
        self.cache.put((key, values), (captured["status"], captured["headers"], body), len(body) + 512)
        return [body]


def _matches(environ: dict, etag: str | None) -> bool:
    """Whether If-None-Match holds this entity tag (weak ones compare equal, as RFC 9110 says)."""
    if not etag or "HTTP_IF_NONE_MATCH" not in environ:
        return False
    return _opaque(etag) in {_opaque(t) for t in environ["HTTP_IF_NONE_MATCH"].split(",")}


def _opaque(tag: str) -> str:
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def _kept(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """What a 304 repeats of the response: its tag, Vary and the CORS headers."""
    return [(k, v) for k, v in headers if k == "ETag" or k in PASSED_HEADERS]


def _not_modified(start_response, headers: list[tuple[str, str]]):
    start_response("304 Not Modified", _kept(headers))
    return [b""]
