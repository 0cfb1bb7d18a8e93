"""Recording progress over HTTP (issue 12), against a real server with two workers and a real ledger.

What a record is and who may make it is the issue's: a status of the scheme,
the day it refers to (not in the future), a note and evidence, by a user for
their body; an editor only on the actions their body (or a body it is part
of) is responsible for or a partner in; "verified" only by a verifier of the
accountable body. Every refusal is a 4xx in the one error shape, audited,
and writes nothing: each such test counts the ledger's records before and
after with sqlite3 itself.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import requests
from conftest import run_cli
from server import RunningServer
from tracking import (
    BSCB,
    CHAIR,
    COUNCIL,
    POLICE,
    SOCIAL_CARE,
    action,
    audit_rows,
    error,
    history_path,
    make_users,
    post,
    stored,
)

from service.progress import Attempt, Ledger, Users

USERS = [("jo", BSCB, "editor"), ("chair", CHAIR, "editor"), ("care", SOCIAL_CARE, "editor"),
         ("vi", COUNCIL, "verifier"), ("bv", BSCB, "verifier"), ("ad", COUNCIL, "admin"), ("po", POLICE, "editor"),
         ("gone", BSCB, "editor"), ("form", BSCB, "editor")]
GOOD = {"status": "in-progress", "date": "2013-01-15", "note": "Work programmes reviewed at the board's January meeting",
        "evidence": "https://example.org/bscb/minutes/2013-01-15"}
SPARQL_JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    return tmp_path_factory.mktemp("api") / "ledger.sqlite3"


@pytest.fixture(scope="module")
def tokens(ledger):
    return make_users(ledger, *USERS)


@pytest.fixture(scope="module")
def base(built, ledger, tokens):
    with RunningServer(built.dataset, workers=2, executors=1, ledger=ledger) as url:
        yield url


def records_of(base: str, number: int) -> list[dict]:
    response = requests.get(base + history_path(number) + ".json", timeout=30)
    assert response.status_code == 200, response.text[:300]
    return response.json()["records"]


def ask(base: str, where: str) -> bool:
    """An ASK over /sparql (each text new, so it runs in a query executor, not in the web worker)."""
    response = requests.get(base + "/sparql", params={"query": f"PREFIX ikg: <https://w3id.org/inspection-kg/def#>\n"
                                                               f"ASK {{ {where}\n}}"},
                            headers={"Accept": SPARQL_JSON}, timeout=30)
    assert response.status_code == 200, response.text[:300]
    return response.json()["boolean"]


# ---------------------------------------------------------------- recording, and everyone seeing it at once

def test_an_editor_records_progress_and_every_worker_and_executor_sees_it_at_once(base, ledger, tokens):
    before = requests.get(base + "/reports/progress.json", timeout=30)
    response = post(base, 2, tokens["jo"], GOOD)
    assert response.status_code == 201, response.text
    record = response.json()["record"]
    assert {k: record[k] for k in GOOD} == GOOD
    assert record["action"] == action(2) and record["body"] == BSCB and record["recorded_by"]["name"] == "jo"
    assert record["recorded_by"]["role"] == "editor" and record["report"] == "birmingham-2012"
    assert re.fullmatch(re.escape(action(2)) + r"/progress/[0-9a-f]{32}", record["iri"])
    assert response.headers["Location"] == history_path(2) + "/" + record["id"]
    # every answer begun after the acknowledgement has it, whichever worker or executor gives it
    for attempt in range(12):
        assert record["iri"] in {r["iri"] for r in records_of(base, 2)}
        assert ask(base, f"<{record['iri']}> a ikg:ProgressRecord ; ikg:status ?s . # {attempt}")
    after = requests.get(base + "/reports/progress.json", timeout=30)
    assert after.headers["ETag"] != before.headers["ETag"]
    again = requests.get(base + "/reports/progress.json", headers={"If-None-Match": before.headers["ETag"]}, timeout=30)
    assert again.status_code == 200 and record["iri"] in again.text
    page = requests.get(base + history_path(2) + "/" + record["id"], headers={"Accept": "text/turtle"}, timeout=30)
    assert page.status_code == 200 and "ikg:statusDate" in page.text and "status:in-progress" in page.text


def test_a_history_keeps_every_record_in_order_and_a_correction_revises_without_erasing(base, tokens):
    made = []
    for day, status in (("2012-10-01", "not-started"), ("2012-11-01", "in-progress"), ("2012-12-01", "completed")):
        response = post(base, 10, tokens["jo"], {"status": status, "date": day})
        assert response.status_code == 201
        made.append(response.json()["record"])
    wrong = made[-1]
    fix = post(base, 10, tokens["jo"], {"status": "at-risk", "date": "2012-12-01", "revises": wrong["iri"],
                                        "note": "Recorded as completed by mistake: two programmes are not reviewed"})
    assert fix.status_code == 201 and fix.json()["record"]["revises"] == wrong["iri"]
    history = records_of(base, 10)
    assert [r["iri"] for r in history] == [r["iri"] for r in made] + [fix.json()["record"]["iri"]]
    assert [r["sequence"] for r in history] == sorted(r["sequence"] for r in history)
    state = next(a for a in requests.get(base + "/reports/progress.json?as-of=2013-01-01", timeout=30).json()["actions"]
                 if a["iri"] == action(10))
    assert state["status"] == "at-risk" and state["records"] == 4 and state["overdue"] is True


def test_a_repeated_request_with_an_idempotency_key_records_once(base, ledger, tokens):
    headers = {"Idempotency-Key": "meeting-2013-01-20-item-4"}
    first = post(base, 13, tokens["jo"], {"status": "in-progress", "date": "2013-01-20"}, **headers)
    count = stored(ledger)
    second = post(base, 13, tokens["jo"], {"status": "in-progress", "date": "2013-01-20"}, **headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["record"]["iri"] == first.json()["record"]["iri"] and stored(ledger) == count
    other = post(base, 13, tokens["jo"], {"status": "completed", "date": "2013-01-20"}, **headers)
    assert "idempotency key" in error(other, 409) and stored(ledger) == count


# ---------------------------------------------------------------- who may write

@pytest.mark.parametrize("user, number, status, expected", [
    ("chair", 2, "in-progress", 201),     # the BSCB's independent chair is a post in the BSCB: it counts for it
    ("care", 1, "completed", 201),        # children's social care is a unit of the council, which is responsible
    ("vi", 2, "verified", 201),           # a verifier of the accountable council
    ("jo", 11, "in-progress", 201),       # the BSCB is a partner in action 11
    ("jo", 1, "in-progress", 403),        # another body's action
    ("po", 2, "in-progress", 403),        # the police have no role in action 2
    ("jo", 14, "verified", 403),          # an editor cannot verify
    ("bv", 2, "verified", 403),           # a verifier, but of the responsible body, not the accountable one
    ("ad", 1, "in-progress", 403),        # admins manage users; they record nothing
])
def test_who_may_record_what(base, ledger, tokens, user, number, status, expected):
    count, history = stored(ledger), records_of(base, number)
    response = post(base, number, tokens[user], {"status": status, "date": "2013-02-01"})
    if expected == 201:
        assert response.status_code == 201, response.text
        assert stored(ledger) == count + 1
    else:
        assert error(response, 403)
        assert stored(ledger) == count and records_of(base, number) == history
        entry = audit_rows(ledger)[-1]
        assert entry[1:5] == (user, "127.0.0.1", "progress.add", action(number)) and entry[5].startswith("refused 403")


@pytest.mark.parametrize("header", [None, "Bearer ikg_000000000000_" + "x" * 43, "Bearer not-a-token", "Basic am86eA=="])
def test_a_write_without_a_valid_token_is_401_and_writes_nothing(base, ledger, header):
    count = stored(ledger)
    headers = {"Authorization": header} if header else {}
    response = requests.post(base + history_path(2), json=GOOD, headers=headers, timeout=30)
    assert error(response, 401) and "Bearer" in response.headers["WWW-Authenticate"]
    assert stored(ledger) == count
    assert audit_rows(ledger)[-1][5].startswith("refused 401")


def test_a_revoked_token_is_refused_at_once_and_writes_nothing(base, ledger, tokens):
    assert post(base, 14, tokens["gone"], {"status": "in-progress", "date": "2013-01-02"}).status_code == 201
    Users(Ledger(ledger)).revoke("gone", Attempt("users.revoke", "gone", "test", "test"))
    count, history = stored(ledger), records_of(base, 14)
    for _ in range(4):  # each worker, whichever answers: none remembers the token as good
        assert "revoked" in error(post(base, 14, tokens["gone"], {"status": "completed", "date": "2013-01-03"}), 401)
    assert stored(ledger) == count and records_of(base, 14) == history


# ---------------------------------------------------------------- bad input

TOO_LATE = (date.today() + timedelta(days=2)).isoformat()


@pytest.mark.parametrize("body, content_type, number, status, words", [
    (b'{"status": "in-progress", "date": "2013-01-15"', "application/json", 2, 400, "not valid JSON"),
    (b'{"status": "finished", "date": "2013-01-15"}', "application/json", 2, 400, "unknown status"),
    (f'{{"status": "completed", "date": "{TOO_LATE}"}}'.encode(), "application/json", 2, 400, "in the future"),
    (b'{"status": "completed", "date": "15/01/2013"}', "application/json", 2, 400, "YYYY-MM-DD"),
    (b'{"status": "completed", "date": "2013-02-30"}', "application/json", 2, 400, "not a day"),
    (b'{"status": "completed"}', "application/json", 2, 400, "date"),
    (b'{"status": "completed", "date": "2013-01-15", "note": "' + b"x" * 4001 + b'"}', "application/json", 2, 400,
     "over the limit of 4000"),
    (b'{"status": "completed", "date": "2013-01-15", "colour": "green"}', "application/json", 2, 400, "unknown field"),
    (b'["completed", "2013-01-15"]', "application/json", 2, 400, "JSON object"),
    (b'{"status": "completed", "date": "2013-01-15", "evidence": "https://exa mple.org/x"}', "application/json", 2, 400,
     "not one"),
    (b'{"status": "completed", "date": "2013-01-15", "revises": "' + ("f" * 32).encode() + b'"}', "application/json",
     2, 404, "no record"),
    (b'{"status": "completed", "date": "2013-01-15"}', "application/json", 99, 404, "no area for improvement"),
    (b'status=completed&date=2013-01-15', "text/plain", 2, 415, "application/json"),
    (b'{"status": "completed", "date": "2013-01-15"}', None, 2, 415, "application/json"),
])
def test_bad_input_is_a_4xx_with_a_message_and_writes_nothing(base, ledger, tokens, body, content_type, number,
                                                              status, words):
    count = stored(ledger)
    headers = {"Authorization": f"Bearer {tokens['jo']}"}
    if content_type:
        headers["Content-Type"] = content_type
    response = requests.post(base + history_path(number), data=body, headers=headers, timeout=30)
    assert words in error(response, status)
    assert stored(ledger) == count
    assert audit_rows(ledger)[-1][5].startswith(f"refused {status}")


# ---------------------------------------------------------------- the form, in a signed-in session

def cookies_of(response) -> dict[str, str]:
    """name -> the whole Set-Cookie line (requests will not send back a Secure cookie over http)."""
    return {line.split("=", 1)[0]: line for line in response.raw.headers.getlist("Set-Cookie")}


def value_of(line: str) -> str:
    return line.split("=", 1)[1].split(";", 1)[0]


def sign_in(base: str, name: str, token: str) -> requests.Response:
    form = requests.get(base + "/sign-in?next=/id/birmingham-2012/action/14", timeout=30)
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    cookie = cookies_of(form)["ikg-sign-in"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    return requests.post(base + "/sign-in", data={"name": name, "token": token, "csrf": csrf,
                                                  "next": "/id/birmingham-2012/action/14"},
                         headers={"Cookie": f"ikg-sign-in={value_of(cookie)}"}, allow_redirects=False, timeout=30)


def test_a_signed_in_editor_records_progress_from_the_actions_page_with_its_csrf_token(base, ledger, tokens):
    assert "the name or token is wrong" in error(sign_in(base, "form", tokens["jo"]), 401)
    response = sign_in(base, "form", tokens["form"])
    assert response.status_code == 303 and response.headers["Location"] == "/id/birmingham-2012/action/14"
    line = cookies_of(response)["__Host-ikg-session"]
    for flag in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"):
        assert flag in line
    session = {"Cookie": f"__Host-ikg-session={value_of(line)}"}
    page = requests.get(base + "/id/birmingham-2012/action/14", headers={"Accept": "text/html", **session}, timeout=30)
    assert page.status_code == 200 and "ETag" not in page.headers and "Signed in as form" in page.text
    csrf = re.search(r'<form method="post" action="([^"]+)" class="record">.*?name="csrf" value="([^"]+)"',
                     page.text, re.S)
    assert csrf.group(1) == history_path(14)
    anonymous = requests.get(base + "/id/birmingham-2012/action/14", headers={"Accept": "text/html"}, timeout=30)
    assert "Signed in" not in anonymous.text and csrf.group(2) not in anonymous.text and "Sign in" in anonymous.text
    form = {"status": "completed", "date": "2013-02-04", "note": "Agreed by the board on 4 February 2013",
            "evidence": "BSCB minutes, 4 February 2013"}
    count, history = stored(ledger), records_of(base, 14)
    for forged in ({}, {"csrf": "forged-" + csrf.group(2)[7:]}):
        refused = requests.post(base + history_path(14), data={**form, **forged}, headers=session,
                                allow_redirects=False, timeout=30)
        assert "CSRF" in error(refused, 403)
        assert stored(ledger) == count and records_of(base, 14) == history
    done = requests.post(base + history_path(14), data={**form, "csrf": csrf.group(2)}, headers=session,
                         allow_redirects=False, timeout=30)
    assert done.status_code == 303 and done.headers["Location"] == "/id/birmingham-2012/action/14#progress"
    latest = records_of(base, 14)[-1]
    assert (latest["recorded_by"]["name"], latest["note"], latest["evidence"]) == ("form", form["note"],
                                                                                    form["evidence"])
    out = requests.post(base + "/sign-out", data={"csrf": csrf.group(2)}, headers=session, allow_redirects=False,
                        timeout=30)
    assert out.status_code == 303
    after = requests.post(base + history_path(14), data={**form, "csrf": csrf.group(2)}, headers=session,
                          allow_redirects=False, timeout=30)
    assert error(after, 401) and stored(ledger) == count + 1


# ---------------------------------------------------------------- what the reports and pages show

def test_the_progress_report_shows_who_has_done_what_and_what_is_overdue(base, built, ledger):
    data = requests.get(base + "/reports/progress.json?as-of=2013-03-01", timeout=30).json()
    assert data["as_of"] == "2013-03-01" and data["summary"]["actions"] == 14
    by_number = {a["number"]: a for a in data["actions"]}
    two = by_number[2]  # verified by the council's verifier on 2013-02-01
    assert (two["status"], two["recorded_by"], two["body"]["iri"], two["overdue"]) == ("verified", "vi", COUNCIL, False)
    assert by_number[12]["status"] is None and by_number[12]["overdue"] is True  # due 2012-12-19, nothing recorded
    assert by_number[14]["status"] == "completed" and by_number[14]["overdue"] is False
    early = requests.get(base + "/reports/progress.json?as-of=2012-09-01", timeout=30).json()
    assert early["summary"]["overdue"] == 0 and all(a["status"] is None for a in early["actions"])
    assert "as-of" in error(requests.get(base + "/reports/progress.json?as-of=March", timeout=30), 400)
    for suffix, media in (("csv", "text/csv"), ("md", "text/markdown")):
        twin = requests.get(f"{base}/reports/birmingham-2012/progress.{suffix}?as-of=2013-03-01", timeout=30)
        assert twin.status_code == 200 and twin.headers["Content-Type"].startswith(media)
        cli = run_cli("report", "progress", "--report", "birmingham-2012", "--as-of", "2013-03-01", "--format", suffix,
                      "--dataset", str(built.dataset), env={"INSPECTION_KG_LEDGER": str(ledger)})
        assert cli.returncode == 0 and cli.stdout == twin.content
    page = requests.get(base + "/reports/progress?as-of=2013-03-01", timeout=30)
    assert 'href="/reports/progress.json?as-of=2013-03-01"' in page.text
    assert 'href="/id/birmingham-2012/action/2/progress"' in page.text


def test_who_owns_what_and_the_action_and_body_pages_show_where_each_action_stands(base):
    bodies = requests.get(base + "/reports/who-owns-what.json", timeout=30).json()["bodies"]
    council = next(b for b in bodies if b["iri"] == COUNCIL)
    two = next(a for a in council["actions"] if a["iri"] == action(2))
    assert (two["status"], two["status_label"], two["status_date"]) == ("verified", "Verified", "2013-02-01")
    matrix = requests.get(base + "/reports/who-owns-what", timeout=30).text
    today = matrix[matrix.index('class="progress-today"'):]
    assert 'href="/id/birmingham-2012/action/2#progress" class="status status-verified" title="Verified on 2013-02-01"' \
        in today
    page = requests.get(base + "/id/birmingham-2012/action/2", headers={"Accept": "text/html"}, timeout=30).text
    assert 'id="progress"' in page and "Verified</span> on 2013-02-01" in page
    body = requests.get(base + "/id/authority/birmingham/body/bscb", headers={"Accept": "text/html"}, timeout=30).text
    assert "Progress on its areas for improvement" in body and 'href="/id/birmingham-2012/action/13/progress"' in body


def test_the_catalogue_answers_overdue_actions_and_progress_by_body(base):
    overdue = requests.get(base + "/queries/overdue-actions.json", params={"asOf": "2013-03-01"}, timeout=30).json()
    numbers = {row["number"] for row in overdue["rows"]}
    assert 2 not in numbers and 14 not in numbers and {10, 12} <= numbers  # 10: at risk after a correction
    rows = requests.get(base + "/queries/progress-by-body.json", params={"body": BSCB, "asOf": "2013-03-01"},
                        timeout=30).json()["rows"]
    assert {(r["number"], r["role"]) for r in rows} == {(2, "responsible"), (10, "responsible"),
                                                        (13, "responsible"), (14, "responsible"), (11, "partner")}
    assert next(r for r in rows if r["number"] == 10)["status"] == "At risk"


# ---------------------------------------------------------------- found in review: each once a hole or a 500

def test_after_sign_in_a_backslash_path_does_not_lead_to_another_site(base, tokens):
    """Browsers read /\\host as //host: the page to go back to after signing in stays on this site."""
    form = requests.get(base + "/sign-in", params={"next": "/\\evil.example/x"}, timeout=30)
    assert 'name="next" value="/"' in form.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    response = requests.post(base + "/sign-in", data={"name": "form", "token": tokens["form"], "csrf": csrf,
                                                      "next": "/\\evil.example/x"},
                             headers={"Cookie": f"ikg-sign-in={value_of(cookies_of(form)['ikg-sign-in'])}"},
                             allow_redirects=False, timeout=30)
    assert response.status_code == 303 and response.headers["Location"] == "/"


