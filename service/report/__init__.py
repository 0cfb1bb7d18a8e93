"""Reading a report's text: the first stage.

Takes the plain text of an inspection report (``data/<report>/*.txt``);
gives a ``Report`` (sections, numbered paragraphs and their sentences, the
judgements table, the areas for improvement and their timescales, the figures
and dated events) and its structure graph, every IRI minted under the base.
A text that lacks an expected part raises ``ExtractionError`` naming the line.

It also gives, to measure and to test, reports that are invented in the same
format (``synthesise``): a synthetic corpus of texts and their curation.
"""

from .extract import Report, parse_report
from .reading import decode_report
from .structure import structure_graph
from .synth import synthesise

__all__ = ["Report", "decode_report", "parse_report", "structure_graph", "synthesise"]
