"""Build the dataset: extract each report, merge its curation, reason, validate, write sorted N-Quads.

Each report is reasoned over and validated on its own (with the ontology), so
a build of many reports grows linearly even though owlrl's closure grows with
the square of its input. The build is skipped when none of its inputs (texts,
Turtle, shapes, queries, the package's own code, the base IRI) has changed
since the last one.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from .. import __version__
from ..config import Paths
from ..errors import ExtractionError
from ..namespaces import IKG, Minter, authority_of
from ..report import decode_report, parse_report, structure_graph
from . import coverage
from .canonical import read_turtle_folder, sorted_nquads, to_dataset
from .coverage import coverage_query
from .curation import check_curation, load_turtle
from .reason import infer
from .validate import union, validate


@dataclass
class BuildResult:
    dataset: Path
    skipped: bool
    graphs: dict[str, int] = field(default_factory=dict)   # graph IRI -> triples
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds
    version: str = ""
    validation: dict[str, str] = field(default_factory=dict)  # report -> what its validation found

    def summary(self) -> str:
        """A few lines for people: what was built, how big, how long each stage took."""
        if self.skipped:
            head = f"dataset {self.dataset} is up to date (version {self.version[:12]}); nothing to do"
        else:
            head = f"built {self.dataset} (version {self.version[:12]})"
        width = max((len(g) for g in self.graphs), default=0)
        rows = [f"  {g:<{width}}  {n:>6} triples" for g, n in self.graphs.items()]
        rows.append(f"  {'total':<{width}}  {sum(self.graphs.values()):>6} triples")
        stages = "  ".join(f"{stage} {seconds:.2f}s" for stage, seconds in self.timings.items())
        checks = [f"  validation of {report}: {found}" for report, found in self.validation.items()]
        return "\n".join([head, *rows, *checks, f"  time: {stages}" if stages else ""]).rstrip()


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


def input_files(paths: Paths) -> list[Path]:
    """Every file whose content can change the dataset."""
    package = Path(__file__).resolve().parent.parent  # every stage but the web's can change what is built
    files = sorted(p for p in package.rglob("*.py") if not {"web", "project"} & set(p.relative_to(package).parts))
    files += sorted(paths.ontology.glob("*.ttl")) + sorted(paths.shapes.glob("*.ttl"))
    files += sorted(paths.queries.glob("*.rq"))  # the build reads coverage.rq to describe validation results
    for _, text, turtle in paths.reports():
        files += [text, *turtle]
    return files


def input_hash(paths: Paths, minter: Minter) -> str:
    digest = hashlib.sha256(f"{__version__}\n{minter.base}\n".encode())
    for path in input_files(paths):
        digest.update(f"{path.relative_to(paths.root) if path.is_relative_to(paths.root) else path.name}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_ontology(paths: Paths) -> Graph:
    """The ontology and concept schemes as one graph."""
    return read_turtle_folder(paths.ontology)


def timescale_months(ontology: Graph) -> dict[str, int]:
    return {str(concept): int(months) for concept, months in ontology.subject_objects(IKG.months)}


def report_graphs(report_id: str, text_path: Path, turtle: list[Path], ontology: Graph,
                  minter: Minter, watch: Stopwatch) -> dict[str, Graph]:
    """The structure, curation and inferred graphs of one report."""
    with watch.stage("extract"):
        try:
            text = decode_report(text_path.read_bytes())
        except ExtractionError as exc:  # name the file: the other extraction errors are about its content
            raise ExtractionError(f"{text_path.name}: {exc.detail}", exc.line) from exc
        report = parse_report(text)
        structure = structure_graph(report, report_id, timescale_months(ontology), minter)
    with watch.stage("curate"):
        curation, sources = load_turtle(turtle, minter)
        check_curation(curation, structure, minter.report(report_id), sources, minter, authority_of(report_id))
    with watch.stage("reason"):
        inferred = infer(ontology, structure, curation)
    return {"structure": structure, "curation": curation, "inferred": inferred}


def build(paths: Paths | None = None, force: bool = False, minter: Minter | None = None) -> BuildResult:
    """Build the dataset unless it is up to date; return what was done."""
    paths = paths or Paths.default()
    paths.check()
    minter = minter or Minter()
    digest = input_hash(paths, minter)
    manifest = _read_manifest(paths)
    if not force and manifest.get("inputs") == digest and paths.dataset.exists():
        return BuildResult(paths.dataset, True, manifest.get("graphs", {}), {}, manifest.get("version", ""),
                           manifest.get("validation", {}))
    watch = Stopwatch()
    with watch.stage("ontology"):  # with the shapes and the query that describes validation results
        ontology = load_ontology(paths)
        shapes, query = read_turtle_folder(paths.shapes), coverage_query(paths.queries)
    graphs: dict[URIRef, Graph] = {minter.graph(None, "ontology"): ontology}
    found: dict[str, str] = {}
    for report_id, text, turtle in paths.reports():
        named = report_graphs(report_id, text, turtle, ontology, minter, watch)
        with watch.stage("validate"):  # the asserted graphs only: the shapes check what was read and curated
            validation = validate(union(ontology, named["structure"], named["curation"]), shapes, query)
        named["validation"] = validation.report
        found[report_id] = coverage.counts(validation.data)
        for name, graph in named.items():
            graphs[minter.graph(report_id, name)] = graph
    with watch.stage("write"):
        data = sorted_nquads(to_dataset(graphs))
        paths.build.mkdir(parents=True, exist_ok=True)
        paths.dataset.write_bytes(data)
    version = hashlib.sha256(data).hexdigest()
    counts = {str(name): len(graph) for name, graph in graphs.items()}
    _write_manifest(paths, {"inputs": digest, "version": version, "graphs": counts,
                            "timings": watch.timings, "base": minter.base, "validation": found})
    return BuildResult(paths.dataset, False, counts, watch.timings, version, found)


def _read_manifest(paths: Paths) -> dict:
    try:
        return json.loads(paths.manifest.read_text())
    except (OSError, ValueError):
        return {}


def _write_manifest(paths: Paths, manifest: dict) -> None:
    paths.manifest.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
