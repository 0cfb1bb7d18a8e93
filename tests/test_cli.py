"""The command line, run as a real child process (conftest.run_cli).

Error paths exit 2 with one line on stderr; happy paths read the session's
built dataset through --dataset so that no subprocess rebuilds it.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pyoxigraph as ox
import pytest
from conftest import copied_report, copy_project, report_lines, run_cli


@pytest.fixture(scope="module")
def dataset(built) -> str:
    return str(built.dataset)


def stderr_line(result) -> str:
    """The one line a failing command writes; fails if there is not exactly one."""
    text = result.stderr.decode("utf-8")
    lines = text.splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


def fails_with_one_line(*args, env=None) -> str:
    result = run_cli(*args, env=env)
    line = stderr_line(result)
    assert result.returncode == 2, (result.returncode, line)
    assert result.stdout == b""
    return line


# ---------------------------------------------------------------- error paths

def test_malformed_query_names_the_position(dataset):
    line = fails_with_one_line("query", "SELECT ?x WHERE { ?x", "--dataset", dataset)
    assert re.search(r"\b1:\d+\b", line), line


def test_malformed_query_on_a_later_line_names_that_line(dataset):
    query = "SELECT ?x\nWHERE {\n  ?x ?y ?z .\n  FILTER(?x = ) }"
    line = fails_with_one_line("query", query, "--dataset", dataset)
    assert re.search(r"\b4:\d+\b", line), line


def test_malformed_query_from_a_file(dataset, tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("SELECT ?x WHERE {\n  ?x ?y ?z .\n  FILTER(?x = ) }\n", encoding="utf-8")
    line = fails_with_one_line("query", "--file", str(path), "--dataset", dataset)
    assert re.search(r"\b\d+:\d+\b", line), line  # the parser's line:column


def test_query_failing_while_it_runs(dataset):
    # parses, but cannot be evaluated: the SERVICE IRI has no scheme a client can call
    line = fails_with_one_line("query", "SELECT ?x WHERE { SERVICE <urn:nowhere> { ?x ?y ?z } }",
                               "--dataset", dataset)
    assert "urn:nowhere" in line


def test_unknown_subcommand():
    assert "frobnicate" in fails_with_one_line("frobnicate")


def test_no_subcommand():
    assert "command" in fails_with_one_line()


def test_missing_argument():
    assert "name" in fails_with_one_line("report")
    assert "--format" in fails_with_one_line("export")


def test_unknown_report(dataset):
    assert "no-such-report" in fails_with_one_line("report", "no-such-report", "--dataset", dataset)


@pytest.mark.parametrize("args", [
    ("report", "judgements", "--format", "xls"),
    ("export", "--format", "yaml"),
    ("query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--format", "yaml"),
    ("query", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1", "--format", "csv"),
])
def test_unknown_format(dataset, args):
    message = fails_with_one_line(*args, "--dataset", dataset)
    assert args[-1] in message or "format" in message


def test_dataset_that_does_not_exist(tmp_path):
    missing = str(tmp_path / "nowhere.nq")
    assert "nowhere.nq" in fails_with_one_line("query", "ASK {}", "--dataset", missing)
    assert "nowhere.nq" in fails_with_one_line("report", "actions", "--dataset", missing)
    assert "nowhere.nq" in fails_with_one_line("export", "--format", "nq", "--dataset", missing)


def test_dataset_that_is_not_rdf(tmp_path):
    bad = tmp_path / "bad.nq"
    bad.write_text("this is not N-Quads\n", encoding="utf-8")
    assert "bad.nq" in fails_with_one_line("query", "ASK {}", "--dataset", str(bad))


def test_param_without_name(dataset):
    assert "--param" in fails_with_one_line("query", "ASK {}", "--param", "a=b", "--dataset", dataset)


def test_catalogue_query_with_an_unknown_parameter(dataset):
    assert "nosuch" in fails_with_one_line("query", "--name", "actions", "--param", "nosuch=1",
                                           "--dataset", dataset)


def test_unknown_catalogue_query(dataset):
    assert "no-such-query" in fails_with_one_line("query", "--name", "no-such-query", "--dataset", dataset)


def test_no_query_given(dataset):
    assert "query" in fails_with_one_line("query", "--dataset", dataset)


def test_unknown_graph(dataset):
    assert "http://example.org/nograph" in fails_with_one_line(
        "export", "--format", "nq", "--graph", "http://example.org/nograph", "--dataset", dataset)


def test_build_of_a_bad_report_names_the_line(tmp_path):
    root = copy_project(tmp_path / "project")
    lines = report_lines()
    at = lines.index("Within three months:") + 1
    lines[at - 1] = "Within nine months:"
    copied_report(root).write_text("\n".join(lines), encoding="utf-8")
    build_dir = tmp_path / "build"
    env = {"INSPECTION_KG_ROOT": str(root), "INSPECTION_KG_BUILD": str(build_dir)}
    line = fails_with_one_line("build", env=env)
    assert f"line {at}" in line, line
    assert not (build_dir / "dataset.nq").exists()


def test_build_of_a_report_with_a_paragraph_out_of_sequence(tmp_path):
    root = copy_project(tmp_path / "project")
    lines = report_lines()
    at = next(i for i, line in enumerate(lines, 1) if line.startswith("21. Commissioning of early help"))
    lines[at - 1] = lines[at - 1].replace("21. ", "22. ", 1)
    copied_report(root).write_text("\n".join(lines), encoding="utf-8")
    env = {"INSPECTION_KG_ROOT": str(root), "INSPECTION_KG_BUILD": str(tmp_path / "build")}
    line = fails_with_one_line("build", env=env)
    assert f"line {at}" in line, line


def test_build_of_a_report_that_is_not_utf8(tmp_path):
    root = copy_project(tmp_path / "project")
    text = copied_report(root)
    text.write_bytes(text.read_bytes().replace("\u00a9".encode("utf-8"), b"\xa9"))  # a Latin-1 copyright sign
    env = {"INSPECTION_KG_ROOT": str(root), "INSPECTION_KG_BUILD": str(tmp_path / "build")}
    assert text.name in fails_with_one_line("build", env=env)


def test_build_of_invalid_curation(tmp_path):
    root = copy_project(tmp_path / "project")
    (root / "data" / "birmingham-2012" / "broken.ttl").write_text("<a> <b> .\n", encoding="utf-8")
    env = {"INSPECTION_KG_ROOT": str(root), "INSPECTION_KG_BUILD": str(tmp_path / "build")}
    assert "broken.ttl" in fails_with_one_line("build", env=env)


def test_build_with_shapes_that_are_not_turtle(tmp_path):
    root = copy_project(tmp_path / "project")
    (root / "shapes" / "broken.ttl").write_text("<a> <b> .\n", encoding="utf-8")
    env = {"INSPECTION_KG_ROOT": str(root), "INSPECTION_KG_BUILD": str(tmp_path / "build")}
    assert "shapes/broken.ttl: not valid Turtle" in fails_with_one_line("build", env=env)


def test_build_with_a_shape_pyshacl_cannot_load_names_the_shacl_section(tmp_path):
    root = copy_project(tmp_path / "project")
    (root / "shapes" / "broken.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<https://example.org/Broken> a sh:NodeShape ; sh:targetNode <https://example.org/x> ; "
        "sh:sparql [ sh:message \"no query\" ] .\n", encoding="utf-8")
    env = {"INSPECTION_KG_ROOT": str(root), "INSPECTION_KG_BUILD": str(tmp_path / "build")}
    line = fails_with_one_line("build", env=env)
    assert line.startswith("inspection-kg: error: shapes/: ") and "https://www.w3.org/TR/shacl/#" in line, line


# ---------------------------------------------------------------- happy paths

def test_build_then_up_to_date(tmp_path):
    root = copy_project(tmp_path / "project")
    env = {"INSPECTION_KG_ROOT": str(root), "INSPECTION_KG_BUILD": str(tmp_path / "build")}
    first = run_cli("build", env=env)
    assert first.returncode == 0, first.stderr.decode()
    assert (tmp_path / "build" / "dataset.nq").is_file()
    assert b"built" in first.stdout
    second = run_cli("build", env=env)
    assert second.returncode == 0
    assert b"up to date" in second.stdout
    quiet = run_cli("build", "--quiet", env=env)
    assert quiet.returncode == 0 and quiet.stdout == b""


def test_query_by_name(dataset):
    result = run_cli("query", "--name", "judgements", "--format", "json", "--dataset", dataset)
    assert result.returncode == 0, result.stderr.decode()
    bindings = json.loads(result.stdout)["results"]["bindings"]
    assert len(bindings) == 4
    assert {b["gradeLabel"]["value"] for b in bindings} == {"Inadequate"}


def test_query_table_and_ask(dataset):
    result = run_cli("query", "--name", "scale", "--dataset", dataset)
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode()
    for label in ("Outstanding", "Good", "Adequate", "Inadequate"):
        assert label in text
    assert text.rstrip().endswith("(4 rows)")
    ask = run_cli("query", "ASK { ?a a <https://w3id.org/inspection-kg/def#Action> }", "--dataset", dataset)
    assert ask.returncode == 0 and ask.stdout == b"true\n"


def test_query_csv(dataset):
    result = run_cli("query", "SELECT ?n WHERE { ?a a <https://w3id.org/inspection-kg/def#Action> ; "
                     "<https://w3id.org/inspection-kg/def#number> ?n } ORDER BY ?n",
                     "--format", "csv", "--dataset", dataset)
    assert result.returncode == 0, result.stderr.decode()
    rows = list(csv.reader(io.StringIO(result.stdout.decode())))
    assert rows == [["n"]] + [[str(n)] for n in range(1, 15)]


def test_report_judgements_json(dataset):
    result = run_cli("report", "judgements", "--format", "json", "--dataset", dataset)
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    assert [j["grade"] for j in data["judgements"]] == ["Inadequate"] * 4
    assert [g["label"] for g in data["scale"]] == ["Outstanding", "Good", "Adequate", "Inadequate"]


def test_report_judgements_csv(dataset):
    result = run_cli("report", "judgements", "--format", "csv", "--dataset", dataset)
    assert result.returncode == 0, result.stderr.decode()
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode(), newline="")))
    assert len(rows) == 4
    assert {r["grade"] for r in rows} == {"Inadequate"}
    assert {r["area"] for r in rows} == {
        "Overall effectiveness",
        "The effectiveness of the help and protection provided to children, young people, families and carers",
        "The quality of practice",
        "Leadership and governance",
    }


def test_report_judgements_markdown(dataset):
    result = run_cli("report", "judgements", "--format", "md", "--dataset", dataset)
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode().splitlines()
    assert lines[0].startswith("# ")
    table = [line for line in lines if line.startswith("|")]
    assert len(table) == 2 + 4  # header, rule, four judgements
    assert all(line.count("| Inadequate |") == 1 for line in table[2:])


def test_report_actions_json(dataset):
    result = run_cli("report", "actions", "--dataset", dataset)
    assert result.returncode == 0, result.stderr.decode()
    actions = json.loads(result.stdout)["actions"]
    assert [a["number"] for a in actions] == list(range(1, 15))


def test_output_to_a_file(dataset, tmp_path):
    out = tmp_path / "judgements.json"
    result = run_cli("report", "judgements", "--dataset", dataset, "-o", str(out))
    assert result.returncode == 0 and result.stdout == b""
    assert len(json.loads(out.read_text(encoding="utf-8"))["judgements"]) == 4


# ---------------------------------------------------------------- validate and the coverage report

RESPONSIBLE_FOR_2 = ("<https://w3id.org/inspection-kg/id/birmingham-2012/action/2> "
                     "<https://w3id.org/inspection-kg/def#hasResponsibleBody> "
                     "<https://w3id.org/inspection-kg/id/authority/birmingham/body/bscb> ")


def edited_dataset(dataset: str, tmp_path, keep=lambda line: True, extra: str = "") -> str:
    """A copy of the built dataset with some lines left out and others added."""
    lines = [line for line in open(dataset, encoding="utf-8") if keep(line)]
    path = tmp_path / "edited.nq"
    path.write_text("".join(lines) + extra, encoding="utf-8")
    return str(path)


def test_validate_the_real_dataset(dataset):
    result = run_cli("validate", dataset)
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode().splitlines()
    assert lines[-1] == "0 violations, 45 warnings, 1 info: the graph conforms (no violation)"
    assert any(line.startswith("WARNING") and "paragraph 29" in line and "Case recording is basic" in line
               for line in lines)


def test_validate_strict_fails_on_warnings(dataset):
    assert run_cli("validate", dataset, "--strict").returncode == 1


def test_validate_json_and_ttl(dataset):
    result = run_cli("validate", dataset, "--format", "json")
    assert result.returncode == 0
    document = json.loads(result.stdout)
    assert (document["conforms"], document["violations"], document["infos"]) == (True, 0, 1)
    result = run_cli("validate", dataset, "--format", "ttl")
    assert result.returncode == 0
    from rdflib import Graph
    from rdflib.namespace import RDF, SH
    report = Graph().parse(data=result.stdout.decode(), format="turtle")
    assert len(list(report.subjects(RDF.type, SH.ValidationResult))) == document["warnings"] + document["infos"]


def test_validate_a_dataset_with_a_violation_exits_1(dataset, tmp_path):
    edited = edited_dataset(dataset, tmp_path, keep=lambda line: not line.startswith(RESPONSIBLE_FOR_2))
    result = run_cli("validate", edited, "--format", "json")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert document["conforms"] is False and document["violations"] == 1
    violation = document["results"][0]
    assert violation["severity"] == "violation"
    assert violation["focus"].endswith("/action/2")
    assert violation["shape"].endswith("#ActionResponsible")
    assert violation["message"] == "Area for improvement 2 has no responsible body: no one is named to do the work."


def test_validate_reads_only_the_asserted_graphs(dataset, tmp_path):
    """A fault in the inferred or validation graph is not the data's; the same fault in the curation is."""
    fault = ("<https://w3id.org/inspection-kg/id/birmingham-2012/action/2> "
             "<https://w3id.org/inspection-kg/def#hasAccountableBody> <https://w3id.org/inspection-kg/id/authority/birmingham/body/bscb> "
             "<https://w3id.org/inspection-kg/id/graph/birmingham-2012/{}> .\n")
    for graph, code in (("inferred", 0), ("validation", 0), ("curation", 1)):
        assert run_cli("validate", edited_dataset(dataset, tmp_path, extra=fault.format(graph))).returncode == code


