"""What each validation result is about: the one description of SHACL results, for the build and the reports.

The coverage query (``queries/coverage.rq``) reads a validation report
together with the data it judged: each result's severity, focus node and its
label, path, message, shape, and the paragraphs a board should look up.
``describe`` turns its rows into one record per result, and ``document``
into the coverage document that ``inspection-kg validate --format json``,
``inspection-kg report coverage`` and ``/reports/coverage`` all give.

A Core constraint's ``sh:message`` is a constant, so the shapes write
"{?label}", "{?paragraph}" and "{?paragraphs}" where a board needs to know
what and where; ``fill`` puts in what the record says.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import NotFound
from ..namespaces import NAMESPACES

QUERY = "coverage.rq"  # under queries/: the build reads it as the catalogue does
LABEL_CHARACTERS = 70  # a longer label is cut at a word in a message (the JSON keeps it whole)
PLACEHOLDER = re.compile(r"\{\?(label|paragraph|paragraphs)\}")


def coverage_query(queries: Path) -> str:
    """The text of the coverage query in the folder ``queries``."""
    return (queries / QUERY).read_text(encoding="utf-8")


# Severities, most serious first: a result's rank orders the list, its name is the JSON value.
SEVERITIES = {NAMESPACES["sh"] + "Violation": "violation", NAMESPACES["sh"] + "Warning": "warning",
              NAMESPACES["sh"] + "Info": "info"}
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES.values())}


def _add_once(items: list, item) -> None:
    if item not in items:
        items.append(item)


def _result_path(row: dict) -> str | None:
    """A result's path as text: the property's IRI, '^' and the IRI for an inverse path, else None."""
    if row["inversePath"]:
        return "^" + row["inversePath"]
    return row["path"] if row["path"] and not row["path"].startswith("_:") else None


def describe(rows: list[dict]) -> dict[str, dict]:
    """The rows of the coverage query as one record per validation result, keyed by the result's node."""
    if not rows:
        raise NotFound("the dataset has no validation report: build it with `inspection-kg build`")
    results: dict[str, dict] = {}
    for row in rows:
        if not row["result"]:
            continue
        record = results.setdefault(row["result"], {
            "severity": SEVERITIES.get(row["severity"], row["severity"]), "focus": row["focus"],
            "focus_label": row["focusLabel"], "path": _result_path(row), "message": row["message"],
            "shape": row["shape"], "paragraph": None, "paragraphs": []})
        if row["paragraph"] is not None:
            _add_once(record["paragraphs"], row["paragraph"])
    for record in results.values():
        record["paragraphs"].sort()
        record["paragraph"] = record["paragraphs"][0] if record["paragraphs"] else None
    return results


def document(records) -> dict:
    """The coverage JSON: counts by severity and the results, most serious first, in the report's order."""
    results = sorted(records, key=lambda r: (SEVERITY_RANK.get(r["severity"], len(SEVERITY_RANK)),
                                             r["paragraph"] is None, r["paragraph"] or 0, r["shape"],
                                             r["focus_label"] or "", r["focus"]))
    found = {name: sum(1 for r in results if r["severity"] == name) for name in SEVERITIES.values()}
    return {"conforms": found["violation"] == 0, "violations": found["violation"], "warnings": found["warning"],
            "infos": found["info"], "results": results}


def counts(document: dict) -> str:
    """'0 violations, 45 warnings, 1 info'."""
    names = {"violations": "violation", "warnings": "warning", "infos": "info"}
    return ", ".join(f"{document[key]} {key if document[key] != 1 else one}" for key, one in names.items())


def fill(message: str, record: dict) -> str:
    """A Core message with its placeholders replaced by what the result is about."""
    paragraphs = record["paragraphs"]
    values = {
        "label": clip(record["focus_label"] or record["focus"]),
        "paragraph": str(paragraphs[0]) if paragraphs else "?",
        "paragraphs": _paragraphs_phrase(paragraphs),
    }
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], message)


def clip(text: str, limit: int = LABEL_CHARACTERS) -> str:
    """``text`` cut at a word to at most ``limit`` characters, with '...' when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 3].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "..."


def _paragraphs_phrase(numbers: list[int]) -> str:
    """'paragraph 19', 'paragraphs 13 and 24', 'paragraphs 13, 17 and 24'."""
    if not numbers:
        return "no numbered paragraph"
    if len(numbers) == 1:
        return f"paragraph {numbers[0]}"
    return "paragraphs " + ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"
