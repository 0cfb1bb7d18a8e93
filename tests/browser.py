"""Drive Debian's Chromium with Playwright for the browser tests, screenshots and the page benchmarks.

Chromium is /usr/bin/chromium (the `chromium` package, which .ci/run installs);
Playwright never downloads a browser here. The flags keep Chromium from
calling any host (this machine has no network but loopback).
"""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = os.environ.get("INSPECTION_KG_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "build" / "screenshots"

# The network's legibility at zoom 1, read from the drawing as the screenshot shows it: every label's box on
# screen (cytoscape's rendered bounding box of the label alone), the smallest font in pixels, and how many pairs
# of labels overlap.
LEGIBILITY = """(figure) => {
  const cy = figure.cy, zoom = cy.zoom(), boxes = [];
  let smallest = Infinity;
  cy.nodes(':visible').forEach((n) => {
    if (!n.data('label')) return;
    const b = n.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
    if (!(b.w > 0 && b.h > 0)) return;
    boxes.push({ id: n.id(), x1: b.x1, x2: b.x2, y1: b.y1, y2: b.y2 });
    smallest = Math.min(smallest, parseFloat(n.style('font-size')) * zoom);
  });
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1), h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
      if (w > 0.5 && h > 0.5) overlaps.push([a.id, b.id]);
    }
  }
  return { labels: boxes.length, smallest_font_px: smallest, overlapping_pairs: overlaps.length,
           overlaps: overlaps.slice(0, 10), zoom: zoom,
           canvas: [cy.width(), cy.height()] };
}"""


def launch(playwright):
    """Chromium, headless, from Debian's package."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def wait_for_network(page, timeout: float = 20_000):
    """The network figure once cytoscape has drawn it."""
    page.wait_for_selector("figure.network[data-ready=true]", timeout=timeout)
    return page.query_selector("figure.network")


def legibility(page) -> dict:
    return page.evaluate(LEGIBILITY, wait_for_network(page))
