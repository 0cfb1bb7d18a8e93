"""Page weights and the network page's time to first render, in Debian's headless Chromium.

    .venv/bin/python benchmarks/pages.py [--runs 5]

Serves the build on a free 127.0.0.1 port (one web worker), then:

* page weight of each page type: the bytes of HTML, JavaScript and CSS a fresh
  browser downloads to show it (bodies as served, before compression; the
  network's JSON is counted apart, as data);
* time to first render of the network page (/reports/who-owns-what), median of
  ``--runs`` fresh browser contexts: first contentful paint, and the moment the
  network is drawn (the page's own performance mark); the baseline, measured in
  the same run, is the plain who-owns-what table page: the same URL with
  JavaScript off, so the matrix alone;
* the network's legibility at zoom 1, as tests/test_browser.py measures it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import launch, legibility, wait_for_network  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from server import RunningServer  # noqa: E402

PAGES = {
    "home": "/",
    "editor (/sparql)": "/sparql",
    "HTML results": "/sparql?query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20LIMIT%20100",
    "network (who-owns-what)": "/reports/who-owns-what",
    "body page (BSCB)": "/id/authority/birmingham/body/bscb",
    "reader": "/reports/birmingham-2012/text",
    "coverage (chart)": "/reports/coverage",
    "timeline (chart)": "/reports/timeline",
}
KINDS = {"document": "html", "script": "js", "stylesheet": "css", "fetch": "data", "xhr": "data"}
PAINT = """() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"""
DRAWN = """() => (performance.getEntriesByName('network-drawn')[0] || {}).startTime"""


def weigh(browser, base: str, path: str) -> dict:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    sizes = {"html": 0, "js": 0, "css": 0, "data": 0, "other": 0}
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(base + path, wait_until="networkidle")
    if page.locator("figure.network").count():
        wait_for_network(page)
    page.wait_for_timeout(300)
    for response in responses:  # read once the page has settled, before its context closes
        sizes[KINDS.get(response.request.resource_type, "other")] += len(response.body())
    context.close()
    return sizes


def timings(browser, base: str, runs: int) -> dict:
    drawn, painted = [], []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.goto(base + "/reports/who-owns-what")
        wait_for_network(page)
        painted.append(page.evaluate(PAINT))
        drawn.append(page.evaluate(DRAWN))
        context.close()
    return {"drawn": drawn, "painted": painted}


def plain_paint(browser, base: str, runs: int) -> list[float]:
    """First contentful paint of the page with JavaScript off (the matrix alone), read through CDP."""
    out = []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1400, "height": 900}, java_script_enabled=False)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")
        page.goto(base + "/reports/who-owns-what", wait_until="load")
        page.wait_for_timeout(200)
        # the page's own scripts are off; the DevTools protocol still reads its performance entries
        value = cdp.send("Runtime.evaluate", {"expression": "JSON.stringify((performance.getEntriesByName("
                                                            "'first-contentful-paint')[0]||{}).startTime)",
                                              "returnByValue": True})
        out.append(json.loads(value["result"]["value"]))
        context.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, python {platform.python_version()}")
    with RunningServer(ROOT / "build" / "dataset.nq", workers=1, executors=1) as base, sync_playwright() as pw:
        browser = launch(pw)
        print(f"chromium {browser.version}")
        print("\npage weights (bytes as served, uncompressed):")
        print(f"  {'page':<26}{'HTML':>9}{'JS':>11}{'CSS':>9}{'total':>11}{'JSON data':>11}")
        for name, path in PAGES.items():
            s = weigh(browser, base, path)
            total = s["html"] + s["js"] + s["css"]
            print(f"  {name:<26}{s['html']:>9,}{s['js']:>11,}{s['css']:>9,}{total:>11,}{s['data']:>11,}")
        t = timings(browser, base, args.runs)
        plain = plain_paint(browser, base, args.runs)
        med = {k: statistics.median(v) for k, v in (("drawn", t["drawn"]), ("painted", t["painted"]),
                                                      ("plain", plain))}
        print(f"\nnetwork page (/reports/who-owns-what), median of {args.runs} fresh contexts:")
        print(f"  first contentful paint: {med['painted']:.0f} ms")
        print(f"  network drawn:          {med['drawn']:.0f} ms   (runs: {', '.join(f'{v:.0f}' for v in t['drawn'])})")
        print(f"baseline, the plain table page (same URL, JavaScript off), first contentful paint: "
              f"{med['plain']:.0f} ms   (runs: {', '.join(f'{v:.0f}' for v in plain)})")
        print(f"ratio network drawn / plain table painted: {med['drawn'] / med['plain']:.2f}x")
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(base + "/reports/who-owns-what")
        measured = legibility(page)
        print(f"\nnetwork legibility at zoom {measured['zoom']}: {measured['labels']} labels, smallest font "
              f"{measured['smallest_font_px']:g} px, {measured['overlapping_pairs']} overlapping pairs of labels, "
              f"canvas {measured['canvas'][0]}x{measured['canvas'][1]} px")
        browser.close()


if __name__ == "__main__":
    main()
