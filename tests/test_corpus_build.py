"""The synthetic corpus and the corpus build: invented reports through the real pipeline, built in parallel,
rebuilt only where they changed, byte for byte the same for the same inputs."""

from __future__ import annotations

import io
import json
import shutil
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import ROOT, run_cli

from service.config import Paths
from service.graph.build import build, load_ontology, report_graphs
from service.graph.parts import Stopwatch
from service.graph.reason import Reasoner, owlrl_infer
from service.namespaces import Minter
from service.report import parse_report, synthesise

SEED = 11
IKG = "https://w3id.org/inspection-kg/def#"
ORG = "http://www.w3.org/ns/org#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Three synthetic reports: two authorities, one of them inspected twice."""
    out = tmp_path_factory.mktemp("synthetic") / "corpus"
    synthesise(3, SEED, out, ROOT / "data")
    return out


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory):
    paths = Paths(ROOT, tmp_path_factory.mktemp("corpus-build"), corpus)
    return paths, build(paths, force=True, jobs=2)


def reports(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_dir())


def text_of(report: Path) -> str:
    return (report / f"{report.name}.txt").read_text(encoding="utf-8")


# ---------------------------------------------------------------- what synth writes

def test_every_report_is_marked_synthetic(corpus):
    assert (corpus / "SYNTHETIC.txt").is_file()
    for report in reports(corpus):
        assert report.name.startswith("synthetic-")
        assert sorted(p.name for p in report.iterdir()) == sorted(
            ["actions.ttl", "bodies.ttl", "findings.ttl", f"{report.name}.txt"])
        text = text_of(report)
        assert "\nSYNTHETIC REPORT, NOT A REAL INSPECTION: written by inspection-kg synth (seed 11)" in text
        assert parse_report(text).title.startswith("Synthetic inspection")
        assert "dcterms:description \"Synthetic report" in (report / "bodies.ttl").read_text(encoding="utf-8")


def test_the_same_seed_writes_the_same_bytes_and_another_seed_other_reports(corpus, tmp_path):
    again, other = tmp_path / "again", tmp_path / "other"
    synthesise(3, SEED, again)
    synthesise(3, SEED + 1, other)

    def files(folder):
        return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    assert files(again) == files(corpus)
    assert {p.name for p in reports(other)} != {p.name for p in reports(corpus)}
    assert not set(files(other).values()) & {v for k, v in files(corpus).items() if k.endswith((".txt", ".ttl"))}


