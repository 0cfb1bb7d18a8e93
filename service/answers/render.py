"""Render computed results as text: JSON, CSV, TSV, Markdown and aligned tables."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox

from ..graph import coverage
from ..namespaces import PREFIXES, configured_base
from ..store import engine_rows, value
from .reports import Report


def to_json(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _cell(item) -> str:
    if item is None:
        return ""
    if isinstance(item, bool):
        return "true" if item else "false"
    return str(item)


def to_csv(columns: list[str], rows: list[dict], delimiter: str = ",") -> str:
    """RFC 4180 CSV (or TSV with a tab): a header row, then one line per row."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue()


def _md_cell(item) -> str:
    return _cell(item).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report) -> str:
    """The report's table under its title, as GitHub-flavoured Markdown."""
    columns = report.table.columns
    lines = [f"# {report.title}", "", report.description, ""]
    lines.append("| " + " | ".join(columns) + " |")
    lines.append("|" + "|".join("---" for _ in columns) + "|")
    for row in report.table.rows:
        lines.append("| " + " | ".join(_md_cell(row.get(c)) for c in columns) + " |")
    return "\n".join(lines) + "\n"


REPORT_FORMATS = {
    "json": lambda report: to_json(report.data),
    "csv": lambda report: to_csv(report.table.columns, report.table.rows),
    "md": to_markdown,
}

# A catalogue query's answer (service.answers.Answer) in each machine-readable format.
QUERY_FORMATS = {
    "json": lambda answer: to_json(answer.document()),
    "csv": lambda answer: to_csv(answer.columns, answer.lexical_rows),
    "tsv": lambda answer: to_csv(answer.columns, answer.lexical_rows, delimiter="\t"),
}

# The media type of each format above, and the name a link to it shows.
MEDIA_TYPES = {"html": "text/html", "json": "application/json", "csv": "text/csv",
               "tsv": "text/tab-separated-values", "md": "text/markdown"}
FORMAT_LABELS = {"html": "HTML", "json": "JSON", "csv": "CSV", "tsv": "TSV", "md": "Markdown"}


def validation_text(document: dict) -> str:
    """The coverage document for a terminal: one line per result, most serious first, then the counts."""
    lines = []
    for r in document["results"]:
        where = f"paragraph {r['paragraph']}" if r["paragraph"] is not None else ""
        lines.append(f"{r['severity'].upper():<9}  {where:<13}  {r['message']}  [{shorten(r['shape'])}]")
    verdict = "conforms (no violation)" if document["conforms"] else "does not conform"
    lines.append(f"{coverage.counts(document)}: the graph {verdict}")
    return "\n".join(lines) + "\n"


# What `inspection-kg validate --format` can give; each takes a validate.Validation.
VALIDATION_FORMATS = {
    "text": lambda validation: validation_text(validation.data),
    "json": lambda validation: to_json(validation.data),
    "ttl": lambda validation: validation.turtle(),
}


def shorten(iri: str) -> str:
    """A prefixed name for an IRI under a known namespace (the data base as ``id:``)."""
    for prefix, namespace in (("id", configured_base()), *PREFIXES.items()):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


def _table_cell(term) -> str:
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    return _cell(value(term))


def solutions_table(results, width: int = 60) -> str:
    """SELECT results as an aligned text table for a terminal; long values are cut with '...'."""
    variables = [v.value for v in results.variables]
    rows = []
    for solution in engine_rows(results):
        cells = []
        for v in variables:
            text = _table_cell(solution[v]).replace("\n", " ")
            cells.append(text if not width or len(text) <= width else text[:max(width - 3, 1)] + "...")
        rows.append(cells)
    widths = [max([len(v)] + [len(r[i]) for r in rows]) for i, v in enumerate(variables)]
    line = "  ".join(v.ljust(w) for v, w in zip(variables, widths))
    out = [line.rstrip(), "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
