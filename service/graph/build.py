"""Build the dataset: each report built on its own and kept, then every part put side by side.

Each report is extracted, curated, reasoned over and validated on its own
(with the ontology), in parallel worker processes (``jobs``), and its graphs
kept as one part under ``build/parts/`` (``parts``). A part is rebuilt only
when its report's inputs (its text and Turtle) or the inputs every report
shares (ontology, shapes, queries, the package's own code, the base IRI) have
changed; the dataset is then the parts concatenated in the order of their
graphs' names, with no re-canonicalisation. The whole build is skipped when
no input has changed since the last one.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..config import Paths
from ..namespaces import Minter
from .canonical import part_nquads, read_turtle_folder
from .parts import (
    Context,
    Job,
    Record,
    Stopwatch,
    build_in_worker,
    load_ontology,
    read_record,
    record_error,
    report_graphs,
    start_worker,
)
from .progress import Progress

__all__ = ["BuildResult", "build", "input_files", "input_hash", "load_ontology", "report_graphs", "Stopwatch"]


@dataclass
class BuildResult:
    dataset: Path
    skipped: bool
    graphs: dict[str, int] = field(default_factory=dict)   # graph IRI -> triples
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds (summed over reports)
    version: str = ""
    validation: dict[str, str] = field(default_factory=dict)  # report -> what its validation found
    built: int = 0    # reports built this time
    kept: int = 0     # reports whose part was up to date
    peak_mib: float = 0.0  # the largest peak memory of a process that built a report
    cpu: float = 0.0       # processor seconds spent building reports, summed over processes

    def summary(self) -> str:
        """A few lines for people: what was built, how big, how long each stage took."""
        if self.skipped:
            head = f"dataset {self.dataset} is up to date (version {self.version[:12]}); nothing to do"
        else:
            head = (f"built {self.dataset} (version {self.version[:12]}): {self.built} "
                    f"report{'s' if self.built != 1 else ''} built, {self.kept} up to date")
        return "\n".join([head, *self._sizes(), *self._checks(), self._times()]).rstrip()

    def _sizes(self) -> list[str]:
        if len(self.validation) > 3:  # a corpus: the triples by kind of graph
            kinds: dict[str, int] = {}
            for name, n in self.graphs.items():
                kind = name.rsplit("/", 1)[-1]
                kinds[kind] = kinds.get(kind, 0) + n
            counts = {f"{kind} graphs": n for kind, n in kinds.items()}
        else:
            counts = dict(self.graphs)
        width = max((len(g) for g in counts), default=0)
        rows = [f"  {g:<{width}}  {n:>6} triples" for g, n in counts.items()]
        return rows + [f"  {'total':<{width}}  {sum(self.graphs.values()):>6} triples"]

    def _checks(self) -> list[str]:
        if len(self.validation) <= 3:
            return [f"  validation of {report}: {found}" for report, found in self.validation.items()]
        failing = [r for r, found in self.validation.items() if not found.startswith("0 violations")]
        return [f"  validation of {len(self.validation)} reports: {len(failing)} with violations"
                + (f" ({', '.join(failing[:5])}{' ...' if len(failing) > 5 else ''})" if failing else "")]

    def _times(self) -> str:
        stages = "  ".join(f"{stage} {seconds:.2f}s" for stage, seconds in self.timings.items())
        return f"  time: {stages}" if stages else ""


def input_files(paths: Paths) -> list[Path]:
    """Every file whose content can change the dataset."""
    files = shared_files(paths)
    for _, text, turtle in paths.reports():
        files += [text, *turtle]
    return files


def shared_files(paths: Paths) -> list[Path]:
    """The files every report's build reads: the package's code, the ontology, the shapes, the queries."""
    package = Path(__file__).resolve().parent.parent  # every stage but the web's can change what is built
    files = sorted(p for p in package.rglob("*.py") if not {"web", "project"} & set(p.relative_to(package).parts))
    files += sorted(paths.ontology.glob("*.ttl")) + sorted(paths.shapes.glob("*.ttl"))
    files += sorted(paths.queries.glob("*.rq"))  # the build reads coverage.rq to describe validation results
    return files


def _digest(parts: list[bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def shared_digest(paths: Paths, minter: Minter) -> str:
    items = [__version__.encode(), minter.base.encode()]
    for path in shared_files(paths):
        name = path.relative_to(paths.root) if path.is_relative_to(paths.root) else Path(path.parent.name, path.name)
        items += [str(name).encode(), path.read_bytes()]
    return _digest(items)


def report_digest(shared: str, report_id: str, text: Path, turtle: list[Path]) -> str:
    """The key of a report's part: its own inputs (names and bytes) and the shared inputs' digest."""
    items = [shared.encode(), report_id.encode()]
    for path in (text, *turtle):
        items += [path.name.encode(), path.read_bytes()]
    return _digest(items)


def _jobs(paths: Paths, minter: Minter) -> tuple[str, list[Job]]:
    shared = shared_digest(paths, minter)
    folder = paths.parts / "reports"
    jobs = [Job(report_id, text, tuple(turtle), report_digest(shared, report_id, text, turtle),
                folder / f"{report_id}.nq", folder / f"{report_id}.json")
            for report_id, text, turtle in paths.reports()]
    return shared, jobs


def input_hash(paths: Paths, minter: Minter) -> str:
    """The digest of every input: the build is up to date while it is the manifest's."""
    return _inputs_digest(*_jobs(paths, minter))


def _inputs_digest(shared: str, jobs: list[Job]) -> str:
    return _digest([shared.encode(), *(f"{job.report_id} {job.key}".encode() for job in jobs)])


