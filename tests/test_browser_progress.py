"""Recording progress in a real browser (issue 12's "done when"): a board member signs in for their body,
records progress on their action from its page, and the progress report shows who has done what.

Debian's Chromium driven by Playwright, against a real two-worker server and a real ledger. The user is an
editor of the Birmingham Safeguarding Children Board, which the report makes responsible for area for
improvement 2 (data/birmingham-2012/actions.ttl) and gives no role in area 1.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser import AXE, launch
from server import RunningServer
from tracking import BSCB, make_users, stored

playwright_api = pytest.importorskip("playwright.sync_api")
if not Path(os.environ.get("INSPECTION_KG_CHROMIUM", "/usr/bin/chromium")).exists() and not os.environ.get("CI"):
    pytest.skip("Debian's chromium is not installed (.ci/run installs it)", allow_module_level=True)

NOTE = "Work programmes reviewed at the board's January meeting"
EVIDENCE = "Board minutes, 15 January 2013"


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    return tmp_path_factory.mktemp("browser-progress") / "ledger.sqlite3"


@pytest.fixture(scope="module")
def token(ledger):
    return make_users(ledger, ("member", BSCB, "editor"))["member"]


@pytest.fixture(scope="module")
def base(built, ledger, token):
    with RunningServer(built.dataset, workers=2, executors=1, ledger=ledger) as url:
        yield url


@pytest.fixture
def page(base):
    with playwright_api.sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)  # to inject axe
        yield context.new_page()
        context.close()
        browser.close()


def sign_in(page, base: str, path: str, token: str) -> None:
    page.goto(base + path, wait_until="load")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Name").fill("member")
    page.get_by_label("Token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{path}#progress")


def test_a_board_member_signs_in_and_records_progress_from_the_actions_page(base, ledger, token, page):
    before = stored(ledger)
    sign_in(page, base, "/id/birmingham-2012/action/2", token)
    form = page.locator("form.record")
    assert "Signed in as member (editor)" in form.inner_text()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document.querySelector('#progress'), {resultTypes: ['violations']})")
    assert [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")] == []

    form.get_by_label("Status").select_option("in-progress")
    form.get_by_label("Day it refers to").fill("2013-01-15")
    form.get_by_label("Note").fill(NOTE)
    form.get_by_label("Evidence").fill(EVIDENCE)
    form.get_by_role("button", name="Record").click()
    page.wait_for_url("**/id/birmingham-2012/action/2#progress")

    history = page.locator("#progress table.history tbody tr")
    assert history.count() == 1
    assert NOTE in history.first.inner_text() and EVIDENCE in history.first.inner_text()
    assert "In progress" in page.locator("#progress").inner_text() or "in-progress" in history.first.inner_text()
    assert stored(ledger) == before + 1

    # the progress report, read by anyone: who has done what on area 2
    page.goto(base + "/reports/progress", wait_until="load")
    row = page.locator("tr", has=page.locator("a[href$='/id/birmingham-2012/action/2']")).first
    text = row.inner_text()
    assert "member" in text and "2013-01-15" in text


def test_the_form_is_not_offered_on_an_action_the_body_has_no_role_in(base, ledger, token, page):
    sign_in(page, base, "/id/birmingham-2012/action/1", token)
    assert page.locator("form.record").count() == 0
    assert "Signed in as member" in page.locator("#progress").inner_text()
