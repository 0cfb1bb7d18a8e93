"""Fuzzing the request surface of the real server: whatever arrives, never a 5xx, errors in the one JSON shape.

Property-based (hypothesis) over every route: /sparql (GET, form POST, direct
POST; queries from the catalogue mutated, and arbitrary text), /store,
/reports/*, /queries/*, /id/*, /def*, /page, /resource, /dataset*,
/.well-known/void, /context.jsonld and the paths around them; parameters with
names and values of any text or bytes (percent-encoded, UTF-8 or not), headers
(Accept, Accept-Encoding, Content-Type, If-None-Match) from the media types
the service knows and from noise. The bounded run is seeded; ``make fuzz``
runs the long one (tests/fuzzing.py).
"""

from __future__ import annotations

from pathlib import Path

from fuzzing import assert_well_answered, encode, fuzz_settings, query_string, send
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
CATALOGUE = [p.read_text(encoding="utf-8") for p in QUERIES]
NAMES = [p.stem for p in QUERIES]
REPORT_NAMES = ["who-owns-what", "actions", "coverage", "unanswered-weaknesses", "timeline", "figures", "bodies",
                "judgements", "nope"]
MEDIA = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values",
         "text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json", "application/n-quads",
         "application/trig", "text/html", "application/json", "text/n3", "*/*", "text/*", "application/*",
         "image/png", "", "garbage", "text/turtle;q=0", "*/*;q=0.1"]
FORMATS = ["json", "xml", "csv", "tsv", "ttl", "turtle", "n3", "nt", "rdf", "rdf+xml", "jsonld", "json-ld", "nq",
           "trig", "html", "md", "srj", "srx", "text", "yaml", "", "application/sparql-results+json",
           "text/turtle; charset=utf-8", "json,xml"]
TOKENS = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "(", ")", "?s", "?p", "?o", ".", ";", ",",
          "FILTER", "OPTIONAL", "UNION", "GRAPH", "SERVICE", "<http://e/x>", '"x"', "'''", "#", "\\u0041", "LIMIT 1",
          "GROUP BY", "ORDER BY", "COUNT(*)", "INSERT DATA", "FROM", "FROM NAMED", "BIND", "VALUES", "a", "*", "!",
          "^", "|", "/", "+", "\n", "\r", "\t", "\x00", "\U0001f600"]

text = st.text(max_size=40)
raw_bytes = st.binary(max_size=24)
value = st.one_of(text, raw_bytes, st.sampled_from(FORMATS + MEDIA + NAMES))


@st.composite
def query(draw) -> str:
    """A catalogue query, mutated: slices cut, tokens or text put in, slices doubled; or any text."""
    if draw(st.integers(0, 5)) == 0:
        return draw(st.text(max_size=200))
    chars = list(draw(st.sampled_from(CATALOGUE)))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(chars)))
        kind = draw(st.integers(0, 2))
        if kind == 0 and chars:
            del chars[at:at + draw(st.integers(1, 40))]
        elif kind == 1:
            chars[at:at] = list(draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=10))))
        else:
            chars[at:at] = chars[at:at + draw(st.integers(1, 30))]
    return "".join(chars)


headers = st.fixed_dictionaries({}, optional={
    "Accept": st.one_of(st.sampled_from(MEDIA), st.lists(st.sampled_from(MEDIA), max_size=4).map(", ".join)),
    "Accept-Encoding": st.sampled_from(["gzip", "identity", "gzip;q=0", "*", "br, gzip;q=0.5", "x"]),
    "If-None-Match": st.sampled_from(['W/"x"', "*", '"', ""]),
})
params = st.lists(st.tuples(st.sampled_from(["format", "output", "results", "default-graph-uri", "named-graph-uri",
                                             "graph", "default", "iri", "body", "report", "from", "to", "x", ""]),
                            value), max_size=4)


@fuzz_settings(300)
@given(query=query(), extra=params, headers=headers, how=st.sampled_from(["GET", "form", "direct"]))
def test_sparql_answers_any_request_without_a_server_error(server, query, extra, headers, how):
    pairs = [("query", query)] + extra
    if how == "GET":
        answer = send(server, "GET", "/sparql?" + query_string(pairs), headers)
    elif how == "form":
        answer = send(server, "POST", "/sparql", {**headers, "Content-Type": "application/x-www-form-urlencoded"},
                      query_string(pairs).encode("ascii"))
    else:
        answer = send(server, "POST", "/sparql?" + query_string(extra),
                      {**headers, "Content-Type": "application/sparql-query"},
                      query.encode("utf-8", "surrogatepass"))
    assert_well_answered(answer, f"{how} {query[:200]!r} {extra!r} {headers!r}")


@fuzz_settings(80)
@given(body=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass"))),
       content_type=st.sampled_from(["application/x-www-form-urlencoded", "application/sparql-query",
                                     "application/sparql-query; charset=latin-1", "application/sparql-update",
                                     "text/plain", "multipart/form-data", "", "application/x-www-form-urlencoded;x"]))
def test_sparql_post_bodies_of_any_bytes(server, body, content_type):
    answer = send(server, "POST", "/sparql", {"Content-Type": content_type} if content_type else {}, body)
    assert_well_answered(answer, f"POST {content_type!r} {body[:200]!r}")


PATHS = ["/", "/health", "/sparql", "/store", "/reports", "/reports.json", "/reports.csv", "/queries",
         "/queries.json", "/reports/network.json", "/reports/birmingham-2012/text", "/def", "/def.ttl", "/def.html",
         "/page", "/resource", "/dataset", "/.well-known/void", "/context.jsonld"]
PREFIXES = ["/reports/", "/queries/", "/id/", "/def/", "/dataset.", "/def.", "/reports.", "/queries.",
            "/reports/birmingham-2012/", "/id/body/", "/id/birmingham-2012/", "/"]
SUFFIXES = ["", ".json", ".csv", ".md", ".tsv", ".ttl", ".nt", ".rdf", ".jsonld", ".html", ".xyz"]


@st.composite
def path(draw) -> str:
    if draw(st.booleans()):
        return draw(st.sampled_from(PATHS))
    segment = draw(st.one_of(st.sampled_from(NAMES + REPORT_NAMES + ["bscb", "action/2", "grade/inadequate",
                                                                      "ttl", "rdf", "birmingham-2012"]),
                             text.map(encode), raw_bytes.map(encode)))
    return draw(st.sampled_from(PREFIXES)) + segment + draw(st.sampled_from(SUFFIXES))


@fuzz_settings(300)
@given(target=path(), extra=params, headers=headers, method=st.sampled_from(["GET", "GET", "GET", "HEAD", "OPTIONS",
                                                                           "POST", "PUT", "DELETE"]))
def test_every_route_answers_any_request_without_a_server_error(server, target, extra, headers, method):
    url = target + ("?" + query_string(extra) if extra else "")
    answer = send(server, method, url, headers, b"" if method in ("POST", "PUT") else None)
    assert_well_answered(answer, f"{method} {url[:300]} {headers!r}")
