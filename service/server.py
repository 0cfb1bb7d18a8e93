"""Run the web service under a production WSGI server (granian; see benchmarks/RESULTS.md for why).

Settings reach the worker processes as INSPECTION_KG_* environment variables,
which ``service.web.create_app`` reads.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .errors import UserError
from .progress import Ledger
from .store import StoreSpec, open_store

MAX_THREADS = 16


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity), at most as many as the machine has."""
    try:
        return max(1, min(len(os.sched_getaffinity(0)), os.cpu_count() or 1))
    except AttributeError:  # no affinity on this platform
        return os.cpu_count() or 1


def default_workers() -> int:
    """One web worker per CPU: Python runs one thread at a time per process."""
    return usable_cpus()


def default_threads() -> int:
    """Request threads per worker: 2 x CPUs + 1 (granian's own bound; above it, it warns), at most 16.

    A thread mostly waits on a query executor, so a few per CPU keep the CPUs
    busy; more only contend for the interpreter's lock.
    """
    return min(MAX_THREADS, 2 * usable_cpus() + 1)


def serve(host: str, port: int, workers: int, threads: int, spec: StoreSpec, dataset: Path | None,
          settings: dict) -> None:
    """Serve until interrupted. Opens the store first, so a bad file or an unreachable store fails here, clearly."""
    if spec.embedded and (dataset is None or not dataset.is_file()):
        raise UserError(f"no dataset at {dataset}; run `inspection-kg build` first")
    store = open_store(spec, dataset, timeout=float(settings.get("QUERY_TIMEOUT") or 30.0))
    where = f"{spec} ({dataset})" if spec.embedded else str(spec)
    print(f"inspection-kg: serving the {where} store: {len(store)} quads in {len(store.graphs())} graphs, "
          f"version {store.version[:12]}, on http://{host}:{port}", file=sys.stderr, flush=True)
    del store  # each worker opens its own
    os.environ["INSPECTION_KG_STORE"] = str(spec)
    if dataset is not None:
        os.environ["INSPECTION_KG_DATASET"] = str(dataset.resolve())
    if settings.get("LEDGER"):
        Ledger(Path(settings["LEDGER"])).close()  # made (or checked) now, before the workers open it at once
    for key, value in settings.items():
        if value is not None:
            os.environ[f"INSPECTION_KG_{key}"] = " ".join(value) if isinstance(value, (list, tuple)) else str(value)

    from granian import Granian
    from granian.constants import Interfaces

    Granian("service.web.wsgi:app", address=host, port=port, interface=Interfaces.WSGI,
            workers=workers, blocking_threads=threads, respawn_failed_workers=True,
            websockets=False, log_access=False).serve()
