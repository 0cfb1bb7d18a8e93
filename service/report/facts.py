"""Read the figures (paragraphs 9-10) and the dated events from paragraph text.

Each pattern below names what a number in the text measures. A pattern that no
longer matches its paragraph is an error naming the paragraph's line: the text
has changed and the reading must be looked at again, never silently dropped.
Values keep their type: counts are integers, percentages decimals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..errors import ExtractionError
from .extract import MONTHS, NUMBER_WORDS, Report

COUNT, PERCENT = "count", "percent"


@dataclass(frozen=True)
class FigurePattern:
    slug: str
    paragraph: int
    pattern: str        # the value is the group named "value"
    measures: str       # may name the report's "{authority}"
    unit: str
    qualifier: str = ""  # "over", "estimated", ... as the report hedges it
    year: int | None = None  # the year a projection refers to


@dataclass
class Figure:
    slug: str
    paragraph: int
    sentence: int
    value: int | Decimal
    quote: str          # the exact words of the report that give the figure
    measures: str
    unit: str
    qualifier: str
    year: int | None


@dataclass(frozen=True)
class EventPattern:
    slug: str
    paragraph: int
    pattern: str        # groups: "month" and "year", or "ago" (a period before the inspection)
    kind: str           # the local class: ImprovementNotice, Inspection, Restructure, ...
    label: str          # may name the pattern's other groups: "{board}"


@dataclass
class Event:
    slug: str
    paragraph: int
    sentence: int
    kind: str
    label: str
    quote: str
    year: int
    month: int | None   # None when the report gives only a year
    approximate: bool   # derived from "N months ago" and the like


FIGURES = (
    FigurePattern("population", 9, r"population of over (?P<value>[\d,]+)",
                  "population of {authority}", COUNT, "over"),
    FigurePattern("children-under-19", 9, r"an estimated (?P<value>[\d,]+) children and young people under the age of 19",  # noqa: E501 (the report's words)
                  "children and young people under the age of 19", COUNT, "estimated"),
    FigurePattern("children-share-of-population", 9, r"representing (?P<value>[\d.]+)% of the overall population",
                  "children and young people under 19 as a share of the overall population", PERCENT),
    FigurePattern("children-under-19-2020", 9, r"rise to (?P<value>[\d,]+) by 2020",
                  "children and young people under 19 anticipated by 2020", COUNT, "anticipated", 2020),
    FigurePattern("children-increase-2020", 9, r"by 2020, a (?P<value>[\d.]+)% increase",
                  "anticipated increase in children and young people under 19 by 2020", PERCENT, "anticipated", 2020),
    FigurePattern("minority-ethnic-share", 9, r"(?P<value>Approximately half) of these children and young people are from minority ethnic groups",  # noqa: E501 (the report's words)
                  "children and young people from minority ethnic groups, as a share of all children and young people",
                  PERCENT, "approximately"),
    FigurePattern("community-languages", 9, r"more than (?P<value>\d+) community languages",
                  "community languages spoken", COUNT, "more than"),
    FigurePattern("pakistani-share", 9, r"Pakistani \((?P<value>[\d.]+)%\)",
                  "Pakistani community, among the largest minority ethnic communities", PERCENT),
    FigurePattern("african-caribbean-share", 9, r"African Caribbean \((?P<value>[\d.]+)%\)",
                  "African Caribbean community, among the largest minority ethnic communities", PERCENT),
    FigurePattern("indian-share", 9, r"Indian \((?P<value>[\d.]+)%\)",
                  "Indian community, among the largest minority ethnic communities", PERCENT),
    FigurePattern("bangladeshi-share", 9, r"Bangladeshi \((?P<value>[\d.]+)%\)",
                  "Bangladeshi community, among the largest minority ethnic communities", PERCENT),
    FigurePattern("mixed-heritage-share", 9, r"children of mixed heritage \((?P<value>[\d.]+)%\)",
                  "children of mixed heritage, among the largest minority ethnic communities", PERCENT),
    FigurePattern("wards-below-national-poverty", 10, r"Only (?P<value>\w+) of the \d+ wards",
                  "wards with fewer children living in poverty than the national average", COUNT),
    FigurePattern("wards", 10, r"of the (?P<value>\d+) wards in the council area",
                  "wards in the council area", COUNT),
    FigurePattern("national-child-poverty", 10, r"national average \((?P<value>[\d.]+)%\)",
                  "national average of children living in poverty", PERCENT),
    FigurePattern("most-deprived-wards", 10, r"In the (?P<value>\w+) wards with the highest levels of deprivation",
                  "wards with the highest levels of deprivation", COUNT),
    FigurePattern("child-poverty-most-deprived-min", 10, r"ranges from (?P<value>[\d.]+)%",
                  "lowest percentage of children living in poverty in the most deprived wards", PERCENT),
    FigurePattern("child-poverty-most-deprived-max", 10, r"ranges from [\d.]+% to (?P<value>[\d.]+)%",
                  "highest percentage of children living in poverty in the most deprived wards", PERCENT),
)

EVENTS = (
    EventPattern("first-improvement-notice", 13,
                 r"In (?P<month>[A-Z][a-z]+) (?P<year>\d{4}), the Secretary of State issued an improvement notice",
                 "ImprovementNotice", "The Secretary of State issues an improvement notice to the council"),
    EventPattern("further-improvement-notice", 13,
                 r"A further improvement notice was issued in (?P<month>[A-Z][a-z]+) (?P<year>\d{4})",
                 "ImprovementNotice", "A further improvement notice is issued"),
    EventPattern("restructure", 13,
                 r"during (?P<year>\d{4}), a major restructure and overhaul of children's services was undertaken",
                 "Restructure", "Major restructure and overhaul of children's services"),
    EventPattern("unannounced-inspection-2011", 13,
                 r"The last unannounced inspection, undertaken in (?P<month>[A-Z][a-z]+) (?P<year>\d{4})",
                 "Inspection", "Last unannounced inspection of contact, referral and assessment arrangements"),
    EventPattern("improvement-plan-target", 14,
                 r"the target for the plan to achieve its aims by (?P<month>[A-Z][a-z]+) (?P<year>\d{4}) has not been achieved",  # noqa: E501 (the report's words)
                 "Deadline", "Target date for the improvement plan to achieve its aims (not achieved)"),
    EventPattern("bscb-chair-appointed", 36,
                 r"Since the appointment of the independent chair of the (?P<board>[A-Z]{2,}) (?P<ago>almost one year) ago",  # noqa: E501 (the report's words)
                 "Appointment", "Appointment of the independent chair of the {board}"),
    EventPattern("dcs-appointed", 32,
                 r"Since (?:his|her) appointment (?P<ago>\w+ months) ago, the permanent Director of Children's Services",  # noqa: E501 (the report's words)
                 "Appointment", "Appointment of the permanent Director of Children's Services"),
    EventPattern("workforce-group-set-up", 37,
                 r"was set up in (?P<month>[A-Z][a-z]+) (?P<year>\d{4})",
                 "Establishment", "A workforce development group is set up"),
)


def number(text: str, unit: str) -> int | Decimal:
    """'1,000,000' -> 1000000; 'five' -> 5; '20.64' (a percent) -> Decimal('20.64')."""
    word = text.lower()
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    if word == "approximately half":
        return Decimal("50")
    cleaned = text.replace(",", "")
    return Decimal(cleaned) if unit == PERCENT else int(cleaned)


def _locate(report: Report, paragraph: int, pattern: str, what: str) -> tuple[re.Match, int]:
    """Find a pattern in a paragraph; return the match and the sentence index that holds it."""
    if paragraph not in report.paragraphs:
        raise ExtractionError(f"paragraph {paragraph}, which holds {what}, is missing", 1)
    para = report.paragraphs[paragraph]
    match = re.search(pattern, para.text)
    if match is None:
        raise ExtractionError(f"paragraph {paragraph} no longer says where {what} is "
                              f"(pattern {pattern!r})", para.start_line)
    for sentence in para.sentences:
        if sentence.offset <= match.start() < sentence.offset + len(sentence.text):
            return match, sentence.index
    return match, para.sentences[-1].index


def figures(report: Report) -> list[Figure]:
    """The figures of the service information, typed and described."""
    found = []
    for p in FIGURES:
        match, sentence = _locate(report, p.paragraph, p.pattern, f"the figure {p.slug!r}")
        try:
            value = number(match.group("value"), p.unit)
        except (ValueError, ArithmeticError):  # the pattern matched a word that is no number (a typo)
            raise ExtractionError(f"{match.group('value')!r} in the figure {p.slug!r} is not a number",
                                  report.paragraphs[p.paragraph].start_line) from None
        found.append(Figure(p.slug, p.paragraph, sentence, value, match.group(0),
                            p.measures.format(authority=report.local_authority), p.unit, p.qualifier, p.year))
    return found


def _months_ago(phrase: str) -> int:
    """'five months' -> 5; 'almost one year' -> 12."""
    words = phrase.lower().replace("almost ", "").split()
    count = NUMBER_WORDS.get(words[0]) or int(words[0])
    return count * 12 if words[1].startswith("year") else count


def _month(name: str | None, report: Report, pattern: EventPattern) -> int | None:
    if name is None:
        return None
    if name not in MONTHS:
        raise ExtractionError(f"{name!r} in the event {pattern.slug!r} is not a month",
                              report.paragraphs[pattern.paragraph].start_line)
    return MONTHS[name]


def events(report: Report) -> list[Event]:
    """The dated events; periods "ago" count back from the month the inspection ended."""
    found = []
    for p in EVENTS:
        match, sentence = _locate(report, p.paragraph, p.pattern, f"the event {p.slug!r}")
        groups = match.groupdict()
        if groups.get("ago"):
            try:
                ago = _months_ago(groups["ago"])
            except ValueError:
                raise ExtractionError(f"{groups['ago']!r} in the event {p.slug!r} is not a period",
                                      report.paragraphs[p.paragraph].start_line) from None
            months = report.end.year * 12 + report.end.month - 1 - ago
            year, month, approximate = months // 12, months % 12 + 1, True
        else:
            year = int(groups["year"])
            month = _month(groups.get("month"), report, p)
            approximate = False
        found.append(Event(p.slug, p.paragraph, sentence, p.kind, p.label.format_map(groups), match.group(0),
                           year, month, approximate))
    return found