def test_a_csrf_token_that_is_not_ascii_is_refused_not_a_500(base, ledger):
    before = len(audit_rows(ledger))
    response = requests.post(base + "/sign-in", data={"name": "jo", "token": "x", "csrf": "\u00e9"},
                             headers={"Cookie": "ikg-sign-in=%C3%A9"}, timeout=30)
    assert "CSRF" in error(response, 403)
    entry = audit_rows(ledger)[before:][-1]  # the refusal is audited
    assert entry[3:5] == ("sign-in", "jo") and entry[5].startswith("refused 403")


@pytest.mark.parametrize("body", [
    b'{"status": "in-progress", "date": "2013-01-15", "note": "\\ud800"}',  # a lone surrogate: no UTF-8 for it
    b"[" * 100_000 + b"]" * 100_000,  # deeper than any parser should follow
], ids=["lone-surrogate", "deep-nesting"])
def test_json_that_utf8_cannot_carry_or_nested_too_deep_is_400_audited_and_writes_nothing(base, ledger, tokens,
                                                                                      body):
    before, entries = stored(ledger), len(audit_rows(ledger))
    response = requests.post(base + history_path(2), data=body, timeout=60,
                             headers={"Authorization": f"Bearer {tokens['jo']}", "Content-Type": "application/json"})
    assert "not valid JSON" in error(response, 400)
    assert stored(ledger) == before
    assert audit_rows(ledger)[entries:][-1][5].startswith("refused 400")