def test_validate_a_missing_file():
    assert "nowhere.nq" in fails_with_one_line("validate", "nowhere.nq")


def test_validate_a_file_that_is_not_rdf(tmp_path):
    path = tmp_path / "broken.nq"
    path.write_text("this is not RDF\n", encoding="utf-8")
    assert "broken.nq: cannot be loaded" in fails_with_one_line("validate", str(path))


def test_report_coverage_of_a_dataset_without_a_validation_graph(dataset, tmp_path):
    edited = edited_dataset(dataset, tmp_path, keep=lambda line: "/validation> ." not in line)
    assert "no validation report" in fails_with_one_line("report", "coverage", "--dataset", edited)


def test_report_coverage_json_csv_md(dataset):
    result = run_cli("report", "coverage", "--format", "json", "--dataset", dataset)
    assert result.returncode == 0, result.stderr.decode()
    document = json.loads(result.stdout)
    assert (document["violations"], document["warnings"], document["infos"]) == (0, 45, 1)
    result = run_cli("report", "coverage", "--format", "csv", "--dataset", dataset)
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode(), newline="")))
    assert len(rows) == 46 and rows[0]["severity"] == "warning" and rows[-1]["severity"] == "info"
    result = run_cli("report", "coverage", "--format", "md", "--dataset", dataset)
    table = [line for line in result.stdout.decode().splitlines() if line.startswith("|")]
    assert len(table) == 2 + 46


