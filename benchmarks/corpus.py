"""Benchmark the corpus build: N synthetic reports (N = 1, 10, 100, 1000 by default), each size built in a fresh
process: a full build (wall time, per report, peak memory of the build process and of its largest worker), an
incremental build after one report's text changes, and an up-to-date build. The baseline, in the same run: the
old reasoner (owlrl over the ontology and each report) against the new (the ontology's closure once, then the
rules each report's data can fire), on the first reports of the corpus.

    .venv/bin/python benchmarks/corpus.py [--sizes 1,10,100,1000] [--jobs 2] [--keep DIR] [--baseline 10]

--keep DIR: write the largest corpus to DIR/reports and its build to DIR/build, and leave them there.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.config import Paths  # noqa: E402
from service.graph.build import build  # noqa: E402
from service.report import synthesise  # noqa: E402

SEED = 2012
CHANGE = ("This inspection was unannounced.", "This inspection was unannounced, as it happens.")
TARGETS = {"full build of 1000 reports": 600.0, "per-report cost, N=1000 over N=10": 1.5,
           "incremental build after one change, N=1000": 10.0}


def one_build(data: Path, build_dir: Path, jobs: int, force: bool) -> dict:
    """Run in a child process: one build, with its wall time and the peak memory of the process tree."""
    started = time.perf_counter()
    result = build(Paths(ROOT, build_dir, data), force=force, jobs=jobs)
    wall = time.perf_counter() - started
    return {"wall": wall, "built": result.built, "kept": result.kept, "skipped": result.skipped,
            "timings": result.timings, "quads": sum(result.graphs.values()),
            "bytes": result.dataset.stat().st_size,
            "main_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "worker_mib": result.peak_mib,  # the build's workers, or this process when it built alone
            "cpu": result.cpu}


def timed_build(data: Path, build_dir: Path, jobs: int, force: bool = False) -> dict:
    """One build in a fresh process, so that each figure of peak memory is that build's alone."""
    out = subprocess.run([sys.executable, __file__, "--one-build", str(data), str(build_dir), str(jobs),
                          "force" if force else "keep"], capture_output=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.decode().splitlines()[-1])


def change_one(data: Path, undo: bool = False) -> Path:
    """Change (or change back) one sentence of the first report's text."""
    folder = sorted(p for p in data.iterdir() if p.is_dir())[0]
    text = folder / f"{folder.name}.txt"
    old, new = CHANGE[::-1] if undo else CHANGE
    content = text.read_text(encoding="utf-8")
    assert content.count(old) == 1, text
    text.write_text(content.replace(old, new), encoding="utf-8")
    return text


def baseline(data: Path, reports: int) -> tuple[float, float, int]:
    """Seconds to reason over ``reports`` reports with owlrl (the old reasoner) and with the new; how many."""
    from service.graph.parts import Stopwatch, load_ontology, report_graphs
    from service.graph.reason import Reasoner, owlrl_infer
    from service.namespaces import Minter

    paths = Paths(ROOT, None, data)
    ontology = load_ontology(paths)
    started = time.perf_counter()
    reasoner = Reasoner(ontology)  # the ontology's closure: paid once per worker process
    new = time.perf_counter() - started
    old = 0.0
    chosen = paths.reports()[:reports]
    for report_id, text, turtle in chosen:
        graphs = report_graphs(report_id, text, turtle, ontology, Minter(), Stopwatch(), reasoner)
        started = time.perf_counter()
        fast = reasoner.fast(graphs["structure"], graphs["curation"])
        new += time.perf_counter() - started
        started = time.perf_counter()
        plain = owlrl_infer(ontology, graphs["structure"], graphs["curation"])
        old += time.perf_counter() - started
        assert set(fast) == set(plain), report_id
    return old, new, len(chosen)


def machine() -> str:
    load = os.getloadavg()
    return (f"machine: {platform.machine()}, {os.cpu_count()} CPUs, python {platform.python_version()}; "
            f"load average {load[0]:.2f} (1 min), {load[1]:.2f} (5 min)")


