"""Benchmark the build: a full forced build of the one report, stage by stage, against
baselines run in the same invocation: owlrl's closure over everything, literals and
axiomatic triples included (what a plain `DeductiveClosure(OWLRL_Semantics).expand(g)`
costs), owlrl over the reduced input the build gave it before (`owlrl_infer`), and the
build's reasoner (the ontology's closure once, then the rules the data can fire).

    .venv/bin/python benchmarks/build.py [--runs 5]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import owlrl
from rdflib import Graph

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.config import Paths  # noqa: E402
from service.graph.build import Stopwatch, build, load_ontology, report_graphs  # noqa: E402
from service.graph.reason import Reasoner, owlrl_infer  # noqa: E402
from service.namespaces import Minter  # noqa: E402


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        paths = Paths(ROOT, Path(tmp))
        results = []
        total = median_time(lambda: results.append(build(paths, force=True)), runs)
        stages = {s: statistics.median(r.timings[s] for r in results) for s in results[0].timings}
        triples = sum(results[0].graphs.values())
        print(f"full build, median of {runs}: {total:.2f} s ({triples} triples)")
        print("  " + "  ".join(f"{s} {t:.2f}s" for s, t in stages.items()))
        skipped = median_time(lambda: build(paths), runs)
        print(f"up-to-date build (skipped), median of {runs}: {skipped * 1000:.1f} ms")

    ontology = load_ontology(paths)
    report_id, text, turtle = paths.reports()[0]
    graphs = report_graphs(report_id, text, turtle, ontology, Minter(), Stopwatch())
    reasoners = []
    closure = median_time(lambda: reasoners.append(Reasoner(ontology)), runs)
    ours = median_time(lambda: reasoners[0].fast(graphs["structure"], graphs["curation"]), runs)
    before = median_time(lambda: owlrl_infer(ontology, graphs["structure"], graphs["curation"]), runs)

    def naive():
        g = Graph()
        for part in (ontology, graphs["structure"], graphs["curation"]):
            for t in part:
                g.add(t)
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)

    baseline = median_time(naive, max(1, runs // 2))
    print(f"reasoning: ours {ours:.3f} s per report (after the ontology's closure, once per process: "
          f"{closure:.2f} s); owlrl as the build ran it before {before:.2f} s, ratio {before / ours:.1f}x; "
          f"plain owlrl over everything {baseline:.2f} s, ratio {baseline / ours:.1f}x")


if __name__ == "__main__":
    main()
