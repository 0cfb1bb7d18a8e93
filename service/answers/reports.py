"""Governance reports: each is a catalogue query whose rows are grouped into one JSON document.

A report is computed once, as a ``Report`` holding the JSON-ready ``data`` and a
flat ``table`` of the same content; the renderers (JSON, CSV, Markdown, HTML)
only format what is here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import NotFound
from ..graph import coverage
from ..namespaces import configured_base
from ..store import Store, plain_rows
from .catalogue import Catalogue
from .corpus import scope


def solutions(store: Store, catalogue: Catalogue, name: str, **params: str) -> list[dict]:
    """The rows of a catalogue query as dicts of plain values."""
    query = catalogue.get(name)
    return plain_rows(store.query(query.text, substitutions=query.bindings(params)))


@dataclass
class Table:
    columns: list[str]
    rows: list[dict]


@dataclass
class Report:
    name: str
    title: str
    description: str
    data: dict
    table: Table
    queries: list[str] = field(default_factory=list)


# Each report's title and description: what /reports lists and every format shows.
ABOUT: dict[str, tuple[str, str]] = {
    "corpus": ("The reports",
               "Every inspection report the dataset holds: its local authority, the dates of the inspection "
               "and the grade of each area it judges."),
    "who-owns-what": ("Who owns what",
                      "Every body: the actions it is accountable for, responsible for or a partner in, "
                      "and how many findings concern it."),
    "actions": ("Areas for improvement: who must act, by when",
                "Each area for improvement with its timescale, due date, owners and the findings it answers."),
    "findings": ("Findings and their evidence",
                 "Every strength, weakness and development the report states, with the sentence that says so."),
    "judgements": ("The judgements", "Each area the report grades, on the four-point scale of paragraph 1."),
    "coverage": ("Coverage: what the shapes find",
                 "Violations of the graph's integrity; warnings where the report's own areas for improvement "
                 "leave a weakness unanswered or a criticised body without a role; notes for the board."),
    "timeline": ("The timeline",
                 "The events the report dates, from the first improvement notice to this inspection, "
                 "each with the words that date it."),
    "figures": ("The figures",
                "The figures of the service information (paragraphs 9 and 10), as the report hedges them."),
}


def _report(name: str, data: dict, table: Table, queries: list[str]) -> Report:
    return Report(name, *ABOUT[name], data, table, queries)


ACTION_COLUMNS = ["number", "iri", "text", "timescale", "due_date", "paragraph", "accountable", "responsible",
                  "partners", "addresses"]
FINDING_COLUMNS = ["iri", "kind", "paragraph", "text", "bodies", "answered_by"]
BODY_COLUMNS = ["body", "iri", "accountable", "responsible", "partner", "strengths", "weaknesses", "developments"]


def _add_once(items: list, item) -> None:
    if item not in items:
        items.append(item)


def _labels(items: list[dict]) -> str:
    return "; ".join(i.get("label") or i.get("text") or i["iri"] for i in items)


def actions_report(store: Store, catalogue: Catalogue) -> Report:
    actions: dict[str, dict] = {}
    for row in solutions(store, catalogue, "actions"):
        action = actions.setdefault(row["action"], {
            "iri": row["action"], "number": row["number"], "text": row["text"],
            "timescale": row["timescale"].lower(), "due_date": row["due"], "paragraph": row["paragraph"],
            "accountable": [], "responsible": [], "partners": [], "addresses": []})
        if row["role"] == "addresses":
            _add_once(action["addresses"], {"iri": row["item"], "text": row["itemLabel"]})
        elif row["role"]:
            _add_once(action[row["role"]], {"iri": row["item"], "label": row["itemLabel"]})
    records = sorted(actions.values(), key=lambda a: a["number"])
    rows = [{"number": a["number"], "iri": a["iri"], "text": a["text"], "timescale": a["timescale"],
             "due_date": a["due_date"], "paragraph": a["paragraph"], "accountable": _labels(a["accountable"]),
             "responsible": _labels(a["responsible"]), "partners": _labels(a["partners"]),
             "addresses": "; ".join(f["iri"] for f in a["addresses"])} for a in records]
    return _report("actions", {"actions": records}, Table(ACTION_COLUMNS, rows), ["actions"])


def findings_report(store: Store, catalogue: Catalogue) -> Report:
    findings: dict[str, dict] = {}
    for row in solutions(store, catalogue, "findings"):
        finding = findings.setdefault(row["finding"], {
            "iri": row["finding"], "kind": row["kind"], "text": row["text"], "paragraph": row["paragraph"],
            "sentence": row["sentence"], "bodies": [], "answered_by": []})
        if row["body"]:
            _add_once(finding["bodies"], {"iri": row["body"], "label": row["bodyLabel"]})
        if row["action"]:
            _add_once(finding["answered_by"], row["action"])
    records = list(findings.values())
    for finding in records:
        finding["answered_by"].sort(key=_action_number)
    rows = [{"iri": f["iri"], "kind": f["kind"], "paragraph": f["paragraph"], "text": f["text"],
             "bodies": _labels(f["bodies"]), "answered_by": "; ".join(f["answered_by"])} for f in records]
    return _report("findings", {"findings": records}, Table(FINDING_COLUMNS, rows), ["findings"])


def _action_number(iri: str) -> tuple:
    tail = iri.rsplit("/", 1)[-1]
    return (0, int(tail), iri) if tail.isdigit() else (1, 0, iri)


def judgements_report(store: Store, catalogue: Catalogue) -> Report:
    scale = [{"iri": r["grade"], "label": r["label"], "definition": r["definition"], "rank": r["rank"]}
             for r in solutions(store, catalogue, "scale")]
    judgements = [{"iri": r["judgement"], "area": r["area"], "grade": r["gradeLabel"], "paragraph": r["paragraph"],
                   "grade_iri": r["grade"], "rank": r["rank"], "section": r["section"]}
                  for r in solutions(store, catalogue, "judgements")]
    rows = [{"area": j["area"], "grade": j["grade"], "paragraph": j["paragraph"], "iri": j["iri"]} for j in judgements]
    return _report("judgements", {"scale": scale, "judgements": judgements},
                   Table(["area", "grade", "paragraph", "iri"], rows), ["scale", "judgements"])


def who_owns_what_report(store: Store, catalogue: Catalogue) -> Report:
    bodies: dict[str, dict] = {}
    for row in solutions(store, catalogue, "who-owns-what"):
        body = bodies.setdefault(row["body"], {
            "iri": row["body"], "label": row["label"], "accountable": [], "responsible": [], "partner": [],
            "findings": {"strengths": row["strengths"], "weaknesses": row["weaknesses"],
                         "developments": row["developments"]},
            "actions": []})
        if row["role"]:
            _add_once(body[row["role"]], row["action"])
            _add_once(body["actions"], {"iri": row["action"], "number": row["number"], "role": row["role"],
                                        "due_date": row["due"], "timescale": row["timescale"].lower()})
    records = sorted(bodies.values(), key=lambda b: b["label"].lower())
    rows = [{"body": b["label"], "iri": b["iri"],
             "accountable": " ".join(str(_action_number(a)[1]) for a in b["accountable"]),
             "responsible": " ".join(str(_action_number(a)[1]) for a in b["responsible"]),
             "partner": " ".join(str(_action_number(a)[1]) for a in b["partner"]),
             "strengths": b["findings"]["strengths"], "weaknesses": b["findings"]["weaknesses"],
             "developments": b["findings"]["developments"]} for b in records]
    return _report("who-owns-what", {"bodies": records}, Table(BODY_COLUMNS, rows), ["who-owns-what"])


COVERAGE_COLUMNS = ["severity", "paragraph", "focus_label", "message", "shape", "focus", "path"]


def coverage_table(document: dict) -> Table:
    return Table(COVERAGE_COLUMNS, [{c: r[c] for c in COVERAGE_COLUMNS} for r in document["results"]])


def coverage_report(store: Store, catalogue: Catalogue) -> Report:
    document = coverage.document(coverage.describe(solutions(store, catalogue, "coverage")).values())
    return _report("coverage", document, coverage_table(document), ["coverage"])


TIMELINE_COLUMNS = ["date", "end", "precision", "approximate", "kind", "label", "paragraph", "quote", "iri"]
FIGURE_COLUMNS = ["paragraph", "value", "unit", "qualifier", "measures", "year", "quote", "iri"]


def timeline_report(store: Store, catalogue: Catalogue) -> Report:
    events = [{"iri": r["event"], "label": r["label"], "date": r["date"], "end": r["end"],
               "precision": r["precision"], "approximate": r["approximate"], "kind": r["kind"],
               "quote": r["quote"], "paragraph": r["paragraph"], "sentence": r["sentence"]}
              for r in solutions(store, catalogue, "timeline")]
    rows = [{c: e[c] for c in TIMELINE_COLUMNS} for e in events]
    return _report("timeline", {"events": events}, Table(TIMELINE_COLUMNS, rows), ["timeline"])


def figures_report(store: Store, catalogue: Catalogue) -> Report:
    figures = [{"iri": r["figure"], "value": r["value"], "unit": r["unitName"], "unit_iri": r["unit"],
                "qualifier": r["qualifier"], "measures": r["measures"],
                "year": int(r["year"]) if r["year"] else None,
                "quote": r["quote"], "paragraph": r["paragraph"], "sentence": r["sentence"]}
               for r in solutions(store, catalogue, "figures")]
    rows = [{c: f[c] for c in FIGURE_COLUMNS} for f in figures]
    return _report("figures", {"figures": figures}, Table(FIGURE_COLUMNS, rows), ["figures"])


CORPUS_COLUMNS = ["report", "authority", "start", "end", "judgements", "iri"]


def corpus_report(store: Store, catalogue: Catalogue) -> Report:
    reports: dict[str, dict] = {}
    base = configured_base()
    for row in solutions(store, catalogue, "corpus"):
        report = reports.setdefault(row["report"], {
            "iri": row["report"], "id": row["report"].removeprefix(base), "title": row["title"],
            "authority": {"iri": row["authority"], "label": row["authorityLabel"]},
            "start": row["start"], "end": row["end"], "judgements": []})
        if row["area"]:
            report["judgements"].append({"area": row["area"], "grade": row["gradeLabel"], "grade_iri": row["grade"],
                                         "rank": row["rank"]})
    records = list(reports.values())
    rows = [{"report": r["id"], "authority": r["authority"]["label"], "start": r["start"], "end": r["end"],
             "judgements": "; ".join(f"{j['area']}: {j['grade']}" for j in r["judgements"]), "iri": r["iri"]}
            for r in records]
    return _report("corpus", {"reports": records}, Table(CORPUS_COLUMNS, rows), ["corpus"])


REPORTS: dict[str, Callable[[Store, Catalogue], Report]] = {
    "corpus": corpus_report,
    "actions": actions_report,
    "findings": findings_report,
    "judgements": judgements_report,
    "who-owns-what": who_owns_what_report,
    "coverage": coverage_report,
    "timeline": timeline_report,
    "figures": figures_report,
}


def compute(name: str, store: Store, catalogue: Catalogue, report: str | None = None) -> Report:
    """The report called ``name``, over the whole corpus or one ``report`` of it (its id: birmingham-2012);
    NotFound listing the reports there are."""
    if name not in REPORTS:
        raise NotFound(f"no report named {name!r}; there are: {', '.join(REPORTS)}")
    return REPORTS[name](scope(store, report), catalogue)
