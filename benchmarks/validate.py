"""Benchmark the validation of the one report against baselines run in the same invocation.

Ours: pySHACL over rdflib's in-memory graph (structure and curation with the
ontology, inference none) against shapes/, whose coverage checks are SHACL
Core except the one that counts (InadequateSectionAnswered). Then the whole
of service.validate.validate (pySHACL, plus describing and filling in the
results from queries/coverage.rq), which the build runs.

Baselines, each giving the same results:
- the coverage checks written as SHACL-SPARQL (benchmarks/coverage-as-sparql.ttl),
  the way they are first written; pySHACL parses a query per focus node;
- with --oxigraph, our shapes with pySHACL over a pyoxigraph store instead of
  rdflib's graph (slow: run fewer times).

    .venv/bin/python benchmarks/validate.py [--runs 7] [--oxigraph]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import Graph
from rdflib.namespace import RDF, SH

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.config import Paths  # noqa: E402
from service.graph.build import Stopwatch, load_ontology, report_graphs  # noqa: E402
from service.graph.canonical import read_turtle_folder, to_ox  # noqa: E402
from service.graph.coverage import coverage_query  # noqa: E402
from service.graph.validate import union, validate  # noqa: E402
from service.namespaces import Minter  # noqa: E402


def interleaved(variants: dict, runs: int) -> dict[str, tuple[float, object]]:
    """Median seconds and last value of each variant, run in turn ``runs`` times so that each sees the same load."""
    times: dict[str, list[float]] = {name: [] for name in variants}
    values: dict[str, object] = {}
    for _ in range(runs):
        for name, fn in variants.items():
            start = time.perf_counter()
            values[name] = fn()
            times[name].append(time.perf_counter() - start)
    return {name: (statistics.median(times[name]), values[name]) for name in variants}


def run_pyshacl(data, shapes: Graph) -> Graph:
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", inplace=True,
                                    allow_warnings=True, allow_infos=True)
    return report


def findings(report: Graph) -> set[tuple]:
    """What a report says, independent of how: (focus, severity, shape) for each result."""
    return {(str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultSeverity)),
             str(report.value(r, SH.sourceShape))) for r in report.subjects(RDF.type, SH.ValidationResult)}


def sparql_baseline_shapes(paths: Paths) -> Graph:
    """Our shapes with the coverage shapes replaced by their SHACL-SPARQL versions."""
    shapes = Graph().parse(paths.shapes / "integrity.ttl", format="turtle")
    return shapes.parse(ROOT / "benchmarks" / "coverage-as-sparql.ttl", format="turtle")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--oxigraph", action="store_true", help="also time pySHACL over a pyoxigraph store")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, python {platform.python_version()}, "
          f"pyshacl {pyshacl.__version__}, load average {os.getloadavg()[0]:.1f}")

    paths = Paths.default()
    ontology = load_ontology(paths)
    report_id, text, turtle = paths.reports()[0]
    graphs = report_graphs(report_id, text, turtle, ontology, Minter(), Stopwatch())
    data = union(ontology, graphs["structure"], graphs["curation"])
    shapes, query = read_turtle_folder(paths.shapes), coverage_query(paths.queries)
    print(f"data graph: {len(data)} triples (structure, curation, ontology); shapes: {len(shapes)} triples")

    baseline = sparql_baseline_shapes(paths)
    timed = interleaved({
        "ours": lambda: run_pyshacl(data, shapes),
        "whole": lambda: validate(data, shapes, query),
        "sparql": lambda: run_pyshacl(data, baseline),
    }, args.runs)
    ours, report = timed["ours"]
    expected = findings(report)
    assert findings(timed["sparql"][1]) == expected, "the SHACL-SPARQL baseline must find the same results"
    print(f"runs interleaved, medians of {args.runs}:")
    print(f"  pySHACL, our shapes (Core + 1 SPARQL): {ours:.3f} s ({len(expected)} results)")
    print(f"  service.validate.validate (pySHACL + describing the results): {timed['whole'][0]:.3f} s")
    print(f"  baseline, coverage as SHACL-SPARQL: {timed['sparql'][0]:.3f} s; ratio {timed['sparql'][0] / ours:.1f}x")

    if args.oxigraph:
        store = ox.Store()
        store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in data)
        runs = max(1, args.runs // 3)
        slow = interleaved({"ours": lambda: run_pyshacl(data, shapes), "oxigraph": lambda: run_pyshacl(store, shapes)},
                           runs)
        same = "same results" if findings(slow["oxigraph"][1]) == expected else "DIFFERENT results"
        print(f"baseline, pySHACL over a pyoxigraph store, medians of {runs}: {slow['oxigraph'][0]:.3f} s ({same}), "
              f"ours {slow['ours'][0]:.3f} s; ratio {slow['oxigraph'][0] / slow['ours'][0]:.1f}x")


if __name__ == "__main__":
    main()
