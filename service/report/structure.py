"""Turn the parsed report into its structure graph: the report as the text gives it."""

from __future__ import annotations

import calendar
import re
from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, SKOS, TIME, XSD

from ..errors import ExtractionError
from ..namespaces import GRADE, IKG, TIMESCALE, UNIT, Minter, authority_of, bind_prefixes
from . import facts
from .extract import Report, slugify

CONTINUED_NOTE = ("Printed after a page break with no heading of its own; read as continuing the "
                  "'{heading}' list above it, since the next heading comes only after it.")


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later, clamped to the month's last day."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def timescale_concept(heading: str) -> URIRef:
    """The concept of a timescale heading: 'Within three months' -> timescale:within-three-months."""
    return TIMESCALE[slugify(heading)]


class _Iris:
    """The IRIs of one report's parts."""

    def __init__(self, minter: Minter, report_id: str):
        self.minter, self.report_id = minter, report_id
        self.report = minter.report(report_id)

    def __call__(self, path: str) -> URIRef:
        return self.minter.in_report(self.report_id, path)

    def paragraph(self, number: int) -> URIRef:
        return self(f"paragraph/{number}")

    def sentence(self, paragraph: int, index: int) -> URIRef:
        return self(f"paragraph/{paragraph}/sentence/{index}")


def structure_graph(report: Report, report_id: str, months: dict[str, int], minter: Minter) -> Graph:
    """The structure graph of one report; ``months`` maps timescale concepts to their months."""
    g = Graph()
    bind_prefixes(g)
    iri = _Iris(minter, report_id)
    _report(g, iri, report)
    _sections_and_paragraphs(g, iri, report)
    _judgements(g, iri, report)
    _actions(g, iri, report, months)
    _figures(g, iri, report)
    _events(g, iri, report)
    return g


def _report(g: Graph, iri: _Iris, report: Report) -> None:
    r = iri.report
    g.add((r, RDF.type, IKG.InspectionReport))
    g.add((r, DCTERMS.title, Literal(report.title, lang="en")))
    g.add((r, IKG.localAuthority, Literal(report.local_authority)))
    authority = iri.minter.authority(authority_of(iri.report_id))
    g.add((r, IKG.authority, authority))
    g.add((authority, RDF.type, IKG.LocalAuthority))
    g.add((authority, SKOS.prefLabel, Literal(report.local_authority, lang="en")))
    g.add((r, IKG.ageGroup, Literal(report.age_group)))
    g.add((r, DCTERMS.rights, Literal(report.copyright)))
    g.add((r, IKG.reproductionNotice, Literal(report.notice)))
    g.add((r, DCTERMS.publisher, Literal(report.website)))
    g.add((r, DCTERMS.language, Literal("en")))
    g.add((r, IKG.usesScale, URIRef(str(GRADE).rstrip("/"))))
    person = iri.minter.iri("person/" + slugify(report.lead_inspector))
    g.add((r, IKG.leadInspector, person))
    g.add((person, RDF.type, IKG.Person))
    g.add((person, FOAF.name, Literal(report.lead_inspector)))
    if report.inspector_title:
        g.add((person, IKG.honorific, Literal(report.inspector_title)))
    # The inspection itself: an event with an OWL-Time interval of two dates.
    inspection = iri("inspection")
    g.add((r, IKG.inspection, inspection))
    g.add((inspection, RDF.type, IKG.Inspection))
    g.add((inspection, SKOS.prefLabel, Literal(f"Inspection of {report.local_authority}", lang="en")))
    g.add((inspection, PROV.startedAtTime, Literal(report.start, datatype=XSD.date)))
    g.add((inspection, PROV.endedAtTime, Literal(report.end, datatype=XSD.date)))
    g.add((inspection, IKG.date, Literal(report.start, datatype=XSD.date)))
    g.add((inspection, IKG.report, r))
    interval = iri("inspection/interval")
    g.add((inspection, TIME.hasTime, interval))
    g.add((interval, RDF.type, TIME.ProperInterval))
    for prop, day, name in ((TIME.hasBeginning, report.start, "start"), (TIME.hasEnd, report.end, "end")):
        instant = iri(f"inspection/{name}")
        g.add((interval, prop, instant))
        g.add((instant, RDF.type, TIME.Instant))
        g.add((instant, TIME.inXSDDate, Literal(day, datatype=XSD.date)))
    _about(g, iri, report)