def test_an_editor_cannot_correct_a_verified_record_away(base, ledger, tokens):
    """A correction hides the record it revises from the reports; correcting 'verified' takes a verifier."""
    done = post(base, 13, tokens["jo"], {"status": "completed", "date": "2013-01-10"})
    assert done.status_code == 201
    verified = post(base, 13, tokens["vi"], {"status": "verified", "date": "2013-01-20"})
    assert verified.status_code == 201, verified.text
    before = stored(ledger)
    undo = post(base, 13, tokens["jo"], {"status": "completed", "date": "2013-01-20",
                                         "revises": verified.json()["record"]["iri"]})
    assert "only a verifier of the accountable body may correct it" in error(undo, 403)
    assert stored(ledger) == before
    state = next(a for a in requests.get(base + "/reports/progress.json?as-of=2013-02-01", timeout=30).json()["actions"]
                 if a["iri"] == action(13))
    assert state["status"] == "verified"


def test_a_page_for_a_signed_in_user_is_kept_by_no_shared_cache(base, tokens):
    mine = requests.get(base + "/id/birmingham-2012/action/2", headers={"Accept": "text/html",
                        "Authorization": f"Bearer {tokens['jo']}"}, timeout=30)
    assert mine.status_code == 200 and mine.headers["Cache-Control"] == "private, no-store"
    assert "cookie" in mine.headers["Vary"].lower()
    public = requests.get(base + "/id/birmingham-2012/action/2", headers={"Accept": "text/html"}, timeout=30)
    assert "private" not in public.headers.get("Cache-Control", "")


