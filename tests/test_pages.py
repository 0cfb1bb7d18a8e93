"""The pages for people over HTTP, without a browser: their security header, their figures, their links.

Against the session's real server (``server``): every HTML page carries the
Content-Security-Policy and none holds inline script or style; the network
and the charts say what the coverage report and the report itself say; the
reader and the resource pages point at each other.
"""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
import requests
from conftest import body_iri, in_report

from service.namespaces import PREFIXES

BSCB = body_iri("bscb")
BSCB_PAGE = "/id/" + BSCB.split("/id/", 1)[1]  # its page on the service
BSCB_ACTIONS = {2, 10, 11, 13, 14}  # the areas for improvement the report gives the BSCB a role in
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
PAGES = ["/", "/sparql", "/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D", "/reports", "/reports/who-owns-what",
         "/reports/coverage", "/reports/timeline", "/reports/birmingham-2012/text", BSCB_PAGE,
         "/id/birmingham-2012/paragraph/36", "/queries", "/queries/unanswered-weaknesses", "/def",
         "/id/body/no-such-body", "/reports/no-such-report/text"]
DATA_BLOCK = re.compile(r'<script type="application/json"[^>]*>.*?</script>', re.DOTALL)


def get(server: str, path: str, **kwargs) -> requests.Response:
    response = requests.get(server + path, timeout=60, **kwargs)
    assert response.status_code < 500, (path, response.status_code, response.text[:300])
    return response


def directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", PAGES)
def test_every_html_page_allows_only_its_own_origin(server, path):
    response = get(server, path, headers=HTML)
    assert response.headers["Content-Type"].startswith("text/html")
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"] and policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    for name, sources in policy.items():
        assert all(s in ("'self'", "'none'", "data:") or s.startswith("'sha256-") for s in sources), (name, sources)
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", [p for p in PAGES if p != "/def"])  # /def is pyLODE's page, its style hashed
def test_our_pages_hold_no_inline_script_or_style(server, path):
    page = DATA_BLOCK.sub("", get(server, path, headers=HTML).text)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert "<style" not in page and not re.search(r"\sstyle=", page)
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page.split("<main", 1)[0])  # the head loads nothing remote


def test_the_editor_offers_every_catalogue_query_and_the_projects_prefixes(server, catalogue):
    page = get(server, "/sparql", headers=HTML).text
    config = json.loads(unescape(re.search(r'<script type="application/json" id="editor-config">(.*?)</script>',
                                           page, re.DOTALL).group(1)))
    assert {q["name"]: (q["title"], q["text"]) for q in config["catalogue"]} == {
        q.name: (q.title, q.text) for q in catalogue.queries.values()}
    assert config["prefixes"] == PREFIXES
    assert all(f"PREFIX {p}: <{ns}>" in config["example"] for p, ns in PREFIXES.items())
    assert "<noscript>" in page and 'name="query"' in page  # the plain form, for browsers without scripts


def test_the_coverage_chart_counts_what_the_coverage_report_counts(server):
    coverage = get(server, "/reports/coverage.json").json()["results"]
    said = {}
    for r in coverage:
        if r["shape"].endswith("#InadequateSectionAnswered"):
            unanswered, total = re.search(r"yet (\d+) of the (\d+) weaknesses", r["message"]).groups()
            said[r["focus_label"]] = (int(total), int(unanswered))
    table = re.search(r'id="chart-coverage".*?<tbody>(.*?)</tbody>', get(server, "/reports/coverage").text, re.DOTALL)
    rows = [[unescape(c) for c in re.findall(r"<td>(.*?)</td>", tr)] for tr in re.findall(r"<tr>(.*?)</tr>",
                                                                                        table.group(1))]
    shown = {area: (int(total), int(unanswered)) for area, _, _, total, _, unanswered in rows}
    assert shown == said  # all four areas are judged inadequate, so the shape speaks for each
    weakness_warnings = sum(1 for r in coverage if r["shape"].endswith("#WeaknessAnswered"))
    assert sum(u for _, u in shown.values()) == weakness_warnings


