"""What the fuzz tests share: hypothesis settings per run length, and raw HTTP requests to a real server.

The bounded run (``make test``) tries a fixed number of examples, derandomized
(the same inputs every run); ``make fuzz`` sets IKG_FUZZ_EXAMPLES to try many
more, with hypothesis's randomness, and prints what it tried. Requests go
through http.client, not requests, so that query strings, paths and headers
reach the server byte for byte as generated (percent-encoded bytes that are not
UTF-8, empty and repeated parameters, odd media types).
"""

from __future__ import annotations

import http.client
import json
import os
from urllib.parse import quote

from hypothesis import HealthCheck, settings

LONG = "IKG_FUZZ_EXAMPLES" in os.environ


def fuzz_settings(examples: int):
    """``examples`` in the bounded run, derandomized; IKG_FUZZ_EXAMPLES each in the long one."""
    if LONG:
        return settings(max_examples=int(os.environ["IKG_FUZZ_EXAMPLES"]), deadline=None, derandomize=False,
                        suppress_health_check=list(HealthCheck), print_blob=True, database=None)
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


def encode(value: str | bytes) -> str:
    """Percent-encode text or raw bytes (which may not be UTF-8) for a URL."""
    return quote(value, safe="") if isinstance(value, bytes) else quote(value.encode("utf-8", "surrogatepass"),
                                                                         safe="")


def query_string(pairs: list[tuple[str, str | bytes]]) -> str:
    return "&".join(f"{encode(k)}={encode(v)}" if v is not None else encode(k) for k, v in pairs)


class Answer:
    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        self.status, self.headers, self.body = status, headers, body


def send(base: str, method: str, target: str, headers: dict[str, str] | None = None,
         body: bytes | None = None) -> Answer:
    """One request on a fresh connection; the answer read whole."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        connection.request(method, target, body=body, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        connection.close()


def assert_well_answered(answer: Answer, what: str) -> None:
    """Never a 5xx; an error in JSON is in the one shape, with its status (HEAD: no body to read)."""
    assert answer.status < 500, (what, answer.status, answer.body[:500])
    if answer.status >= 400 and answer.body and answer.headers.get("content-type", "").startswith("application/json"):
        document = json.loads(answer.body)
        assert set(document) == {"error"}, (what, document)
        error = document["error"]
        assert set(error) == {"status", "title", "message"}, (what, document)
        assert error["status"] == answer.status and isinstance(error["message"], str) and error["message"], what
