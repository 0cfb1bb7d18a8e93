"""The engine and its safety: the third stage.

Takes a built dataset (``build/dataset.nq`` or any quad file); gives a
``Store`` to query (the embedded pyoxigraph store today, ``base.Store`` the
interface other backends implement), the guard that refuses hostile queries
before the engine sees them, the executor pool that runs untrusted queries in
processes it can kill, and the RDF and SPARQL results formats every stage
above writes with.
"""

from .base import Store, engine_errors, engine_rows
from .executor import Job, QueryPool, QueryRunner
from .formats import FORMAT_ALIASES, RDF_FORMATS, RdfFormat, rdf_format, serialize, serialize_dataset
from .guard import inspect_query
from .oxigraph import OxigraphStore
from .results import RESULT_FORMATS, native_solutions, plain_rows, value
from .scoped import ScopedStore

__all__ = ["Store", "engine_errors", "engine_rows", "Job", "QueryPool", "QueryRunner", "FORMAT_ALIASES",
           "RDF_FORMATS", "RdfFormat", "rdf_format", "serialize", "serialize_dataset", "inspect_query",
           "OxigraphStore", "RESULT_FORMATS", "native_solutions", "plain_rows", "value", "ScopedStore"]
