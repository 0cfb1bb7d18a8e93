"""The stores: one spec chooses them; load fills them; each answers as the embedded store does, or says why not.

Every backend here is real: pyoxigraph on disk in a temporary folder, an
Oxigraph server and a Virtuoso 7 started on 127.0.0.1 (tests/engines.py). The
report, catalogue and linked-data suites run on each of them too; this file
holds what is particular to stores: the spec, the load, the parameters as a
VALUES block, a store that changes, goes down or is slow, and the differences
between engines that docs/stores.md lists, each asserted here.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from conftest import REMOTE_TIMEOUT, body_iri, run_cli, store_credentials
from engines import VIRTUOSO_USER, OxigraphServer, Virtuoso, oxigraph_binary, virtuoso_binary
from server import RunningServer, free_port

from service.answers import Catalogue
from service.errors import StoreFailed, StoreTimeout, Unavailable, UserError
from service.namespaces import NAMESPACES, sparql_prologue
from service.store import SparqlStore, load, open_store, parse_spec, plain_rows, serialize_dataset
from service.store.formats import rdf_format
from service.store.record import GraphEntry, Record
from service.store.values import inject_values, where_group

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = Catalogue.load(ROOT / "queries")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SH = NAMESPACES["sh"]


def graphs_of(dataset: Path) -> Counter:
    """Triples per named graph of a dataset file, counted here from the file itself."""
    return Counter(q.graph_name.value for q in ox.parse(path=str(dataset), format=ox.RdfFormat.N_QUADS))


def error_of(response, status: int) -> str:
    assert response.status_code == status, (response.status_code, response.text[:300])
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "title", "message"}
    assert body["error"]["status"] == status
    return body["error"]["message"]


@pytest.fixture(scope="module")
def closed_url() -> str:
    """A query URL on 127.0.0.1 where nothing listens."""
    return f"http://127.0.0.1:{free_port()}/query"


# ---------------------------------------------------------------- the spec

@pytest.mark.parametrize("text, kind", [
    ("memory", "memory"), ("", "memory"), ("oxigraph:/tmp/x", "oxigraph"),
    ("sparql:http://127.0.0.1:7878/query", "sparql"), ("sparql:https://example.org/sparql?x=1", "sparql")])
def test_a_spec_names_its_store(text, kind):
    assert parse_spec(text).kind == kind


@pytest.mark.parametrize("text, says", [
    ("postgres:x", "--store takes memory, oxigraph:PATH or sparql:QUERY_URL"),
    ("oxigraph:", "needs a folder"),
    ("sparql:", "needs a query URL"),
    ("sparql:ftp://example.org/q", "http(s) URL"),
    ("sparql:http://user:secret@example.org/q", "INSPECTION_KG_STORE_USER"),
    ("memory:file.nq", "takes no location"),
])
def test_a_bad_spec_says_what_is_wrong(text, says):
    with pytest.raises(UserError, match=says.replace("(", r"\(").replace(")", r"\)")):
        parse_spec(text)


def test_the_cli_refuses_a_bad_spec_in_one_line():
    result = run_cli("report", "who-owns-what", "--store", "nowhere:at-all")
    assert result.returncode == 2 and len(result.stderr.decode().splitlines()) == 1
    assert "--store takes memory, oxigraph:PATH or sparql:QUERY_URL" in result.stderr.decode()


def test_the_environment_chooses_the_store_when_the_option_does_not(backend_oxigraph, built):
    result = run_cli("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv",
                     env={"INSPECTION_KG_STORE": backend_oxigraph.spec})
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().split() == ["n", str(sum(graphs_of(built.dataset).values()))]


# ---------------------------------------------------------------- parameters as a VALUES block

def example_parameters(store) -> list[tuple[str, dict]]:
    """Every catalogue query with each value its parameters can take here: every body, dates either side."""
    bodies = [r["b"] for r in plain_rows(store.query(sparql_prologue() + "SELECT DISTINCT ?b WHERE { ?b a ikg:Body }"))]
    values = {"iri": bodies, "date": ["2012-09-18", "2012-09-19", "2012-12-19"], "integer": ["1", "14"],
              "string": ["Immediately", "x"]}
    runs = []
    for query in CATALOGUE.queries.values():
        required = {p.name: values[p.type][0] for p in query.parameters if not p.optional}
        runs.append((query.name, required))
        for parameter in query.parameters:  # each parameter through its values, the others at their first
            runs += [(query.name, {**required, parameter.name: value}) for value in values[parameter.type][1:]]
    return runs


def test_a_values_block_answers_as_pyoxigraph_substitution_does_for_every_catalogue_query(store):
    runs = example_parameters(store)
    assert len(runs) > 100  # 38 bodies for each of three queries, dates, and the queries without parameters
    for name, given in runs:
        query = CATALOGUE.get(name)
        bindings = query.bindings(given)
        substituted = plain_rows(store.query(query.text, substitutions=bindings))
        injected = plain_rows(store.query(inject_values(query.text, bindings)))
        assert injected == substituted, (name, given)


@pytest.mark.parametrize("query, before", [
    ("SELECT ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE "),
    ("SELECT ?x { ?x ?p ?o }", "SELECT ?x "),
    ("PREFIX ex: <http://ex/{}> # a { in a comment\nSELECT (EXISTS { ?a ?b ?c } AS ?e) ?x WHERE { ?x ?p '{' }",
     "PREFIX ex: <http://ex/{}> # a { in a comment\nSELECT (EXISTS { ?a ?b ?c } AS ?e) ?x WHERE "),
    ("CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }", "CONSTRUCT { ?x ?p ?o } WHERE "),
    ("CONSTRUCT WHERE { ?x ?p ?o }", "CONSTRUCT WHERE "),
    ("ASK { ?x ?p ?o }", "ASK "),
])
def test_the_values_block_opens_the_outermost_where_group(query, before):
    assert where_group(query) == len(before)
    injected = inject_values(query, {"x": ox.NamedNode("http://ex/a")})
    assert injected.startswith(before + "{ VALUES (?x) { (<http://ex/a>) } ")
    assert injected.count("\n") == query.count("\n")  # the engine's line numbers stay the query's


# ---------------------------------------------------------------- load

@pytest.mark.parametrize("name", ["oxigraph", "oxigraph-server", "virtuoso"])
def test_each_store_holds_the_dataset_graph_by_graph(request, built, name):
    backend = request.getfixturevalue("backend_" + name.replace("-", "_"))
    store = open_store(parse_spec(backend.spec), timeout=REMOTE_TIMEOUT)
    expected = graphs_of(built.dataset)
    assert store.graphs() == sorted(expected) and len(store) == sum(expected.values())
    assert {g: sum(1 for _ in store.quads(g)) for g in store.graphs()} == dict(expected)


def test_every_store_dumps_the_same_bytes(request, built):
    """RDFC-1.0 labels the blank nodes: a dump does not depend on the store, nor on its blank node labels."""
    dumps = set()
    for name in ("memory", "oxigraph", "oxigraph_server", "virtuoso"):
        spec = request.getfixturevalue("backend_" + name).spec
        store = open_store(parse_spec(spec), built.dataset, timeout=REMOTE_TIMEOUT)
        dumps.add(serialize_dataset(store.quads(), rdf_format("nq")))
    assert len(dumps) == 1


def test_load_prints_the_triples_of_each_graph_and_their_total(built, tmp_path):
    result = run_cli("load", "--store", f"oxigraph:{tmp_path / 'store'}", "--dataset", str(built.dataset))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode().splitlines()
    expected = graphs_of(built.dataset)
    assert lines[0].startswith(f"loaded {len(expected)} graphs into oxigraph:")
    counts = {line.split()[0]: int(line.split()[1]) for line in lines[1:]}
    assert counts == {**expected, "total": sum(expected.values())}


def test_loading_again_replaces_those_graphs_and_leaves_the_others(built, oxigraph_engine, tmp_path):
    """A graph of another application stays, unseen by the service; the same data again, the same version."""
    other = "http://example.org/another-application"
    requests.put(oxigraph_engine.graph_store_url, params={"graph": other}, data=b"<http://x> <http://y> <http://z> .",
                 headers={"Content-Type": "application/n-triples"}, timeout=10).raise_for_status()
    spec = parse_spec(f"sparql:{oxigraph_engine.query_url}")
    first = load(spec, built.dataset, graph_store=oxigraph_engine.graph_store_url)
    again = load(spec, built.dataset, graph_store=oxigraph_engine.graph_store_url)
    assert first.version == again.version and again.graphs == dict(graphs_of(built.dataset))
    store = open_store(spec)
    assert other not in store.graphs() and len(store) == sum(graphs_of(built.dataset).values())
    assert not plain_rows(store.query("SELECT ?s WHERE { ?s <http://y> ?o }"))
    held = requests.get(oxigraph_engine.graph_store_url, params={"graph": other}, timeout=10)
    assert held.status_code == 200 and b"<http://z>" in held.content


def test_load_through_sparql_update_gives_the_same_data(built, tmp_path, backend_oxigraph):
    if not oxigraph_binary():
        pytest.skip("no `oxigraph` command")
    with OxigraphServer(tmp_path / "update") as engine:
        spec = parse_spec(f"sparql:{engine.query_url}")
        loaded = load(spec, built.dataset, update=engine.update_url)
        assert loaded.graphs == dict(graphs_of(built.dataset))
        by_gsp = open_store(parse_spec(backend_oxigraph.spec))
        assert serialize_dataset(open_store(spec).quads(), rdf_format("nq")) == \
            serialize_dataset(by_gsp.quads(), rdf_format("nq"))


@pytest.mark.parametrize("args, code, says", [
    (["--store", "memory"], 2, "the memory store is loaded from the dataset at each start"),
    (["--store", "sparql:http://127.0.0.1:9/query"], 2, "needs one of --graph-store URL"),
])
def test_load_refuses_what_it_cannot_do(built, args, code, says):
    result = run_cli("load", *args, "--dataset", str(built.dataset))
    assert result.returncode == code and says in result.stderr.decode()
    assert len(result.stderr.decode().splitlines()) == 1


def test_load_into_a_server_that_is_not_there_exits_3(built, closed_url):
    result = run_cli("load", "--store", f"sparql:{closed_url}", "--graph-store", closed_url.replace("query", "store"),
                     "--dataset", str(built.dataset))
    assert result.returncode == 3, result.stderr
    assert "cannot be reached" in result.stderr.decode() and len(result.stderr.decode().splitlines()) == 1


def test_virtuoso_wants_credentials_to_load(built, virtuoso_engine):
    """Virtuoso's Graph Store endpoint asks for Digest authentication; without credentials the load fails."""
    spec = parse_spec(f"sparql:{virtuoso_engine.query_url}")
    with store_credentials("dba", "not-the-password"), pytest.raises(Unavailable, match="refused the service's"):
        load(spec, built.dataset, graph_store=virtuoso_engine.graph_store_url)
    with store_credentials(*VIRTUOSO_USER):
        assert load(spec, built.dataset, graph_store=virtuoso_engine.graph_store_url).graphs == \
            dict(graphs_of(built.dataset))


