"""The report as one reads it: every numbered paragraph, sentence by sentence, with every finding's exact span marked.

``reader`` gives one document for a report: its sections in order (with the
grade of the judgement a section carries), each paragraph's sentences cut at
their offsets in the paragraph's text (so the pieces put back together are
the paragraph, character for character), each sentence cut again where the
findings quoting it begin and end, and for each finding its kind, the bodies
it concerns and the areas for improvement that answer it. The areas for
improvement follow the paragraph that introduces them, under their timescales.

Every part carries ``anchor``, its IRI's path under the report's IRI
(``paragraph/36/sentence/7``, ``finding/36-7``, ``action/2``): the reader
page uses these as element ids, so ``/reports/<id>/text#paragraph/36/sentence/7``
lands on the sentence.
"""

from __future__ import annotations

from ..errors import NotFound
from ..store import Store
from .catalogue import Catalogue
from .network import finding_label
from .reports import actions_report, findings_report, judgements_report, solutions

READER_PARTS = ("section", "paragraph", "finding", "action")  # the first step of an IRI path the reader shows


def anchor(iri: str, report: str) -> str | None:
    """The reader's anchor for an IRI under the report's (``…/birmingham-2012/paragraph/36`` -> ``paragraph/36``)."""
    prefix = report + "/"
    if not iri.startswith(prefix) or iri[len(prefix):].split("/", 1)[0] not in READER_PARTS:
        return None
    return iri[len(prefix):]


def segments(text: str, spans: list[tuple[int, int, str]]) -> list[dict]:
    """``text`` cut at every span's ends: [{text, findings (ids covering it), starts (ids beginning there)}]."""
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for start, end in zip(cuts, cuts[1:]):
        covering = [f for s, e, f in spans if s <= start and end <= e]
        out.append({"text": text[start:end], "findings": covering,
                    "starts": [f for s, _, f in spans if s == start]})
    return out


def reader(store: Store, catalogue: Catalogue, report: str) -> dict:
    """The reader's document for the report whose IRI is ``report``; NotFound if the dataset has no such report."""
    rows = [r for r in solutions(store, catalogue, "report-text") if r["report"] == report]
    if not rows:
        raise NotFound(f"no report <{report[:200]}> in this dataset")
    sections_rows = [r for r in solutions(store, catalogue, "sections") if r["report"] == report]
    findings = {}
    for f in findings_report(store, catalogue).data["findings"]:
        if f["iri"].startswith(report + "/"):
            findings.setdefault(f["sentence"], []).append(
                {**f, "anchor": anchor(f["iri"], report), "label": finding_label(f["iri"]),
                 "answers": [{"iri": a, "number": int(a.rsplit("/", 1)[-1]), "anchor": anchor(a, report)}
                             for a in f["answered_by"]]})
    actions: dict[int, list[dict]] = {}
    for a in actions_report(store, catalogue).data["actions"]:
        if a["iri"].startswith(report + "/"):
            actions.setdefault(a["paragraph"], []).append({**a, "anchor": anchor(a["iri"], report)})
    paragraphs: dict[str, dict] = {}
    for r in rows:
        paragraph = paragraphs.setdefault(r["paragraph"], {
            "iri": r["paragraph"], "anchor": anchor(r["paragraph"], report), "number": r["number"],
            "section": r["section"], "text": r["paragraphText"], "sentences": [], "findings": [],
            "timescales": _timescales(actions.get(r["number"], []))})
        paragraph["sentences"].append(_sentence(r, findings.get(r["sentence"], []), report))
    for paragraph in paragraphs.values():
        _between(paragraph)
        paragraph["findings"] = [f for s in paragraph["sentences"] for f in s["findings"]]
    judgements = judgements_report(store, catalogue).data
    sections = []
    for s in sections_rows:
        sections.append({"iri": s["section"], "anchor": anchor(s["section"], report), "title": s["title"],
                         "grade": s["grade"], "judgement": s["judgement"],
                         "paragraphs": [p for p in paragraphs.values() if p["section"] == s["section"]]})
    return {"iri": report, "title": sections_rows[0]["reportTitle"] if sections_rows else report,
            "sections": sections, "scale": judgements["scale"],
            "judgements": judgements["judgements"],
            "counts": {"paragraphs": len(paragraphs), "sentences": len(rows),
                       "findings": sum(len(p["findings"]) for p in paragraphs.values())}}


def _sentence(row: dict, quoting: list[dict], report: str) -> dict:
    text = row["sentenceText"]
    spans = []
    for f in quoting:
        start = text.find(f["text"])
        if start >= 0:  # the build checks every quote is in its sentence
            spans.append((start, start + len(f["text"]), f["anchor"]))
    by_anchor = {f["anchor"]: f for f in quoting}
    pieces = segments(text, spans)
    for piece in pieces:
        piece["marks"] = [by_anchor[a] for a in piece["findings"]]
    return {"iri": row["sentence"], "anchor": anchor(row["sentence"], report), "position": row["position"],
            "offset": row["offset"], "text": text, "segments": pieces,
            "findings": sorted(quoting, key=lambda f: text.find(f["text"]))}


def _between(paragraph: dict) -> None:
    """What the paragraph's text holds before each sentence (a space) and after the last, so nothing is lost."""
    text, end = paragraph["text"], 0
    for s in paragraph["sentences"]:
        s["before"] = text[end:s["offset"]]
        end = s["offset"] + len(s["text"])
    paragraph["tail"] = text[end:]


def _timescales(actions: list[dict]) -> list[dict]:
    """Actions grouped under their timescale, in the report's order."""
    groups: list[dict] = []
    for a in sorted(actions, key=lambda a: a["number"]):
        if not groups or groups[-1]["timescale"] != a["timescale"]:
            groups.append({"timescale": a["timescale"], "due_date": a["due_date"], "actions": []})
        groups[-1]["actions"].append(a)
    return groups
