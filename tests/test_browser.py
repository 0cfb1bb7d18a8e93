"""The service for people, in a real browser: Debian's Chromium driven by Playwright, against real servers.

One server over the session's build of the real report (``server``), one over
a copied project whose report text and curation hold ``<script>`` in a
sentence, a finding and a body's name (``hostile``). Screenshots of each page
type go to build/screenshots/.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
import requests
from browser import AXE, SCREENSHOTS, launch, legibility, wait_for_network
from conftest import REPORT_TEXT, body_iri, copied_report, copy_project, run_cli
from server import RunningServer

from service.config import Paths

playwright_api = pytest.importorskip("playwright.sync_api")
if not Path(os.environ.get("INSPECTION_KG_CHROMIUM", "/usr/bin/chromium")).exists() and not os.environ.get("CI"):
    pytest.skip("Debian's chromium is not installed (.ci/run installs it)", allow_module_level=True)

BSCB = body_iri("bscb")
BSCB_PAGE = "/id/" + BSCB.split("/id/", 1)[1]  # its page on the service
BSCB_ACTIONS = {2, 10, 11, 13, 14}  # the areas for improvement the report gives the BSCB a role in
INJECTED = "<script>window.__ikgInjected = true</script>"
# Every kind of page, with a name for its screenshot.
PAGE_TYPES = {
    "home": "/",
    "editor": "/sparql",
    "results": "/sparql?query=" + requests.utils.quote(
        "PREFIX ikg: <https://w3id.org/inspection-kg/def#> SELECT ?action ?number ?due "
        "WHERE { ?action a ikg:Action ; ikg:number ?number ; ikg:dueDate ?due } ORDER BY ?number"),
    "network": "/reports/who-owns-what",
    "body": BSCB_PAGE,
    "reader": "/reports/birmingham-2012/text",
    "coverage": "/reports/coverage",
    "timeline": "/reports/timeline",
    "reports": "/reports",
    "catalogue-query": "/queries/unanswered-weaknesses",
    "paragraph": "/id/birmingham-2012/paragraph/36",
    "not-found": "/id/body/no-such-body",
    "ontology": "/def",
    "action": "/id/birmingham-2012/action/2",
    "progress": "/reports/progress",
    "sign-in": "/sign-in",
}


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    yield context.new_page()
    context.close()


def watch(page, base: str) -> dict:
    """Record console errors, uncaught exceptions and every request to another origin."""
    seen = {"errors": [], "offsite": []}
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("request", lambda r: None if r.url.startswith(base) or r.url.startswith(("data:", "blob:"))
            else seen["offsite"].append(r.url))
    return seen


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


# ---------------------------------------------------------------- the pages

def test_home_renders_with_no_console_error_and_no_request_leaving_the_origin(server, page):
    seen = watch(page, server)
    page.goto(server + "/", wait_until="networkidle")
    assert page.locator("h1").inner_text().startswith("Who owns what")
    assert page.locator(".judgements li").count() == 4  # the four judgements of the report
    assert page.locator(".actions-table tbody tr").count() == 14  # its fourteen areas for improvement
    assert page.locator("svg.network-thumbnail circle").count() > 100
    assert seen == {"errors": [], "offsite": []}


def test_the_editor_runs_a_catalogue_query_and_shows_the_rows_the_cli_gives(server, built, page):
    result = run_cli("query", "--name", "unanswered-weaknesses", "--format", "json", "--dataset", str(built.dataset))
    rows = len(json.loads(result.stdout)["results"]["bindings"])
    seen = watch(page, server)
    page.goto(server + "/sparql", wait_until="networkidle")
    page.click("[data-query-name=unanswered-weaknesses]")
    tab = page.locator(".tabPanel.active")
    assert "Weaknesses no action answers" in page.locator(".tabsList .tab.active").inner_text()
    tab.locator(".yasqe_queryButton").click()
    chip = tab.locator(".yasr_response_chip")
    chip.wait_for(timeout=20_000)
    assert re.match(rf"{rows} results?\b", chip.inner_text()), chip.inner_text()
    links = tab.locator(".yasr_results a.iri")
    assert links.count() > 0
    assert links.first.get_attribute("href").startswith("/id/birmingham-2012/finding/")
    assert seen == {"errors": [], "offsite": []}  # YASGUI's inline styles are allowed by hash, nothing else


def test_clicking_a_body_in_the_network_opens_its_page(server, page):
    seen = watch(page, server)
    page.goto(server + "/reports/who-owns-what")
    figure = wait_for_network(page)
    at = page.evaluate("([f, id]) => f.cy.getElementById(id).renderedPosition()", [figure, BSCB])
    page.evaluate("(y) => window.scrollTo(0, y)", page.locator(".network-canvas").bounding_box()["y"] + at["y"] - 400)
    box = page.locator(".network-canvas").bounding_box()  # where the canvas is in the viewport now
    with page.expect_navigation():
        page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
    assert page.url == server + BSCB_PAGE
    assert "Birmingham Safeguarding Children Board" in page.locator("h1").inner_text()
    assert seen == {"errors": [], "offsite": []}


def test_the_network_is_legible_at_its_default_zoom(server, page):
    page.goto(server + "/reports/who-owns-what")
    measured = legibility(page)
    page.locator("figure.network .network-canvas").screenshot(path=str(_screens() / "network-canvas.png"))
    (_screens() / "network-legibility.json").write_text(json.dumps(measured, indent=2), encoding="utf-8")
    assert measured["zoom"] == 1
    assert measured["labels"] >= 38 + 14 + 99  # every body, action and weakness is labelled
    assert measured["overlapping_pairs"] == 0, measured["overlaps"]
    assert measured["smallest_font_px"] >= 11


def test_the_network_filters_by_timescale_role_and_body(server, page):
    page.goto(server + "/reports/who-owns-what")
    figure = wait_for_network(page)
    visible = "(f) => f.cy.nodes('.action:visible').map((n) => Number(n.data('label'))).sort((a, b) => a - b)"
    assert page.evaluate(visible, figure) == list(range(1, 15))
    page.uncheck("input[name=timescale][value=immediately]")
    assert page.evaluate(visible, figure) == [11, 12, 13, 14]  # "Within three months" in the report
    page.check("input[name=timescale][value=immediately]")
    page.uncheck("input[name=role][value=accountable]")
    assert page.evaluate("(f) => f.cy.edges('.accountable:visible').length", figure) == 0
    page.check("input[name=role][value=accountable]")
    page.select_option("select[name=body]", BSCB)
    assert set(page.evaluate(visible, figure)) >= BSCB_ACTIONS


def test_a_body_page_draws_the_network_focused_on_it(server, page):
    page.goto(server + BSCB_PAGE)
    figure = wait_for_network(page)
    actions = page.evaluate("(f) => f.cy.nodes('.action').map((n) => Number(n.data('label')))", figure)
    assert BSCB_ACTIONS <= set(actions)
    assert page.evaluate("(f) => f.cy.nodes('.body.focus').map((n) => n.id())", figure) == [BSCB]


def test_the_reader_marks_every_finding_of_paragraph_36_and_its_links_resolve(server, page):
    findings = [f for f in requests.get(server + "/reports/findings.json", timeout=30).json()["findings"]
                if f["paragraph"] == 36]
    assert len(findings) == 10  # one per sentence of paragraph 36
    page.goto(server + "/reports/birmingham-2012/text#paragraph/36/sentence/7")
    block = page.locator(".paragraph-block[data-paragraph='36']")
    for f in findings:
        anchor = "finding/" + f["iri"].rsplit("/", 1)[-1]
        mark = block.locator(f'mark[id="{anchor}"]')
        assert mark.inner_text() == f["text"]
        assert f["kind"] in mark.get_attribute("class").split()
        note = block.locator(f'[id="note/{anchor}"]').inner_text()
        for body in f["bodies"]:
            assert body["label"] in note
        if f["answered_by"]:
            for action in f["answered_by"]:
                assert f"area for improvement {action.rsplit('/', 1)[-1]}" in note
        elif f["kind"] == "weakness":
            assert "Answered by no action" in note
    assert page.evaluate("document.querySelector(':target').id") == "paragraph/36/sentence/7"
    hrefs = block.evaluate("(b) => Array.from(b.querySelectorAll('a[href]'), (a) => a.getAttribute('href'))")
    for href in set(hrefs):
        if href.startswith("#"):
            assert page.locator(f'[id="{href[1:]}"]').count() == 1, href
        else:
            assert requests.get(server + href, headers={"Accept": "text/html"}, timeout=30).status_code == 200, href
    shot(page, "reader-paragraph-36")


def test_the_reader_shows_the_reports_text_exactly(server, page, report):
    page.goto(server + "/reports/birmingham-2012/text")
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('.report-paragraph'),
        (p) => [p.id, p.querySelector('.report-text').textContent])""")
    assert [anchor for anchor, _ in shown] == [f"paragraph/{n}" for n in sorted(report.paragraphs)]
    raw = " ".join(REPORT_TEXT.read_text(encoding="utf-8").split())
    for (_, text), n in zip(shown, sorted(report.paragraphs)):
        paragraph = report.paragraphs[n]
        assert text == paragraph.text
        assert " ".join(text.split()) in raw  # in the report file, page breaks aside


