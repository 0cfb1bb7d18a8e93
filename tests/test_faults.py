"""Failures take their own path: the engine's word on a query is a 400 (a SERVICE endpoint that is down
included: the query asked for it), a fault of ours a 500 with a log line; executors killed or replaced leave one log line each; and
validating never switches logging off for the rest of the process.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import socket
import threading
import time
import uuid

import pytest
import requests
from conftest import ROOT, run_cli
from server import RunningServer, cpu_ticks

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
DIRECT = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def closed_endpoint() -> str:
    """A SPARQL endpoint URL on 127.0.0.1 where nothing listens (the port was free a moment ago)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/sparql"


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "title", "message"}
    assert body["error"]["status"] == response.status_code
    return body["error"]


def test_a_service_endpoint_that_is_down_fails_the_query_with_the_engines_word(built, closed_endpoint):
    query = f"SELECT * WHERE {{ SERVICE <{closed_endpoint}> {{ ?s ?p ?o }} }} # {uuid.uuid4()}"
    with RunningServer(built.dataset, workers=1, executors=1, allow_service=[closed_endpoint]) as base:
        response = requests.post(base + "/sparql", data=query.encode(), headers=DIRECT, timeout=60)
    assert response.status_code == 400, response.text[:300]
    assert error_of(response)["message"].startswith("the query failed: ")


def test_what_the_engine_says_about_a_query_stays_a_400(server):
    response = requests.post(server + "/sparql", data=b"SELECT ?x WHERE { ?x", headers=DIRECT, timeout=30)
    assert response.status_code == 400
    assert error_of(response)["message"].startswith("malformed query: ")


def test_the_cli_says_a_service_failed_without_a_traceback(built, closed_endpoint):
    result = run_cli("query", f"SELECT * WHERE {{ SERVICE <{closed_endpoint}> {{ ?s ?p ?o }} }}",
                     "--dataset", str(built.dataset))
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert "Traceback" not in err and len(err.splitlines()) == 1
    assert "the query failed" in err


def executor_pids(server: RunningServer) -> list[int]:
    pids = []
    for pid in server.pids():
        try:
            command = open(f"/proc/{pid}/cmdline", "rb").read()
        except OSError:
            continue
        if b"executor_main" in command:
            pids.append(pid)
    return pids


def busy_executor(server: RunningServer, timeout: float = 30) -> int:
    """The executor that is evaluating the runaway: the one whose CPU time grows."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = {pid: cpu_ticks(pid) for pid in executor_pids(server)}
        time.sleep(0.3)
        for pid, ticks in before.items():
            now = cpu_ticks(pid)
            if ticks is not None and now is not None and now - ticks > 5:
                return pid
    raise AssertionError("no executor started evaluating the query")


def log_lines(server: RunningServer, pattern: str) -> list[str]:
    return [line for line in server.log_text().splitlines() if re.search(pattern, line)]


def test_an_executor_killed_at_the_time_limit_leaves_one_log_line(built):
    server = RunningServer(built.dataset, workers=1, executors=1, query_timeout=1.5)
    with server as base:
        response = requests.post(base + "/sparql", data=f"{RUNAWAY} # {uuid.uuid4()}".encode(),
                                 headers=DIRECT, timeout=60)
        assert response.status_code == 503
        time.sleep(0.5)
        lines = log_lines(server, r"query executor \d+ killed: its query ran past the 1\.5 s limit")
    assert len(lines) == 1, server.log_text()[-2000:]


def test_an_executor_that_dies_mid_query_is_replaced_with_one_log_line(built):
    server = RunningServer(built.dataset, workers=1, executors=1, query_timeout=30)
    with server as base:
        # one executor, started and warm (a second, started at the same time, is stopped): then the runaway
        warm = requests.post(base + "/sparql", data=f"ASK {{ ?s ?p ?o }} # {uuid.uuid4()}".encode(),
                             headers=DIRECT, timeout=60)
        assert warm.status_code == 200
        deadline = time.monotonic() + 20
        while len(executor_pids(server)) != 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        holder: dict = {}
        thread = threading.Thread(target=lambda: holder.setdefault("response", requests.post(
            base + "/sparql", data=f"{RUNAWAY} # {uuid.uuid4()}".encode(), headers=DIRECT, timeout=60)))
        thread.start()
        victim = busy_executor(server)
        os.kill(victim, signal.SIGKILL)
        thread.join(timeout=30)
        assert holder["response"].status_code == 400
        lines = log_lines(server, rf"query executor {victim} killed by signal SIGKILL while evaluating a query; "
                                  "starting a replacement")
        # the replacement answers
        answer = requests.post(base + "/sparql", data=f"ASK {{ ?s ?p ?o }} # {uuid.uuid4()}".encode(),
                               headers=DIRECT, timeout=30)
    assert len(lines) == 1, server.log_text()[-2000:]
    assert answer.json()["boolean"] is True


def test_validating_leaves_logging_on_for_everyone_else(built):
    """While pySHACL runs (in a thread), logging stays on for the process: only pySHACL's own logger is quiet."""
    from service.graph.canonical import read_turtle_folder
    from service.graph.coverage import coverage_query
    from service.graph.validate import asserted_graph, validate

    data = asserted_graph(built.dataset, read_turtle_folder(ROOT / "ontology"))
    shapes, query = read_turtle_folder(ROOT / "shapes"), coverage_query(ROOT / "queries")
    levels: set[int] = set()
    worker = threading.Thread(target=validate, args=(data, shapes, query))
    worker.start()
    while worker.is_alive():
        levels.add(logging.root.manager.disable)
        time.sleep(0.001)
    worker.join()
    assert levels == {logging.NOTSET}
    assert logging.getLogger("pyshacl-validate").disabled is False  # and pySHACL's own is back as it was