# ---------------------------------------------------------------- export

PARSE_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "xml": ox.RdfFormat.RDF_XML,
                 "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}


def canonical(quads) -> set:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)


@pytest.fixture(scope="module")
def built_quads(built) -> list:
    return list(ox.parse(path=str(built.dataset), format=ox.RdfFormat.N_QUADS))


@pytest.mark.parametrize("fmt", ["nq", "trig", "jsonld"])
def test_export_quad_formats_are_isomorphic_to_the_build(dataset, built_quads, fmt):
    result = run_cli("export", "--format", fmt, "--dataset", dataset)
    assert result.returncode == 0, result.stderr.decode()
    quads = list(ox.parse(result.stdout, format=PARSE_FORMATS[fmt]))
    assert {q.graph_name for q in quads} == {q.graph_name for q in built_quads}
    assert canonical(quads) == canonical(built_quads)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "xml"])
def test_export_triple_formats_merge_the_graphs(dataset, built_quads, fmt):
    result = run_cli("export", "--format", fmt, "--dataset", dataset)
    assert result.returncode == 0, result.stderr.decode()
    triples = list(ox.parse(result.stdout, format=PARSE_FORMATS[fmt]))
    assert all(isinstance(q.graph_name, ox.DefaultGraph) for q in triples)
    merged = {ox.Quad(q.subject, q.predicate, q.object) for q in built_quads}
    assert canonical(triples) == canonical(merged)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own TriG parser