def test_the_html_results_table_equals_the_csv_twin_row_for_row(server, page):
    page.goto(server + PAGE_TYPES["results"])
    assert page.evaluate("document.contentType") == "text/html"
    cells = page.evaluate("""() => Array.from(document.querySelectorAll('table.results tbody tr'),
        (tr) => Array.from(tr.cells, (td) => { const a = td.querySelector('a');
            const v = td.querySelector('.value'); return a ? a.title : v ? v.textContent : ''; }))""")
    head = page.evaluate("() => Array.from(document.querySelectorAll('table.results thead th'), (th) => th.textContent)")
    csv_href = page.locator("p.alternates a", has_text="CSV").get_attribute("href")
    rows = list(csv.reader(io.StringIO(requests.get(server + csv_href, timeout=30).text)))
    assert [head] + cells == rows
    assert len(cells) == 14


def test_a_browser_never_gets_raw_json_but_a_client_still_does(server):
    url = server + PAGE_TYPES["results"]
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert requests.get(url, headers={"Accept": browser_accept}, timeout=30).headers["Content-Type"].startswith(
        "text/html")
    assert requests.get(url, headers={"Accept": "*/*"}, timeout=30).headers["Content-Type"].startswith(
        "application/sparql-results+json")


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_every_page_type_is_accessible_fits_360_px_and_loads_nothing_from_elsewhere(server, browser, name):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)  # to inject axe
    page = context.new_page()
    seen = watch(page, server)
    page.goto(server + PAGE_TYPES[name], wait_until="networkidle")
    if page.locator("figure.network").count():
        wait_for_network(page)
    shot(page, name)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []
    page.set_viewport_size({"width": 360, "height": 800})
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, f"{name}-360")
    assert seen["offsite"] == []
    context.close()


