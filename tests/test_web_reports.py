"""The governance reports over HTTP (/reports), against a real server, compared with `inspection-kg report`.

Every report comes as HTML with .json, .csv and .md twins; the twins are the
CLI's output byte for byte (the CLI runs in child processes on the session's
build), and the HTML page links them visibly and in Link headers. The
who-owns-what matrix is read back from the HTML and checked against what the
report assigns the BSCB.
"""

from __future__ import annotations

import csv
import io
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from conftest import body_iri, in_report, on_every_backend, run_cli
from pages import Page, link_header
from server import RunningServer

from service.namespaces import configured_base
from service.publish.linked import page_url

REPORT_NAMES = ["who-owns-what", "actions", "findings", "judgements", "coverage", "timeline", "figures", "progress"]
TWINS = {"json": "application/json", "csv": "text/csv", "md": "text/markdown"}
BSCB = body_iri("bscb")
BSCB_ROLES = {2: "responsible", 10: "responsible", 13: "responsible", 14: "responsible", 11: "partner"}
DUE = {2: "2012-09-19", 10: "2012-09-19", 11: "2012-12-19", 13: "2012-12-19", 14: "2012-12-19"}
TOP_KEYS = {"who-owns-what": {"bodies"}, "actions": {"actions"}, "findings": {"findings"},
            "judgements": {"scale", "judgements"}, "timeline": {"events"}, "figures": {"figures"},
            "coverage": {"conforms", "violations", "warnings", "infos", "results"},
            "progress": {"as_of", "summary", "actions"}}
EVENT_KEYS = {"iri", "label", "date", "end", "precision", "approximate", "kind", "quote", "paragraph", "sentence"}
ROWS_OF = {"who-owns-what": "bodies", "actions": "actions", "findings": "findings", "judgements": "judgements",
           "coverage": "results", "timeline": "events", "figures": "figures",
           "progress": "actions"}  # what a CSV row stands for
# The records each report lists, each with the IRI its HTML page must link.
RECORDS = {"who-owns-what": lambda d: [b for b in d["bodies"] if b["actions"]], "actions": lambda d: d["actions"],
           "findings": lambda d: d["findings"], "judgements": lambda d: d["judgements"],
           "timeline": lambda d: d["events"], "figures": lambda d: d["figures"],
           "coverage": lambda d: [{"iri": r["focus"]} for r in d["results"]], "progress": lambda d: d["actions"]}
FIGURE_KEYS = {"iri", "value", "unit", "unit_iri", "qualifier", "measures", "year", "quote", "paragraph", "sentence"}


# Every report page from every store: in memory, pyoxigraph on disk, an Oxigraph server and Virtuoso.
backend, server = on_every_backend()


def get(base: str, path: str, accept: str | None = None) -> requests.Response:
    response = requests.get(base + path, headers={"Accept": accept} if accept else {}, timeout=60)
    assert response.status_code < 500, (path, response.status_code, response.text[:300])
    return response