def test_synth_refuses_the_real_data_folder_and_a_folder_it_did_not_write(tmp_path):
    inside = ROOT / "data" / "synthetic-corpus"
    result = run_cli("synth", "--reports", "2", "-o", str(inside))
    assert result.returncode == 2 and not inside.exists()
    assert result.stderr.decode().count("\n") == 1 and "real data" in result.stderr.decode()

    mixed = tmp_path / "mixed"
    mixed.mkdir()
    (mixed / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = run_cli("synth", "--reports", "2", "-o", str(mixed))
    assert result.returncode == 2 and "notes.txt" in result.stderr.decode()
    assert [p.name for p in mixed.iterdir()] == ["notes.txt"]

    result = run_cli("synth", "--reports", "0", "-o", str(tmp_path / "none"))
    assert result.returncode == 2 and not (tmp_path / "none").exists()


def test_a_larger_corpus_varies_what_a_report_holds(tmp_path):
    """Twenty reports through the extractor: paragraphs, grades, areas for improvement and timescales vary;
    one authority in five is inspected twice, in different years."""
    synthesise(20, SEED, tmp_path)
    parsed = {p.name: parse_report(text_of(p)) for p in reports(tmp_path)}
    assert len(parsed) == 20
    assert len({len(r.paragraphs) for r in parsed.values()}) > 3
    assert min(len(r.paragraphs) for r in parsed.values()) >= 37
    assert len({len(r.actions) for r in parsed.values()}) > 3
    assert len({j.grade for r in parsed.values() for j in r.judgements}) >= 3
    assert {a.timescale for r in parsed.values() for a in r.actions} == {
        "Immediately", "Within three months", "Within six months"}
    authorities = Counter(name.rsplit("-", 1)[0] for name in parsed)
    assert sorted(authorities.values(), reverse=True)[:4] == [2, 2, 2, 2] and len(authorities) == 16
    for authority, count in authorities.items():
        if count == 2:
            first, second = (r for name, r in sorted(parsed.items()) if name.startswith(authority + "-"))
            assert first.local_authority == second.local_authority and first.end.year < second.end.year
    assert len({r.local_authority for r in parsed.values()}) == 16


# ---------------------------------------------------------------- through the pipeline

def test_a_synthetic_corpus_builds_with_no_violation(built):
    paths, result = built
    assert not result.skipped and result.built == 3 and result.kept == 0
    assert set(result.validation) == {p.name for p in reports(paths.data)}
    for found in result.validation.values():
        assert found.startswith("0 violations"), found
    quads = list(ox.parse(path=str(result.dataset), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == sum(result.graphs.values())
    assert len(result.graphs) == 1 + 4 * 3


def test_two_inspections_of_an_authority_share_its_bodies_and_all_share_the_national_ones(built):
    paths, result = built
    store = ox.Store()
    store.load(path=str(result.dataset), format=ox.RdfFormat.N_QUADS)
    minter = Minter()
    names = [p.name for p in reports(paths.data)]
    twice = [n for n in names if sum(m.rsplit("-", 1)[0] == n.rsplit("-", 1)[0] for m in names) == 2]
    assert len(twice) == 2
    authority = twice[0].rsplit("-", 1)[0]

    def bodies(report: str) -> set[str]:
        graph = ox.NamedNode(str(minter.graph(report, "curation")))
        return {q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None, graph)
                if q.object.value.startswith(ORG)}

    local = str(minter.local_body(authority, ""))
    first, second = bodies(twice[0]), bodies(twice[1])
    assert {b for b in first if b.startswith(local)} == {b for b in second if b.startswith(local)}
    other = next(n for n in names if n not in twice)
    assert not {b for b in bodies(other) if b.startswith(local)}
    national = str(minter.national_body("ofsted"))
    assert all(national in bodies(n) for n in names)


def test_the_reasoner_concludes_what_owlrl_concludes_on_synthetic_reports(corpus):
    paths = Paths(ROOT, None, corpus)
    ontology = load_ontology(paths)
    reasoner = Reasoner(ontology)
    for report_id, text, turtle in paths.reports()[:2]:
        graphs = report_graphs(report_id, text, turtle, ontology, Minter(), Stopwatch(), reasoner)
        fast = set(reasoner.fast(graphs["structure"], graphs["curation"]))
        assert fast == set(owlrl_infer(ontology, graphs["structure"], graphs["curation"])), report_id
        assert len(fast) > 1000


# ---------------------------------------------------------------- only what changed is rebuilt

def test_one_changed_report_is_rebuilt_alone_and_the_dataset_is_what_a_full_build_gives(built, tmp_path):
    paths, result = built
    data = tmp_path / "data"
    shutil.copytree(paths.data, data)
    build_dir = tmp_path / "build"
    shutil.copytree(paths.build, build_dir)
    copy = Paths(ROOT, build_dir, data)
    assert build(copy, jobs=2).skipped

    changed = reports(data)[1]
    text = changed / f"{changed.name}.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("This inspection was unannounced.",
                                                             "This inspection was unannounced, as it happens."),
                    encoding="utf-8")
    again = build(copy, jobs=2)
    assert (again.built, again.kept) == (1, 2)
    assert "This inspection was unannounced, as it happens." in copy.dataset.read_text(encoding="utf-8")
    record = json.loads((build_dir / "parts" / "reports" / f"{changed.name}.json").read_text())
    assert record["report"] == changed.name

    full = build(Paths(ROOT, tmp_path / "full", data), force=True, jobs=1)
    assert full.built == 3
    assert copy.dataset.read_bytes() == full.dataset.read_bytes()
    assert again.version == full.version

    shutil.rmtree(changed)  # a report removed: its graphs and its part go
    fewer = build(copy, jobs=2)
    assert (fewer.built, fewer.kept) == (0, 2)
    assert changed.name not in copy.dataset.read_text(encoding="utf-8")
    assert not (build_dir / "parts" / "reports" / f"{changed.name}.nq").exists()


def test_a_corpus_build_prints_a_line_per_report_when_not_on_a_terminal(corpus, tmp_path):
    result = run_cli("build", "--data", str(corpus), "--build-dir", str(tmp_path / "build"), "--jobs", "2")
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode().splitlines()
    done = sorted(line.split()[1] for line in lines if line.startswith("["))
    assert done == [p.name for p in reports(corpus)]
    assert all(" built in " in line for line in lines if line.startswith("["))
    assert any(line.startswith("built ") and "3 reports built, 0 up to date" in line for line in lines)
    result = run_cli("build", "--data", str(corpus), "--build-dir", str(tmp_path / "build"), "--jobs", "0")
    assert result.returncode == 2 and "--jobs" in result.stderr.decode()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_build_shows_a_bar_with_the_rate_and_the_time_left():
    from service.graph import progress_for

    screen = _Terminal()
    bar = progress_for(stream=screen)
    bar.start(3, 1)
    for name in ("a", "b", "c"):
        bar.done({"report": name, "timings": {"reason": 0.1}, "validation": "0 violations"})
    bar.close()
    shown = screen.getvalue()
    assert "3/3" in shown and "report/s" in shown and "<" in shown  # done of all, the rate, elapsed<left
    assert "(1 up to date)" in shown
    piped = io.StringIO()
    lines = progress_for(stream=piped)
    lines.start(1, 0)
    lines.done({"report": "a", "timings": {"reason": 0.25}, "validation": "0 violations, 2 warnings"})
    assert piped.getvalue() == "[1/1] a built in 0.25 s: 0 violations, 2 warnings\n"
    quiet = io.StringIO()
    progress_for(quiet=True, stream=quiet).start(1, 0)
    assert quiet.getvalue() == ""
