"""Read the structure of an Ofsted child-protection inspection report from its text.

The text is the plain-text rendering of the published PDF. Its page breaks
survive as blank lines, sometimes in the middle of a sentence; the reader joins
such lines back into their paragraph. Everything returned keeps the report's
own wording: paragraph and sentence texts are exact substrings of the input
(modulo the page-break joins, which insert one space where the line broke).

Errors name the line of the text where an expected part is missing or where
something unexpected stands (``ExtractionError``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..errors import ExtractionError

MONTHS = {m: i for i, m in enumerate(
    "January February March April May June July August September October November December".split(), 1)}
NUMBER_WORDS = {w: i for i, w in enumerate(
    "one two three four five six seven eight nine ten eleven twelve".split(), 1)}
DASHES = "-\u2013\u2014"

# A sentence ends at . ! or ? (perhaps followed by a closing quote) before a
# space and a capital letter or an opening quote. The report has no
# abbreviations with full stops inside paragraphs, so this is enough; the
# tests pin the awkward spots (decimals, "Board'.", "For example;").
SENTENCE_END = re.compile(r"(?<=[.!?])['\u2019\"]?(?=\s+['\u2018\"]?[A-Z0-9])")
PARAGRAPH = re.compile(r"^(\d+)\.\s+(\S.*)$")
LIST_ITEM = re.compile(r"^[-\u2022]\s+(\S.*)$")
TIMESCALE_HEADING = re.compile(r"^(Immediately|Within [a-z]+ months?):\s*$")
TABLE_RULE = re.compile(r"^-+\t-+\s*$")
TERMINAL = ".!?:'\u2019\""


@dataclass
class Sentence:
    index: int          # 1-based position in its paragraph
    text: str
    offset: int         # character offset in the paragraph text


@dataclass
class Paragraph:
    number: int
    text: str
    start_line: int
    end_line: int
    section: int        # index into Report.sections
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Section:
    index: int          # 1-based, document order
    heading: str
    slug: str
    line: int
    page: int | None    # from the contents list
    grade: str | None = None
    grade_line: int | None = None


@dataclass
class Grade:
    label: str
    definition: str
    rank: int           # 1 = first listed (Outstanding)
    line: int


@dataclass
class Action:
    number: int         # 1-based over all the areas for improvement
    text: str
    line: int
    timescale: str      # the heading as printed, without the colon
    heading_line: int
    paragraph: int      # the paragraph that introduces the list
    after_page_break: bool = False  # printed after a page break with no heading of its own


@dataclass
class Judgement:
    area: str
    grade: str
    line: int           # the row of the "Record of main findings" table
    section: int        # the section whose text gives the judgement
    paragraph: int      # the paragraph that states it


@dataclass
class Report:
    title: str
    local_authority: str
    start: date
    end: date
    lead_inspector: str
    inspector_title: str
    age_group: str
    copyright: str
    website: str
    notice: str
    sections: list[Section] = field(default_factory=list)
    paragraphs: dict[int, Paragraph] = field(default_factory=dict)
    scale: list[Grade] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)
    scale_paragraph: int = 1

    def section_of(self, number: int) -> Section:
        return self.sections[self.paragraphs[number].section - 1]


def slugify(text: str) -> str:
    """A lower-case, hyphenated IRI segment for a heading or label."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def split_sentences(text: str) -> list[Sentence]:
    """Split a paragraph into sentences with their offsets; the texts concatenate back."""
    sentences, start = [], 0
    for match in SENTENCE_END.finditer(text):
        end = match.end()
        sentences.append(Sentence(len(sentences) + 1, text[start:end], start))
        start = end + len(text[end:]) - len(text[end:].lstrip())
    if start < len(text):
        sentences.append(Sentence(len(sentences) + 1, text[start:].rstrip(), start))
    return sentences


