"""The web service: a Flask app factory; the store, query pool and cache live on the app.

Only this package imports Flask. Views parse the request, call plain
functions of the ``service`` package, and render what they return.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app

from ..answers import Catalogue
from ..config import Paths
from ..errors import Unavailable
from ..namespaces import configured_base
from ..progress import Ledger, Tracker, today
from ..publish import page_url
from ..store import QueryPool, QueryRunner, RemoteRunner, SparqlStore, Store, open_store, parse_spec
from .cache import ResponseCache
from .middleware import CachingMiddleware

log = logging.getLogger(__name__)
DEFAULTS = {
    "STORE": None,                # the store's spec: memory, oxigraph:PATH, sparql:QUERY_URL (service.store.spec)
    "STORE_REFRESH": 5.0,         # seconds between two looks at a SPARQL server's record (a new load is seen)
    "DATASET": None,              # the memory store's dataset file; default: the build's
    "QUERY_TIMEOUT": 30.0,        # seconds before a query is stopped (503)
    "MAX_REQUEST_BYTES": 256 * 1024,  # request bodies and query strings beyond this: 413
    "MAX_ROWS": 10_000,           # result rows (or triples) beyond this are cut, with a header saying so
    "MAX_DEPTH": 64,              # nesting of groups and expressions beyond this: 400
    "MAX_OPERATORS": 2_000,       # operators in a query beyond this: 400
    "SERVICE_ALLOWLIST": (),      # SERVICE endpoints a query may call; none by default
    "EXECUTORS": 4,               # query executor processes per web worker
    "TRUSTED_SECONDS": 0.25,      # a query seen to finish this fast in an executor may run in-process
    "CACHE_ENTRIES": 2_048,       # cached responses per web worker
    "CACHE_BYTES": 64 * 1024 * 1024,
    "BASE": None,                 # the base the dataset's IRIs were minted under; default: INSPECTION_KG_BASE
    # progress records (service/progress; docs/progress.md)
    "LEDGER": None,               # the ledger (SQLite) file; default: service.config.Paths.ledger
    "LEDGER_SYNCHRONOUS": "FULL",  # FULL: each acknowledged write is on disk; NORMAL only for the benchmark's baseline
    "READS": "public",            # public, or signed-in: every page and query needs a token or a session
    "SECURE_COOKIES": True,       # the session cookie only over HTTPS (browsers treat http://localhost as secure)
    "SESSION_HOURS": 12.0,        # how long a sign-in lasts
}
ENV_PREFIX = "INSPECTION_KG_"


def config_from_env() -> dict:
    """Settings given as INSPECTION_KG_<NAME> environment variables (how `serve` passes them to workers)."""
    config = {}
    for key, default in DEFAULTS.items():
        raw = os.environ.get(ENV_PREFIX + key)
        if raw is None:
            continue
        if isinstance(default, tuple):
            config[key] = tuple(v for v in raw.split() if v)
        elif isinstance(default, bool):
            config[key] = raw.strip().lower() in ("1", "true", "yes", "on")
        elif isinstance(default, float):
            config[key] = float(raw)
        elif isinstance(default, int):
            config[key] = int(raw)
        else:
            config[key] = raw
    return config


@dataclass
class Service:
    """What the views need: the store, the executors for untrusted queries, the cache, the catalogue."""

    store: Store
    pool: QueryPool | None            # None for a SPARQL server, which evaluates /sparql's queries itself
    runner: QueryRunner | RemoteRunner
    cache: ResponseCache
    catalogue: Catalogue
    dataset: Path | None              # the memory store's file
    progress: Tracker | None = None   # progress records (service/progress)
    changed: list[Callable] = field(default_factory=list)  # called with the new store when the data changes

    def refresh(self) -> Store:
        """The store as its data is now, brought up to the progress ledger; a new view when a load changed
        it; the callbacks run when either changed its data."""
        before = self.store
        version = before.version
        store = before.current()
        if self.progress is not None:
            if store is not before:
                self.progress.follow(store)
            self.progress.catch_up()
        if store is not before or store.version != version:
            self.store = store
            for callback in self.changed:
                callback(store)
        return store

    def version(self) -> str | None:
        """The data's version for the caching middleware, with today's date (the progress report and the
        states on pages are as of today); None while the store cannot say (it is down)."""
        try:
            return f"{self.refresh().version}/{today().isoformat()}"
        except Unavailable:
            return None


def service() -> Service:
    """The Service of the current app, its store as the data is now."""
    svc = current_app.extensions["inspection_kg"]
    svc.refresh()
    return svc


def _open(config: dict, paths: Paths) -> tuple[Store, QueryPool | None, Path | None]:
    """The store the configuration names, and for a local one the pool of executors that open it too."""
    spec = parse_spec(config["STORE"])
    start = max(30.0, config["QUERY_TIMEOUT"])
    if spec.kind == "sparql":  # not read yet: a server that is down gets 503s until it answers, not a dead worker
        return SparqlStore(spec.location, config["QUERY_TIMEOUT"], config["STORE_REFRESH"]), None, None
    if spec.embedded:
        dataset = Path(config["DATASET"] or paths.dataset)
        return open_store(spec, dataset), QueryPool(("memory", str(dataset)), config["EXECUTORS"], start), dataset
    return open_store(spec), QueryPool(("oxigraph", spec.location), config["EXECUTORS"], start), None


def _say_which(store: Store) -> None:
    try:
        log.info("store %s: %d quads in %d graphs, version %s", store.spec, len(store), len(store.graphs()),
                 store.version[:12])
    except Unavailable as exc:
        log.warning("store %s: %s; requests get 503 until it answers", store.spec, exc)


def create_app(config: dict | None = None) -> Flask:
    """Build the app: settings from DEFAULTS, then the environment, then ``config``."""
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config.update(config_from_env())
    app.config.update(config or {})
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_REQUEST_BYTES"]
    app.json.sort_keys = False
    paths = Paths.default()
    store, pool, dataset = _open(app.config, paths)
    _say_which(store)
    if pool is not None:
        pool.additions = store.additions_since if store.writable else None
        pool.warm()
    cache = ResponseCache(app.config["CACHE_ENTRIES"], app.config["CACHE_BYTES"])
    app.config["BASE"] = app.config["BASE"] or configured_base()
    ledger = Ledger(Path(app.config["LEDGER"] or paths.ledger), app.config["LEDGER_SYNCHRONOUS"])
    svc = Service(store, pool, None, cache, Catalogue.load(paths.queries), dataset,
                  Tracker(ledger, store, app.config["BASE"]))
    svc.runner = QueryRunner(store, pool, app.config["TRUSTED_SECONDS"]) if pool is not None \
        else RemoteRunner(lambda: svc.store)
    svc.progress.catch_up()  # the records acknowledged before this worker started
    app.extensions["inspection_kg"] = svc
    app.add_template_filter(lambda iri: page_url(str(iri), app.config["BASE"]), "page")

    from . import (
        auth,
        catalogue,
        dashboard,
        dumps,
        errors,
        graphstore,
        network,
        pages,
        progress,
        reader,
        reports,
        resources,
        sparql,
    )
    from .http import add_cors
    from .security import add_policy
    app.wsgi_app = CachingMiddleware(app.wsgi_app, cache, svc.version, app.config["MAX_REQUEST_BYTES"],
                                     auth.carries_credentials)
    errors.register(app)
    auth.register(app)
    app.after_request(add_cors)
    app.after_request(add_policy)
    for blueprint in (dashboard.bp, pages.bp, sparql.bp, graphstore.bp, dumps.bp, auth.bp, progress.bp, resources.bp,
                      network.bp, reader.bp, reports.bp, catalogue.bp):
        app.register_blueprint(blueprint)
    # new data in the store (a load, progress records): the dumps and the dataset's description are made again
    svc.changed.append(lambda new: app.extensions.update({dumps.EXTENSION: dumps.Publication(new, app.config["BASE"])}))
    return app
