"""Which store: one string, ``--store SPEC`` (or INSPECTION_KG_STORE), the same for every command.

    memory              pyoxigraph in memory, loaded from the build (or --dataset) at each start; the default
    oxigraph:PATH       pyoxigraph on disk, in the folder PATH, put there by `inspection-kg load`
    sparql:QUERY_URL    any SPARQL 1.1 server's query endpoint, loaded by `inspection-kg load`
                        through its Graph Store Protocol or Update endpoint (load's --graph-store, --update)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import UserError
from .base import Store
from .oxigraph import DiskStore, OxigraphStore
from .sparql import SparqlStore

ENV = "INSPECTION_KG_STORE"
KINDS = ("memory", "oxigraph", "sparql")
SYNTAX = "memory, oxigraph:PATH or sparql:QUERY_URL"


@dataclass(frozen=True)
class StoreSpec:
    kind: str            # memory, oxigraph or sparql
    location: str = ""   # oxigraph: the folder; sparql: the query URL

    def __str__(self) -> str:
        return f"{self.kind}:{self.location}" if self.location else self.kind

    @property
    def embedded(self) -> bool:
        """True when the data lives in this process's memory, loaded from a dataset file."""
        return self.kind == "memory"


def parse_spec(text: str | None) -> StoreSpec:
    """The spec a string names (None or '': INSPECTION_KG_STORE, else memory); UserError naming what is wrong."""
    text = (text if text else os.environ.get(ENV, "")).strip() or "memory"
    kind, _, location = text.partition(":")
    if kind not in KINDS:
        raise UserError(f"--store takes {SYNTAX}, not {text!r}")
    if kind == "memory":
        if location:
            raise UserError(f"--store memory takes no location (the dataset is --dataset), not {text!r}")
        return StoreSpec("memory")
    if not location:
        raise UserError(f"--store {kind}: needs a {'folder' if kind == 'oxigraph' else 'query URL'}, as in {SYNTAX}")
    if kind == "sparql":
        parts = urlsplit(location)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UserError(f"--store sparql: needs an http(s) URL of a query endpoint, not {location!r}")
        if parts.username or parts.password:
            raise UserError("--store: give the store's credentials as INSPECTION_KG_STORE_USER and "
                            "INSPECTION_KG_STORE_PASSWORD, not in the URL (which `ps` and logs show)")
        return StoreSpec("sparql", location)
    return StoreSpec("oxigraph", str(Path(location).expanduser().resolve()))


def open_store(spec: StoreSpec, dataset: Path | None = None, timeout: float = 30.0) -> Store:
    """Open the store a spec names; the memory store loads ``dataset``. The store is checked to answer."""
    if spec.kind == "memory":
        if dataset is None:
            raise UserError("the memory store needs a dataset file")
        return OxigraphStore.from_file(dataset)
    if spec.kind == "oxigraph":
        return DiskStore.open(Path(spec.location))
    store = SparqlStore(spec.location, timeout)
    store.version  # noqa: B018 - reads the load record: Unavailable now, rather than at the first query
    return store