def test_export_parses_with_rdflib(dataset):
    from rdflib import Dataset, Graph

    ttl = run_cli("export", "--format", "ttl", "--dataset", dataset)
    graph = Graph().parse(data=ttl.stdout.decode(), format="turtle")
    trig = run_cli("export", "--format", "trig", "--dataset", dataset)
    quads = Dataset().parse(data=trig.stdout.decode(), format="trig")
    assert len(graph) > 1000
    assert len(list(quads.quads())) >= len(graph)


def test_export_one_graph(dataset, built_quads, built):
    structure = next(g for g in built.graphs if g.endswith("/structure"))
    result = run_cli("export", "--format", "nq", "--graph", structure, "--dataset", dataset)
    assert result.returncode == 0, result.stderr.decode()
    quads = list(ox.parse(result.stdout, format=ox.RdfFormat.N_QUADS))
    assert len(quads) == built.graphs[structure]
    assert {q.graph_name.value for q in quads} == {structure}


# ---------------------------------------------------------------- help for users

def examples(command: str) -> list[list[str]]:
    """The example command lines a subcommand's --help shows, each split as a shell would."""
    import shlex

    text = run_cli(command, "--help").stdout.decode("utf-8")
    assert "examples:" in text, text
    block = text.split("examples:", 1)[1].replace("\\\n", " ")
    lines = [shlex.split(line.split("|")[0]) for line in block.splitlines() if line.strip()]
    return [words[words.index("inspection-kg") + 1:] for words in lines]  # after any VAR=value


def test_top_help_describes_the_tool_and_where_to_start():
    text = run_cli("--help").stdout.decode("utf-8")
    assert "accountable, queryable knowledge graph" in text
    assert "calls one function" not in text  # for users, not the module's docstring
    for command in ("build", "query", "export", "serve", "validate", "report"):
        assert re.search(rf"^\s+{command}\s+\S", text, re.M), command
    assert "exit codes" in text


@pytest.mark.parametrize("command", ["build", "query", "export", "serve", "validate", "report"])
def test_each_command_has_a_description_and_examples(command):
    lines = examples(command)
    assert lines and all(line[0] == command for line in lines)


@pytest.mark.parametrize("command", ["query", "report", "export"])
def test_the_examples_run(command, dataset, tmp_path):
    """Every example that needs no file of the reader's runs as shown and exits 0."""
    ran = 0
    for line in examples(command):
        if any(arg.endswith((".rq", ".trig", ".nq")) and arg != "-o" for arg in line[1:]):
            continue
        args = [tmp_path / "out" if prev == "-o" else arg for prev, arg in zip([None, *line], line)]
        result = run_cli(*map(str, args), "--dataset", dataset)
        assert result.returncode == 0, (line, result.stderr.decode())
        ran += 1
    assert ran
