"""Benchmark progress records: the cost of an fsync per write, records per second accepted from concurrent
writers over HTTP, and the read latency of /reports/progress with 10,000 records.

    .venv/bin/python benchmarks/progress.py [--records 1000] [--clients 32] [--read-records 10000]

Each measurement runs the recommended setting (SQLite WAL, synchronous=FULL:
a commit returns once it is on disk) beside its baseline in the same
invocation (synchronous=NORMAL, which syncs only at checkpoints and survives
a crash of the server but not of the machine; for reads, the same report
with no records). Servers are the real `inspection-kg serve` (granian, two
web workers), started on a free 127.0.0.1 port and stopped after.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import requests  # noqa: E402
from server import RunningServer  # noqa: E402

from service.graph.build import build  # noqa: E402
from service.namespaces import Minter  # noqa: E402
from service.progress import Attempt, Ledger, Principal, Users  # noqa: E402
from service.progress.history import append  # noqa: E402
from service.progress.records import Draft  # noqa: E402

BODY = Minter().local_body("birmingham", "bscb")
ACTIONS = [str(Minter().in_report("birmingham-2012", f"action/{n}")) for n in (2, 10, 13, 14)]


def direct_writes(synchronous: str, count: int) -> float:
    """Milliseconds per record appended (with its audit entry) straight to a ledger, one after another."""
    with tempfile.TemporaryDirectory(dir=ROOT) as folder:  # on the disk the ledger would live on, not tmpfs
        ledger = Ledger(Path(folder) / "ledger.sqlite3", synchronous)
        who = Principal("bench", str(BODY), "editor")
        start = time.perf_counter()
        for i in range(count):
            append(ledger, Draft("in-progress", "2013-01-15", f"write {i}"), who, ACTIONS[i % 4], "birmingham-2012",
                   Attempt("progress.add", ACTIONS[i % 4], "bench", "bench"))
        return (time.perf_counter() - start) / count * 1000


def concurrent_writes(dataset: Path, synchronous: str, records: int, clients: int) -> tuple[float, list[float]]:
    """(records per second, each request's seconds) for ``records`` POSTs from ``clients`` at once."""
    with tempfile.TemporaryDirectory(dir=ROOT) as folder:
        path = Path(folder) / "ledger.sqlite3"
        token = Users(Ledger(path)).add("bench", str(BODY), "editor", Attempt("users.add", "bench", "bench"))
        os.environ["INSPECTION_KG_LEDGER_SYNCHRONOUS"] = synchronous
        try:
            with RunningServer(dataset, workers=2, threads=16, executors=1, ledger=path) as base:
                def write(client: int) -> list[float]:
                    session, took = requests.Session(), []
                    for i in range(client, records, clients):
                        start = time.perf_counter()
                        response = session.post(f"{base}/id/birmingham-2012/action/{(2, 10, 13, 14)[i % 4]}/progress",
                                                json={"status": "in-progress", "date": "2013-01-15", "note": f"{i}"},
                                                headers={"Authorization": f"Bearer {token}"}, timeout=120)
                        took.append(time.perf_counter() - start)
                        assert response.status_code == 201, response.text
                    return took

                write(0)  # each worker verifies the token once (scrypt) and warms up
                start = time.perf_counter()
                with ThreadPoolExecutor(clients) as pool:
                    took = [t for one in pool.map(write, range(clients)) for t in one]
                elapsed = time.perf_counter() - start
        finally:
            del os.environ["INSPECTION_KG_LEDGER_SYNCHRONOUS"]
        return len(took) / elapsed, took


def fill(path: Path, count: int) -> None:
    """``count`` records in a ledger, fast (synchronous=NORMAL: durability is not what is measured here)."""
    ledger = Ledger(path, "NORMAL")
    who = Principal("bench", str(BODY), "editor")
    statuses = ("not-started", "in-progress", "at-risk", "completed")
    for i in range(count):
        append(ledger, Draft(statuses[i % 4], f"2013-{1 + i % 12:02d}-{1 + i % 28:02d}", f"record {i}"), who,
               ACTIONS[i % 4], "birmingham-2012", Attempt("progress.add", ACTIONS[i % 4], "bench", "bench"))


def read_latency(dataset: Path, count: int, runs: int) -> dict[str, float]:
    """Median milliseconds of /reports/progress.json: each day new (computed), and the same day again (cached)."""
    with tempfile.TemporaryDirectory(dir=ROOT) as folder:
        path = Path(folder) / "ledger.sqlite3"
        fill(path, count)
        with RunningServer(dataset, workers=2, executors=1, ledger=path) as base:
            def get(url: str) -> float:
                start = time.perf_counter()
                response = requests.get(url, timeout=120)
                assert response.status_code == 200 and response.json()["summary"]["actions"] == 14
                return (time.perf_counter() - start) * 1000

            get(f"{base}/reports/progress.json")  # warm
            computed = [get(f"{base}/reports/progress.json?as-of=2013-{1 + i % 12:02d}-{1 + i // 12:02d}")
                        for i in range(runs)]
            cached = [get(f"{base}/reports/progress.json?as-of=2013-06-01") for _ in range(runs)]
            page = [get(f"{base}/reports/progress.json?as-of=2014-01-{1 + i:02d}") for i in range(min(runs, 28))]
        return {"computed": statistics.median(computed), "cached": statistics.median(cached[1:]),
                "p90": sorted(computed)[int(len(computed) * 0.9)], "again": statistics.median(page)}


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("--records", type=int, default=1000)
    args.add_argument("--clients", type=int, default=32)
    args.add_argument("--direct", type=int, default=300, help="records appended straight to a ledger, per setting")
    args.add_argument("--read-records", type=int, default=10_000)
    args.add_argument("--runs", type=int, default=30)
    options = args.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    dataset = build().dataset

    direct = {s: direct_writes(s, options.direct) for s in ("NORMAL", "FULL")}
    print(f"one writer, straight to the ledger ({options.direct} records each, record + audit entry per commit):")
    print(f"  synchronous=FULL {direct['FULL']:.2f} ms/record, baseline NORMAL {direct['NORMAL']:.2f} ms/record: "
          f"the fsync costs {direct['FULL'] - direct['NORMAL']:.2f} ms per write "
          f"(ratio {direct['FULL'] / direct['NORMAL']:.1f}x)")

    print(f"{options.clients} concurrent writers over HTTP, {options.records} records, 2 web workers:")
    rates = {}
    for setting in ("NORMAL", "FULL"):
        rate, took = concurrent_writes(dataset, setting, options.records, options.clients)
        rates[setting] = rate
        took.sort()
        print(f"  synchronous={setting}: {rate:.0f} records/s; latency p50 {took[len(took) // 2] * 1000:.0f} ms, "
              f"p99 {took[int(len(took) * 0.99)] * 1000:.0f} ms")
    print(f"  FULL / NORMAL: {rates['FULL'] / rates['NORMAL']:.2f}")

    print(f"GET /reports/progress.json, medians of {options.runs}:")
    empty = read_latency(dataset, 0, options.runs)
    full = read_latency(dataset, options.read_records, options.runs)
    for label, figures in ((f"{options.read_records} records", full), ("baseline, no record", empty)):
        print(f"  {label}: computed (a new day each time) {figures['computed']:.0f} ms (p90 {figures['p90']:.0f} ms),"
              f" from the cache {figures['cached']:.1f} ms")
    print(f"  computed with {options.read_records} records / with none: {full['computed'] / empty['computed']:.1f}x")


if __name__ == "__main__":
    main()