def _about(g: Graph, iri: _Iris, report: Report) -> None:
    """Facts of the 'About this inspection' paragraphs: unannounced, team size, legal basis."""
    r = iri.report
    for number, paragraph in report.paragraphs.items():
        text = paragraph.text
        if re.fullmatch(r"This inspection was unannounced\.", text):
            g.add((r, IKG.unannounced, Literal(True)))
            g.add((r, PROV.wasDerivedFrom, iri.sentence(number, 1)))
        if (m := re.search(r"The inspection team consisted of (\w+) of Her Majesty's Inspectors", text)):
            size = facts.number(m.group(1), facts.COUNT)
            g.add((r, IKG.teamSize, Literal(size, datatype=XSD.integer)))
            g.add((r, PROV.wasDerivedFrom, iri.sentence(number, 1)))
        if (m := re.search(r"carried out under (section \d+ of the .+? Act \d{4})", text)):
            g.add((r, IKG.legalBasis, Literal(m.group(1))))
            g.add((r, PROV.wasDerivedFrom, iri.sentence(number, 1)))
    missing = [p for p in (IKG.teamSize, IKG.legalBasis) if (r, p, None) not in g]
    if missing:
        section = next((s for s in report.sections if s.heading == "About this inspection"), None)
        raise ExtractionError(f"the report does not state its {' or '.join(g.qname(p) for p in missing)} "
                              "('The inspection team consisted of ...', 'carried out under section ...')",
                              section.line if section else 1)


def _sections_and_paragraphs(g: Graph, iri: _Iris, report: Report) -> None:
    r = iri.report
    for section in report.sections:
        s = iri(f"section/{section.slug}")
        g.add((s, RDF.type, IKG.Section))
        g.add((s, DCTERMS.title, Literal(section.heading, lang="en")))
        g.add((s, IKG.order, Literal(section.index)))
        g.add((s, IKG.startLine, Literal(section.line)))
        if section.page is not None:
            g.add((s, IKG.page, Literal(section.page)))
        g.add((s, IKG.report, r))
        g.add((r, DCTERMS.hasPart, s))
    for number, paragraph in report.paragraphs.items():
        p = iri.paragraph(number)
        section = report.sections[paragraph.section - 1]
        g.add((p, RDF.type, IKG.Paragraph))
        g.add((p, IKG.number, Literal(number)))
        g.add((p, IKG.text, Literal(paragraph.text)))
        g.add((p, IKG.startLine, Literal(paragraph.start_line)))
        g.add((p, IKG.endLine, Literal(paragraph.end_line)))
        g.add((p, IKG.section, iri(f"section/{section.slug}")))
        g.add((p, IKG.report, r))
        g.add((p, DCTERMS.isPartOf, iri(f"section/{section.slug}")))
        for sentence in paragraph.sentences:
            s = iri.sentence(number, sentence.index)
            g.add((s, RDF.type, IKG.Sentence))
            g.add((s, IKG.position, Literal(sentence.index)))
            g.add((s, IKG.text, Literal(sentence.text)))
            g.add((s, IKG.offset, Literal(sentence.offset)))
            g.add((s, IKG.inParagraph, p))
            g.add((s, IKG.report, r))
            g.add((p, IKG.hasSentence, s))


