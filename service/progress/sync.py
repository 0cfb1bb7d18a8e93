"""Keeping a store's progress graphs up with the ledger: every process sees a record once it is acknowledged.

Each web worker holds the dataset in its own store. Before it answers a
request it asks the ledger for its head (one indexed read) and, if records
were added since it last looked (by any worker, or the command line), adds
them to the progress graph of their report in its store. The store's
version then names the ledger's head, so the response cache and the ETags
change with it; the query executors get the same records with their next
job (``service.store.executor``). So a record acknowledged to one client is
in every answer begun after that, whichever process gives it.
"""

from __future__ import annotations

import threading
from collections import defaultdict

from ..namespaces import Minter
from ..store import Store
from . import history
from .ledger import Ledger
from .records import Record


def progress_graph(report: str, base: str) -> str:
    """The named graph of a report's progress records: ``…/graph/<report>/progress``."""
    return str(Minter(base).graph(report, "progress"))


def add_to(store: Store, records: list[Record], base: str, mark: str) -> None:
    """Add records to their reports' progress graphs in a store (one ``add`` per graph)."""
    by_graph: dict[str, list] = defaultdict(list)
    for record in records:
        by_graph[progress_graph(record.report, base)].extend(record.triples(base))
    for graph, triples in sorted(by_graph.items()):
        store.add(graph, triples, mark)


class Follower:
    """Brings one store up to the ledger's head."""

    def __init__(self, ledger: Ledger, store: Store, base: str):
        self.ledger, self.store, self.base = ledger, store, base
        self.applied = 0
        self.lock = threading.Lock()

    def catch_up(self) -> int:
        """Add the records acknowledged since the last call; the ledger's head, now in the store."""
        if not self.store.writable:  # a read-only store: the records stay in the ledger (docs/progress.md)
            return self.applied
        head = self.ledger.head()
        if head <= self.applied:
            return self.applied
        with self.lock:  # one thread adds; the others wait for it, then find nothing left to add
            if head > self.applied:
                records = history.after(self.ledger, self.applied)
                if records:
                    add_to(self.store, records, self.base, str(records[-1].sequence))
                    self.applied = records[-1].sequence
        return self.applied