# ---------------------------------------------------------------- the documented differences, asserted

def test_blank_nodes_are_skolem_iris_on_a_server_and_blank_nodes_to_the_service(store, store_on_virtuoso,
                                                                                  store_on_oxigraph_server):
    """A load writes blank nodes as Skolem IRIs (so a page can name them); isBlank() sees the IRI there."""
    query = f"SELECT ?result (isBlank(?result) AS ?blank) WHERE {{ ?report <{SH}result> ?result }} LIMIT 1"
    (memory,) = list(store.query(query))
    assert isinstance(memory["result"], ox.BlankNode) and memory["blank"].value == "true"
    for remote in (store_on_virtuoso, store_on_oxigraph_server):
        (row,) = list(remote.query(query))
        assert isinstance(row["result"], ox.BlankNode)  # turned back by the service
        assert row["blank"].value in ("false", "0")     # the engine holds an IRI


def test_virtuoso_answers_ask_and_booleans_as_the_embedded_store_does(store, store_on_virtuoso):
    """Virtuoso answers ASK with a one-cell table and writes true as 1: both are read back as SPARQL says."""
    assert bool(store_on_virtuoso.query("ASK { ?s ?p ?o }")) is True
    assert bool(store_on_virtuoso.query("ASK { <http://example.org/nothing> ?p ?o }")) is False
    query = sparql_prologue() + "SELECT ?event ?approximate WHERE { ?event ikg:approximate ?approximate } ORDER BY ?event"
    expected = [(r["event"], str(r["approximate"])) for r in store.query(query)]
    assert [(r["event"], str(r["approximate"])) for r in store_on_virtuoso.query(query)] == expected
    assert any('"true"' in value for _, value in expected)


