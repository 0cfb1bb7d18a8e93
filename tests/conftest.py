"""Shared fixtures: one build of the real report per test session, in a temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from service.answers.catalogue import Catalogue
from service.config import Paths
from service.graph.build import build
from service.namespaces import sparql_prologue
from service.report.extract import parse_report
from service.store import value
from service.store.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
REPORT_TEXT = ROOT / "data" / "birmingham-2012" / "ofsted-birmingham-2012.txt"


@pytest.fixture(scope="session")
def paths(tmp_path_factory) -> Paths:
    return Paths(ROOT, tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="session")
def built(paths):
    return build(paths, force=True)


@pytest.fixture(scope="session")
def store(built) -> OxigraphStore:
    return OxigraphStore.from_file(built.dataset)


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return Catalogue.load(ROOT / "queries")


@pytest.fixture(scope="session")
def report_text() -> str:
    return REPORT_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def report(report_text):
    return parse_report(report_text)


def select(store, where: str) -> list[dict]:
    """Run a query (the project's prefixes declared) and return rows of plain values."""
    results = store.query(sparql_prologue() + where)
    names = [v.value for v in results.variables]
    return [{n: value(row[n]) for n in names} for row in results]


def ask(store, where: str) -> bool:
    return bool(store.query(sparql_prologue() + where))


def run_cli(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real command line in a child process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "service.cli", *args], capture_output=True,
                          env=full_env, cwd=cwd or ROOT, timeout=300)


# ---------------------------------------------------------------- helpers added for the test suite
# (the fixtures above are unchanged)

import shutil  # noqa: E402

from service.namespaces import Minter  # noqa: E402

REPORT_ID = "birmingham-2012"
PROJECT_FOLDERS = ("ontology", "data", "shapes", "queries")


def report_lines() -> list[str]:
    """The report's lines as the file holds them; line N is ``report_lines()[N - 1]``."""
    return REPORT_TEXT.read_text(encoding="utf-8").split("\n")


def in_report(path: str = "") -> str:
    """The IRI of a part of the Birmingham report, under the configured base."""
    minter = Minter()
    return str(minter.in_report(REPORT_ID, path) if path else minter.report(REPORT_ID))


NATIONAL_BODIES = {"ofsted", "secretary-of-state", "uk-border-agency"}  # data/birmingham-2012/bodies.ttl
AUTHORITY = "birmingham"


def body_iri(slug: str) -> str:
    """A body the Birmingham report names: a national body's shared IRI, else the one local to Birmingham."""
    minter = Minter()
    return str(minter.national_body(slug) if slug in NATIONAL_BODIES else minter.local_body(AUTHORITY, slug))


def graph_iri(name: str, report: bool = True) -> str:
    return str(Minter().graph(REPORT_ID if report else None, name))


def copy_project(dest: Path) -> Path:
    """A copy of the project's inputs (ontology/, data/, shapes/, queries/) to use as a root."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FOLDERS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        else:
            (dest / name).mkdir()
    for path in dest.rglob("*"):  # the report text is read-only in the checkout; the copy may be edited
        path.chmod(path.stat().st_mode | 0o200)
    return dest


def copied_report(root: Path) -> Path:
    """The report text inside a copied project."""
    return root / "data" / REPORT_ID / REPORT_TEXT.name


# ---------------------------------------------------------------- the HTTP service, run as a real server
# (tests/server.py starts `inspection-kg serve` in a child process; these fixtures share one per session)

from server import RunningServer  # noqa: E402

KASEI = "http://kasei.us/2009/09/sparql/data/"
PROTOCOL_GRAPHS = [f"{KASEI}data{n}.rdf" for n in range(4)]
FOAF_DOCUMENT = "http://xmlns.com/foaf/0.1/Document"


@pytest.fixture(scope="session")
def server_process(built):
    """The real report's dataset served with a short query timeout (2.5 s) by 2 web workers."""
    running = RunningServer(built.dataset, query_timeout=2.5, workers=2)
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def server(server_process) -> str:
    """The base URL (http://127.0.0.1:PORT) of ``server_process``."""
    return server_process.base_url


def protocol_nquads() -> str:
    """The W3C protocol tests' graphs: each <dataN.rdf> is a foaf:Document in its own named graph."""
    lines = []
    for n, graph in enumerate(PROTOCOL_GRAPHS):
        lines.append(f"<{graph}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{FOAF_DOCUMENT}> <{graph}> .")
        lines.append(f'<{graph}> <http://purl.org/dc/terms/title> "data{n}" <{graph}> .')
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="session")
def protocol_dataset(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("protocol") / "protocol.nq"
    path.write_text(protocol_nquads(), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def protocol_server(protocol_dataset) -> str:
    """A server over the W3C protocol test graphs (data0.rdf ... data3.rdf); its base URL."""
    running = RunningServer(protocol_dataset, query_timeout=10, workers=1, executors=2)
    running.start()
    yield running.base_url
    running.stop()