def _screens() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


# ---------------------------------------------------------------- markup in the data is shown as text

@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A server over a copy of the project whose report text, finding and body name hold a <script> element."""
    from service.graph.build import build

    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    text = copied_report(root)
    original = "Consultation with young people is not embedded"
    changed = f"Consultation with {INJECTED} young people is not embedded"
    text.write_text(text.read_text(encoding="utf-8").replace(original, changed), encoding="utf-8")
    findings = root / "data" / "birmingham-2012" / "findings.ttl"
    findings.write_text(findings.read_text(encoding="utf-8").replace(original, changed), encoding="utf-8")
    bodies = root / "data" / "birmingham-2012" / "bodies.ttl"
    bodies.write_text(bodies.read_text(encoding="utf-8").replace(
        'skos:prefLabel "UK Border Agency"@en', f'skos:prefLabel "{INJECTED} UK Border Agency"@en'), encoding="utf-8")
    result = build(Paths(root, root / "build"), force=True)
    with RunningServer(result.dataset, workers=1, executors=1) as base:
        yield base


def test_a_literal_holding_a_script_element_is_shown_as_text_everywhere(hostile, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    seen = watch(page, hostile)
    injected = f"{INJECTED} UK Border Agency"
    # the network: the label is the literal (drawn on canvas), and the lists beside it show it as text
    page.goto(hostile + "/reports/who-owns-what")
    figure = wait_for_network(page)
    label = page.evaluate("([f, id]) => f.cy.getElementById(id).data('label')", [figure, body_iri("uk-border-agency")])
    assert label == injected
    assert injected in page.locator(".network-lists").text_content()
    assert page.evaluate("window.__ikgInjected === undefined")
    # the reader: the sentence and the finding's mark hold it as text
    page.goto(hostile + "/reports/birmingham-2012/text")
    assert INJECTED in page.locator('mark[id="finding/36-10"]').inner_text()
    assert page.evaluate("window.__ikgInjected === undefined")
    # the editor's results table
    page.goto(hostile + "/sparql", wait_until="networkidle")
    page.evaluate("""(q) => { const y = window.inspectionKgEditor.getTab().getYasqe(); y.setValue(q); y.query(); }""",
                  "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?label WHERE { <"
                  + body_iri("uk-border-agency") + "> skos:prefLabel ?label }")
    page.locator(".tabPanel.active .yasr_response_chip").wait_for(timeout=20_000)
    assert injected in page.locator(".tabPanel.active .yasr_results").inner_text()
    assert page.evaluate("window.__ikgInjected === undefined")
    # the HTML results of /sparql, and the body's own page
    for path in ("/sparql?query=" + requests.utils.quote(
            "SELECT ?s ?o WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), \"<script>\")) }"), "/id/" + body_iri("uk-border-agency").split("/id/", 1)[1]):
        page.goto(hostile + path)
        assert INJECTED in page.locator("main").inner_text()
        assert page.evaluate("window.__ikgInjected === undefined")
    assert seen["errors"] == [] and seen["offsite"] == []
    context.close()