class _Lines:
    """The report's lines, numbered from 1, with a cursor."""

    def __init__(self, text: str):
        self.lines = [line.rstrip("\r") for line in text.split("\n")]
        self.pos = 0

    def error(self, message: str, line: int | None = None) -> ExtractionError:
        return ExtractionError(message, line if line is not None else min(self.pos + 1, len(self.lines)))

    def next_nonblank(self) -> tuple[int, str] | None:
        while self.pos < len(self.lines):
            self.pos += 1
            if self.lines[self.pos - 1].strip():
                return self.pos, self.lines[self.pos - 1]
        return None

    def expect(self, pattern: str, what: str) -> tuple[int, re.Match]:
        found = self.next_nonblank()
        if found is None:
            raise self.error(f"the text ends where {what} was expected")
        number, line = found
        match = re.match(pattern, line)
        if not match:
            raise self.error(f"expected {what}, found {line[:60]!r}", number)
        return number, match


def parse_report(text: str) -> Report:
    """Parse the whole report; raise ExtractionError naming the line of any missing part."""
    text = text.removeprefix("\ufeff")  # a byte-order mark is an encoding artefact, not text
    if "\x00" in text:
        raise ExtractionError("the text holds a NUL byte; is it a text file?", 1)
    lines = _Lines(text)
    report = _front_matter(lines)
    contents = _contents(lines)
    _body(lines, report, contents)
    _check_complete(lines, report)
    return report


def _front_matter(lines: _Lines) -> Report:
    _, title = lines.expect(r"^(\S.*\S)\s*$", "the report title")
    _, authority = lines.expect(r"^(\S.*\S)\s*$", "the local authority's name")
    dash = f"[{DASHES}]"
    _, dates = lines.expect(
        rf"^Inspection dates:\s*(\d{{1,2}})(?:\s+([A-Z][a-z]+))?\s*{dash}\s*(\d{{1,2}})\s+([A-Z][a-z]+)\s+(\d{{4}})\s*$",  # noqa: E501 (the report's words)
        "'Inspection dates: D - D Month YYYY'")
    _, lead = lines.expect(r"^Lead inspector:?\s+(.+?)(?:\s+(HMI|OI|AI))?\s*$", "'Lead inspector NAME'")
    _, age = lines.expect(r"^Age group:\s*(.+?)\s*$", "'Age group: ...'")
    _, rights = lines.expect(r"^(\u00a9 Crown copyright (\d{4}))\s*$", "'\u00a9 Crown copyright YYYY'")
    _, site = lines.expect(r"^Website:\s*(\S+)\s*$", "'Website: ...'")
    _, notice = lines.expect(r"^(This document may be reproduced .+)$", "the reproduction notice")
    end_month = _month(lines, dates.group(4))
    start_month = _month(lines, dates.group(2)) if dates.group(2) else end_month
    year = int(dates.group(5))
    try:
        start = date(year, start_month, int(dates.group(1)))
        end = date(year, end_month, int(dates.group(3)))
    except ValueError as exc:
        raise lines.error(f"the inspection dates are not a real date: {exc}") from exc
    if start > end:
        raise lines.error("the inspection starts after it ends")
    return Report(title=title.group(1), local_authority=authority.group(1), start=start, end=end,
                  lead_inspector=lead.group(1), inspector_title=lead.group(2) or "",
                  age_group=age.group(1), copyright=rights.group(1), website=site.group(1),
                  notice=notice.group(1))


def _month(lines: _Lines, name: str) -> int:
    if name not in MONTHS:
        raise lines.error(f"{name!r} is not a month")
    return MONTHS[name]


def _contents(lines: _Lines) -> list[tuple[str, int, int]]:
    """The contents list as (heading, page, line)."""
    while True:
        found = lines.next_nonblank()
        if found is None:
            raise lines.error("the text has no 'Contents' list")
        if found[1].strip() == "Contents":
            break
    entries = []
    while lines.pos < len(lines.lines):
        line = lines.lines[lines.pos]
        match = re.match(r"^(\S.*?)\t+(\d+)\s*$", line)
        if match:
            entries.append((match.group(1).strip(), int(match.group(2)), lines.pos + 1))
        elif line.strip() and entries:
            break
        lines.pos += 1
    if not entries:
        raise lines.error("the 'Contents' list has no entries ('heading<TAB>page')")
    return entries