def test_the_audit_logs_page_number_out_of_range_is_400(base, tokens):
    response = requests.get(base + "/audit.json", params={"before": str(10**20)},
                            headers={"Authorization": f"Bearer {tokens['ad']}"}, timeout=30)
    assert "before" in error(response, 400)


# ---------------------------------------------------------------- the audit log, and failed sign-ins

def test_admins_read_the_audit_log_with_every_attempt_and_others_cannot(base, ledger, tokens):
    assert error(requests.get(base + "/audit.json", timeout=30), 401)
    assert error(requests.get(base + "/audit.json", headers={"Authorization": f"Bearer {tokens['jo']}"}, timeout=30),
                 403)
    log = requests.get(base + "/audit.json", headers={"Authorization": f"Bearer {tokens['ad']}"}, timeout=30).json()
    assert log["chain"]["intact"] is True and log["chain"]["entries"] == len(audit_rows(ledger))
    outcomes = {(e["operation"], e["outcome"].split(":")[0]) for e in log["entries"]}
    assert {("progress.add", "accepted"), ("progress.add", "refused 403"), ("progress.add", "refused 401"),
            ("sign-in", "accepted"), ("sign-in", "refused 401")} <= outcomes
    assert all(e["address"] == "127.0.0.1" for e in log["entries"] if not e["operation"].startswith("users."))