def main() -> None:
    if len(sys.argv) == 6 and sys.argv[1] == "--one-build":
        _, _, data, build_dir, jobs, force = sys.argv
        print(json.dumps(one_build(Path(data), Path(build_dir), int(jobs), force == "force")))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100,1000")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", help="the folder to write the largest corpus and its build into, and leave")
    parser.add_argument("--baseline", type=int, default=10, help="reports reasoned over by both reasoners")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    print(machine())
    print(f"synthetic corpora, seed {SEED}; builds with --jobs {args.jobs}, each in a fresh process")
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            keep = args.keep and n == max(sizes)
            where = Path(args.keep) if keep else Path(tmp) / str(n)
            if keep and where.exists():
                shutil.rmtree(where)
            data, build_dir = where / "reports", where / "build"
            started = time.perf_counter()
            synthesise(n, SEED, data)
            written = time.perf_counter() - started
            full = timed_build(data, build_dir, args.jobs, force=True)
            up_to_date = timed_build(data, build_dir, args.jobs)
            change_one(data)
            incremental = timed_build(data, build_dir, args.jobs)
            change_one(data, undo=True)
            back = timed_build(data, build_dir, args.jobs)
            rows[n] = {"synth": written, "full": full, "up_to_date": up_to_date, "incremental": incremental,
                       "back": back}
            print(f"N={n}: synth {written:.1f} s; full build {full['wall']:.1f} s; incremental "
                  f"{incremental['wall']:.2f} s (and back {back['wall']:.2f} s); up to date {up_to_date['wall']:.2f} s",
                  flush=True)
            rows[n]["data"] = data
        base_n = min((n for n in sizes if n >= args.baseline), default=max(sizes))
        old, new, reasoned = baseline(rows[base_n]["data"], args.baseline)
    report(rows, old, new, reasoned, args.jobs)


def report(rows: dict, old: float, new: float, reasoned: int, jobs: int) -> None:
    print()
    print(f"{'N':>5} {'full s':>8} {'s/report':>9} {'CPU s/report':>13} {'peak main MiB':>14} "
          f"{'peak worker MiB':>16} {'incremental s':>14} {'up to date s':>13} {'quads':>10} {'dataset MB':>11}")
    for n, row in rows.items():
        full = row["full"]
        print(f"{n:>5} {full['wall']:>8.1f} {full['wall'] / n:>9.3f} {full['cpu'] / n:>13.3f} "
              f"{full['main_mib']:>14.0f} {full['worker_mib']:>16.0f} {row['incremental']['wall']:>14.2f} "
              f"{row['up_to_date']['wall']:>13.2f} {full['quads']:>10} {full['bytes'] / 1e6:>11.1f}")
    biggest = max(rows)
    full = rows[biggest]["full"]
    print(f"\nthe N={biggest} build's processor time: {full['cpu']:.0f} s over {jobs} workers; with {jobs} CPUs "
          f"to itself it would take about {full['cpu'] / jobs:.0f} s (the wall time was {full['wall']:.0f} s: "
          f"{full['cpu'] / jobs / full['wall']:.0%} of {jobs} CPUs)")
    stages = full["timings"]
    print(f"\nstages of the N={biggest} build, seconds summed over reports (wall {stages.get('wall', 0):.1f} s):")
    print("  " + "  ".join(f"{s} {t:.1f}" for s, t in stages.items() if s != "wall"))
    print(f"\nbaseline, same run: reasoning over {reasoned} reports: owlrl (old) {old:.2f} s, "
          f"ontology closure once + rules (new) {new:.2f} s: {old / new:.1f}x faster")
    per_report = {n: row["full"]["wall"] / n for n, row in rows.items()}
    if biggest >= 1000 and 10 in per_report:
        extra = (old - new) / reasoned / jobs  # what owlrl would add per report, with the same workers
        print(f"the N={biggest} build with the old reasoner, estimated: "
              f"{rows[biggest]['full']['wall'] + extra * biggest:.0f} s")
        found = {"full build of 1000 reports": rows[biggest]["full"]["wall"],
                 "per-report cost, N=1000 over N=10": per_report[biggest] / per_report[10],
                 "incremental build after one change, N=1000": rows[biggest]["incremental"]["wall"]}
        print("\ntarget                                          found     target  verdict")
        for name, value in found.items():
            verdict = "met" if value <= TARGETS[name] else f"missed by {value / TARGETS[name]:.2f}x"
            print(f"{name:<46} {value:>8.2f} {TARGETS[name]:>9.1f}  {verdict}")
    print("\n" + machine())


if __name__ == "__main__":
    main()
