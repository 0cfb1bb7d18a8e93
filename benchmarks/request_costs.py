"""Where the CPU time of one uncached /sparql request goes: guard, parameters, IPC, evaluation, serialisation, Flask.

    .venv/bin/python benchmarks/request_costs.py [--requests 300]

In one process, one request at a time, each with a query text never seen
before (a numbered comment), for the four queries of `endpoint.py --unique`.
Each stage is timed on its own with the code the server runs (CPU time of the
thread, medians of three passes), and the whole request through the WSGI app
(create_app, its executor pool, no response cache) is timed by the CPU time of
the web process and of its executors (from /proc):

- parameters: decoding the query string (service.web.http), then by parse_qsl as before;
- guard: service.store.inspect_query (quick reading), then the exact reading as before;
- evaluate + serialise: pyoxigraph's query and JSON writer, as the executor runs
  them (run_job), then with the Python writer (serialise_solutions) as before;
- a whole request: the web process's CPU (Flask, the view, the guard, the pipe)
  and the executors' CPU (evaluation, serialisation, the pipe) per request;
- so IPC + Flask = web CPU - parameters - guard, and executor overhead =
  executor CPU - evaluate + serialise.

For a sampling profile of a running server under load, use py-spy (in the bench
extra), e.g. `py-spy record --subprocesses -o profile.svg -- inspection-kg serve`.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from endpoint import UNIQUE, descendants, load_note  # noqa: E402

from service.graph.build import build  # noqa: E402
from service.store.executor import Job, run_job  # noqa: E402
from service.store.guard import _inspect, inspect_query  # noqa: E402
from service.store.oxigraph import OxigraphStore  # noqa: E402
from service.store.results import RESULT_FORMATS, serialise_solutions  # noqa: E402
from service.web import create_app  # noqa: E402
from service.web.http import _quick_pairs  # noqa: E402


def per_call(function, count: int) -> float:
    """Median over three passes of the thread CPU milliseconds per call of function(i), i new each call."""
    passes = []
    for start in (0, count, 2 * count):
        begin = time.thread_time()
        for i in range(start, start + count):
            function(i)
        passes.append((time.thread_time() - begin) / count * 1000)
    return statistics.median(passes)


def unique(text: str, i: int) -> str:
    return f"{text}\n# {i}"


def environ(raw_query: bytes) -> dict:
    return {"REQUEST_METHOD": "GET", "PATH_INFO": "/sparql", "QUERY_STRING": raw_query.decode("ascii"),
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1:8000",
            "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr, "HTTP_ACCEPT": "application/sparql-results+json", "wsgi.version": (1, 0),
            "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False}


def own_cpu(pid: int) -> float:
    """CPU seconds of that one process (not its children), from /proc."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(name: str, store: OxigraphStore, app, n: int) -> str:
    """One query's line of the table."""
    text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    raw = [("query=" + urllib.parse.quote_plus(unique(text, i))).encode("ascii") for i in range(3 * n)]
    params = per_call(lambda i: _quick_pairs(raw[i]), n)
    params_was = per_call(lambda i: urllib.parse.parse_qsl(raw[i].decode(), keep_blank_values=True), n)
    guard = per_call(lambda i: inspect_query.__wrapped__(unique(text, i), 64, 2000), n)
    guard_was = per_call(lambda i: _inspect(unique(text, i), 64, 2000, frozenset()), n)
    evaluate = per_call(lambda i: run_job(store, Job(unique(text, i), "json", 10_000)), n)
    evaluate_was = per_call(lambda i: serialise_solutions(store.query(unique(text, i)), RESULT_FORMATS["json"],
                                                          10_000), n)

    def one(i: int) -> None:
        body = b"".join(app(environ(raw[i]), lambda status, headers, exc=None: None))
        assert body.startswith(b"{"), body[:200]

    for i in range(20):  # executors started and warm
        one(i)
    web = os.getpid()
    executors = list(descendants(web))
    web_before, exec_before = own_cpu(web), sum(own_cpu(p) for p in executors)
    for i in range(n):
        one(n + i)
    web_cpu = (own_cpu(web) - web_before) / n * 1000
    exec_cpu = (sum(own_cpu(p) for p in executors) - exec_before) / n * 1000
    return (f"{name:34} {params:7.3f} {params_was:6.3f} {guard:6.3f} {guard_was:6.3f} {evaluate:8.3f} "
            f"{evaluate_was:6.3f} {web_cpu:8.3f} {exec_cpu:8.3f} {web_cpu - params - guard:9.3f} "
            f"{exec_cpu - evaluate:9.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per measurement (default 300)")
    args = parser.parse_args()
    n = args.requests
    dataset = build().dataset
    store = OxigraphStore.from_file(dataset)
    app = create_app({"CACHE_ENTRIES": 0, "DATASET": str(dataset)})
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, python {platform.python_version()}; {load_note()}")
    print(f"one request at a time, {n} per measurement, a new query text each; CPU milliseconds per request")
    print()
    header = (f"{'query':34} {'params':>7} {'(was)':>6} {'guard':>6} {'(was)':>6} {'eval+ser':>8} {'(was)':>6} "
              f"{'web CPU':>8} {'exec CPU':>8} {'IPC+Flask':>9} {'exec rest':>9}")
    print(header)
    for name in UNIQUE:
        print(measure(name, store, app, n), flush=True)
    app.extensions["inspection_kg"].pool.close()
    print()
    print(f"after the run: {load_note()}")


if __name__ == "__main__":
    main()
