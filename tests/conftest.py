"""Shared fixtures: one build of the real report per test session, in a temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
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
# The progress ledger of the whole test run: a file of its own, never the checkout's var/ledger.sqlite3. Every
# command and server the tests start inherits it; a test that needs a ledger of its own names one.
os.environ["INSPECTION_KG_LEDGER"] = str(Path(tempfile.mkdtemp(prefix="ikg-ledger-")) / "ledger.sqlite3")
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


# ---------------------------------------------------------------- the stores: every backend, each loaded once
# (service/store: memory, oxigraph:PATH, and sparql:URL on a real Oxigraph server and a real Virtuoso, each
# started here on 127.0.0.1; tests/engines.py). A suite runs on every backend by overriding its ``store`` or
# ``server`` fixture with a module fixture parametrised by BACKENDS that calls ``on_backend``.

import contextlib  # noqa: E402
from dataclasses import dataclass  # noqa: E402

from engines import VIRTUOSO_USER, OxigraphServer, Virtuoso, oxigraph_binary, virtuoso_binary  # noqa: E402

from service.store import load, open_store, parse_spec  # noqa: E402

BACKENDS = ["memory", "oxigraph", "oxigraph-server", "virtuoso"]
REMOTE_TIMEOUT = 20  # seconds for a query to a server under test (the machine may be busy)


@dataclass
class Backend:
    name: str
    spec: str            # the --store spec
    engine: object = None  # the SPARQL server (tests/engines.py), if any


@contextlib.contextmanager
def store_credentials(user: str, password: str):
    """INSPECTION_KG_STORE_USER and _PASSWORD set for what runs inside (a load into Virtuoso)."""
    saved = {k: os.environ.get(k) for k in ("INSPECTION_KG_STORE_USER", "INSPECTION_KG_STORE_PASSWORD")}
    os.environ.update({"INSPECTION_KG_STORE_USER": user, "INSPECTION_KG_STORE_PASSWORD": password})
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="session")
def oxigraph_engine(tmp_path_factory):
    """An Oxigraph server (`oxigraph serve`) for the session, empty."""
    if not oxigraph_binary():
        pytest.skip("no `oxigraph` command: pip install -e '.[test]'")
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph-server"), timeout=REMOTE_TIMEOUT) as engine:
        yield engine


@pytest.fixture(scope="session")
def virtuoso_engine(tmp_path_factory):
    """A Virtuoso 7 for the session, empty but for its own system graphs."""
    if not virtuoso_binary():
        pytest.skip("no virtuoso-t: apt-get install virtuoso-opensource-7 (.ci/run installs it)")
    with Virtuoso(tmp_path_factory.mktemp("virtuoso"), timeout=REMOTE_TIMEOUT) as engine:
        yield engine


@pytest.fixture(scope="session")
def backend_memory(built) -> Backend:
    return Backend("memory", "memory")


@pytest.fixture(scope="session")
def backend_oxigraph(built, tmp_path_factory) -> Backend:
    spec = f"oxigraph:{tmp_path_factory.mktemp('disk') / 'store'}"
    load(parse_spec(spec), built.dataset)
    return Backend("oxigraph", spec)


@pytest.fixture(scope="session")
def backend_oxigraph_server(built, oxigraph_engine) -> Backend:
    spec = f"sparql:{oxigraph_engine.query_url}"
    load(parse_spec(spec), built.dataset, graph_store=oxigraph_engine.graph_store_url)
    return Backend("oxigraph-server", spec, oxigraph_engine)


@pytest.fixture(scope="session")
def backend_virtuoso(built, virtuoso_engine) -> Backend:
    spec = f"sparql:{virtuoso_engine.query_url}"
    with store_credentials(*VIRTUOSO_USER):
        load(parse_spec(spec), built.dataset, graph_store=virtuoso_engine.graph_store_url)
    return Backend("virtuoso", spec, virtuoso_engine)


def _backend(request, name: str) -> Backend:
    return request.getfixturevalue("backend_" + name.replace("-", "_"))


def on_backend(request, what: str, name: str | None = None):
    """``what`` ("store" or "server") on the backend ``name`` (default: the parametrised ``request.param``)."""
    return request.getfixturevalue(f"{what}_on_{(name or request.param).replace('-', '_')}")


def on_every_backend():
    """A module's ``backend`` (each store in turn) and ``server`` (a real server over it) fixtures:
    ``backend, server = on_every_backend()`` runs the module's HTTP tests on every store."""
    @pytest.fixture(scope="module", params=BACKENDS)
    def backend(request) -> str:
        return request.param

    @pytest.fixture(scope="module")
    def server(request, backend) -> str:
        return on_backend(request, "server", backend)

    return backend, server


@pytest.fixture(scope="session")
def store_on_memory(store):
    return store


@pytest.fixture(scope="session")
def server_on_memory(server):
    return server


def _store_fixture(name):
    @pytest.fixture(scope="session")
    def fixture(request, built):
        return open_store(parse_spec(_backend(request, name).spec), built.dataset, timeout=REMOTE_TIMEOUT)
    return fixture


def _server_fixture(name):
    @pytest.fixture(scope="session")
    def fixture(request):
        running = RunningServer(None, store=_backend(request, name).spec, workers=1, query_timeout=REMOTE_TIMEOUT)
        running.start()
        yield running.base_url
        running.stop()
    return fixture


for _name in BACKENDS[1:]:
    globals()[f"store_on_{_name.replace('-', '_')}"] = _store_fixture(_name)
    globals()[f"server_on_{_name.replace('-', '_')}"] = _server_fixture(_name)