def _body(lines: _Lines, report: Report, contents: list[tuple[str, int, int]]) -> None:
    """Walk the body: headings, grades, numbered paragraphs, lists and the findings table."""
    state = _BodyState(report, contents, lines)
    while (found := lines.next_nonblank()) is not None:
        state.line(*found)
    state.finish()


class _BodyState:
    """What the body walker has seen so far; one method per kind of line."""

    def __init__(self, report: Report, contents, lines: _Lines):
        self.report, self.contents, self.lines = report, list(contents), lines
        self.previous_blank = False
        self.last: Paragraph | Action | None = None  # what a continuation line would extend
        self.timescale: tuple[str, int] | None = None
        self.table_rows: list[tuple[str, str, int]] = []

    @property
    def section(self) -> Section | None:
        return self.report.sections[-1] if self.report.sections else None

    def line(self, number: int, text: str) -> None:
        gap = not self.lines.lines[number - 2].strip() if number >= 2 else True
        if self.contents and text.strip() == self.contents[0][0]:
            return self._heading(number, text.strip())
        if self.section is None:
            raise self.lines.error(f"expected the heading {self.contents[0][0]!r}", number)
        if (match := PARAGRAPH.match(text)) is not None:
            return self._paragraph(number, int(match.group(1)), match.group(2).rstrip())
        heading = self.section.heading
        if heading == "Record of main findings":
            return self._table_row(number, text)
        if text.strip() in self._grade_labels() and self.last is None and self.section.grade is None:
            self.section.grade, self.section.grade_line = text.strip(), number
            return None
        if "\t" in text and self.report.paragraphs and max(self.report.paragraphs) == self.report.scale_paragraph:
            return self._scale_row(number, text)
        if (match := TIMESCALE_HEADING.match(text)) is not None:
            self.timescale, self.last = (match.group(1), number), None
            return None
        if (match := LIST_ITEM.match(text)) is not None:
            return self._list_item(number, match.group(1).rstrip(), gap)
        return self._continuation(number, text.rstrip())

    def _grade_labels(self) -> set[str]:
        return {g.label for g in self.report.scale}

    def _heading(self, number: int, heading: str) -> None:
        _, page, _ = self.contents.pop(0)
        index = len(self.report.sections) + 1
        seen = sum(1 for s in self.report.sections if slugify(s.heading) == slugify(heading))
        slug = slugify(heading) + (f"-{seen + 1}" if seen else "")
        self.report.sections.append(Section(index, heading, slug, number, page))
        self.last, self.timescale = None, None

    def _paragraph(self, line: int, number: int, text: str) -> None:
        expected = len(self.report.paragraphs) + 1
        if number != expected:
            raise self.lines.error(f"paragraph {number} where paragraph {expected} was expected", line)
        paragraph = Paragraph(number, text, line, line, self.section.index)
        self.report.paragraphs[number] = paragraph
        self.last = paragraph

    def _scale_row(self, line: int, text: str) -> None:
        label, _, definition = text.partition("\t")
        if not label.strip() or not definition.strip():
            raise self.lines.error("a row of the judgement scale needs 'Grade<TAB>definition'", line)
        scale = self.report.scale
        scale.append(Grade(label.strip(), definition.strip(), len(scale) + 1, line))
        self.last = None

    def _list_item(self, line: int, text: str, gap: bool) -> None:
        if self.timescale is None:
            raise self.lines.error("a list item with no timescale heading ('Immediately:', "
                                   "'Within ... months:') before it", line)
        actions = self.report.actions
        # An item that follows another item across a blank line was printed
        # after a page break; it and the items after it keep the heading above.
        previous = actions[-1] if actions and isinstance(self.last, Action) else None
        after_break = previous is not None and (gap or previous.after_page_break)
        action = Action(len(actions) + 1, text, line, self.timescale[0], self.timescale[1],
                        max(self.report.paragraphs, default=0), after_break)
        actions.append(action)
        self.last = action

    def _continuation(self, line: int, text: str) -> None:
        last = self.last
        joinable = isinstance(last, (Paragraph, Action)) and text[:1].islower() \
            and not last.text.endswith(tuple(TERMINAL))
        if not joinable:
            raise self.lines.error(f"unexpected text {text[:60]!r}: not a heading, numbered paragraph, "
                                   "list item or continuation of a broken sentence", line)
        last.text = f"{last.text} {text.strip()}"
        if isinstance(last, Paragraph):
            last.end_line = line

    def _table_row(self, line: int, text: str) -> None:
        if TABLE_RULE.match(text):
            return
        area, tab, grade = text.partition("\t")
        if not tab:
            raise self.lines.error("a row of the 'Record of main findings' needs 'area<TAB>grade'", line)
        if grade.strip():
            if grade.strip() not in self._grade_labels():
                raise self.lines.error(f"{grade.strip()!r} is not a grade of the scale in paragraph "
                                       f"{self.report.scale_paragraph}", line)
            self.table_rows.append((area.strip(), grade.strip(), line))

    def finish(self) -> None:
        if self.contents:
            heading, _, line = self.contents[0]
            raise self.lines.error(f"the section {heading!r} listed in the contents never starts", line)
        for paragraph in self.report.paragraphs.values():
            paragraph.sentences = split_sentences(paragraph.text)
        self.report.judgements = [self._judgement(*row) for row in self.table_rows]

    def _judgement(self, area: str, grade: str, line: int) -> Judgement:
        """Tie a row of the findings table to the section and paragraph that give it."""
        report = self.report
        candidates = [s for s in report.sections if s.heading == area]
        if not candidates:
            raise self.lines.error(f"the findings table judges {area!r}, which is no section of the report", line)
        # A heading may recur (a summary and a full section): the judged section
        # is the last one, whose paragraphs carry the evidence.
        section = candidates[-1]
        if section.grade is not None and section.grade != grade:
            raise self.lines.error(f"the table grades {area!r} {grade!r} but its section says "
                                   f"{section.grade!r} (line {section.grade_line})", line)
        stating = _stating_paragraph(report, area, grade, candidates)
        if stating is None:
            raise self.lines.error(f"no paragraph states the judgement {area!r}: {grade!r}", line)
        return Judgement(area, grade, line, section.index, stating)


