"""Reading a report's text: the first stage.

Takes the plain text of an inspection report (``data/<report>/*.txt``);
gives a ``Report`` (sections, numbered paragraphs and their sentences, the
judgements table, the areas for improvement and their timescales, the figures
and dated events) and its structure graph, every IRI minted under the base.
A text that lacks an expected part raises ``ExtractionError`` naming the line.
"""

from .extract import Report, parse_report
from .reading import decode_report
from .structure import structure_graph

__all__ = ["Report", "decode_report", "parse_report", "structure_graph"]
