"""Run the web service under a production WSGI server (granian; see benchmarks/RESULTS.md for why).

Settings reach the worker processes as INSPECTION_KG_* environment variables,
which ``service.web.create_app`` reads.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import UserError
from .progress import Ledger
from .store import OxigraphStore


def serve(host: str, port: int, workers: int, threads: int, dataset: Path, settings: dict) -> None:
    """Serve until interrupted. Checks the dataset loads first, so a bad file fails here, clearly."""
    if not dataset.is_file():
        raise UserError(f"no dataset at {dataset}; run `inspection-kg build` first")
    OxigraphStore.from_file(dataset)  # fail now, in the foreground, on a file that cannot load
    if settings.get("LEDGER"):
        Ledger(Path(settings["LEDGER"])).close()  # made (or checked) now, before the workers open it at once
    os.environ["INSPECTION_KG_DATASET"] = str(dataset.resolve())
    for key, value in settings.items():
        if value is not None:
            os.environ[f"INSPECTION_KG_{key}"] = " ".join(value) if isinstance(value, (list, tuple)) else str(value)

    from granian import Granian
    from granian.constants import Interfaces

    Granian("service.web.wsgi:app", address=host, port=port, interface=Interfaces.WSGI,
            workers=workers, blocking_threads=threads, respawn_failed_workers=True,
            log_access=False).serve()