def test_a_graph_that_comes_back_short_is_an_error(backend_virtuoso):
    """An engine that caps its answers (Virtuoso's ResultSetMaxRows) must not make a dump short: a 502."""
    store = open_store(parse_spec(backend_virtuoso.spec))
    graph = store.graphs()[0]
    claims = Record({graph: GraphEntry(store.record.graphs[graph].triples + 1, "a digest")})
    with pytest.raises(StoreFailed, match="ResultSetMaxRows"):
        list(SparqlStore(store.url, record=claims).quads(graph))


def test_virtuosos_partial_answer_at_its_time_limit_is_refused(backend_virtuoso):
    """At the timeout the service sends it, Virtuoso answers 200 with what it found so far ("anytime" results,
    flagged by X-SQL-State: S1TAT): a 504 here, never served. The engine is told 1 s, our deadline is 10."""
    store = open_store(parse_spec(backend_virtuoso.spec), timeout=10)
    store.query("ASK { }")  # the engine is known after its first answer
    store.endpoint.engine = replace(store.endpoint.engine, timeout_scale=100.0)  # 10 s -> timeout=1000 (ms)
    start = time.monotonic()
    with pytest.raises(StoreTimeout, match="incomplete results"):
        store.query(RUNAWAY)
    assert time.monotonic() - start < 6


