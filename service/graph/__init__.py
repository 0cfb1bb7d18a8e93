"""Building the dataset: the second stage.

Takes each report's structure graph (``service.report``), its curated Turtle
(``data/<report>/*.ttl``), the ontology and the shapes; gives one dataset of
named graphs (ontology; per report structure, curation, inferred, validation)
written as N-Quads sorted by graph, then line, to ``build/dataset.nq``, and
``coverage``, the one description of validation results that the coverage
report shares. Reports are built on their own, in parallel, and each kept
(``build/parts/``), so that a corpus rebuilds only the reports that changed.

``build`` and ``validate_file`` need rdflib, owlrl and pySHACL: they are
loaded on first use, so that the web server, which reads only ``coverage``,
starts without them (as ``service.namespaces`` does for rdflib).
"""

from importlib import import_module

from . import coverage

_LAZY = {"build": "build", "BuildResult": "build", "validate_file": "validate", "Validation": "validate",
         "progress_for": "progress"}

__all__ = ["coverage", *_LAZY]


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
    globals()[name] = value
    return value
