"""One report's part of the dataset, built on its own: extract, curate, reason, validate, write.

A report's part is its four named graphs (structure, curation, inferred,
validation) as N-Quads, kept under ``build/parts/reports/`` with a record of
what it was built from (``Record``). Parts are built independently, in worker
processes when there are several, each of which loads the ontology, its
reasoner and the shapes once (``Context``) and holds one report's graphs at a
time, so a corpus of any size builds in constant memory per worker.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from ..config import Paths
from ..errors import CurationError, ExtractionError, InspectionKGError, ShapesError, UserError
from ..namespaces import IKG, Minter, authority_of
from ..report import decode_report, parse_report, structure_graph
from . import coverage
from .canonical import part_nquads, read_turtle_folder
from .coverage import coverage_query
from .curation import check_curation, load_turtle
from .reason import Reasoner
from .validate import union, validate

GRAPHS = ("structure", "curation", "inferred", "validation")  # a report's named graphs


class Stopwatch:
    def __init__(self):
        self.timings: dict[str, float] = {}

    def stage(self, name: str):
        watch = self

        class _Stage:
            def __enter__(self):
                self.start = time.perf_counter()

            def __exit__(self, *exc):
                watch.timings[name] = watch.timings.get(name, 0.0) + time.perf_counter() - self.start

        return _Stage()


def load_ontology(paths: Paths) -> Graph:
    """The ontology and concept schemes as one graph."""
    return read_turtle_folder(paths.ontology)


def timescale_months(ontology: Graph) -> dict[str, int]:
    return {str(concept): int(months) for concept, months in ontology.subject_objects(IKG.months)}


def report_graphs(report_id: str, text_path: Path, turtle: list[Path], ontology: Graph,
                  minter: Minter, watch: Stopwatch, reasoner: Reasoner | None = None) -> dict[str, Graph]:
    """The structure, curation and inferred graphs of one report."""
    with watch.stage("extract"):
        text = decode_report(text_path.read_bytes())  # names the line that is not UTF-8
        report = parse_report(text)
        structure = structure_graph(report, report_id, timescale_months(ontology), minter)
    with watch.stage("curate"):
        curation, sources = load_turtle(turtle, minter)
        check_curation(curation, structure, minter.report(report_id), sources, minter, authority_of(report_id))
    with watch.stage("reason"):
        inferred = (reasoner or Reasoner(ontology)).infer(structure, curation)
    return {"structure": structure, "curation": curation, "inferred": inferred}


@dataclass(frozen=True)
class Job:
    """One report to build, and where its part and record go."""

    report_id: str
    text: Path
    turtle: tuple[Path, ...]
    key: str      # the digest of the report's own inputs and of the inputs every report shares
    part: Path    # its N-Quads
    record: Path  # its Record, as JSON


# A report's record: {"key", "report", "graphs" {graph IRI: triples}, "validation" (counts, as words),
# "violations", "timings" {stage: seconds}, "digest" (of the part's bytes), "bytes", "peak_mib" (the memory of
# the process that built it, at its peak so far), "cpu" (its processor seconds)}; or, when the report
# cannot be built, {"report", "error", "kind"} and no part.
Record = dict


def record_error(record: Record) -> InspectionKGError:
    """The error a failed report's record stands for, saying which report (the shapes' errors are no report's)."""
    where = f"{record['report']}/{record['text']}"
    kind = record["kind"]
    if kind == "ExtractionError":
        return ExtractionError(record["error"], record["line"], where)
    if kind == "ShapesError":
        return ShapesError(record["error"])
    error = {"CurationError": CurationError}.get(kind, UserError)(f"{record['report']}: {record['error']}")
    return error


def read_record(path: Path) -> Record:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


class Context:
    """What every report's build reads, loaded once per process: ontology, reasoner, shapes, coverage query."""

    def __init__(self, paths: Paths, base: str):
        self.minter = Minter(base)
        self.ontology = load_ontology(paths)
        self.shapes = read_turtle_folder(paths.shapes)
        self.query = coverage_query(paths.queries)
        self.reasoner = Reasoner(self.ontology)

    def build(self, job: Job) -> Record:
        """Build one report's part and write it with its record; a report that cannot be built gives an error
        record (the exceptions of this package do not all survive the trip between processes)."""
        failed = {"report": job.report_id, "text": job.text.name}
        try:
            return self._build(job)
        except ExtractionError as exc:
            return {**failed, "kind": "ExtractionError", "error": exc.detail, "line": exc.line}
        except InspectionKGError as exc:
            return {**failed, "kind": type(exc).__name__, "error": str(exc)}
        except OSError as exc:
            if exc.filename is None:
                raise
            return {**failed, "kind": "UserError", "error": f"{exc.filename}: {exc.strerror or exc}"}

    def _build(self, job: Job) -> Record:
        cpu = time.process_time()
        watch = Stopwatch()
        named = report_graphs(job.report_id, job.text, list(job.turtle), self.ontology, self.minter, watch,
                              self.reasoner)
        with watch.stage("validate"):  # the asserted graphs only: the shapes check what was read and curated
            validation = validate(union(self.ontology, named["structure"], named["curation"]), self.shapes,
                                  self.query)
        named["validation"] = validation.report
        with watch.stage("write"):
            graphs = {self.minter.graph(job.report_id, name): named[name] for name in GRAPHS}
            data = part_nquads(graphs, job.report_id)
            job.part.write_bytes(data)
        record = {"key": job.key, "report": job.report_id, "validation": coverage.counts(validation.data),
                  "violations": validation.data["violations"],
                  "graphs": {str(name): len(graph) for name, graph in graphs.items()},
                  "timings": watch.timings, "digest": hashlib.sha256(data).hexdigest(), "bytes": len(data),
                  "peak_mib": _peak_mib(), "cpu": time.process_time() - cpu}
        job.record.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return record


def _peak_mib() -> float:
    """The peak resident memory of this process so far, in MiB (0 where the platform does not say)."""
    try:
        import resource
    except ImportError:
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


_WORKER: Context | None = None  # the context of a worker process


def start_worker(paths: Paths, base: str) -> None:
    """A worker process's initialiser: load what every report's build reads."""
    global _WORKER
    _WORKER = Context(paths, base)


def build_in_worker(job: Job) -> Record:
    return _WORKER.build(job)
