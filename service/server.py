"""Run the web service under a production WSGI server (granian; see benchmarks/RESULTS.md for why).

Settings reach the worker processes as INSPECTION_KG_* environment variables,
which ``service.web.create_app`` reads.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .errors import UserError
from .store import StoreSpec, open_store


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
    for key, value in settings.items():
        if value is not None:
            os.environ[f"INSPECTION_KG_{key}"] = " ".join(value) if isinstance(value, (list, tuple)) else str(value)

    from granian import Granian
    from granian.constants import Interfaces

    Granian("service.web.wsgi:app", address=host, port=port, interface=Interfaces.WSGI,
            workers=workers, blocking_threads=threads, respawn_failed_workers=True,
            log_access=False).serve()
