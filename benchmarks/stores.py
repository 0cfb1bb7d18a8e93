"""Benchmark the stores on one dataset: load time, start to first answer, query latency, throughput, memory.

    .venv/bin/python benchmarks/stores.py [--dataset FILE] [--report ID] [--stores memory,oxigraph,...]
                                          [--runs 200] [--duration 10]

For each store (the first named, by default the embedded in-memory one, is
the baseline every ratio is against), in turn so that they do not compete for
the CPUs:

* load: the time to put the dataset in the store (memory: the load every web
  worker does at its start; the others: `inspection-kg load`'s function);
* start to first answer: `inspection-kg serve --store ...` launched, until
  the first query below answers 200;
* two catalogue queries, run as the service runs them: who-owns-what over one
  report (--report, default the dataset's first; scoped to its graphs as
  `--report` and `/reports/ID/...` scope it) and judgements-by-authority
  across the corpus: p50 and p99 in-process over --runs runs, and through the
  service under wrk (`/queries/NAME.json`, the response cache off, so each
  request asks the store), with requests per second;
* resident memory: the service's processes (main, workers, executors), and the
  SPARQL server's, after the wrk runs.

For a corpus, build it (`inspection-kg synth`, `inspection-kg build --data
... --build-dir ...`) and give its dataset with --dataset.

Needs wrk (Debian `wrk`), the `oxigraph` command (the test extras) and, for
Virtuoso, `virtuoso-t` (Debian `virtuoso-opensource-7`); a store whose program
is missing is left out, and says so. The servers are started here on free
127.0.0.1 ports (tests/engines.py) and stopped before the next store runs.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from engines import VIRTUOSO_USER, OxigraphServer, Virtuoso, oxigraph_binary, virtuoso_binary  # noqa: E402
from server import RunningServer  # noqa: E402

from service.answers import Catalogue, scope  # noqa: E402
from service.config import Paths  # noqa: E402
from service.errors import InspectionKGError  # noqa: E402
from service.graph import build  # noqa: E402
from service.store import load, open_store, parse_spec, plain_rows  # noqa: E402

CONNECTIONS, THREADS = 8, 2


@dataclass
class Figures:
    """One query on one store: in-process latency, and through the service under wrk."""

    p50_ms: float = 0.0
    p99_ms: float = 0.0
    http_p50_ms: float = 0.0
    http_p99_ms: float = 0.0
    rps: float = 0.0
    rows: int = 0
    runs: int = 0
    errors: str = ""  # what went wrong, when the query could not be measured (a timeout, non-2xx answers)


@dataclass
class Result:
    store: str
    load_s: float = 0.0
    first_answer_s: float = 0.0
    queries: dict[str, Figures] = field(default_factory=dict)
    service_rss_mib: float = 0.0
    engine_rss_mib: float = 0.0


@dataclass(frozen=True)
class Measured:
    """A catalogue query as measured: over one report (``report`` set) or across the corpus."""

    label: str
    name: str
    text: str
    report: str | None = None

    def path(self) -> str:
        return f"/queries/{self.name}.json" + (f"?report={self.report}" if self.report else "")


def rss_mib(pids) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def query_latency(store, query: Measured, runs: int, budget: float) -> Figures:
    """p50 and p99 (ms) of the query, its rows read as the reports read them (one report's graphs for a
    one-report query, as `--report` and `/reports/ID/...` scope it); and the rows. At most ``runs`` runs,
    and no more once ``budget`` seconds have gone (a cross-corpus query over a server can take seconds)."""
    store = scope(store, query.report)
    try:
        rows = len(plain_rows(store.query(query.text)))  # warm
    except InspectionKGError as exc:
        return Figures(errors=f"{type(exc).__name__}: {exc}"[:200])
    times, until = [], time.perf_counter() + budget
    while len(times) < runs and (not times or time.perf_counter() < until):
        start = time.perf_counter()
        plain_rows(store.query(query.text))
        times.append((time.perf_counter() - start) * 1000)
    return Figures(percentile(times, 50), percentile(times, 99), rows=rows, runs=len(times))


WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
WRK_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def under_wrk(url: str, duration: int) -> tuple[float, float, float, str]:
    """Requests per second and p50/p99 (ms) under wrk; and its output."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", "--timeout", "120s", "--latency", url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=duration + 180).stdout
    latency = {p: float(v) * UNITS[u] for p, v, u in WRK_LATENCY.findall(out)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    total = re.search(r"(\d+) requests in", out)
    failed = f"{errors.group(1)} of {total.group(1)} requests answered non-2xx" if errors else ""
    return float(WRK_RATE.search(out).group(1)), latency.get("50", 0.0), latency.get("99", 0.0), failed


def serve(result: Result, spec: str, dataset: Path, queries: list[Measured], duration: int) -> RunningServer:
    """Start the service over the store; time it to its first answer (the first query); each query under wrk."""
    server = RunningServer(dataset if spec == "memory" else None, store=None if spec == "memory" else spec,
                           workers=2, query_timeout=120, startup_timeout=900,
                           env={"INSPECTION_KG_CACHE_ENTRIES": "0"})
    start = time.perf_counter()
    server.start()
    while requests.get(server.base_url + queries[0].path(), timeout=300).status_code != 200:
        time.sleep(0.05)
    result.first_answer_s = time.perf_counter() - start
    for query in queries:
        url = server.base_url + query.path()
        figures = result.queries[query.label]
        if figures.errors:  # it could not be run in-process either
            continue
        first = requests.get(url, timeout=300)
        if first.status_code != 200:
            figures.errors = f"the service answered {first.status_code}: {first.text[:150]}"
            continue
        figures.rps, figures.http_p50_ms, figures.http_p99_ms, failed = under_wrk(url, duration)
        figures.errors = failed
    result.service_rss_mib = rss_mib(server.pids())
    return server


def measure(name: str, dataset: Path, queries: list[Measured], args, workdir: Path) -> Result:
    result = Result(name)
    engine = None
    try:
        if name == "memory":
            start = time.perf_counter()
            store = open_store(parse_spec("memory"), dataset)
            result.load_s = time.perf_counter() - start
            spec = "memory"
        elif name == "oxigraph":
            spec = f"oxigraph:{workdir / 'disk'}"
            result.load_s = load(parse_spec(spec), dataset).seconds
        else:
            kind = OxigraphServer if name == "oxigraph-server" else Virtuoso
            engine = kind(workdir / name, timeout=300).start()
            spec = f"sparql:{engine.query_url}"
            with credentials(VIRTUOSO_USER if kind is Virtuoso else None):
                result.load_s = load(parse_spec(spec), dataset, graph_store=engine.graph_store_url,
                                     timeout=3600).seconds
        if name != "memory":
            store = open_store(parse_spec(spec), timeout=300)
        for query in queries:
            result.queries[query.label] = query_latency(store, query, args.runs, args.budget)
        del store
        server = serve(result, spec, dataset, queries, args.duration)
        if engine is not None:
            result.engine_rss_mib = rss_mib([engine.process.pid])
        server.stop()
    finally:
        if engine is not None:
            engine.stop()
    return result


@contextmanager
def credentials(user_password: tuple[str, str] | None):
    """The store's credentials in the environment while loading (Virtuoso's Graph Store endpoint asks)."""
    names = ("INSPECTION_KG_STORE_USER", "INSPECTION_KG_STORE_PASSWORD")
    if user_password:
        os.environ.update(dict(zip(names, user_password)))
    try:
        yield
    finally:
        for key in names if user_password else ():
            os.environ.pop(key, None)


def ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}x" if base else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, help="a dataset file (N-Quads); default: the build's")
    parser.add_argument("--report", help="the report of the one-report query (default: the first in the dataset)")
    parser.add_argument("--runs", type=int, default=200, help="in-process runs of each query")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds of in-process runs per query, at most")
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk run")
    parser.add_argument("--stores", default="memory,oxigraph,oxigraph-server,virtuoso")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("stores benchmark: needs wrk (apt-get install wrk)")
    dataset = args.dataset or build().dataset
    names = args.stores.split(",")
    missing = {"oxigraph-server": oxigraph_binary, "virtuoso": virtuoso_binary}
    for name in [n for n in names if n in missing and not missing[n]()]:
        print(f"{name}: left out, its program is not installed")
        names.remove(name)
    catalogue = Catalogue.load(Paths.default().queries)
    quads, first = survey(dataset)
    report = args.report or first
    queries = [Measured(f"who-owns-what ({report})", "who-owns-what", catalogue.get("who-owns-what").text, report),
               Measured("judgements-by-authority (corpus)", "judgements-by-authority",
                        catalogue.get("judgements-by-authority").text)]
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    shown = dataset.resolve().relative_to(ROOT) if dataset.resolve().is_relative_to(ROOT) else dataset
    print(f"dataset: {shown} ({quads} quads); queries: {', '.join(q.label for q in queries)}; "
          f"wrk -t{THREADS} -c{CONNECTIONS} -d{args.duration}s, 2 web workers, response cache off")
    results = []
    with tempfile.TemporaryDirectory(prefix="ikg-stores-") as tmp:
        for name in names:
            results.append(measure(name, dataset, queries, args, Path(tmp) / name))
            print(f"  {name}: done", file=sys.stderr)
    base = results[0]
    print(f"{'store':<16}{'load s':>9}{'first answer s':>16}{'service MiB':>13}{'engine MiB':>12}")
    for r in results:
        print(f"{r.store:<16}{r.load_s:>9.2f}{r.first_answer_s:>16.2f}{r.service_rss_mib:>13.0f}"
              f"{r.engine_rss_mib:>12.0f}")
    for query in queries:
        print(f"{query.label}: {base.queries[query.label].rows} rows")
        print(f"  {'store':<16}{'runs':>6}{'p50 ms':>10}{'p99 ms':>10}{'http p50':>10}{'http p99':>10}{'req/s':>8}")
        for r in results:
            f = r.queries[query.label]
            print(f"  {r.store:<16}{f.runs:>6}{f.p50_ms:>10.1f}{f.p99_ms:>10.1f}{f.http_p50_ms:>10.1f}"
                  f"{f.http_p99_ms:>10.1f}{f.rps:>8.0f}" + (f"   {f.errors}" if f.errors else ""))
    print(f"ratios against {base.store}:")
    for r in results[1:]:
        parts = [f"load {ratio(r.load_s, base.load_s)}", f"first answer {ratio(r.first_answer_s, base.first_answer_s)}"]
        for query in queries:
            f, b = r.queries[query.label], base.queries[query.label]
            parts.append(f"{query.name} p50 {ratio(f.p50_ms, b.p50_ms)}, req/s {ratio(f.rps, b.rps)}")
        parts.append(f"service memory {ratio(r.service_rss_mib, base.service_rss_mib)}")
        print(f"  {r.store}: " + "; ".join(parts))
    for query in queries:
        rows = [(r.store, r.queries[query.label].rows) for r in results if not r.queries[query.label].errors]
        if len({n for _, n in rows}) > 1:
            raise SystemExit(f"stores benchmark: the stores disagree on the rows of {query.label}: {rows}")


def survey(dataset: Path) -> tuple[int, str | None]:
    """The dataset's quads (its lines: N-Quads, one per line) and its first report's id (the dataset is sorted by
    graph, a report's graphs being …/graph/<id>/<name>), read as bytes: a 1.4 GB corpus in a few seconds."""
    quads, first = 0, None
    graph = re.compile(rb"/graph/([^/>]+)/[^/>]+> \.$")
    with open(dataset, "rb") as lines:
        for line in lines:
            if line.strip() and not line.startswith(b"#"):
                quads += 1
                if first is None and (found := graph.search(line.rstrip())):
                    first = found.group(1).decode()
    return quads, first


if __name__ == "__main__":
    main()