# ---------------------------------------------------------------- a store that is slow, down, or changes

def test_a_query_past_the_limit_is_a_504_and_the_oxigraph_server_runs_on(built, tmp_path):
    """Our deadline closes the connection; the Oxigraph server evaluates on, until its own --timeout-s
    (docs/stores.md: its cancellation is coarse, so it may run well past that too)."""
    with OxigraphServer(tmp_path / "slow", timeout=60) as engine:
        load(parse_spec(f"sparql:{engine.query_url}"), built.dataset, graph_store=engine.graph_store_url)
        with RunningServer(None, store=f"sparql:{engine.query_url}", query_timeout=1.5) as base:
            start = time.monotonic()
            response = requests.post(base + "/sparql", data={"query": f"{RUNAWAY} # {uuid.uuid4()}"}, timeout=30)
            assert "the request was cancelled" in error_of(response, 504) and time.monotonic() - start < 1.5 + 3
            busy = engine.cpu_seconds()
            time.sleep(1.5)
            assert engine.cpu_seconds() - busy > 0.3  # still evaluating after the cancel


def test_virtuoso_stops_a_query_at_the_limit_the_service_sends(backend_virtuoso, virtuoso_engine):
    with RunningServer(None, store=backend_virtuoso.spec, query_timeout=1.5) as base:
        response = requests.post(base + "/sparql", data={"query": f"{RUNAWAY} # {uuid.uuid4()}"}, timeout=30)
        assert error_of(response, 504)
        time.sleep(0.5)
        idle = virtuoso_engine.cpu_seconds()
        time.sleep(1.0)
        assert virtuoso_engine.cpu_seconds() - idle < 0.3  # it stopped: the timeout went with the query


def test_a_store_that_goes_down_gets_503s_and_is_served_again_when_it_is_back(built, tmp_path):
    with OxigraphServer(tmp_path / "down") as engine:
        spec = f"sparql:{engine.query_url}"
        load(parse_spec(spec), built.dataset, graph_store=engine.graph_store_url)
        with RunningServer(None, store=spec, query_timeout=5, env={"INSPECTION_KG_STORE_REFRESH": "0.2"}) as base:
            assert requests.get(base + "/reports/judgements.json", timeout=30).status_code == 200
            engine.stop()
            for path in ("/reports/who-owns-what.json", "/id/body/police", "/dataset.nq"):
                start = time.monotonic()
                message = error_of(requests.get(base + path, headers={"Accept": "application/json"}, timeout=30), 503)
                assert "cannot be reached" in message and time.monotonic() - start < 5, path
            message = error_of(requests.post(base + "/sparql", data={"query": "ASK { ?s ?p ?o }"}, timeout=30), 503)
            assert "cannot be reached" in message
            engine.start()
            assert requests.get(base + "/reports/who-owns-what.json", timeout=30).status_code == 200


def test_a_new_load_changes_the_version_the_etags_and_the_answers(built, tmp_path):
    with OxigraphServer(tmp_path / "changes") as engine:
        spec = f"sparql:{engine.query_url}"
        load(parse_spec(spec), built.dataset, graph_store=engine.graph_store_url)
        with RunningServer(None, store=spec, env={"INSPECTION_KG_STORE_REFRESH": "0.2"}) as base:
            before = requests.get(base + "/reports/judgements.json", timeout=30)
            version = requests.get(base + "/health", timeout=30).json()["version"]
            changed = tmp_path / "changed.nq"  # the grade of every judgement dropped: a different dataset
            grade = f"<{NAMESPACES['ikg']}grade>"
            changed.write_text("".join(line + "\n" for line in built.dataset.read_text().splitlines()
                                       if grade not in line))
            load(parse_spec(spec), changed, graph_store=engine.graph_store_url)
            time.sleep(0.5)
            after = requests.get(base + "/reports/judgements.json", timeout=30)
            assert requests.get(base + "/health", timeout=30).json()["version"] != version
            assert after.headers["ETag"] != before.headers["ETag"]
            assert before.json()["judgements"] and not after.json()["judgements"]


