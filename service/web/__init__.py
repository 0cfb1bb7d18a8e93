"""The web service: a Flask app factory; the store, query pool and cache live on the app.

Only this package imports Flask. Views parse the request, call plain
functions of the ``service`` package, and render what they return.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app

from ..answers import Catalogue
from ..config import Paths
from ..namespaces import configured_base
from ..publish import page_url
from ..store import OxigraphStore, QueryPool, QueryRunner
from .cache import ResponseCache
from .middleware import CachingMiddleware

DEFAULTS = {
    "DATASET": None,              # the dataset file; default: the build's
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

    store: OxigraphStore
    pool: QueryPool
    runner: QueryRunner
    cache: ResponseCache
    catalogue: Catalogue
    dataset: Path


def service() -> Service:
    """The Service of the current app."""
    return current_app.extensions["inspection_kg"]


def create_app(config: dict | None = None) -> Flask:
    """Build the app: settings from DEFAULTS, then the environment, then ``config``."""
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config.update(config_from_env())
    app.config.update(config or {})
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_REQUEST_BYTES"]
    app.json.sort_keys = False
    paths = Paths.default()
    dataset = Path(app.config["DATASET"] or paths.dataset)
    store = OxigraphStore.from_file(dataset)
    pool = QueryPool(dataset, app.config["EXECUTORS"], start_timeout=max(30.0, app.config["QUERY_TIMEOUT"]))
    pool.warm()
    cache = ResponseCache(app.config["CACHE_ENTRIES"], app.config["CACHE_BYTES"])
    app.extensions["inspection_kg"] = Service(
        store, pool, QueryRunner(store, pool, app.config["TRUSTED_SECONDS"]), cache,
        Catalogue.load(paths.queries), dataset)
    app.wsgi_app = CachingMiddleware(app.wsgi_app, cache, store.version, app.config["MAX_REQUEST_BYTES"])

    app.config["BASE"] = app.config["BASE"] or configured_base()
    app.add_template_filter(lambda iri: page_url(str(iri), app.config["BASE"]), "page")

    from . import catalogue, dashboard, dumps, errors, graphstore, network, pages, reader, reports, resources, sparql
    from .http import add_cors
    from .security import add_policy
    errors.register(app)
    app.after_request(add_cors)
    app.after_request(add_policy)
    for blueprint in (dashboard.bp, pages.bp, sparql.bp, graphstore.bp, dumps.bp, resources.bp, network.bp, reader.bp,
                      reports.bp, catalogue.bp):
        app.register_blueprint(blueprint)
    return app