def _stating_paragraph(report: Report, area: str, grade: str, sections: list[Section]) -> int | None:
    """The first paragraph, in the area's sections, that says the area is of that grade."""
    area_words = area.lower()
    phrase = re.compile(rf"\b(?:is|are)\s+(?:judged\s+to\s+be\s+)?{grade.lower()}\b")
    indexes = {s.index for s in sections}
    for paragraph in report.paragraphs.values():
        if paragraph.section in indexes:
            first = paragraph.sentences[0].text.lower() if paragraph.sentences else paragraph.text.lower()
            if phrase.search(first) and _mentions_area(first, area_words):
                return paragraph.number
    return None


def _mentions_area(sentence: str, area: str) -> bool:
    """Loose match: the area's key words appear in the sentence (the report rewords headings)."""
    words = [w for w in re.findall(r"[a-z]+", area) if w not in {"the", "of", "and", "to", "provided", "young"}]
    return sum(w in sentence for w in words) >= max(1, len(words) - 2)


def _check_complete(lines: _Lines, report: Report) -> None:
    """Fail, naming a line, when a part every report of this kind has is missing."""
    end = len(lines.lines)
    if not report.paragraphs:
        raise ExtractionError("the report has no numbered paragraphs", end)
    if len(report.scale) != 4:
        raise ExtractionError(f"paragraph {report.scale_paragraph} should list the four-point scale "
                              f"('Grade<TAB>definition'); found {len(report.scale)} rows",
                              report.paragraphs[report.scale_paragraph].start_line)
    if not report.actions:
        raise ExtractionError("the report has no areas for improvement", end)
    if not report.judgements:
        raise ExtractionError("the report has no 'Record of main findings' table", end)