def test_a_store_that_cannot_be_reached_stops_the_cli_and_serve_with_exit_3(closed_url):
    for args in (["query", "ASK {}"], ["report", "judgements"], ["serve", "--port", str(free_port())]):
        result = run_cli(*args, "--store", f"sparql:{closed_url}")
        err = result.stderr.decode()
        assert result.returncode == 3, (args, err)
        assert "cannot be reached" in err and "Traceback" not in err and len(err.splitlines()) == 1


def test_a_store_that_never_answers_stops_serve_at_the_timeout():
    """A server that accepts the connection and says nothing: serve gives up at --query-timeout, exit 3."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
        start = time.monotonic()
        result = run_cli("serve", "--store", f"sparql:{url}", "--query-timeout", "1", "--port", str(free_port()))
        assert result.returncode == 3 and "did not answer within 1 s" in result.stderr.decode()
        assert time.monotonic() - start < 15


# ---------------------------------------------------------------- serving from each store

def test_the_service_says_which_store_it_serves_and_how_many_quads(backend_oxigraph_server, built):
    quads = sum(graphs_of(built.dataset).values())
    server = RunningServer(None, store=backend_oxigraph_server.spec)
    with server as base:
        health = requests.get(base + "/health", timeout=30).json()
        for _ in range(50):  # the worker's line comes once it has started
            if "service.web: store" in server.log_text():
                break
            time.sleep(0.1)
        log = server.log_text()
    assert health["store"] == backend_oxigraph_server.spec and health["triples"] == quads
    assert f"serving the {backend_oxigraph_server.spec} store: {quads} quads in 5 graphs" in log
    assert f"store {backend_oxigraph_server.spec}: {quads} quads in 5 graphs" in log


def test_executors_open_the_disk_store_itself_never_a_copy(backend_oxigraph):
    folder = backend_oxigraph.spec.partition(":")[2]
    server = RunningServer(None, store=backend_oxigraph.spec, executors=1)
    with server as base:
        response = requests.post(base + "/sparql", data={"query": f"ASK {{ ?s ?p ?o }} # {uuid.uuid4()}"},
                                 headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert response.json()["boolean"] is True
        executors = [pid for pid in server.pids() if b"executor_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]
        assert executors
        for pid in executors:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            assert b"oxigraph" in argv and folder.encode() in argv
            opened = {os.path.realpath(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
            assert any(path.startswith(folder) for path in opened), opened  # RocksDB's files, read in place


def test_concurrent_pages_from_a_server_agree(server_on_virtuoso):
    """Threads of one worker share a view of the store and its caches."""
    paths = [f"/id/body/{slug}" for slug in ("bscb", "police", "birmingham-city-council", "schools")] * 4
    results: dict = {}

    def fetch(path):
        results.setdefault(path, set()).add(requests.get(server_on_virtuoso + path,
                                                         headers={"Accept": "text/turtle"}, timeout=60).content)

    threads = [threading.Thread(target=fetch, args=(p,)) for p in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(len(bodies) == 1 for bodies in results.values())
    assert body_iri("bscb").encode() in next(iter(results["/id/body/bscb"]))


def test_a_virtuoso_holding_hundreds_of_graphs_answers(built, tmp_path):
    """Virtuoso echoes each graph a request names as a response header, and Python's http.client refused more
    than 100 headers: a corpus of 30 reports (150 graphs) could not be loaded or queried. Its own Virtuoso, so
    that the session's keeps its record."""
    if not virtuoso_binary():
        pytest.skip("no virtuoso-t: apt-get install virtuoso-opensource-7 (.ci/run installs it)")
    dataset = tmp_path / "many-graphs.nq"
    extra = "".join(f'<http://example.org/s{i}> <http://example.org/p> "{i}" <http://example.org/graph/{i}> .\n'
                    for i in range(150))
    dataset.write_bytes(built.dataset.read_bytes() + extra.encode("ascii"))
    with Virtuoso(tmp_path / "virtuoso", timeout=REMOTE_TIMEOUT) as engine, store_credentials(*VIRTUOSO_USER):
        spec = parse_spec(f"sparql:{engine.query_url}")
        loaded = load(spec, dataset, graph_store=engine.graph_store_url)
        assert len(loaded.graphs) == len(graphs_of(built.dataset)) + 150
        store = open_store(spec, timeout=REMOTE_TIMEOUT)
        rows = plain_rows(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/p> ?o }"))
        assert rows == [{"n": 150}]
        judgements = plain_rows(store.query(CATALOGUE.get("judgements").text))
        assert len(judgements) == 4  # the report's four judgements
