"""The users, progress and audit commands (issue 12), each run as a child process on a ledger of its own.

One ledger is built up through the module, as a board would: users, records
on four areas for improvement, an export and an import into a second ledger,
the shapes' check against the progress report, and the audit chain verified,
then broken by changing one stored entry.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import run_cli
from tracking import BSCB, COUNCIL, POLICE, action, stored

AS_OF = "2013-03-01"


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    return tmp_path_factory.mktemp("cli") / "ledger.sqlite3"


@pytest.fixture(scope="module")
def cli(built, ledger):
    def run(*args: str, dataset: bool = True):
        more = ["--dataset", str(built.dataset)] if dataset else []
        return run_cli(*args, *more, env={"INSPECTION_KG_LEDGER": str(ledger)})
    return run


def one_line_error(result) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("inspection-kg: error: "), lines
    return lines[0]


def test_users_are_made_with_a_token_shown_once_and_stored_only_hashed(cli, ledger):
    made = cli("users", "add", "jo", "--body", BSCB, "--role", "editor")
    assert made.returncode == 0, made.stderr
    token = made.stdout.decode().strip()
    assert token.startswith("ikg_") and b"shown this once" in made.stderr
    assert cli("users", "add", "vi", "--body", COUNCIL, "--role", "verifier").returncode == 0
    with sqlite3.connect(ledger) as db:
        hashes = db.execute("SELECT salt, hash FROM tokens").fetchall()
    raw = ledger.read_bytes() + (ledger.parent / (ledger.name + "-wal")).read_bytes()
    assert token.encode() not in raw and token.split("_")[2].encode() not in raw
    assert all(len(salt) == 16 and len(digest) == 32 for salt, digest in hashes)
    assert "already a user" in one_line_error(cli("users", "add", "jo", "--body", BSCB, "--role", "editor"))
    assert "not a body" in one_line_error(cli("users", "add", "x", "--body", action(2), "--role", "editor"))
    assert cli("users", "add", "po", "--body", POLICE, "--role", "editor").returncode == 0
    listed = json.loads(cli("users", "list", dataset=False).stdout)
    assert {(u["name"], u["role"], u["tokens"]) for u in listed} == {("jo", "editor", 1), ("vi", "verifier", 1),
                                                                    ("po", "editor", 1)}


@pytest.mark.parametrize("user, number, status, day, refused", [
    ("jo", 2, "completed", "2013-01-01", None),
    ("jo", 10, "completed", "2013-02-20", None),
    ("vi", 10, "verified", "2013-02-25", None),
    ("jo", 14, "in-progress", "2013-02-01", None),
    ("jo", 1, "in-progress", "2013-02-01", "neither responsible for nor a partner in"),
    ("jo", 13, "verified", "2013-02-01", "only a verifier"),
    ("po", 2, "in-progress", "2013-02-01", "neither responsible"),
    ("jo", 2, "in-progress", "2099-01-01", "in the future"),
])
def test_progress_add_checks_as_the_web_does(cli, ledger, user, number, status, day, refused):
    count = stored(ledger)
    result = cli("progress", "add", "--user", user, "--action", action(number), "--status", status, "--date", day,
                 "--evidence", "Board minutes")
    if refused:
        assert refused in one_line_error(result) and stored(ledger) == count
    else:
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["status"] == status and stored(ledger) == count + 1


def test_the_history_exports_and_imports_as_trig_and_n_quads_unchanged(cli, ledger, tmp_path, built):
    listed = json.loads(cli("progress", "list", "--format", "json").stdout)["records"]
    assert [r["status"] for r in listed] == ["completed", "completed", "verified", "in-progress"]
    for fmt in ("trig", "nq"):
        first = cli("progress", "export", "--format", fmt, "-o", str(tmp_path / f"history.{fmt}"))
        assert first.returncode == 0, first.stderr
        other = tmp_path / f"other-{fmt}.sqlite3"
        env = {"INSPECTION_KG_LEDGER": str(other)}
        imported = run_cli("progress", "import", str(tmp_path / f"history.{fmt}"), "--dataset", str(built.dataset),
                           env=env)
        assert imported.returncode == 0 and b"imported 4 records" in imported.stdout, imported.stderr
        again = run_cli("progress", "export", "--format", fmt, env=env)
        assert again.stdout == (tmp_path / f"history.{fmt}").read_bytes()
        twice = run_cli("progress", "import", str(tmp_path / f"history.{fmt}"), "--dataset", str(built.dataset),
                        env=env)
        assert b"imported 0 records (4 already" in twice.stdout and stored(other) == 4
        listed_again = json.loads(run_cli("progress", "list", "--format", "json", env=env).stdout)["records"]
        assert [(r["iri"], r["recorded_at"], r["recorded_by"]["name"], r["body"]) for r in listed_again] == \
            [(r["iri"], r["recorded_at"], r["recorded_by"]["name"], r["body"]) for r in listed]
    (tmp_path / "broken.trig").write_text("<a> <b> .\n")
    assert "broken.trig" in one_line_error(cli("progress", "import", str(tmp_path / "broken.trig")))


def test_the_shapes_and_the_progress_report_find_the_same_overdue_and_unverified_actions(cli):
    checked = cli("progress", "check", "--as-of", AS_OF, "--format", "json")
    assert checked.returncode == 0, checked.stderr  # no violation: every record was checked before it was written
    document = json.loads(checked.stdout)
    found = {(r["shape"].rsplit("#", 1)[1], int(r["focus"].rsplit("/", 1)[1])) for r in document["results"]}
    report = json.loads(cli("report", "progress", "--as-of", AS_OF).stdout)
    overdue = {a["number"] for a in report["actions"] if a["overdue"]}
    unverified = {a["number"] for a in report["actions"] if a["unverified"]}
    # all fourteen were due by 2012-12-19; 10 is verified; 2 is completed (on 2013-01-01, 59 days before)
    assert overdue == set(range(1, 15)) - {2, 10} and unverified == {2}
    assert found == {("ActionOverdue", n) for n in overdue} | {("CompletedNotVerified", 2)}
    assert document["warnings"] == 12 and document["infos"] == 1 and document["violations"] == 0


def test_audit_verify_passes_and_fails_once_a_stored_entry_is_changed(cli, ledger, tmp_path):
    intact = cli("audit", "verify", dataset=False)
    assert intact.returncode == 0 and b"intact" in intact.stdout
    entries = json.loads(cli("audit", "list", "--limit", "100", dataset=False).stdout)
    refused = next(e for e in entries if e["outcome"].startswith("refused 403"))
    assert refused["address"] == "cli" and refused["operation"] == "progress.add"
    with sqlite3.connect(ledger) as db:
        with pytest.raises(sqlite3.IntegrityError):  # the database itself refuses
            db.execute("UPDATE audit SET outcome = 'accepted' WHERE seq = ?", (refused["seq"],))
    copy = tmp_path / "tampered.sqlite3"
    with sqlite3.connect(ledger) as db, sqlite3.connect(copy) as out:
        db.backup(out)
    with sqlite3.connect(copy) as db:  # someone with the file, going around the triggers
        db.execute("DROP TRIGGER audit_never_changes")
        db.execute("UPDATE audit SET outcome = 'accepted' WHERE seq = ?", (refused["seq"],))
    broken = run_cli("audit", "verify", env={"INSPECTION_KG_LEDGER": str(copy)})
    assert broken.returncode == 1 and f"entry {refused['seq']} was changed".encode() in broken.stdout
    cut = tmp_path / "cut.sqlite3"
    with sqlite3.connect(ledger) as db, sqlite3.connect(cut) as out:
        db.backup(out)
    with sqlite3.connect(cut) as db:  # the last entries cut off the end, chain and all
        db.execute("DROP TRIGGER audit_never_goes")
        db.execute("DELETE FROM audit WHERE seq > (SELECT MAX(seq) - 3 FROM audit)")
    assert b"entries were cut" in run_cli("audit", "verify", env={"INSPECTION_KG_LEDGER": str(cut)}).stdout


def test_the_progress_records_are_in_the_dataset_the_cli_queries_and_exports(cli):
    rows = json.loads(cli("query", "--format", "json", "SELECT (COUNT(?r) AS ?n) WHERE { ?r a "
                          "<https://w3id.org/inspection-kg/def#ProgressRecord> }").stdout)
    assert rows["results"]["bindings"][0]["n"]["value"] == "4"
    graph = "https://w3id.org/inspection-kg/id/graph/birmingham-2012/progress"
    exported = cli("export", "--format", "nq", "--graph", graph)
    assert exported.returncode == 0 and exported.stdout.count(b"ProgressRecord") == 4
