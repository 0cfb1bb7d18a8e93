"""The corpus: the reports a dataset holds, and any one of them seen on its own.

Every report under data/ is one report of the corpus, with its own named
graphs (``graph/<report>/structure`` ...). The reports and catalogue queries
run over the whole corpus by default (every graph as the default graph); on
one report they run over a ``ScopedStore`` of that report's graphs and the
ontology, so who-owns-what of one inspection is exactly that inspection's.
"""

from __future__ import annotations

from ..errors import NotFound
from ..namespaces import VOCAB, Minter, configured_base
from ..store import ScopedStore, Store, plain_rows

REPORTS_QUERY = f"SELECT ?report WHERE {{ ?report a <{VOCAB}InspectionReport> }} ORDER BY ?report"


def report_ids(store: Store, base: str | None = None) -> list[str]:
    """The id of each report in the store (its data folder's name: ``birmingham-2012``), sorted."""
    base = base or configured_base()
    return [row["report"][len(base):] for row in plain_rows(store.query(REPORTS_QUERY))
            if row["report"].startswith(base)]


def report_graphs(store: Store, report_id: str, base: str | None = None) -> list[str]:
    """The named graphs of one report, and the ontology's; NotFound naming the reports there are."""
    minter = Minter(base)
    prefix = str(minter.graph(report_id, ""))
    graphs = [g for g in store.graphs() if g.startswith(prefix)]
    if not graphs:
        known = ", ".join(report_ids(store, base)) or "none"
        raise NotFound(f"no report {report_id!r} in this dataset; the reports are: {known}")
    return [*graphs, str(minter.graph(None, "ontology"))]


def scope(store: Store, report_id: str | None, base: str | None = None) -> Store:
    """The store as one report sees it, or the whole corpus when ``report_id`` is None."""
    if report_id is None:
        return store
    return ScopedStore(store, report_graphs(store, report_id, base))
