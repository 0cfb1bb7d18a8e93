"""The embedded store on a large corpus, in one process: load time, resident memory, and the two queries.

    .venv/bin/python benchmarks/memory_store.py --dataset /tmp/corpus-1000/build/dataset.nq [--runs 100]

`benchmarks/stores.py` serves each store with two web workers, and with the
memory store each worker and each of its query executors loads its own copy of
the dataset: at N = 1,000 (a 1.4 GB dataset) that is more memory than the
machine has. This measures one copy: what each of those processes would pay.
The baseline is the same queries on the one real report, loaded the same way,
in the same run.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from stores import percentile, survey  # noqa: E402

from service.answers import Catalogue, scope  # noqa: E402
from service.config import Paths  # noqa: E402
from service.graph import build  # noqa: E402
from service.store import OxigraphStore, plain_rows  # noqa: E402


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure(dataset: Path, runs: int) -> dict:
    quads, report = survey(dataset)
    before = rss_mib()
    start = time.perf_counter()
    store = OxigraphStore.from_file(dataset)
    loaded = time.perf_counter() - start
    figures = {"quads": quads, "report": report, "load_s": loaded, "rss_mib": rss_mib() - before}
    catalogue = Catalogue.load(Paths.default().queries)
    for label, name, scoped in (("who-owns-what", "who-owns-what", scope(store, report)),
                                ("judgements-by-authority", "judgements-by-authority", store)):
        text = catalogue.get(name).text
        rows = len(plain_rows(scoped.query(text)))
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            plain_rows(scoped.query(text))
            times.append((time.perf_counter() - t) * 1000)
        figures[label] = (percentile(times, 50), percentile(times, 99), rows)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, required=True, help="the corpus's dataset (N-Quads)")
    parser.add_argument("--runs", type=int, default=100, help="in-process runs of each query")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    results = [("baseline: the real report", measure(build().dataset, args.runs)),
               (str(args.dataset), measure(args.dataset, args.runs))]
    for name, f in results:
        print(f"{name}: {f['quads']} quads, loaded in {f['load_s']:.2f} s, {f['rss_mib']:.1f} MiB resident more")
        for label in ("who-owns-what", "judgements-by-authority"):
            p50, p99, rows = f[label]
            scope_name = f"one report, {f['report']}" if label == "who-owns-what" else "the corpus"
            print(f"  {label} ({scope_name}): p50 {p50:.1f} ms, p99 {p99:.1f} ms, {rows} rows")
    (_, small), (_, large) = results
    print(f"ratios, corpus over the real report: quads {large['quads'] / small['quads']:.0f}x, load "
          f"{large['load_s'] / small['load_s']:.0f}x, who-owns-what of one report p50 "
          f"{large['who-owns-what'][0] / small['who-owns-what'][0]:.2f}x")
    print(f"peak resident memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
