"""The extractor (service.extract) on the real report and on the awkward spots.

Expected values are read by hand from the report text; line numbers of errors
are computed from the edit each test makes, never taken from the program.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import copied_report, copy_project, report_lines

from service.config import Paths
from service.errors import ExtractionError
from service.graph.build import build
from service.report.extract import parse_report, split_sentences

# ---------------------------------------------------------------- a small hand-made report

SCALE_ROWS = [
    "Outstanding\ta service that significantly exceeds minimum requirements",
    "Good\ta service that exceeds minimum requirements",
    "Adequate\ta service that meets minimum requirements",
    "Inadequate\ta service that does not meet minimum requirements",
]


def small_report() -> list[str]:
    """A minimal report of the same shape as Ofsted's, with a page break inside
    paragraph 3 (lines 52-54) and one inside the Immediately list (line 41)."""
    return [
        "",                                                             # 1
        "Inspection of local authority arrangements for the protection of children",  # 2
        "",                                                             # 3
        "Somewhere Borough Council",                                    # 4
        "",                                                             # 5
        "Inspection dates: 4 \u2013 8 March 2013",                      # 6
        "Lead inspector Jane Example HMI",                              # 7
        "",                                                             # 8
        "Age group: All",                                               # 9
        "",                                                             # 10
        "\u00a9 Crown copyright 2013",                                  # 11
        "",                                                             # 12
        "Website: www.ofsted.gov.uk",                                   # 13
        "",                                                             # 14
        "This document may be reproduced in whole or in part.",         # 15
        "",                                                             # 16
        "Contents",                                                     # 17
        "",                                                             # 18
        "The inspection judgements and what they mean\t2",              # 19
        "Areas for improvement\t2",                                     # 20
        "Leadership and governance\t3",                                 # 21
        "Record of main findings\t4",                                   # 22
        "",                                                             # 23
        "The inspection judgements and what they mean",                 # 24
        "",                                                             # 25
        "1. All inspection judgements are made using the following four point scale.",  # 26
        "",                                                             # 27
        *SCALE_ROWS,                                                    # 28-31
        "",                                                             # 32
        "Areas for improvement",                                        # 33
        "",                                                             # 34
        "2. The local authority and its partners should take the following action.",  # 35
        "",                                                             # 36
        "Immediately:",                                                 # 37
        "",                                                             # 38
        "- do the first thing",                                         # 39
        "- do the second thing.",                                       # 40
        "",                                                             # 41
        "- do the third thing, printed after a page break",             # 42
        "",                                                             # 43
        "Within three months:",                                         # 44
        "",                                                             # 45
        "- do the fourth thing",                                        # 46
        "",                                                             # 47
        "Leadership and governance",                                    # 48
        "",                                                             # 49
        "Good",                                                         # 50
        "",                                                             # 51
        "3. Leadership and governance arrangements are good. Responsibility is located within the",  # 52
        "",                                                             # 53
        "integrated services division. It works well.",                 # 54
        "",                                                             # 55
        "Record of main findings",                                      # 56
        "",                                                             # 57
        "Leadership and governance\tGood",                              # 58
        "",                                                             # 59
    ]


def text_of(lines: list[str]) -> str:
    return "\n".join(lines)


def line_of(lines: list[str], startswith: str) -> int:
    """The 1-based number of the one line that starts with ``startswith``."""
    found = [i + 1 for i, line in enumerate(lines) if line.startswith(startswith)]
    assert len(found) == 1, f"{startswith!r} found on lines {found}"
    return found[0]


def extraction_error(lines: list[str]) -> ExtractionError:
    with pytest.raises(ExtractionError) as caught:
        parse_report(text_of(lines))
    return caught.value


# ---------------------------------------------------------------- the small report parses as read

def test_small_report_parses():
    report = parse_report(text_of(small_report()))
    assert report.local_authority == "Somewhere Borough Council"
    assert (report.start, report.end) == (date(2013, 3, 4), date(2013, 3, 8))
    assert sorted(report.paragraphs) == [1, 2, 3]
    assert [g.label for g in report.scale] == ["Outstanding", "Good", "Adequate", "Inadequate"]
    assert [(j.area, j.grade, j.paragraph) for j in report.judgements] == [("Leadership and governance", "Good", 3)]


def test_page_break_inside_a_paragraph_is_joined_with_one_space():
    lines = small_report()
    report = parse_report(text_of(lines))
    paragraph = report.paragraphs[3]
    assert paragraph.text == ("Leadership and governance arrangements are good. Responsibility is located "
                              "within the integrated services division. It works well.")
    assert (paragraph.start_line, paragraph.end_line) == (line_of(lines, "3. "), line_of(lines, "integrated services"))
    assert [s.text for s in paragraph.sentences] == [
        "Leadership and governance arrangements are good.",
        "Responsibility is located within the integrated services division.",
        "It works well.",
    ]


def test_list_continuing_after_a_page_break_keeps_its_heading():
    lines = small_report()
    report = parse_report(text_of(lines))
    assert [(a.number, a.text, a.timescale) for a in report.actions] == [
        (1, "do the first thing", "Immediately"),
        (2, "do the second thing.", "Immediately"),
        (3, "do the third thing, printed after a page break", "Immediately"),
        (4, "do the fourth thing", "Within three months"),
    ]
    assert [a.after_page_break for a in report.actions] == [False, False, True, False]
    assert {a.heading_line for a in report.actions[:3]} == {line_of(lines, "Immediately:")}
    assert report.actions[3].heading_line == line_of(lines, "Within three months:")
    assert {a.paragraph for a in report.actions} == {2}


def test_page_break_inside_a_list_item_is_joined():
    lines = small_report()
    at = line_of(lines, "- do the fourth thing")
    lines[at - 1] = "- do the fourth thing with the"
    lines[at:at] = ["", "integrated family support teams"]
    report = parse_report(text_of(lines))
    assert report.actions[3].text == "do the fourth thing with the integrated family support teams"
    assert report.actions[3].timescale == "Within three months"


# ---------------------------------------------------------------- sentence splitting

def test_sentence_after_a_closing_quote():
    text = ("A further improvement notice was issued with the oversight of the Improvement Board'. "
            "Since the first improvement notice, Ofsted has undertaken two inspections.")
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "A further improvement notice was issued with the oversight of the Improvement Board'.",
        "Since the first improvement notice, Ofsted has undertaken two inspections.",
    ]
    assert [s.offset for s in sentences] == [0, text.index("Since")]


def test_semicolons_do_not_end_a_sentence():
    text = ("Shortfalls remain. For example; there are high rates of re-referrals; children are not "
            "visited, and too many plans are repeated. In some cases it was premature.")
    assert [s.text for s in split_sentences(text)] == [
        "Shortfalls remain.",
        "For example; there are high rates of re-referrals; children are not visited, and too many plans are repeated.",
        "In some cases it was premature.",
    ]


def test_decimals_do_not_end_a_sentence():
    text = ("Only five of the 40 wards have fewer children living in poverty than the national average (20.64%). "
            "In the seven wards, the percentage ranges from 42.1% to 49.9%.")
    assert [s.text for s in split_sentences(text)] == [
        "Only five of the 40 wards have fewer children living in poverty than the national average (20.64%).",
        "In the seven wards, the percentage ranges from 42.1% to 49.9%.",
    ]


def test_quotes_inside_a_sentence_and_at_its_end():
    text = ("An ongoing commitment through 'ParentViewsCount', demonstrates impact. "
            "As one family said: 'without the service we would not be a family, we were at breaking point'.")
    assert [s.text for s in split_sentences(text)] == [
        "An ongoing commitment through 'ParentViewsCount', demonstrates impact.",
        "As one family said: 'without the service we would not be a family, we were at breaking point'.",
    ]


def test_closing_quote_after_the_full_stop_stays_with_its_sentence():
    text = "One family said 'we were at breaking point.' The service helped them."
    assert [s.text for s in split_sentences(text)] == [
        "One family said 'we were at breaking point.'", "The service helped them."]


def test_last_sentence_without_a_full_stop_is_kept():
    text = "Plans are in place. They are reviewed regularly by independent reviewing officers"
    assert [s.text for s in split_sentences(text)] == [
        "Plans are in place.", "They are reviewed regularly by independent reviewing officers"]


def test_a_lower_case_word_after_a_full_stop_does_not_start_a_sentence():
    assert len(split_sentences("This is one sentence. and this continues it.")) == 1


# ---------------------------------------------------------------- the real report's awkward spots

def test_real_paragraph_13_sentences(report):
    sentences = [s.text for s in report.paragraphs[13].sentences]
    assert len(sentences) == 14
    assert sentences[2].endswith("with the oversight of the Improvement Board'.")
    assert sentences[3].startswith("Since the first improvement notice, Ofsted has undertaken")
    assert sentences[9].startswith("For example; there are high rates of re-referrals; children and young people")
    assert sentences[9].endswith("too many children are subject to repeat child protection plans.")
    assert sentences[13] == ("For instance, the absence of a consistent representation by police at most child "
                             "protection conferences does not support effective joint planning in the protection "
                             "of children.")


def test_real_paragraph_10_decimals(report):
    assert [s.text for s in report.paragraphs[10].sentences] == [
        "Birmingham has significant areas of deprivation.",
        "Only five of the 40 wards in the council area have fewer children living in poverty than the "
        "national average (20.64%).",
        "In the seven wards with the highest levels of deprivation, the percentage of children living in "
        "poverty ranges from 42.1% to 49.9%.",
    ]


def test_real_sentences_concatenate_back_to_each_paragraph(report):
    assert sorted(report.paragraphs) == list(range(1, 38))
    for number, paragraph in report.paragraphs.items():
        assert " ".join(s.text for s in paragraph.sentences) == paragraph.text, number
        for s in paragraph.sentences:
            assert paragraph.text[s.offset:s.offset + len(s.text)] == s.text, (number, s.index)
        assert [s.index for s in paragraph.sentences] == list(range(1, len(paragraph.sentences) + 1))


def test_real_page_break_joins(report):
    # (paragraph, first line, last line, words across the break) read from the text file
    joins = {
        11: (86, 88, "is located within the integrated services and care division of the local authority"),
        13: (94, 96, "by police at most child protection conferences does not support effective joint planning"),
        20: (110, 112, "good consultation and planning with the wider family, use of interim care orders"),
        23: (116, 118, "Interventions show unacceptable variation in the skills and expertise of staff"),
        25: (125, 127, "a satisfactory process for screening and prioritising domestic violence notifications."),
        29: (132, 134, "In most case files seen, some degree of management oversight was evident"),
        33: (144, 146, "are now beginning to be addressed. In some cases, swift decisions"),
        36: (150, 152, "including a review of sub-groups. A renewed commitment from partners"),
    }
    for number, (first, last, words) in joins.items():
        paragraph = report.paragraphs[number]
        assert (paragraph.start_line, paragraph.end_line) == (first, last), number
        assert words in paragraph.text, number
        assert "\n" not in paragraph.text and "  " not in paragraph.text, number
    split = {n for n, p in report.paragraphs.items() if p.end_line != p.start_line}
    assert split == set(joins)


def test_real_paragraph_26_has_no_final_full_stop(report):
    paragraph = report.paragraphs[26]
    assert paragraph.text.endswith("are reviewed regularly by independent reviewing officers")
    assert paragraph.sentences[-1].text == (
        "However, basic child protection planning formats are in place which give appropriate consideration "
        "to risk and protective factors and are reviewed regularly by independent reviewing officers")


def test_real_immediately_list_continues_after_the_page_break(report):
    # Lines 53-65: "Immediately:", five items, a blank (the page break), five more items;
    # line 67: "Within three months:" and four items.
    assert len(report.actions) == 14
    assert [a.timescale for a in report.actions] == ["Immediately"] * 10 + ["Within three months"] * 4
    assert [a.line for a in report.actions] == [55, 56, 57, 58, 59, 61, 62, 63, 64, 65, 69, 70, 71, 72]
    assert [a.heading_line for a in report.actions] == [53] * 10 + [67] * 4
    assert [a.number for a in report.actions if a.after_page_break] == [6, 7, 8, 9, 10]
    assert report.actions[5].text == ("take further action to reduce the proportion of children missing from "
                                      "education and minimise risks to them")


def test_real_front_matter(report):
    assert report.title == "Inspection of local authority arrangements for the protection of children"
    assert report.local_authority == "Birmingham City Council"
    assert (report.start, report.end) == (date(2012, 9, 10), date(2012, 9, 19))
    assert (report.lead_inspector, report.inspector_title) == ("Marie McGuinness", "HMI")
    assert report.age_group == "All"
    assert report.copyright == "\u00a9 Crown copyright 2012"
    assert report.website == "www.ofsted.gov.uk"


def test_real_scale_and_findings_table(report):
    assert [(g.label, g.definition, g.rank, g.line) for g in report.scale] == [
        ("Outstanding", "a service that significantly exceeds minimum requirements", 1, 40),
        ("Good", "a service that exceeds minimum requirements", 2, 41),
        ("Adequate", "a service that meets minimum requirements", 3, 42),
        ("Inadequate", "a service that does not meet minimum requirements", 4, 43),
    ]
    assert [(j.area, j.grade, j.line) for j in report.judgements] == [
        ("Overall effectiveness", "Inadequate", 159),
        ("The effectiveness of the help and protection provided to children, young people, families and carers",
         "Inadequate", 160),
        ("The quality of practice", "Inadequate", 161),
        ("Leadership and governance", "Inadequate", 163),
    ]


# ---------------------------------------------------------------- errors name the right line

def test_missing_inspection_dates_line():
    lines = report_lines()
    del lines[line_of(lines, "Inspection dates:") - 1]
    error = extraction_error(lines)
    # the line standing where the dates were expected is the lead inspector's
    assert error.line == line_of(lines, "Lead inspector")
    assert str(error).startswith(f"line {error.line}:")
    assert "Inspection dates" in str(error)


def test_paragraph_number_out_of_sequence():
    lines = report_lines()
    at = line_of(lines, "14. Over the last three years")
    lines[at - 1] = lines[at - 1].replace("14. ", "15. ", 1)
    error = extraction_error(lines)
    assert error.line == at
    assert "15" in error.detail and "14" in error.detail


def test_paragraph_number_repeated():
    lines = report_lines()
    at = line_of(lines, "30. Advocacy services")
    lines[at - 1] = lines[at - 1].replace("30. ", "29. ", 1)
    assert extraction_error(lines).line == at


def test_unexpected_capitalised_line_after_a_blank_inside_a_section():
    lines = report_lines()
    after = line_of(lines, "12. Contacts and referrals")
    lines[after:after] = ["", "Some stray text that is neither a heading nor a paragraph."]
    error = extraction_error(lines)
    assert error.line == after + 2
    assert "Some stray text" in error.detail


def test_lower_case_line_after_a_finished_paragraph_is_not_joined():
    lines = report_lines()
    after = line_of(lines, "4. This inspection was unannounced.")
    lines[after:after] = ["", "and this line continues nothing."]
    assert extraction_error(lines).line == after + 2


def test_grade_not_on_the_scale_in_the_findings_table():
    lines = report_lines()
    at = line_of(lines, "The quality of practice\tInadequate")
    lines[at - 1] = "The quality of practice\tRequires improvement"
    error = extraction_error(lines)
    assert error.line == at
    assert "Requires improvement" in error.detail


def test_findings_table_contradicting_its_section():
    lines = report_lines()
    at = line_of(lines, "Leadership and governance\tInadequate")
    lines[at - 1] = "Leadership and governance\tGood"
    assert extraction_error(lines).line == at


def test_list_item_without_a_timescale_heading():
    lines = report_lines()
    at = line_of(lines, "Immediately:")
    lines[at - 1] = ""
    error = extraction_error(lines)
    assert error.line == line_of(lines, "- ensure compliance with statutory requirements")


def test_error_in_the_small_report_names_its_line():
    lines = small_report()
    at = line_of(lines, "3. Leadership")
    lines[at - 1] = lines[at - 1].replace("3. ", "4. ", 1)
    assert extraction_error(lines).line == at


def test_unknown_timescale_heading_is_read_but_fails_the_build(tmp_path):
    lines = report_lines()
    at = line_of(lines, "Within three months:")
    lines[at - 1] = "Within nine months:"
    report = parse_report(text_of(lines))
    assert [a.timescale for a in report.actions[10:]] == ["Within nine months"] * 4

    root = copy_project(tmp_path / "project")
    copied_report(root).write_text(text_of(lines), encoding="utf-8")
    with pytest.raises(ExtractionError) as caught:
        build(Paths(root, tmp_path / "build"), force=True)
    assert caught.value.line == at
    assert "Within nine months" in str(caught.value)
    assert not (tmp_path / "build" / "dataset.nq").exists()


def test_windows_line_endings_read_the_same(report, report_text):
    crlf = parse_report(report_text.replace("\n", "\r\n"))
    assert {n: p.text for n, p in crlf.paragraphs.items()} == {n: p.text for n, p in report.paragraphs.items()}
    assert [(a.text, a.timescale) for a in crlf.actions] == [(a.text, a.timescale) for a in report.actions]
    assert [(g.label, g.definition) for g in crlf.scale] == [(g.label, g.definition) for g in report.scale]
