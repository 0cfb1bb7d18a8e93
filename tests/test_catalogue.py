"""The query catalogue over HTTP (/queries), against a real server, compared with `inspection-kg query --name`.

Each query is served as an HTML table with .json, .csv and .tsv twins, its
parameters taken from the URL. The rows are checked against the CLI's SPARQL
JSON for the same query and parameters (run in child processes on the
session's build): the CSV and TSV hold the lexical forms, the JSON the values
typed. Then facts the report states, read through the catalogue, and the
errors: bad parameters 400, unknown names and IRIs 404, never a 5xx.
"""

from __future__ import annotations

import csv
import io
import json
import re
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
import requests
from conftest import ROOT, body_iri, in_report, on_every_backend, run_cli
from pages import Page, link_header

from service.answers.catalogue import Catalogue
from service.namespaces import XSD_BOOLEAN, configured_base
from service.publish.linked import page_url

CATALOGUE = Catalogue.load(ROOT / "queries")
NAMES = sorted(CATALOGUE.queries)
BSCB, POLICE = body_iri("bscb"), body_iri("police")
# The parameters each query is run with here (every required parameter has one).
EXAMPLES = {"findings-about-body": {"body": POLICE}, "body-actions": {"body": BSCB},
            "paragraphs-mentioning-body": {"body": BSCB}, "actions-due-by": {"date": "2012-09-19"},
            "actions-due-between": {"from": "2012-09-01", "to": "2012-12-31"}}
TWINS = {"json": "application/json", "csv": "text/csv", "tsv": "text/tab-separated-values"}
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
DECIMALS = {XSD + t for t in ("decimal", "double", "float")}


# Every query of the catalogue from every store: in memory, pyoxigraph on disk, an Oxigraph server and Virtuoso.
backend, server = on_every_backend()


def get(base: str, path: str, params: dict | None = None, accept: str | None = None) -> requests.Response:
    response = requests.get(base + path, params=params, headers={"Accept": accept} if accept else {}, timeout=60)
    assert response.status_code < 500, (path, response.status_code, response.text[:300])
    return response