def test_admins_manage_users_over_the_api_and_no_one_else_does(base, ledger, tokens):
    admin = {"Authorization": f"Bearer {tokens['ad']}"}
    new = {"name": "kim", "body": BSCB, "role": "editor"}
    assert error(requests.post(base + "/users", json=new, headers={"Authorization": f"Bearer {tokens['jo']}"},
                               timeout=30), 403)
    assert error(requests.post(base + "/users", json={**new, "body": "not an IRI"}, headers=admin, timeout=30), 400)
    made = requests.post(base + "/users", json=new, headers=admin, timeout=30)
    assert made.status_code == 201 and made.json()["user"] == new
    token = made.json()["token"]
    assert post(base, 13, token, {"status": "at-risk", "date": "2013-02-10"}).status_code == 201
    assert requests.post(base + "/users/kim/revoke", headers=admin, timeout=30).status_code == 200
    assert "revoked" in error(post(base, 13, token, {"status": "at-risk", "date": "2013-02-11"}), 401)
    listed = {u["name"]: u for u in requests.get(base + "/users", headers=admin, timeout=30).json()["users"]}
    assert listed["kim"]["revoked"] and listed["jo"]["revoked"] is None
    assert [r[3:5] for r in audit_rows(ledger) if r[3].startswith("users.")][-2:] == [("users.add", "kim"),
                                                                                   ("users.revoke", "kim")]