def _judgements(g: Graph, iri: _Iris, report: Report) -> None:
    for judgement in report.judgements:
        j = iri(f"judgement/{slugify(judgement.area)}")
        section = report.sections[judgement.section - 1]
        g.add((j, RDF.type, IKG.Judgement))
        g.add((j, IKG.area, Literal(judgement.area, lang="en")))
        g.add((j, IKG.grade, GRADE[slugify(judgement.grade)]))
        g.add((j, IKG.section, iri(f"section/{section.slug}")))
        g.add((j, IKG.paragraph, iri.paragraph(judgement.paragraph)))
        g.add((j, IKG.startLine, Literal(judgement.line)))
        g.add((j, IKG.report, iri.report))
        g.add((j, PROV.wasDerivedFrom, iri.sentence(judgement.paragraph, 1)))
        g.add((j, PROV.wasDerivedFrom, iri(f"section/{slugify('Record of main findings')}")))


def _actions(g: Graph, iri: _Iris, report: Report, months: dict[str, int]) -> None:
    for action in report.actions:
        a = iri(f"action/{action.number}")
        concept = timescale_concept(action.timescale)
        if str(concept) not in months:
            raise ExtractionError(f"the timescale heading {action.timescale!r} is not in the timescales "
                                  f"scheme ({', '.join(sorted(months))})", action.heading_line)
        due = add_months(report.end, months[str(concept)])
        g.add((a, RDF.type, IKG.Action))
        g.add((a, IKG.number, Literal(action.number)))
        g.add((a, IKG.text, Literal(action.text)))
        g.add((a, IKG.timescale, concept))
        g.add((a, IKG.dueDate, Literal(due, datatype=XSD.date)))
        g.add((a, IKG.paragraph, iri.paragraph(action.paragraph)))
        g.add((a, IKG.startLine, Literal(action.line)))
        g.add((a, IKG.report, iri.report))
        if action.after_page_break:
            g.add((a, SKOS.editorialNote, Literal(CONTINUED_NOTE.format(heading=action.timescale), lang="en")))


def _figures(g: Graph, iri: _Iris, report: Report) -> None:
    for figure in facts.figures(report):
        f = iri(f"figure/{figure.slug}")
        datatype = XSD.integer if isinstance(figure.value, int) else XSD.decimal
        g.add((f, RDF.type, IKG.Figure))
        g.add((f, IKG.value, Literal(figure.value, datatype=datatype)))
        g.add((f, IKG.measures, Literal(figure.measures, lang="en")))
        g.add((f, IKG.unit, UNIT.PERCENT if figure.unit == facts.PERCENT else UNIT.NUM))
        g.add((f, IKG.quote, Literal(figure.quote)))
        g.add((f, IKG.paragraph, iri.paragraph(figure.paragraph)))
        g.add((f, PROV.wasDerivedFrom, iri.sentence(figure.paragraph, figure.sentence)))
        g.add((f, IKG.report, iri.report))
        if figure.qualifier:
            g.add((f, IKG.qualifier, Literal(figure.qualifier)))
        if figure.year:
            g.add((f, IKG.year, Literal(str(figure.year), datatype=XSD.gYear)))


def _events(g: Graph, iri: _Iris, report: Report) -> None:
    for event in facts.events(report):
        e = iri(f"event/{event.slug}")
        g.add((e, RDF.type, IKG[event.kind]))
        g.add((e, SKOS.prefLabel, Literal(event.label, lang="en")))
        g.add((e, IKG.quote, Literal(event.quote)))
        g.add((e, IKG.paragraph, iri.paragraph(event.paragraph)))
        g.add((e, PROV.wasDerivedFrom, iri.sentence(event.paragraph, event.sentence)))
        g.add((e, IKG.report, iri.report))
        g.add((e, IKG.date, Literal(date(event.year, event.month or 1, 1), datatype=XSD.date)))
        g.add((e, IKG.approximate, Literal(event.approximate)))
        instant = iri(f"event/{event.slug}/time")
        g.add((e, TIME.hasTime, instant))
        g.add((instant, RDF.type, TIME.Instant))
        if event.month:
            g.add((instant, TIME.inXSDgYearMonth,
                   Literal(f"{event.year:04d}-{event.month:02d}", datatype=XSD.gYearMonth)))
        else:
            g.add((instant, TIME.inXSDgYear, Literal(f"{event.year:04d}", datatype=XSD.gYear)))