def test_the_findings_chart_counts_the_findings_about_each_body(server):
    bodies = {b["label"]: b["findings"] for b in get(server, "/reports/who-owns-what.json").json()["bodies"]}
    table = re.search(r'id="chart-findings".*?<tbody>(.*?)</tbody>', get(server, "/reports/who-owns-what").text,
                      re.DOTALL)
    for tr in re.findall(r"<tr>(.*?)</tr>", table.group(1)):
        label, weaknesses, strengths, developments = [unescape(c) for c in re.findall(r"<td>(.*?)</td>", tr)]
        assert bodies[label] == {"weaknesses": int(weaknesses), "strengths": int(strengths),
                                 "developments": int(developments)}


def test_the_timeline_runs_from_the_2009_notice_to_the_due_dates(server):
    page = get(server, "/reports/timeline").text
    table = re.search(r'id="chart-timeline".*?<tbody>(.*?)</tbody>', page, re.DOTALL).group(1)
    dates = re.findall(r"<tr><td>(\d{4}-\d\d-\d\d)</td>", table)
    assert dates[0] == "2009-02-01"  # "In February 2009, the Secretary of State issued an improvement notice"
    assert dates[-2:] == ["2012-09-19", "2012-12-19"]  # immediately, and within three months of it


def test_paragraph_sentence_and_finding_pages_link_into_the_reader(server):
    for iri, anchor in ((in_report("paragraph/36"), "paragraph/36"),
                        (in_report("paragraph/36/sentence/7"), "paragraph/36/sentence/7"),
                        (in_report("finding/36-7"), "finding/36-7"), (in_report("action/2"), "action/2")):
        page = get(server, "/id/" + iri.split("/id/", 1)[1], headers=HTML).text
        assert f'href="/reports/birmingham-2012/text#{anchor}"' in page
    reader = get(server, "/reports/birmingham-2012/text").text
    for anchor in ("paragraph/36", "paragraph/36/sentence/7", "finding/36-7", "action/2"):
        assert f'id="{anchor}"' in reader


def test_the_reader_of_a_report_the_data_lacks_is_a_404(server):
    response = get(server, "/reports/no-such-report/text")
    assert response.status_code == 404 and response.json()["error"]["status"] == 404


def test_network_json_names_the_bodies_and_flags_what_coverage_finds(server):
    doc = requests.get(server + "/reports/network.json", timeout=30).json()
    coverage = requests.get(server + "/reports/coverage.json", timeout=30).json()["results"]
    unanswered = {r["focus"] for r in coverage if r["shape"].endswith("#WeaknessAnswered")}
    criticised = {r["focus"] for r in coverage if r["shape"].endswith("#CriticisedBodyHasARole")}
    nodes = {n["id"]: n for n in doc["nodes"]}
    assert {i for i, n in nodes.items() if "unanswered" in n.get("flags", [])} == unanswered
    assert {i for i, n in nodes.items() if "criticised-no-role" in n.get("flags", [])} == criticised
    bscb = {(int(nodes[e["target"]]["label"]), e["kind"]) for e in doc["edges"] if e["source"] == BSCB}
    assert bscb == {(2, "responsible"), (10, "responsible"), (13, "responsible"), (14, "responsible"),
                    (11, "partner")}
    assert all(n["page"].startswith("/id/") for n in doc["nodes"] if "iri" in n)
    focused = requests.get(server + "/reports/network.json", params={"body": BSCB}, timeout=30)
    assert {int(n["label"]) for n in focused.json()["nodes"] if n["kind"] == "action"} >= BSCB_ACTIONS
    missing = requests.get(server + "/reports/network.json", params={"body": in_report("nothing")}, timeout=30)
    assert missing.status_code == 404 and missing.json()["error"]["status"] == 404