def media_type(response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip()


def page(iri: str) -> str:
    return page_url(iri, configured_base())


@pytest.fixture(scope="module")
def cli(built) -> dict[tuple[str, str], bytes]:
    """`inspection-kg report NAME --format F --dataset <the session's build>`, for every report and twin."""
    runs = [(name, fmt) for name in REPORT_NAMES for fmt in TWINS]

    def run(job):
        result = run_cli("report", job[0], "--format", job[1], "--dataset", str(built.dataset))
        assert result.returncode == 0, result.stderr
        return result.stdout

    with ThreadPoolExecutor(4) as pool:
        return dict(zip(runs, pool.map(run, runs)))


@pytest.fixture(scope="module")
def documents(cli) -> dict[str, dict]:
    return {name: json.loads(cli[name, "json"]) for name in REPORT_NAMES}


# ---------------------------------------------------------------- the twins are the CLI's output

@pytest.mark.parametrize("name", REPORT_NAMES)
def test_json_twin_is_the_cli_json(server, cli, name):
    response = get(server, f"/reports/{name}.json")
    assert response.status_code == 200 and media_type(response) == "application/json"
    assert response.content == cli[name, "json"]
    assert json.loads(response.content) == json.loads(cli[name, "json"])
    assert set(response.json()) == TOP_KEYS[name]


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_csv_twin_parses_to_the_cli_rows(server, cli, documents, name):
    response = get(server, f"/reports/{name}.csv")
    assert response.status_code == 200 and media_type(response) == "text/csv"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows == list(csv.reader(io.StringIO(cli[name, "csv"].decode("utf-8"))))
    assert len(rows) - 1 == len(documents[name][ROWS_OF[name]]) > 0


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_markdown_twin_is_the_cli_markdown(server, cli, name):
    response = get(server, f"/reports/{name}.md")
    assert response.status_code == 200 and media_type(response) == "text/markdown"
    assert response.content == cli[name, "md"]


# ---------------------------------------------------------------- the HTML page and its links

@pytest.mark.parametrize("name", REPORT_NAMES)
def test_html_page_links_its_twins(server, documents, name):
    response = get(server, f"/reports/{name}", accept="text/html")
    assert response.status_code == 200 and media_type(response) == "text/html"
    expected = {media: f"/reports/{name}.{fmt}" for fmt, media in TWINS.items()}
    links = link_header(response)
    assert {m: links[m] for m in TWINS.values()} == expected
    html = Page(response.text)
    for href in expected.values():
        assert href in html.links, f"no visible link to {href}"
        assert get(server, href).status_code == 200
    assert {m: html.alternates[m] for m in TWINS.values()} == expected


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_html_page_links_every_iri_of_the_records_it_lists(server, documents, name):
    html = Page(get(server, f"/reports/{name}").text)
    records = RECORDS[name](documents[name])
    assert records
    assert {page(r["iri"]) for r in records} <= set(html.links)


def test_twin_by_accept_names_its_own_url(server, cli):
    response = get(server, "/reports/actions", accept="application/json")
    assert response.status_code == 200 and media_type(response) == "application/json"
    assert response.headers["Content-Location"] == "/reports/actions.json"
    assert response.content == cli["actions", "json"]
    assert "Accept" in response.headers.get("Vary", "")
    assert media_type(get(server, "/reports/actions", accept="*/*")) == "text/html"


def test_the_list_of_reports(server):
    listing = get(server, "/reports.json").json()["reports"]
    assert [r["name"] for r in listing] == REPORT_NAMES
    for r in listing:
        assert r["title"] and r["description"] and r["url"] == f"/reports/{r['name']}"
        assert r["formats"] == {"html": r["url"], **{fmt: f"{r['url']}.{fmt}" for fmt in TWINS}}
    response = get(server, "/reports")
    assert link_header(response)["application/json"] == "/reports.json"
    html = Page(response.text)
    assert {f"/reports/{name}" for name in REPORT_NAMES} <= set(html.links)
    assert "/reports.json" in html.links


# ---------------------------------------------------------------- what the reports say

def test_who_owns_what_json_gives_the_bscb_its_actions(documents):
    bscb = next(b for b in documents["who-owns-what"]["bodies"] if b["iri"] == BSCB)
    assert bscb["responsible"] == [in_report(f"action/{n}") for n in (2, 10, 13, 14)]
    assert bscb["partner"] == [in_report("action/11")]
    assert bscb["accountable"] == []
    assert {(a["number"], a["role"], a["due_date"]) for a in bscb["actions"]} == \
        {(n, role, DUE[n]) for n, role in BSCB_ROLES.items()}


def test_who_owns_what_matrix_row_of_the_bscb(server):
    html = Page(get(server, "/reports/who-owns-what").text)
    matrix = html.table("matrix")
    groups, numbers = matrix.rows[0], matrix.rows[1]
    assert [(c.text.strip()) for c in groups[1:3]] == ["Immediately: due 2012-09-19",
                                                       "Within three months: due 2012-12-19"]
    columns = [int(c.text) for c in numbers]
    assert columns == list(range(1, 15))
    row = next(r for r in matrix.rows[2:] if page(BSCB) in r[0].links)
    cells = dict(zip(columns, row[1:1 + len(columns)]))
    filled = {n: c for n, c in cells.items() if c.links}
    assert set(filled) == set(BSCB_ROLES)
    for n, cell in filled.items():
        assert cell.links == [page(in_report(f"action/{n}"))], n  # the evidence: the action's own page
        assert cell.classes == [f"role-{BSCB_ROLES[n]}"]
        assert cell.text == BSCB_ROLES[n][0].upper()
        assert f"due {DUE[n]}" in cell.titles[0]


def test_who_owns_what_matrix_holds_every_role_of_the_json(server, documents):
    html = Page(get(server, "/reports/who-owns-what").text)
    matrix = html.table("matrix")
    columns = [int(c.text) for c in matrix.rows[1]]
    seen = set()
    for row in matrix.rows[2:]:
        body = next(b for b in documents["who-owns-what"]["bodies"] if page(b["iri"]) in row[0].links)
        for number, cell in zip(columns, row[1:]):
            for cls in cell.classes:
                seen.add((body["iri"], number, cls.removeprefix("role-")))
    expected = {(b["iri"], a["number"], a["role"]) for b in documents["who-owns-what"]["bodies"] for a in b["actions"]}
    assert seen == expected


def test_timeline_starts_with_the_2009_improvement_notice_and_ends_with_the_inspection(documents):
    events = documents["timeline"]["events"]
    assert all(set(e) == EVENT_KEYS for e in events)
    first, last = events[0], events[-1]
    assert (first["date"], first["precision"], first["kind"], first["paragraph"]) == \
        ("2009-02-01", "month", "improvement notice", 13)
    assert first["quote"] == "In February 2009, the Secretary of State issued an improvement notice"
    assert (last["iri"], last["date"], last["end"], last["precision"]) == \
        (in_report("inspection"), "2012-09-10", "2012-09-19", "day")
    assert [e["date"] for e in events] == sorted(e["date"] for e in events)
    approximate = {e["label"] for e in events if e["approximate"]}
    assert approximate == {"Appointment of the independent chair of the BSCB",
                           "Appointment of the permanent Director of Children's Services"}


def test_figures_include_the_children_of_paragraph_9(documents):
    figures = documents["figures"]["figures"]
    assert all(set(f) == FIGURE_KEYS for f in figures)
    children = next(f for f in figures if f["value"] == 287000)
    assert (children["unit"], children["qualifier"], children["paragraph"]) == ("count", "estimated", 9)
    assert children["quote"] == "an estimated 287,000 children and young people under the age of 19"
    assert {(f["value"], f["unit"]) for f in figures} >= {(28, "percent"), (20.64, "percent"), (40, "count")}
    assert {f["paragraph"] for f in figures} == {9, 10}


def test_figures_page_shows_the_hedged_value_and_the_words(server):
    html = Page(get(server, "/reports/figures").text)
    row = next(r for r in html.table().rows if r and "287,000" in r[0].text)
    assert row[0].text == "estimated 287,000"
    assert "an estimated 287,000 children and young people under the age of 19" in row[3].text


# ---------------------------------------------------------------- errors

@pytest.mark.parametrize("path, status", [
    ("/reports/nonsense", 404), ("/reports/nonsense.json", 404), ("/reports/actions.xml", 404),
    ("/reports/actions.", 404), ("/reports.csv", 404)])
def test_unknown_report_or_form_is_404_in_the_one_error_shape(server, path, status):
    response = get(server, path)
    assert response.status_code == status
    error = response.json()["error"]
    assert set(error) == {"status", "title", "message"} and error["status"] == status and error["message"]


def test_unacceptable_accept_is_406(server):
    response = get(server, "/reports/actions", accept="image/png")
    assert response.status_code == 406
    assert "text/html" in response.json()["error"]["message"]


# ---------------------------------------------------------------- markup in the data is shown as text

MARKUP = "<script>alert(1)</script><img src=x onerror=alert(2)>"
SKOS_LABEL = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
IKG_TEXT = "<https://w3id.org/inspection-kg/def#text>"


@pytest.fixture(scope="module")
def hostile_server(built, tmp_path_factory):
    """A server over a copy of the dataset whose labels of the BSCB and the police, and the text of
    finding 24-9, begin with markup."""
    targets = {(f"<{BSCB}>", SKOS_LABEL), (f"<{body_iri('police')}>", SKOS_LABEL),
               (f"<{in_report('finding/24-9')}>", IKG_TEXT)}
    lines, changed = [], 0
    for line in built.dataset.read_text(encoding="utf-8").splitlines():
        subject, predicate, rest = line.split(" ", 2)
        if (subject, predicate) in targets and rest.startswith('"'):
            line, changed = f'{subject} {predicate} "{MARKUP}{rest[1:]}', changed + 1
        lines.append(line)
    assert changed == 3
    path = tmp_path_factory.mktemp("hostile") / "dataset.nq"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with RunningServer(path, workers=1, executors=1) as base_url:
        yield base_url


@pytest.mark.parametrize("path, params", [
    ("/reports/who-owns-what", None), ("/reports/actions", None), ("/reports/findings", None),
    ("/queries/bodies", None), ("/queries/findings-about-body", {"body": body_iri("police")}),
    ("/queries/body-actions", {"body": BSCB})])
def test_markup_in_the_data_is_escaped(hostile_server, path, params):
    response = requests.get(hostile_server + path, params=params, timeout=60)
    assert response.status_code == 200, response.text[:300]
    assert "<script>" not in response.text and "<img" not in response.text
    html = Page(response.text)
    assert MARKUP in html.text  # shown, as text
