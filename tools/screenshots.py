"""Regenerate the README's pictures: `make screenshots`.

Serves the build (``build/dataset.nq``) on a free port of 127.0.0.1, opens the
who-owns-what page and the report reader in Debian's headless Chromium, and
writes docs/images/network.png (the accountability network, as drawn at zoom
1) and docs/images/reader.png (paragraph 36, its findings marked).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import launch, wait_for_network  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from server import RunningServer  # noqa: E402

IMAGES = ROOT / "docs" / "images"


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with RunningServer(ROOT / "build" / "dataset.nq", workers=1, executors=1) as base, sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(base + "/reports/who-owns-what")
        wait_for_network(page)
        page.locator("figure.network .network-canvas").screenshot(path=str(IMAGES / "network.png"))
        page.set_viewport_size({"width": 1000, "height": 1100})
        page.goto(base + "/reports/birmingham-2012/text")
        page.locator(".paragraph-block[data-paragraph='36']").screenshot(path=str(IMAGES / "reader.png"))
        browser.close()
    for name in ("network.png", "reader.png"):
        print(IMAGES / name)


if __name__ == "__main__":
    main()
