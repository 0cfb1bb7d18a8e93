"""The response cache keeps a variant per value of each header a response's Vary names (RFC 9111, section 4.1).

Through the real server (the ``server`` fixture). Each test sends its requests
on one connection (a requests.Session), so one web worker, whose cache the
first request fills. The dumps vary on Accept-Encoding: a client that did not
ask for gzip must never get the gzip body another client's request left in the
cache, whatever order they come in.
"""

from __future__ import annotations

import gzip

import pytest
import requests

IDENTITY = {"Accept-Encoding": "identity"}
GZIP = {"Accept-Encoding": "gzip"}


def get(session: requests.Session, url: str, headers: dict) -> requests.Response:
    # stream=True: requests must not decode the gzip itself; the test reads the raw bytes sent
    response = session.get(url, headers=headers, stream=True, timeout=60)
    response.raw_body = response.raw.read(decode_content=False)
    assert response.status_code == 200, response.status_code
    return response


@pytest.mark.parametrize("order", [(GZIP, IDENTITY), (IDENTITY, GZIP)])
def test_a_dump_is_cached_per_content_coding(server, order):
    suffix = "nt" if order[0] is GZIP else "ttl"  # a dump of its own for each order: both start uncached
    with requests.Session() as session:
        responses = [get(session, f"{server}/dataset.{suffix}", headers) for headers in order + order]
    first, second, first_again, second_again = responses
    assert first.headers["X-Cache"] == "miss" and second.headers["X-Cache"] == "miss"
    assert first_again.headers["X-Cache"] == "hit" and second_again.headers["X-Cache"] == "hit"
    for response, headers in zip(responses, order + order):
        assert "Accept-Encoding" in response.headers["Vary"]
        if headers is GZIP:
            assert response.headers["Content-Encoding"] == "gzip"
        else:
            assert "Content-Encoding" not in response.headers
            assert response.raw_body[:2] != b"\x1f\x8b"  # not a gzip stream
    identity = [r.raw_body for r, h in zip(responses, order + order) if h is IDENTITY]
    zipped = [gzip.decompress(r.raw_body) for r, h in zip(responses, order + order) if h is GZIP]
    assert identity[0] == identity[1] == zipped[0] == zipped[1]


def test_a_cached_variant_keeps_its_own_entity_tag_and_304(server):
    with requests.Session() as session:
        plain = get(session, f"{server}/dataset.nq", IDENTITY)
        zipped = get(session, f"{server}/dataset.nq", GZIP)
        assert plain.headers["ETag"] != zipped.headers["ETag"]
        for response, headers in ((plain, IDENTITY), (zipped, GZIP)):
            again = session.get(f"{server}/dataset.nq", headers={**headers, "If-None-Match": response.headers["ETag"]},
                                timeout=60)
            assert again.status_code == 304 and again.headers["ETag"] == response.headers["ETag"]
        # the plain tag does not match the gzip variant: a full answer, gzipped
        crossed = get(session, f"{server}/dataset.nq", {**GZIP, "If-None-Match": plain.headers["ETag"]})
        assert crossed.headers["Content-Encoding"] == "gzip"


def test_query_results_are_cached_per_accept(server):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } # test_cache_vary"
    with requests.Session() as session:
        answers = {}
        for accept in ("text/csv", "application/sparql-results+json", "text/csv", "application/sparql-results+json"):
            response = session.get(f"{server}/sparql", params={"query": query}, headers={"Accept": accept}, timeout=60)
            assert response.status_code == 200 and response.headers["Content-Type"].startswith(accept)
            answers.setdefault(accept, []).append(response)
    for responses in answers.values():
        assert [r.headers["X-Cache"] for r in responses] == ["miss", "hit"]
        assert responses[0].content == responses[1].content
