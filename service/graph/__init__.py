"""Building the dataset: the second stage.

Takes each report's structure graph (``service.report``), its curated Turtle
(``data/<report>/*.ttl``), the ontology and the shapes; gives one dataset of
named graphs (ontology; per report structure, curation, inferred, validation)
written as N-Quads sorted by graph, then line, to ``build/dataset.nq``, and
``coverage``, the one description of validation results that the coverage
report shares. Reports are built on their own, in parallel, and each kept
(``build/parts/``), so that a corpus rebuilds only the reports that changed.
"""

from . import coverage
from .build import BuildResult, build
from .progress import progress_for
from .validate import Validation, validate_file, validate_quads

__all__ = ["coverage", "BuildResult", "build", "progress_for", "Validation", "validate_file", "validate_quads"]