def test_repeated_failed_sign_ins_are_slowed(base, tokens):
    """Run last: the failures count against this address too (one failed sign-in above already does)."""
    statuses = [sign_in(base, "vi", "ikg_000000000000_" + "y" * 43).status_code for _ in range(7)]
    assert statuses[:4] == [401] * 4 and 429 in statuses[4:] and set(statuses) == {401, 429}
    slowed = sign_in(base, "vi", tokens["vi"])  # even the right token waits its turn
    assert "too many failed sign-ins" in error(slowed, 429) and int(slowed.headers["Retry-After"]) >= 1


def test_a_deployment_can_keep_reads_private(built, tmp_path):
    tokens = make_users(tmp_path / "ledger.sqlite3", ("reader", BSCB, "editor"))
    with RunningServer(built.dataset, workers=1, executors=1, ledger=tmp_path / "ledger.sqlite3",
                       extra=["--reads", "signed-in"]) as url:
        assert error(requests.get(url + "/reports/actions.json", timeout=30), 401)
        assert requests.get(url + "/health", timeout=30).status_code == 200
        allowed = requests.get(url + "/reports/actions.json", headers={"Authorization": f"Bearer {tokens['reader']}"},
                               timeout=30)
        assert allowed.status_code == 200 and "ETag" not in allowed.headers


# ---------------------------------------------------------------- a store the service only reads

def test_a_read_only_store_refuses_records_with_503_and_writes_nothing(built, tmp_path):
    """pyoxigraph on disk is opened read-only by every worker: a record could not reach the graph the queries
    read, so it is refused before the ledger is touched (docs/progress.md), and the history still reads."""
    folder = tmp_path / "store"
    loaded = run_cli("load", "--store", f"oxigraph:{folder}", "--dataset", str(built.dataset))
    assert loaded.returncode == 0, loaded.stderr
    ledger = tmp_path / "ledger.sqlite3"
    tokens = make_users(ledger, ("jo", BSCB, "editor"))
    with RunningServer(None, store=f"oxigraph:{folder}", workers=1, executors=1, ledger=ledger) as url:
        response = requests.post(url + history_path(2), json=GOOD, headers={"Authorization": f"Bearer {tokens['jo']}"},
                                 timeout=60)
        assert "memory store" in error(response, 503)
        assert stored(ledger) == 0
        entry = audit_rows(ledger)[-1]
        assert entry[1:5] == ("jo", "127.0.0.1", "progress.add", action(2)) and entry[5].startswith("refused 503")
        assert records_of(url, 2) == []