def media_type(response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip()


def error(response, status: int) -> str:
    assert response.status_code == status, (response.status_code, response.text[:300])
    document = response.json()
    assert set(document["error"]) == {"status", "title", "message"} and document["error"]["status"] == status
    return document["error"]["message"]


BLANK = "_:blank"  # blank node labels differ from one load of the dataset to the next: compared as such


def typed(binding: dict | None):
    """A SPARQL JSON binding as the catalogue's JSON gives it: numbers as numbers, booleans as booleans."""
    if binding is None:
        return None
    if binding["type"] == "bnode":
        return BLANK
    datatype = binding.get("datatype")
    if datatype in INTEGERS:
        return int(binding["value"])
    if datatype in DECIMALS:
        return float(binding["value"])
    if datatype == XSD_BOOLEAN:
        return binding["value"] == "true"
    return binding["value"]


def lexical(binding: dict | None) -> str:
    """A SPARQL JSON binding as CSV writes it: the lexical form, '' when unbound."""
    if binding is None:
        return ""
    return BLANK if binding["type"] == "bnode" else binding["value"]


def blank(value):
    return BLANK if isinstance(value, str) and value.startswith("_:") else value


SEPARATOR = "; "  # every GROUP_CONCAT of the catalogue's


def concatenated(query) -> set[str]:
    """The columns of a query that hold a GROUP_CONCAT, directly or through COALESCE, BIND or a subquery."""
    text, found = query.text, set()
    while True:
        more = set()
        for match in re.finditer(r"\bAS\s+\?(\w+)", text):
            depth, start = 0, match.start()
            while start > 0 and depth >= 0:  # back to the parenthesis that opens this expression
                start -= 1
                depth += {")": 1, "(": -1}.get(text[start], 0)
            expression = text[start:match.start()]
            if "GROUP_CONCAT" in expression or any(f"?{v}" in expression for v in found):
                more.add(match.group(1))
        if more <= found:
            return found
        found |= more


def comparable(rows: list, columns: list[str], name: str, backend: str) -> list:
    """Rows as compared with the embedded store's: on another store, a GROUP_CONCAT's parts in any order.

    SPARQL leaves the order of GROUP_CONCAT to the engine, and each engine (pyoxigraph on disk included, whose
    internal ids differ from the memory store's) concatenates in its own: a documented difference
    (docs/stores.md), allowed in those columns alone.
    """
    if backend == "memory":
        return rows
    loose = concatenated(CATALOGUE.get(name)) & set(columns)
    days = {"day"} & set(columns) if backend == "virtuoso" else set()
    if rows and isinstance(rows[0], dict):
        return [{k: _parts(v) if k in loose else _day(v) if k in days else v for k, v in row.items()} for row in rows]
    return [[_parts(v) if c in loose else _day(v) if c in days else v for c, v in zip(columns, row)] for row in rows]


def _day(value):
    """Virtuoso gives STRDT(..., xsd:date) as an xsd:dateTime at midnight (the progress queries' "today"):
    a documented difference (docs/stores.md), allowed in the ?day column alone, and only as midnight."""
    if isinstance(value, str) and value.endswith("T00:00:00"):
        return value[: -len("T00:00:00")]
    return value


def _parts(value):
    return SEPARATOR.join(sorted(value.split(SEPARATOR))) if isinstance(value, str) else value


def test_the_concatenated_columns_are_found():
    assert concatenated(CATALOGUE.get("shared-actions")) >= {"responsible", "partners"}
    assert concatenated(CATALOGUE.get("paragraphs-mentioning-body")) >= {"names"}
    assert concatenated(CATALOGUE.get("partners-absent-from-conferences")) >= {"answeredBy"}
    assert not concatenated(CATALOGUE.get("who-owns-what"))


def in_order(rows: list) -> list:
    """The rows as the query orders them; sorted when they hold blank nodes, which order differently per load."""
    return sorted(rows, key=repr) if BLANK in repr(rows) else rows


@pytest.fixture(scope="module")
def cli(built) -> dict[str, dict]:
    """SPARQL JSON from `inspection-kg query --name NAME --param ... --format json`, for every query."""
    def run(name):
        params = [arg for k, v in EXAMPLES.get(name, {}).items() for arg in ("--param", f"{k}={v}")]
        result = run_cli("query", "--name", name, *params, "--format", "json", "--dataset", str(built.dataset))
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    with ThreadPoolExecutor(4) as pool:
        return dict(zip(NAMES, pool.map(run, NAMES)))


@pytest.fixture(scope="module")
def answers(server) -> dict[str, dict]:
    """Each query's JSON twin, run with its example parameters."""
    return {name: get(server, f"/queries/{name}.json", EXAMPLES.get(name)).json() for name in NAMES}


# ---------------------------------------------------------------- the catalogue

def test_catalogue_has_the_governance_questions():
    assert len(NAMES) >= 12
    assert {"who-owns-what", "actions-by-timescale", "body-actions", "unanswered-weaknesses", "findings-about-body",
            "judgements", "bodies-most-criticised", "shared-actions", "timeline", "figures",
            "paragraphs-mentioning-body", "partners-absent-from-conferences",
            # across the reports of a corpus
            "corpus", "judgements-by-authority", "bodies-criticised-across-reports", "unanswered-weaknesses-by-theme",
            "actions-due-between"} <= set(NAMES)
    for name in NAMES:
        query = CATALOGUE.get(name)
        assert query.title and query.description, name
        missing = {p.name for p in query.parameters if not p.optional} - set(EXAMPLES.get(name, {}))
        assert not missing, f"{name}: no example for {missing}"


def test_catalogue_listing_in_json_and_html(server):
    response = get(server, "/queries.json")
    assert response.status_code == 200 and media_type(response) == "application/json"
    listed = {q["name"]: q for q in response.json()["queries"]}
    assert sorted(listed) == NAMES
    for name, q in listed.items():
        assert q == {**CATALOGUE.get(name).describe(), "report": CATALOGUE.get(name).report,
                     "url": f"/queries/{name}"}
    assert listed["findings-about-body"]["parameters"] == [
        {"name": "body", "type": "iri", "optional": False,
         "description": CATALOGUE.get("findings-about-body").parameters[0].description}]
    response = get(server, "/queries", accept="text/html")
    assert link_header(response)["application/json"] == "/queries.json"
    html = Page(response.text)
    assert {f"/queries/{name}" for name in NAMES} <= set(html.links)
    assert "/queries.json" in html.links


# ---------------------------------------------------------------- every query, every form, the CLI's rows

@pytest.mark.parametrize("name", NAMES)
def test_json_rows_are_the_cli_solutions(answers, cli, name, backend):
    document = answers[name]
    assert set(document) == {"name", "title", "description", "parameters", "columns", "rows"}
    assert (document["name"], document["title"]) == (name, CATALOGUE.get(name).title)
    assert document["parameters"] == EXAMPLES.get(name, {})
    columns = document["columns"]
    assert columns == cli[name]["head"]["vars"]
    expected = [{v: typed(b.get(v)) for v in columns} for b in cli[name]["results"]["bindings"]]
    rows = [{k: blank(v) for k, v in row.items()} for row in document["rows"]]
    assert in_order(comparable(rows, columns, name, backend)) == in_order(comparable(expected, columns, name, backend))
    assert expected, f"{name} answers nothing"


@pytest.mark.parametrize("fmt, delimiter", [("csv", ","), ("tsv", "\t")])
@pytest.mark.parametrize("name", NAMES)
def test_csv_and_tsv_parse_to_the_cli_rows(server, cli, name, fmt, delimiter, backend):
    response = get(server, f"/queries/{name}.{fmt}", EXAMPLES.get(name))
    assert response.status_code == 200 and media_type(response) == TWINS[fmt]
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8"), newline=""), delimiter=delimiter))
    variables = cli[name]["head"]["vars"]
    assert table[0] == variables
    rows = [[blank(cell) for cell in row] for row in table[1:]]
    expected = [[lexical(b.get(v)) for v in variables] for b in cli[name]["results"]["bindings"]]
    assert in_order(comparable(rows, variables, name, backend)) == in_order(comparable(expected, variables, name, backend))


@pytest.mark.parametrize("name", NAMES)
def test_html_table_links_its_twins_and_the_iris(server, answers, name):
    params = EXAMPLES.get(name)
    response = get(server, f"/queries/{name}", params, accept="text/html")
    assert response.status_code == 200 and media_type(response) == "text/html"
    query = f"?{urlencode(params)}" if params else ""
    expected = {media: f"/queries/{name}.{fmt}{query}" for fmt, media in TWINS.items()}
    assert {m: link_header(response)[m] for m in TWINS.values()} == expected
    html = Page(response.text)
    assert set(expected.values()) <= set(html.links)
    table = html.table("answer")
    assert [c.text for c in table.rows[0]] == answers[name]["columns"]
    assert len(table.rows) - 1 == len(answers[name]["rows"])
    first = dict(zip(answers[name]["columns"], table.rows[1]))
    for column, value in answers[name]["rows"][0].items():
        if isinstance(value, str) and value.startswith(configured_base()):
            assert first[column].links == [page_url(value, configured_base())], column


# ---------------------------------------------------------------- what the catalogue says about the report

def test_findings_about_the_police_quote_paragraph_24(answers):
    rows = answers["findings-about-body"]["rows"]
    quotes = {(r["paragraph"], r["quote"]) for r in rows}
    assert (24, "Observations by inspectors, case records and reports from staff show that the police rarely attend "
                "or provide reports for child protection conferences.") in quotes
    assert {r["finding"] for r in rows if r["kind"] == "weakness"} == {in_report(f"finding/{f}")
                                                                     for f in ("13-14", "24-9", "24-10")}
    assert all(r["sentence"].startswith(in_report(f"paragraph/{r['paragraph']}/sentence/")) for r in rows)


def test_partners_absent_from_conferences_are_the_police_and_key_agencies(answers):
    rows = answers["partners-absent-from-conferences"]["rows"]
    assert [(r["paragraph"], r["partnerLabel"]) for r in rows] == \
        [(13, "Police"), (17, "Partner agencies"), (24, "Police")]
    assert "key agencies do not always attend core groups" in rows[1]["quote"]
    assert [r["answeredBy"] for r in rows] == ["10", "", "10"]  # 17.5 is a gap in the plan


def test_what_the_bscb_owns(answers):
    rows = answers["body-actions"]["rows"]
    assert sorted((r["number"], r["role"], r["due"]) for r in rows) == [
        (2, "responsible", "2012-09-19"), (10, "responsible", "2012-09-19"), (11, "partner", "2012-12-19"),
        (13, "responsible", "2012-12-19"), (14, "responsible", "2012-12-19")]


def test_timeline_query_starts_in_february_2009(answers):
    first = answers["timeline"]["rows"][0]
    assert (first["date"], first["kind"]) == ("2009-02-01", "improvement notice")
    assert answers["timeline"]["rows"][-1]["event"] == in_report("inspection")


def test_figures_query_holds_287000_children(answers):
    rows = answers["figures"]["rows"]
    assert any(r["value"] == 287000 and r["measures"] == "children and young people under the age of 19"
               for r in rows)


def test_shared_actions_and_actions_due_by_the_end_of_the_inspection(answers):
    assert [r["number"] for r in answers["shared-actions"]["rows"]] == [8, 10, 11]
    assert [r["number"] for r in answers["actions-due-by"]["rows"]] == list(range(1, 11))


def test_criticised_bodies_without_action(answers):
    assert {r["label"] for r in answers["criticised-bodies-without-action"]["rows"]} == {
        "Police", "Health agencies", "Community health services", "Children's centres", "Schools",
        "UK Border Agency", "Children's Trust"}


def test_paragraphs_mentioning_the_bscb(answers):
    rows = {r["number"]: r for r in answers["paragraphs-mentioning-body"]["rows"]}
    assert rows[36]["names"] == "BSCB; the Board" or set(rows[36]["names"].split("; ")) == {"BSCB", "the Board"}
    assert rows[36]["findings"] > 0
    assert rows[5]["names"] == "Local Safeguarding Children Board" and rows[5]["findings"] == 0


def test_a_later_date_gives_every_action(server):
    rows = get(server, "/queries/actions-due-by.json", {"date": "2012-12-19"}).json()["rows"]
    assert [r["number"] for r in rows] == list(range(1, 15))


# ---------------------------------------------------------------- parameters and errors

@pytest.mark.parametrize("params, status, says", [
    ({"body": "not an iri"}, 400, "absolute IRI"),
    ({"body": "https://example.org/nobody"}, 404, "no triple"),
    ({"body": BSCB, "colour": "red"}, 400, "no parameter 'colour'"),
    ({}, 400, "needs the parameter 'body'"),
    ({"body": ""}, 400, "needs the parameter 'body'"),
])
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_bad_parameters(server, params, status, says, fmt):
    message = error(get(server, f"/queries/findings-about-body.{fmt}", params), status)
    assert says in message


def test_bad_date_is_400(server):
    assert "a date" in error(get(server, "/queries/actions-due-by.json", {"date": "2012-13-45"}), 400)


def test_a_parameter_twice_is_400(server):
    response = requests.get(f"{server}/queries/findings-about-body.json?body={BSCB}&body={POLICE}", timeout=30)
    assert "more than once" in error(response, 400)


def test_html_page_without_its_parameter_is_the_form(server):
    response = get(server, "/queries/findings-about-body", accept="text/html")
    assert response.status_code == 200 and media_type(response) == "text/html"
    html = Page(response.text)
    assert not [t for t in html.tables if "answer" in t.classes]
    assert (BSCB, "Birmingham Safeguarding Children Board") in html.options  # the bodies to choose from
    assert "Link" not in response.headers


@pytest.mark.parametrize("path", ["/queries/nonsense", "/queries/nonsense.json", "/queries/figures.xml",
                                  "/queries/figures.md", "/queries.csv"])
def test_unknown_query_or_form_is_404(server, path):
    assert error(get(server, path), 404)


def test_errors_for_browsers_are_escaped_html(server):
    response = get(server, "/queries/findings-about-body", {"body": "<script>alert(1)</script>"},
                   accept="text/html")
    assert response.status_code == 400 and media_type(response) == "text/html"
    assert "<script>" not in response.text and "&lt;script&gt;" in response.text
