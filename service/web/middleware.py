"""Response caching and ETags in front of the Flask app, keyed on the raw request.

A response depends only on the request (method, path, query string, Accept,
and for POST the content type and body) and on the dataset's version, which
changes whenever the data does (asked of the store on each request: a SPARQL
server's data can change under a running service; the cache is emptied then,
and while the store cannot say, nothing is cached). So:

* the ETag of a GET response is a hash of those, and a conditional GET whose
  If-None-Match holds it gets 304 without the app running at all. It is weak
  (W/"..."): blank-node labels in results may differ between web workers, so
  two answers with one tag mean the same but need not be the same bytes;
* a response a view marked cacheable (``mark_cacheable``) is kept, and the
  same request is answered from the cache before Flask parses anything:
  repeated queries cost about what a static route does. ``X-Cache: hit`` or
  ``miss`` says which happened. Views do not mark responses whose content can
  change from one run to the next (a query calling RAND() or NOW()).

The cache is bounded by entries and bytes (LRU). Only 200 responses are kept.
"""

from __future__ import annotations

import hashlib
import io

from .cache import ResponseCache

CACHEABLE = "inspection_kg.cacheable"
ETAG = "inspection_kg.etag"
PASSED_HEADERS = ("Vary", "Access-Control-Allow-Origin", "Access-Control-Expose-Headers")


def mark_cacheable(environ: dict) -> None:
    """Tell the middleware that this request's 200 response may be cached."""
    environ[CACHEABLE] = True


class CachingMiddleware:
    def __init__(self, app, cache: ResponseCache, version, max_body: int):
        """``version``: a callable giving the data's version now, or None when the store cannot say."""
        self.app, self.cache, self.version, self.max_body = app, cache, version, max_body
        self.seen = None  # the version the cached responses were made from

    def _key(self, environ: dict) -> tuple | None:
        method = environ.get("REQUEST_METHOD", "GET")
        # The host and scheme too: pages such as the service description name the URL they were asked at.
        head = (environ.get("wsgi.url_scheme", ""), environ.get("HTTP_HOST", ""), environ.get("PATH_INFO", ""),
                environ.get("QUERY_STRING", ""), environ.get("HTTP_ACCEPT", ""))
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

    def __call__(self, environ, start_response):
        version = self.version()
        if version is None:  # the store is down: nothing is cached, nothing answered from the cache
            return self.app(environ, start_response)
        if version != self.seen:
            self.cache.clear()
            self.seen = version
        key = self._key(environ)
        if key is None:
            return self.app(environ, start_response)
        etag = None
        if key[0] == "GET":
            digest = hashlib.blake2b(repr((version, key)).encode("utf-8", "surrogateescape"),
                                     digest_size=16).hexdigest()
            etag = f'W/"{digest}"'
            environ[ETAG] = etag
            if etag[2:] in _tags(environ.get("HTTP_IF_NONE_MATCH", "")):
                hit = self.cache.get(key)
                headers = [("ETag", etag)] + ([(k, v) for k, v in hit[1] if k in PASSED_HEADERS] if hit else
                                              [("Vary", "Accept"), ("Access-Control-Allow-Origin", "*")])
                start_response("304 Not Modified", headers)
                return [b""]
        hit = self.cache.get(key)
        if hit is not None:
            status, headers, body = hit
            start_response(status, headers + [("X-Cache", "hit")])
            return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [body]
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, list(headers)
            if environ.get(CACHEABLE):
                headers = headers + [("X-Cache", "miss")]
            return start_response(status, headers, exc_info)

        chunks = self.app(environ, capture)
        if not environ.get(CACHEABLE) or not captured.get("status", "").startswith("200") \
                or environ.get("REQUEST_METHOD") == "HEAD":
            return chunks
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        self.cache.put(key, (captured["status"], captured["headers"], body), len(body) + 512)
        return [body]


def _tags(header: str) -> set[str]:
    """The entity tags of an If-None-Match header (weak ones compare equal, as RFC 9110 says)."""
    tags = set()
    for tag in header.split(","):
        tag = tag.strip()
        tags.add(tag[2:] if tag.startswith("W/") else tag)
    return tags
