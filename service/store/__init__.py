"""The engine and its safety: the third stage.

Takes a built dataset (``build/dataset.nq`` or any quad file); gives a
``Store`` to query, chosen by one spec (``parse_spec``, ``open_store``):
pyoxigraph in memory loaded from the dataset (the default), pyoxigraph on
disk, or any SPARQL 1.1 server over the protocol; ``load``, which puts the
dataset into the last two; the guard that refuses hostile queries before the
engine sees them; the executor pool that runs untrusted queries in processes
it can kill (and ``RemoteRunner`` for a server, which runs them itself); and
the RDF and SPARQL results formats every stage above writes with.
"""

from importlib import import_module

from .base import Store, Triples, engine_errors, engine_rows, is_graph
from .executor import Job, QueryPool, QueryRunner, RemoteRunner
from .formats import FORMAT_ALIASES, RDF_FORMATS, RdfFormat, rdf_format, serialize, serialize_dataset
from .guard import inspect_query
from .oxigraph import DiskStore, OxigraphStore
from .results import RESULT_FORMATS, native_solutions, plain_rows, value
from .scoped import ScopedStore

# The SPARQL client and what uses it are loaded on first use: a query executor, which imports this
# package, starts without the HTTP client (its start-up time is what a killed executor's replacement costs).
_LAZY = {"Loaded": "load", "load": "load", "StoreSpec": "spec", "open_store": "spec", "parse_spec": "spec",
         "SparqlStore": "sparql"}

__all__ = ["Store", "Triples", "engine_errors", "engine_rows", "is_graph", "Job", "QueryPool", "QueryRunner",
           "RemoteRunner", "FORMAT_ALIASES", "RDF_FORMATS", "RdfFormat", "rdf_format", "serialize",
           "serialize_dataset", "inspect_query", "DiskStore", "OxigraphStore", "RESULT_FORMATS", "native_solutions",
           "plain_rows",
           "value", "ScopedStore", *_LAZY]


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
    globals()[name] = value
    return value
