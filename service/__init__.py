"""inspection-kg: an inspection report as an accountable, queryable knowledge graph."""

__version__ = "0.1.0"