def _up_to_date(job: Job, record: Record) -> bool:
    """The report's part was built from these inputs, and is all there."""
    try:
        return record.get("key") == job.key and job.part.stat().st_size == record.get("bytes")
    except OSError:
        return False


def build(paths: Paths | None = None, force: bool = False, minter: Minter | None = None, jobs: int | None = None,
          progress: Progress | None = None) -> BuildResult:
    """Build the dataset unless it is up to date, rebuilding only the reports that changed; return what was done.

    ``jobs``: worker processes (default: the number of CPUs); ``force`` rebuilds every report.
    """
    paths = paths or Paths.default()
    paths.check()
    minter = minter or Minter()
    shared, report_jobs = _jobs(paths, minter)
    digest = _inputs_digest(shared, report_jobs)
    manifest = _read_json(paths.manifest)
    if not force and manifest.get("inputs") == digest and paths.dataset.exists():
        return BuildResult(paths.dataset, True, manifest.get("graphs", {}), {}, manifest.get("version", ""),
                           manifest.get("validation", {}))
    started = time.perf_counter()
    watch = Stopwatch()
    with watch.stage("ontology"):  # checked here, once: a worker that cannot load them would only fail later
        ontology = load_ontology(paths)
        read_turtle_folder(paths.shapes)
    (paths.parts / "reports").mkdir(parents=True, exist_ok=True)
    records = {job.report_id: read_record(job.record) for job in report_jobs}
    todo = [job for job in report_jobs if force or not _up_to_date(job, records[job.report_id])]
    progress = progress or Progress()
    progress.start(len(todo), len(report_jobs) - len(todo))
    for record in _run(paths, minter, todo, jobs, progress):
        records[record["report"]] = record
    progress.close()
    _fail_on_errors([records[job.report_id] for job in todo])
    for record in (records[job.report_id] for job in todo):  # the time spent in this build, summed over reports
        for stage, seconds in record["timings"].items():
            watch.timings[stage] = watch.timings.get(stage, 0.0) + seconds
    ontology_part = part_nquads({minter.graph(None, "ontology"): ontology})
    with watch.stage("assemble"):
        version = _assemble(paths, minter, ontology_part, report_jobs, records)
    _remove_stale_parts(paths, {job.report_id for job in report_jobs})
    counts = {str(minter.graph(None, "ontology")): len(ontology)}
    for job in report_jobs:
        counts.update(records[job.report_id]["graphs"])
    found = {job.report_id: records[job.report_id]["validation"] for job in report_jobs}
    watch.timings["wall"] = time.perf_counter() - started
    _write_json(paths.manifest, {"inputs": digest, "version": version, "graphs": counts, "timings": watch.timings,
                                 "base": minter.base, "validation": found})
    built = [records[job.report_id] for job in todo]
    return BuildResult(paths.dataset, False, counts, watch.timings, version, found, len(todo),
                       len(report_jobs) - len(todo), max((r["peak_mib"] for r in built), default=0.0),
                       sum(r["cpu"] for r in built))


def _run(paths: Paths, minter: Minter, todo: list[Job], jobs: int | None, progress: Progress):
    """Build each report's part, in this process when there is one to build (or one job), else in workers."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    if len(todo) <= 1 or jobs == 1:
        context = Context(paths, minter.base) if todo else None
        for job in todo:
            record = context.build(job)
            progress.done(record)
            yield record
        return
    methods = multiprocessing.get_all_start_methods()
    # Not fork: the caller may have threads (a test's server, a web worker), which fork would copy half-way.
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    with ProcessPoolExecutor(min(jobs, len(todo)), mp_context=context, initializer=start_worker,
                             initargs=(paths, minter.base)) as pool:
        for future in as_completed([pool.submit(build_in_worker, job) for job in todo]):
            record = future.result()
            progress.done(record)
            yield record


def _fail_on_errors(records: list[Record]) -> None:
    """Raise the first report's error (in report order), saying how many more failed."""
    failed = sorted((r for r in records if "error" in r), key=lambda r: r["report"])
    if not failed:
        return
    error = record_error(failed[0])
    if len(failed) > 1:
        more = ", ".join(r["report"] for r in failed[1:4]) + (" ..." if len(failed) > 4 else "")
        error.args = (f"{error} (and {len(failed) - 1} more reports failed: {more})",)
    raise error


def _assemble(paths: Paths, minter: Minter, ontology_part: bytes, jobs: list[Job], records: dict) -> str:
    """Write the dataset as its parts in the order of their graphs' names; return its version."""
    order = sorted([(str(minter.graph(None, "ontology")), None)]
                   + [(str(minter.graph(job.report_id, "")), job) for job in jobs], key=lambda item: item[0])
    digests = []
    partial = paths.dataset.with_name(paths.dataset.name + ".partial")
    with partial.open("wb") as out:
        for _, job in order:
            if job is None:
                out.write(ontology_part)
                digests.append(hashlib.sha256(ontology_part).hexdigest())
                continue
            with job.part.open("rb") as part:
                shutil.copyfileobj(part, out, 1 << 20)
            digests.append(records[job.report_id]["digest"])
    os.replace(partial, paths.dataset)  # a reader never sees half a dataset
    return _digest([d.encode() for d in digests])


def _remove_stale_parts(paths: Paths, reports: set[str]) -> None:
    """Forget the parts of reports that are no longer in the data."""
    for path in (paths.parts / "reports").iterdir():
        if path.suffix in (".nq", ".json") and path.stem not in reports:
            path.unlink()


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
