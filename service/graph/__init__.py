"""Building the dataset: the second stage.

Takes each report's structure graph (``service.report``), its curated Turtle
(``data/<report>/*.ttl``), the ontology and the shapes; gives one dataset of
named graphs (ontology; per report structure, curation, inferred, validation)
written as sorted N-Quads to ``build/dataset.nq``, and ``coverage``, the one
description of validation results that the coverage report shares.
"""

from . import coverage
from .build import BuildResult, build
from .validate import Validation, validate_file, validate_quads

__all__ = ["coverage", "BuildResult", "build", "Validation", "validate_file", "validate_quads"]
