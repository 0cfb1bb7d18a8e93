"""The governance questions: the fourth stage.

Takes a ``Store`` and the query catalogue (``queries/*.rq``, one question per
file, described in its header); gives each question's ``Answer`` and each
governance ``Report`` (who owns what, actions, findings, judgements,
coverage, timeline, figures, progress) computed once, and the renderers that write
them as JSON, CSV, TSV, Markdown or a terminal table.
"""

from .answer import Answer, answer, check_known, lexical
from .catalogue import Catalogue, CatalogueQuery
from .charts import coverage_by_area, findings_by_body, timeline
from .corpus import report_ids, scope
from .network import finding_label, network
from .progress import DONE, STATUSES, VERIFY_WITHIN, progress_rows, status_name, today
from .reader import anchor, reader
from .render import (
                     FORMAT_LABELS,
                     MEDIA_TYPES,
                     QUERY_FORMATS,
                     REPORT_FORMATS,
                     VALIDATION_FORMATS,
                     shorten,
                     solutions_table,
                     to_json,
)
from .reports import ABOUT, DATED, REPORTS, Report, compute

__all__ = ["Answer", "answer", "check_known", "lexical", "Catalogue", "CatalogueQuery", "FORMAT_LABELS",
           "MEDIA_TYPES", "QUERY_FORMATS", "REPORT_FORMATS", "VALIDATION_FORMATS", "shorten", "solutions_table",
           "to_json", "report_ids", "scope", "DONE", "STATUSES", "VERIFY_WITHIN", "progress_rows", "status_name",
           "today", "ABOUT", "DATED", "REPORTS", "Report", "compute", "finding_label", "network",
           "coverage_by_area", "findings_by_body", "timeline", "anchor", "reader"]
