"""Nothing acknowledged is lost (issue 12): 1,000 records from 32 clients at once, and `kill -9` while clients write.

A real server (granian, two web workers, each with its query executor) and a
real ledger on disk. What counts as acknowledged is a 2xx; after the crash
the server is started again on the same ledger and every acknowledged record
must be there, whole, with its audit entry.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests
from server import RunningServer
from tracking import BSCB, BSCB_ACTIONS, COUNCIL, COUNCIL_ACTIONS, history_path, make_users, stored

from service.progress import Ledger, verify

CLIENTS, RECORDS = 32, 1000


def client_plan(clients: int, total: int) -> list[int]:
    """How many records each client writes: ``total`` in all."""
    return [total // clients + (1 if c < total % clients else 0) for c in range(clients)]


def test_a_thousand_records_from_32_concurrent_clients_are_each_stored_once_in_order(built, tmp_path):
    ledger = tmp_path / "ledger.sqlite3"
    tokens = make_users(ledger, ("board", BSCB, "editor"), ("council", COUNCIL, "editor"))
    plan = client_plan(CLIENTS, RECORDS)
    with RunningServer(built.dataset, workers=2, executors=1, threads=16, ledger=ledger) as base:
        def write(client: int) -> list[str]:
            # even clients write for the BSCB on its actions, odd ones for the council on its own
            user, numbers = ("board", BSCB_ACTIONS) if client % 2 == 0 else ("council", COUNCIL_ACTIONS)
            number = numbers[client // 2 % len(numbers)]
            made, session = [], requests.Session()
            for i in range(plan[client]):
                response = session.post(base + history_path(number), timeout=120,
                                        json={"status": "in-progress", "date": "2013-01-15", "note": f"load {client} {i}"},
                                        headers={"Authorization": f"Bearer {tokens[user]}"})
                assert response.status_code == 201, response.text[:300]
                made.append(response.json()["record"]["iri"])
            return made

        with ThreadPoolExecutor(CLIENTS) as pool:
            acknowledged = [iri for made in pool.map(write, range(CLIENTS)) for iri in made]
        assert len(acknowledged) == len(set(acknowledged)) == RECORDS
        history = []
        for number in BSCB_ACTIONS + COUNCIL_ACTIONS:
            response = requests.get(base + history_path(number) + ".json", timeout=60)
            history += response.json()["records"]
        notes = [r["note"] for r in history]
        assert len(history) == RECORDS and sorted(r["iri"] for r in history) == sorted(acknowledged)
        assert sorted(notes) == sorted(f"load {c} {i}" for c in range(CLIENTS) for i in range(plan[c]))
        for client in range(CLIENTS):  # each client's records appear in the order it made them
            mine = [int(n.split()[2]) for n in notes if n.split()[1] == str(client)]
            assert mine == list(range(plan[client]))
        count = requests.get(base + "/sparql", headers={"Accept": "application/sparql-results+json"}, timeout=60,
                             params={"query": "SELECT (COUNT(?r) AS ?n) WHERE { ?r a "
                                              "<https://w3id.org/inspection-kg/def#ProgressRecord> }"})
        assert int(count.json()["results"]["bindings"][0]["n"]["value"]) == RECORDS
    assert stored(ledger) == RECORDS and verify(Ledger(ledger, create=False)).intact


def test_every_acknowledged_write_survives_kill_9_of_the_server(built, tmp_path):
    ledger = tmp_path / "ledger.sqlite3"
    tokens = make_users(ledger, ("board", BSCB, "editor"))
    acknowledged: list[tuple[int, str, str]] = []  # (action, record IRI, note)
    stop = threading.Event()
    server = RunningServer(built.dataset, workers=2, executors=1, ledger=ledger)
    base = server.start()
    try:
        def write(client: int) -> None:
            number, session, i = BSCB_ACTIONS[client % len(BSCB_ACTIONS)], requests.Session(), 0
            while not stop.is_set():
                note = f"crash {client} {i}"
                try:
                    response = session.post(base + history_path(number), timeout=10,
                                            json={"status": "at-risk", "date": "2013-02-01", "note": note},
                                            headers={"Authorization": f"Bearer {tokens['board']}"})
                except requests.RequestException:
                    return  # the server is gone: this write was never acknowledged
                if 200 <= response.status_code < 300:
                    acknowledged.append((number, response.json()["record"]["iri"], note))
                i += 1

        threads = [threading.Thread(target=write, args=(c,)) for c in range(16)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while len(acknowledged) < 150 and time.monotonic() < deadline:
            time.sleep(0.05)
        for pid in server.pids():  # every process of the server at once, in the middle of writes
            os.kill(pid, signal.SIGKILL)
        stop.set()
        for thread in threads:
            thread.join(30)
    finally:
        server.stop()
    assert len(acknowledged) >= 150
    with sqlite3.connect(ledger) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        incomplete = db.execute("SELECT COUNT(*) FROM records r LEFT JOIN audit a ON a.seq = r.audit WHERE "
                                "r.status = '' OR r.date = '' OR r.recorded = '' OR a.seq IS NULL").fetchone()[0]
        assert incomplete == 0
    assert verify(Ledger(ledger, create=False)).intact
    with RunningServer(built.dataset, workers=1, executors=1, ledger=ledger) as again:
        found = {}
        for number in BSCB_ACTIONS:
            for record in requests.get(again + history_path(number) + ".json", timeout=60).json()["records"]:
                found[record["iri"]] = (record["note"], record["status"], record["date"], record["recorded_by"]["name"])
        for _, iri, note in acknowledged:
            assert found.get(iri) == (note, "at-risk", "2013-02-01", "board"), iri
    assert stored(ledger) >= len(acknowledged)
