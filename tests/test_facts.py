"""The built graph against the report: every expected value below was read by hand
from data/birmingham-2012/ofsted-birmingham-2012.txt (line numbers as `cat -n` shows them)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from conftest import ask, graph_iri, in_report, report_lines, select

XSD = "http://www.w3.org/2001/XMLSchema#"
STRUCTURE = graph_iri("structure")

# Paragraphs split by a page break: (first line, last line) in the text file.
SPLIT = {11: (86, 88), 13: (94, 96), 20: (110, 112), 23: (116, 118),
         25: (125, 127), 29: (132, 134), 33: (144, 146), 36: (150, 152)}


def paragraph_texts(store) -> dict[int, str]:
    rows = select(store, "SELECT ?n ?text WHERE { ?p a ikg:Paragraph ; ikg:number ?n ; ikg:text ?text }")
    return {r["n"]: r["text"] for r in rows}


def expected_paragraph(number: int) -> str:
    """The paragraph as the text file prints it: its numbered line, plus (for the
    paragraphs split by a page break) the line after the blank, joined by one space."""
    lines = report_lines()
    prefix = f"{number}. "
    if number in SPLIT:
        first, last = SPLIT[number]
        assert lines[first - 1].startswith(prefix) and lines[first].strip() == ""
        return lines[first - 1][len(prefix):] + " " + lines[last - 1]
    found = [line for line in lines if line.startswith(prefix)]
    assert len(found) == 1
    return found[0][len(prefix):]


# ---------------------------------------------------------------- the report itself

def test_report_metadata(store):
    report = in_report()
    rows = select(store, f"""
        SELECT ?title ?la ?age ?rights ?notice WHERE {{
          <{report}> a ikg:InspectionReport ; dcterms:title ?title ; ikg:localAuthority ?la ;
                     ikg:ageGroup ?age ; dcterms:rights ?rights ; ikg:reproductionNotice ?notice }}""")
    assert rows == [{
        "title": "Inspection of local authority arrangements for the protection of children",
        "la": "Birmingham City Council",
        "age": "All",
        "rights": "\u00a9 Crown copyright 2012",
        "notice": "This document may be reproduced in whole or in part for non-commercial purposes, provided that "
                  "the information quoted is reproduced without adaptation and the source and date of publication "
                  "are stated.",
    }]


def test_inspection_dates_are_xsd_dates(store):
    report = in_report()
    assert ask(store, f"""ASK {{
        <{report}> ikg:inspection ?i .
        ?i prov:startedAtTime "2012-09-10"^^xsd:date ; prov:endedAtTime "2012-09-19"^^xsd:date ;
           time:hasTime ?interval .
        ?interval time:hasBeginning/time:inXSDDate "2012-09-10"^^xsd:date ;
                  time:hasEnd/time:inXSDDate "2012-09-19"^^xsd:date }}""")
    rows = select(store, f"""SELECT ?s ?e WHERE {{ <{report}> ikg:inspection ?i .
                              ?i prov:startedAtTime ?s ; prov:endedAtTime ?e }}""")
    assert rows == [{"s": "2012-09-10", "e": "2012-09-19"}]


def test_lead_inspector(store):
    rows = select(store, f"""SELECT ?name ?title WHERE {{
        <{in_report()}> ikg:leadInspector ?p . ?p a ikg:Person ; foaf:name ?name ; ikg:honorific ?title }}""")
    assert rows == [{"name": "Marie McGuinness", "title": "HMI"}]


def test_team_of_six_and_legal_basis(store):
    rows = select(store, f"""SELECT ?size (DATATYPE(?size) AS ?dt) ?basis ?unannounced WHERE {{
        <{in_report()}> ikg:teamSize ?size ; ikg:legalBasis ?basis ; ikg:unannounced ?unannounced }}""")
    assert rows == [{"size": 6, "dt": XSD + "integer",
                     "basis": "section 136 of the Education and Inspections Act 2006", "unannounced": True}]


def test_sections_follow_the_contents(store):
    rows = select(store, """SELECT ?order ?title ?page WHERE {
        ?s a ikg:Section ; ikg:order ?order ; dcterms:title ?title ; ikg:page ?page } ORDER BY ?order""")
    assert [(r["title"], r["page"]) for r in rows] == [
        ("Inspection of local authority arrangements for the protection of children", 2),
        ("The inspection judgements and what they mean", 2),
        ("Overall effectiveness", 2),
        ("Areas for improvement", 2),
        ("About this inspection", 4),
        ("Service information", 4),
        ("Overall effectiveness", 5),
        ("The effectiveness of the help and protection provided to children, young people, families and carers", 6),
        ("The quality of practice", 9),
        ("Leadership and governance", 11),
        ("Record of main findings", 13),
    ]
    assert [r["order"] for r in rows] == list(range(1, 12))


# ---------------------------------------------------------------- paragraphs and sentences

def test_thirty_seven_numbered_paragraphs(store):
    texts = paragraph_texts(store)
    assert sorted(texts) == list(range(1, 38))
    assert len(select(store, "SELECT ?p WHERE { ?p a ikg:Paragraph }")) == 37


def test_paragraph_sections(store):
    rows = select(store, "SELECT ?n ?title WHERE { ?p a ikg:Paragraph ; ikg:number ?n ; ikg:section/dcterms:title ?title }")
    section = {r["n"]: r["title"] for r in rows}
    expected = {1: "The inspection judgements and what they mean", 2: "Overall effectiveness",
                3: "Areas for improvement"}
    expected |= {n: "About this inspection" for n in range(4, 9)}
    expected |= {n: "Service information" for n in range(9, 13)}
    expected |= {n: "Overall effectiveness" for n in range(13, 16)}
    expected |= {n: "The effectiveness of the help and protection provided to children, young people, families "
                    "and carers" for n in range(16, 24)}
    expected |= {n: "The quality of practice" for n in range(24, 31)}
    expected |= {n: "Leadership and governance" for n in range(31, 38)}
    assert section == expected


def test_every_paragraph_text_is_exact(store):
    texts = paragraph_texts(store)
    for number in range(1, 38):
        assert texts[number] == expected_paragraph(number), number


def test_short_paragraphs_full_text(store):
    texts = paragraph_texts(store)
    assert texts[1] == "All inspection judgements are made using the following four point scale."
    assert texts[2] == ("The overall effectiveness of the arrangements to protect children in Birmingham City "
                        "Council is judged to be inadequate.")
    assert texts[4] == "This inspection was unannounced."
    assert texts[7] == "The inspection team consisted of six of Her Majesty's Inspectors (HMI)."
    assert texts[8] == "This inspection was carried out under section 136 of the Education and Inspections Act 2006."


def test_page_break_joins_one_space(store):
    texts = paragraph_texts(store)
    joined = {
        11: "located within the integrated services and care division",
        13: "at most child protection conferences does not support",
        20: "planning with the wider family, use of interim care orders",
        23: "unacceptable variation in the skills and expertise",
        25: "screening and prioritising domestic violence notifications",
        29: "In most case files seen, some degree of management oversight",
        33: "now beginning to be addressed. In some cases",
        36: "a review of sub-groups. A renewed commitment",
    }
    for number, words in joined.items():
        assert words in texts[number], number
    for number, text in texts.items():
        assert "\n" not in text and "\t" not in text and "  " not in text, number
        assert text == text.strip(), number


def test_split_paragraphs_record_both_lines(store):
    rows = select(store, "SELECT ?n ?start ?end WHERE { ?p a ikg:Paragraph ; ikg:number ?n ; ikg:startLine ?start ; ikg:endLine ?end }")
    lines = {r["n"]: (r["start"], r["end"]) for r in rows}
    assert {n: span for n, span in lines.items() if span[0] != span[1]} == SPLIT
    assert lines[1] == (38, 38) and lines[37] == (154, 154)


def test_paragraph_26_has_no_final_full_stop(store):
    texts = paragraph_texts(store)
    assert texts[26].endswith("reviewed regularly by independent reviewing officers")
    rows = select(store, """SELECT ?text WHERE { ?p ikg:number 26 ; a ikg:Paragraph ; ikg:hasSentence ?s .
                                                  ?s ikg:position 3 ; ikg:text ?text }""")
    assert rows == [{"text": "However, basic child protection planning formats are in place which give appropriate "
                             "consideration to risk and protective factors and are reviewed regularly by independent "
                             "reviewing officers"}]


def test_sentences_concatenate_back_to_their_paragraph(store):
    rows = select(store, """SELECT ?n ?pos ?offset ?text WHERE {
        ?p a ikg:Paragraph ; ikg:number ?n ; ikg:hasSentence ?s .
        ?s ikg:position ?pos ; ikg:offset ?offset ; ikg:text ?text ; ikg:inParagraph ?p } ORDER BY ?n ?pos""")
    texts = paragraph_texts(store)
    by_paragraph: dict[int, list[dict]] = {}
    for row in rows:
        by_paragraph.setdefault(row["n"], []).append(row)
    assert sorted(by_paragraph) == list(range(1, 38))
    for number, sentences in by_paragraph.items():
        assert [s["pos"] for s in sentences] == list(range(1, len(sentences) + 1)), number
        assert " ".join(s["text"] for s in sentences) == texts[number], number
        for s in sentences:
            assert texts[number][s["offset"]:s["offset"] + len(s["text"])] == s["text"], (number, s["pos"])


def test_sentence_counts_read_by_hand(store):
    rows = select(store, """SELECT ?n (COUNT(?s) AS ?count) WHERE {
        ?p a ikg:Paragraph ; ikg:number ?n ; ikg:hasSentence ?s } GROUP BY ?n""")
    counts = {r["n"]: r["count"] for r in rows}
    # counted by hand: 4 "This inspection was unannounced." (1); 9 (6); 10 (3);
    # 13 (14, "Board'." ends one, "For example;" starts one); 20 (5); 26 (3); 36 (10)
    assert {n: counts[n] for n in (4, 9, 10, 13, 20, 26, 36)} == {4: 1, 9: 6, 10: 3, 13: 14, 20: 5, 26: 3, 36: 10}


def test_awkward_sentences_in_the_graph(store):
    rows = select(store, """SELECT ?n ?pos ?text WHERE { ?p a ikg:Paragraph ; ikg:number ?n ; ikg:hasSentence ?s .
                                                          ?s ikg:position ?pos ; ikg:text ?text }""")
    sentence = {(r["n"], r["pos"]): r["text"] for r in rows}
    assert sentence[(13, 3)].endswith("with the oversight of the Improvement Board'.")
    assert sentence[(13, 4)].startswith("Since the first improvement notice")
    assert sentence[(13, 10)].startswith("For example; there are high rates of re-referrals;")
    assert sentence[(10, 3)].endswith("ranges from 42.1% to 49.9%.")
    assert sentence[(36, 2)].startswith("A renewed commitment from partners")


# ---------------------------------------------------------------- areas for improvement

def action_rows(store) -> dict[int, dict]:
    rows = select(store, """SELECT ?n ?text ?timescale ?due (DATATYPE(?due) AS ?dt) ?para WHERE {
        ?a a ikg:Action ; ikg:number ?n ; ikg:text ?text ; ikg:timescale ?timescale ; ikg:dueDate ?due ;
           ikg:paragraph/ikg:number ?para }""")
    return {r["n"]: r for r in rows}


def test_fourteen_areas_for_improvement(store):
    actions = action_rows(store)
    assert sorted(actions) == list(range(1, 15))
    assert len(select(store, "SELECT ?a WHERE { ?a a ikg:Action }")) == 14


def test_timescales_and_due_dates(store):
    actions = action_rows(store)
    immediately = "https://w3id.org/inspection-kg/def/timescale/immediately"
    three_months = "https://w3id.org/inspection-kg/def/timescale/within-three-months"
    assert Counter(a["timescale"] for a in actions.values()) == {immediately: 10, three_months: 4}
    for n, action in actions.items():
        if n <= 10:
            assert (action["timescale"], action["due"]) == (immediately, "2012-09-19"), n
        else:
            assert (action["timescale"], action["due"]) == (three_months, "2012-12-19"), n
        assert action["dt"] == XSD + "date"
        assert action["para"] == 3


def test_action_texts_are_the_list_items(store):
    lines = report_lines()
    # the list items' lines, read from the text file: 55-59, (page break), 61-65, 69-72
    item_lines = [55, 56, 57, 58, 59, 61, 62, 63, 64, 65, 69, 70, 71, 72]
    actions = action_rows(store)
    for number, line in enumerate(item_lines, 1):
        assert lines[line - 1].startswith("- ")
        assert actions[number]["text"] == lines[line - 1][2:], number
    assert actions[5]["text"] == ("improve the quality of assessments so that they are focused on robust "
                                  "assessments of risk.")
    assert actions[12]["text"] == ("review the purpose, role and functioning of the integrated family support "
                                   "teams so that they are fit for purpose")


def test_actions_after_the_page_break_carry_a_note(store):
    rows = select(store, "SELECT ?n WHERE { ?a a ikg:Action ; ikg:number ?n ; skos:editorialNote ?note }")
    assert sorted(r["n"] for r in rows) == [6, 7, 8, 9, 10]


def test_actions_naming_the_bscb(store):
    actions = action_rows(store)
    assert {n for n, a in actions.items() if "BSCB" in a["text"]} == {2, 10, 11, 13, 14}
    assert {n for n, a in actions.items() if "Birmingham Safeguarding Children Board" in a["text"]} == {2}


# ---------------------------------------------------------------- judgements and the scale

def test_four_judgements_all_inadequate(store):
    rows = select(store, """SELECT ?area ?grade ?para ?section WHERE {
        ?j a ikg:Judgement ; ikg:area ?area ; ikg:grade ?grade ; ikg:paragraph/ikg:number ?para ;
           ikg:section/dcterms:title ?section }""")
    judged = {r["area"]: r for r in rows}
    assert len(rows) == 4
    assert set(judged) == {
        "Overall effectiveness",
        "The effectiveness of the help and protection provided to children, young people, families and carers",
        "The quality of practice",
        "Leadership and governance",
    }
    for area, row in judged.items():
        assert row["grade"] == "https://w3id.org/inspection-kg/def/grade/inadequate", area
        assert row["section"] == area
    # the paragraphs that state the grades: 16.1, 24.1, 31.1; the overall grade is stated in
    # paragraph 2 ("is judged to be inadequate") and again in 13.1
    assert judged["The effectiveness of the help and protection provided to children, young people, families "
                  "and carers"]["para"] == 16
    assert judged["The quality of practice"]["para"] == 24
    assert judged["Leadership and governance"]["para"] == 31
    assert judged["Overall effectiveness"]["para"] in (2, 13)


def test_report_uses_the_four_point_scale(store):
    rows = select(store, f"""SELECT ?label ?definition ?rank WHERE {{
        <{in_report()}> ikg:usesScale ?scheme .
        ?g skos:inScheme ?scheme ; skos:prefLabel ?label ; skos:definition ?definition ; ikg:rank ?rank }}
        ORDER BY ?rank""")
    assert [(r["rank"], r["label"], r["definition"]) for r in rows] == [
        (1, "Outstanding", "a service that significantly exceeds minimum requirements"),
        (2, "Good", "a service that exceeds minimum requirements"),
        (3, "Adequate", "a service that meets minimum requirements"),
        (4, "Inadequate", "a service that does not meet minimum requirements"),
    ]


# ---------------------------------------------------------------- figures (paragraphs 9 and 10)

FIGURES = {
    9: [("1000000", "integer"), ("287000", "integer"), ("28", "decimal"), ("314000", "integer"),
        ("9", "decimal"), ("50", "decimal"),      # "Approximately half" of the children
        ("50", "integer"),                         # "more than 50 community languages"
        ("20", "decimal"), ("10", "decimal"), ("7", "decimal"), ("4", "decimal"), ("6", "decimal")],
    10: [("5", "integer"), ("40", "integer"), ("20.64", "decimal"), ("7", "integer"),
         ("42.1", "decimal"), ("49.9", "decimal")],
}


def figure_rows(store) -> list[dict]:
    return select(store, """SELECT ?f (STR(?v) AS ?value) (DATATYPE(?v) AS ?dt) ?n ?quote ?unit ?sentence WHERE {
        ?f a ikg:Figure ; ikg:value ?v ; ikg:paragraph/ikg:number ?n ; ikg:quote ?quote ; ikg:unit ?unit ;
           prov:wasDerivedFrom ?sentence . ?sentence a ikg:Sentence }""")


def test_figures_and_their_types(store):
    rows = figure_rows(store)
    found = Counter((r["n"], Decimal(r["value"]), r["dt"]) for r in rows)
    expected = Counter((n, Decimal(v), XSD + t) for n, figures in FIGURES.items() for v, t in figures)
    assert found == expected


def test_figures_quote_the_report(store):
    texts = paragraph_texts(store)
    sentences = {r["s"]: r["text"] for r in select(store, "SELECT ?s ?text WHERE { ?s a ikg:Sentence ; ikg:text ?text }")}
    for row in figure_rows(store):
        assert row["quote"] in texts[row["n"]], row
        assert row["quote"] in sentences[row["sentence"]], row
        unit = "PERCENT" if row["dt"] == XSD + "decimal" else "NUM"
        assert row["unit"] == "http://qudt.org/vocab/unit/" + unit, row


def test_figures_by_their_words(store):
    by_quote = {r["quote"]: (Decimal(r["value"]), r["dt"]) for r in figure_rows(store)}

    def figure(words: str):
        matches = [v for q, v in by_quote.items() if words in q]
        assert len(matches) == 1, (words, matches)
        return matches[0]

    assert figure("1,000,000") == (1000000, XSD + "integer")
    assert figure("287,000") == (287000, XSD + "integer")
    assert figure("314,000") == (314000, XSD + "integer")
    assert figure("(20.64%)") == (Decimal("20.64"), XSD + "decimal")
    assert figure("Pakistani") == (20, XSD + "decimal")
    assert figure("Only five") == (5, XSD + "integer")
    assert figure("In the seven wards") == (7, XSD + "integer")
    assert figure("community languages") == (50, XSD + "integer")


def test_figure_qualifiers(store):
    rows = select(store, "SELECT ?quote ?q WHERE { ?f a ikg:Figure ; ikg:quote ?quote ; ikg:qualifier ?q }")
    qualifier = {r["quote"]: r["q"] for r in rows}
    assert [q for quote, q in qualifier.items() if "1,000,000" in quote] == ["over"]
    assert [q for quote, q in qualifier.items() if "287,000" in quote] == ["estimated"]
    assert [q for quote, q in qualifier.items() if "community languages" in quote] == ["more than"]


# ---------------------------------------------------------------- dated events

def event_rows(store) -> list[dict]:
    return select(store, """SELECT ?e ?kind ?n ?quote ?approx ?date (DATATYPE(?date) AS ?dt) ?ym ?y ?sentence WHERE {
        ?e ikg:paragraph/ikg:number ?n ; ikg:quote ?quote ; ikg:approximate ?approx ; ikg:date ?date ;
           time:hasTime ?t ; prov:wasDerivedFrom ?sentence ; a ?kind .
        ?kind rdfs:subClassOf ikg:Event .
        ?sentence a ikg:Sentence .
        OPTIONAL { ?t time:inXSDgYearMonth ?ym } OPTIONAL { ?t time:inXSDgYear ?y } }""")


def test_dated_events(store):
    rows = event_rows(store)
    found = Counter((r["n"], r["ym"] or r["y"], r["approx"], r["kind"].rsplit("#", 1)[1]) for r in rows)
    assert found == Counter({
        (13, "2009-02", False, "ImprovementNotice"): 1,  # "In February 2009, the Secretary of State issued ..."
        (13, "2010-09", False, "ImprovementNotice"): 1,  # "A further improvement notice was issued in September 2010"
        (13, "2011", False, "Restructure"): 1,           # "during 2011, a major restructure"
        (13, "2011-11", False, "Inspection"): 1,         # "undertaken in November 2011"
        (14, "2012-09", False, "Deadline"): 1,           # "to achieve its aims by September 2012"
        (32, "2012-04", True, "Appointment"): 1,         # "five months ago" before September 2012
        (36, "2011-09", True, "Appointment"): 1,         # "almost one year ago" before September 2012
        (37, "2012-05", False, "Establishment"): 1,      # "set up in May 2012"
    })


def test_event_dates_and_quotes(store):
    texts = paragraph_texts(store)
    sentences = {r["s"]: r["text"] for r in select(store, "SELECT ?s ?text WHERE { ?s a ikg:Sentence ; ikg:text ?text }")}
    for row in event_rows(store):
        assert row["dt"] == XSD + "date", row
        month = row["ym"] or row["y"] + "-01"
        assert row["date"] == month + "-01", row
        assert row["quote"] in texts[row["n"]], row
        assert row["quote"] in sentences[row["sentence"]], row


# ---------------------------------------------------------------- the structure graph's texts

def test_no_text_literal_has_a_line_break_or_double_space(store):
    rows = select(store, f"""SELECT ?s ?text WHERE {{ GRAPH <{STRUCTURE}> {{ ?s ikg:text ?text }} }}""")
    assert rows
    for row in rows:
        text = row["text"]
        assert "\n" not in text and "\t" not in text and "  " not in text and text == text.strip(), row["s"]
