"""One synthetic report: its text, line by line in the real report's format, and its curated Turtle."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..namespaces import DEFAULT_BASE, Minter
from .extract import MONTHS, NUMBER_WORDS, TERMINAL, split_sentences
from .synth_turtle import Action, Body, Finding, actions_turtle, bodies_turtle, findings_turtle
from .synth_words import (
    ACTIONS,
    CONTEXT,
    FIRST_NAMES,
    GRADES,
    LAST_NAMES,
    PREDICATES,
    SCALE,
    TEAM_SIZES,
    TIMESCALES,
    TOPICS,
)

MONTH_NAMES = {number: name for name, number in MONTHS.items()}
WORDS = {number: word for word, number in NUMBER_WORDS.items()}
TITLE = "Inspection of local authority arrangements for the protection of children"
HELP = "The effectiveness of the help and protection provided to children, young people, families and carers"
PRACTICE, LEADERSHIP, OVERALL = "The quality of practice", "Leadership and governance", "Overall effectiveness"
# How likely each kind of sentence is in a section of each grade: weakness, strength, development, no finding.
KINDS = ("Weakness", "Strength", "Development", None)
MIX = {"Outstanding": (5, 75, 5, 15), "Good": (20, 55, 10, 15), "Adequate": (40, 35, 10, 15),
       "Inadequate": (65, 12, 8, 15)}
__all__ = ["Body", "Written", "write_report"]


@dataclass
class Written:
    files: dict[str, str] = field(default_factory=dict)  # file name -> text


@dataclass
class _Sentence:
    text: str
    findings: list[Finding] = field(default_factory=list)


def _running(label: str) -> str:
    """A body's label as running text names it: 'Children's centres' -> 'children's centres'."""
    words = label.split()
    return label if any(w[0].isupper() for w in words[1:]) else label[0].lower() + label[1:]


class _Report:
    """Composes one report: paragraphs of sentences with their findings, the areas for improvement, the lines."""

    def __init__(self, report_id: str, authority, year: int, rng: random.Random):
        self.id, self.authority, self.year, self.rng = report_id, authority, year, rng
        self.bodies: dict[str, Body] = authority.bodies
        self.names = {role: _running(b.label) for role, b in self.bodies.items()}
        self.names["lscb"] = self.bodies["lscb"].label
        self.lines: list[str] = []
        self.paragraphs: list[list[_Sentence]] = []
        self.used: set[str] = set()
        self.grades = self._grades()

    def _grades(self) -> dict[str, str]:
        overall = self.rng.choices(GRADES, weights=(5, 30, 40, 25))[0]
        near = [g for g in GRADES if abs(GRADES.index(g) - GRADES.index(overall)) <= 1]
        return {OVERALL: overall, **{area: self.rng.choice(near) for area in (HELP, PRACTICE, LEADERSHIP)}}

    # ------------------------------------------------------------ sentences

    def judged(self, section: str, grade: str) -> _Sentence:
        """A sentence of judgement (or, now and then, of context) for a section of a grade."""
        for _ in range(20):
            kind = self.rng.choices(KINDS, weights=MIX[grade])[0]
            sentence = self._sentence(section, kind)
            if sentence.text not in self.used:
                self.used.add(sentence.text)
                return sentence
        return _Sentence(f"Inspectors found {self.rng.randint(2, 99)} further examples of this in the cases seen.")

    def _sentence(self, section: str, kind: str | None) -> _Sentence:
        if kind is None:
            return _Sentence(self.rng.choice(CONTEXT).format(n=self.rng.randint(20, 90), year=self.year))
        topics = [t for t in TOPICS if t.section == section]
        first, second = self.rng.sample(topics, 2)
        a = self._clause(first, kind)
        if self.rng.random() < 0.12:  # one sentence, two findings: each quotes its own part
            other = self.rng.choice(("Weakness", "Strength"))
            b = self._clause(second, other)
            b = b[0].lower() + b[1:]
            return _Sentence(f"{a}, and {b}.", [Finding(kind, a, first.theme, first.role, suffix="a"),
                                                Finding(other, b, second.theme, second.role, suffix="b")])
        return _Sentence(a + ".", [Finding(kind, a + ".", first.theme, first.role)])

    def _clause(self, topic, kind: str) -> str:
        predicate = self.rng.choice(PREDICATES[kind])[1 if topic.plural else 0]
        return f"{topic.phrase.format(**self.names)} {predicate}"

    def paragraph(self, sentences: list[_Sentence]) -> int:
        self.paragraphs.append(sentences)
        return len(self.paragraphs)

    def emit(self, number: int) -> None:
        """The paragraph's line; now and then broken by a page break before a lower-case word, as PDFs are."""
        text = " ".join(s.text for s in self.paragraphs[number - 1])
        cuts = [i for i, ch in enumerate(text) if ch == " " and text[i + 1:i + 2].islower()
                and not text[:i].endswith(tuple(TERMINAL))]
        if number > 15 and cuts and self.rng.random() < 0.15:
            cut = self.rng.choice(cuts)
            self.lines += [f"{number}. {text[:cut]}", "", text[cut + 1:], ""]
        else:
            self.lines += [f"{number}. {text}", ""]


def write_report(report_id: str, authority, year: int, seed: int, rng: random.Random) -> Written:
    """The text and the curated Turtle of one synthetic report."""
    r = _Report(report_id, authority, year, rng)
    start, end = _dates(rng, year)
    blocks = _compose(r, end)
    findings = [f for number, sentences in enumerate(r.paragraphs, 1) for f in _numbered(number, sentences)]
    actions, items = _actions(r, findings)
    lines = _front_matter(r, start, end, seed)
    for kind, value in blocks:
        if kind == "paragraph":
            r.emit(value)
        elif kind == "actions":
            r.lines += items
        else:
            r.lines += [value, ""]
    for number, sentences in enumerate(r.paragraphs, 1):  # what the extractor will read, checked here
        split = [s.text for s in split_sentences(" ".join(s.text for s in sentences))]
        if split != [s.text for s in sentences]:
            raise AssertionError(f"{report_id}: paragraph {number} splits as {split}")
    derived: dict[str, list[str]] = {"council": ["paragraph/2/sentence/1"]}
    for f in findings:
        sentences = derived.setdefault(f.role, [])
        where = f"paragraph/{f.paragraph}/sentence/{f.sentence}"
        if len(sentences) < 3 and where not in sentences:
            sentences.append(where)
    note = (f"Synthetic report, written by inspection-kg synth (seed {seed}) to measure and test the pipeline: "
            "not a real inspection.")
    a = authority.slug
    addressee = str(Minter(DEFAULT_BASE).in_report(report_id, "paragraph/3/sentence/1"))
    return Written({f"{report_id}.txt": "\n".join(lines + r.lines) + "\n",
                    "bodies.ttl": bodies_turtle(report_id, a, r.bodies, derived, note),
                    "findings.ttl": findings_turtle(report_id, a, findings, r.bodies),
                    "actions.ttl": actions_turtle(report_id, a, actions, r.bodies, addressee)})


def _dates(rng: random.Random, year: int) -> tuple[date, date]:
    end = date(year, rng.randint(2, 11), rng.randint(1, 28))
    return end - timedelta(days=rng.randint(6, 10)), end


def _front_matter(r: _Report, start: date, end: date, seed: int) -> list[str]:
    first = f"{start.day} {MONTH_NAMES[start.month]}" if start.month != end.month else str(start.day)
    dash = r.rng.choice(("\u2013", "-"))
    inspector = f"{r.rng.choice(FIRST_NAMES)} {r.rng.choice(LAST_NAMES)}"
    contents = [TITLE, "The inspection judgements and what they mean", OVERALL, "Areas for improvement",
                "About this inspection", "Service information", OVERALL, HELP, PRACTICE, LEADERSHIP,
                "Record of main findings"]
    pages = [2, 2, 2, 2, 4, 4, 5, 6, 9, 11, 13]
    return ["", "Synthetic inspection of local authority arrangements for the protection of children", "",
            r.authority.name, "", f"Inspection dates: {first} {dash} {end.day} {MONTH_NAMES[end.month]} {end.year}",
            f"Lead inspector {inspector} HMI", "", "Age group: All", "", f"\u00a9 Crown copyright {end.year}", "",
            "Website: www.example.org", "",
            "This document may be reproduced in whole or in part for non-commercial purposes, provided that the "
            "information quoted is reproduced without adaptation and the source and date of publication are stated.",
            "", f"SYNTHETIC REPORT, NOT A REAL INSPECTION: written by inspection-kg synth (seed {seed}) to measure "
            "and test the pipeline; the authority, its people, figures, findings and actions are invented.", "",
            "Contents", "", *(f"{c}\t{p}" for c, p in zip(contents, pages)), ""]


def _say(*texts: str) -> list[_Sentence]:
    return [_Sentence(t) for t in texts]


def _compose(r: _Report, end: date) -> list[tuple[str, object]]:
    """The report's blocks in order (headings, grades, paragraphs by number, the list of actions, rows)."""
    g, n, rng = r.grades, r.names, r.rng
    blocks: list[tuple[str, object]] = [("text", TITLE), ("text", "The inspection judgements and what they mean")]

    def para(sentences: list[_Sentence]) -> None:
        blocks.append(("paragraph", r.paragraph(sentences)))

    para(_say("All inspection judgements are made using the following four point scale."))
    blocks += [("text", "\n".join(f"{grade}\t{meaning}" for grade, meaning in zip(GRADES, SCALE))), ("text", OVERALL)]
    para(_say(f"The overall effectiveness of the arrangements to protect children in {r.authority.name} is judged "
              f"to be {g[OVERALL].lower()}."))
    blocks.append(("text", "Areas for improvement"))
    para(_say(f"In order to improve the quality of help and protection given to children and young people in "
              f"{r.authority.place}, the local authority and its partners should take the following action."))
    blocks += [("actions", None), ("text", "About this inspection")]
    for text in ("This inspection was unannounced.",
                 "This inspection considered key aspects of a child's journey through the child protection system, "
                 "focusing on the experiences of the child or young person, and the effectiveness of the help and "
                 "protection that they are offered.",
                 f"Inspectors have scrutinised case files, observed practice and discussed the help and protection "
                 f"given to children and young people with members of the {n['lscb']}.",
                 f"The inspection team consisted of {rng.choice(TEAM_SIZES)} of Her Majesty's Inspectors (HMI).",
                 "This inspection was carried out under section 136 of the Education and Inspections Act 2006."):
        para(_say(text))
    blocks.append(("text", "Service information"))
    para(_say(*_population(r)))
    para(_say(*_deprivation(r)))
    para(_say(f"Early help for children and families in {r.authority.place} is provided through the "
              f"{n['early-help']} and the {n['family-support']}.",
              f"Many early help services are delivered through {n['childrens-centres']}."))
    para(_say(f"Contacts and referrals for children's social care are managed by the {n['access']}.",
              f"Assessments of need are undertaken by the {n['assessment']}, and children in need of protection "
              f"are supported by the {n['safeguarding-teams']}."))
    blocks.append(("text", OVERALL))
    history = _history(r, end)
    para(_say(f"The overall effectiveness of local authority arrangements for the protection of children is "
              f"{g[OVERALL].lower()}.", *history[:3]) + _some(r, "leadership", g[OVERALL], 0, 2))
    para(_say(history[3]) + _some(r, "leadership", g[OVERALL], 1, 4))
    para(_some(r, "leadership", g[OVERALL], 2, 5))
    helping = rng.randint(3, 10)  # paragraphs 16 to 15 + helping; the practice section ends at 30
    for area, first, last, topic in ((HELP, 16, 15 + helping, "help"), (PRACTICE, 16 + helping, 30, "practice")):
        blocks += [("text", area), ("text", g[area])]
        opening = {HELP: "The effectiveness of the help and protection provided to children, young people, their "
                         "families and carers is ", PRACTICE: "The quality of practice is "}[area]
        para(_say(opening + g[area].lower() + ".") + _some(r, topic, g[area], 1, 6))
        for _ in range(first + 1, last + 1):
            para(_some(r, topic, g[area], 2, 8))
    blocks += [("text", LEADERSHIP), ("text", g[LEADERSHIP])]
    lead = g[LEADERSHIP]
    para(_say(f"Leadership and governance arrangements are {lead.lower()}.") + _some(r, "leadership", lead, 1, 5))
    dcs = _Sentence(f"Since {rng.choice(('his', 'her'))} appointment {WORDS[rng.randint(2, 11)]} months ago, the "
                    "permanent Director of Children's Services has accelerated the pace of change in driving "
                    "improvements.", [Finding("Strength", "", "strategic-leadership", "dcs")])
    para([dcs] + _some(r, "leadership", lead, 1, 5))
    for _ in (33, 34, 35):
        para(_some(r, "leadership", lead, 2, 7))
    chair = _Sentence(f"Since the appointment of the independent chair of the {r.authority.abbreviation} almost one "
                      "year ago, there has been a positive change in the governance arrangements and membership of "
                      "the Board.", [Finding("Strength", "", "governance-and-accountability", "lscb")])
    para([chair] + _some(r, "leadership", lead, 1, 5))
    set_up = _month_before(end, rng.randint(3, 11))
    para(_say(f"A {n['workforce-group']} with responsibility for taking forward the workforce priorities was set up "
              f"in {MONTH_NAMES[set_up.month]} {set_up.year}.") + _some(r, "leadership", lead, 1, 5))
    for _ in range(rng.randint(0, 12)):
        para(_some(r, "leadership", lead, 2, 7))
    for s in (dcs, chair):
        s.findings[0].quote = s.text
    rows = ["Local authority arrangements for the protection of children\t",
            *(f"{area}\t{g[area]}" for area in (OVERALL, HELP, PRACTICE)), "", f"{LEADERSHIP}\t{g[LEADERSHIP]}",
            "---------------------------\t------------"]
    return blocks + [("text", "Record of main findings"), ("text", "\n".join(rows))]


def _some(r: _Report, section: str, grade: str, least: int, most: int) -> list[_Sentence]:
    return [r.judged(section, grade) for _ in range(r.rng.randint(least, most))]


def _month_before(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 - months
    return date(total // 12, total % 12 + 1, 1)


def _history(r: _Report, end: date) -> list[str]:
    """The sentences of paragraphs 13 and 14 that date the authority's history (the extractor's events)."""
    rng = r.rng
    first = _month_before(end, rng.randint(36, 48))
    further = _month_before(end, rng.randint(20, 30))
    last = _month_before(end, rng.randint(8, 14))
    target = _month_before(end, rng.randint(0, 3))
    return [f"In {MONTH_NAMES[first.month]} {first.year}, the Secretary of State issued an improvement notice to "
            f"{r.authority.name} due to poor performance in safeguarding children and young people.",
            f"A further improvement notice was issued in {MONTH_NAMES[further.month]} {further.year} and during "
            f"{further.year + 1}, a major restructure and overhaul of children's services was undertaken with the "
            f"oversight of the {r.names['improvement-board']}.",
            f"The last unannounced inspection, undertaken in {MONTH_NAMES[last.month]} {last.year}, found that some "
            "progress had been made on the areas for development identified at the previous inspection.",
            f"There has been delay in taking forward the objectives and actions in the improvement plan and the target "
            f"for the plan to achieve its aims by {MONTH_NAMES[target.month]} {target.year} has not been achieved."]


def _population(r: _Report) -> list[str]:
    rng = r.rng
    population = rng.randrange(120_000, 1_100_000, 1000)
    children = population * rng.randint(20, 29) // 100 // 1000 * 1000
    share = round(children * 100 / population)
    rise = rng.randint(2, 12)
    shares = sorted(rng.sample(range(1, 21), 5), reverse=True)
    return [f"{r.authority.name} is a local authority in England.",
            f"It has a population of over {population:,}.",
            f"There are an estimated {children:,} children and young people under the age of 19, representing "
            f"{share}% of the overall population.",
            f"This number is anticipated to rise to {children * (100 + rise) // 100 // 1000 * 1000:,} by 2020, a "
            f"{rise}% increase.",
            "Approximately half of these children and young people are from minority ethnic groups with more than "
            f"{rng.randint(10, 90)} community languages spoken.",
            f"The largest minority ethnic communities are Pakistani ({shares[0]}%), African Caribbean ({shares[1]}%), "
            f"Indian ({shares[2]}%), Bangladeshi ({shares[3]}%) and children of mixed heritage ({shares[4]}%)."]


def _deprivation(r: _Report) -> list[str]:
    rng = r.rng
    wards = rng.randint(15, 60)
    low = round(rng.uniform(25, 40), 1)
    return [f"{r.authority.place} has significant areas of deprivation.",
            f"Only {WORDS[rng.randint(2, 12)]} of the {wards} wards in the council area have fewer children living "
            f"in poverty than the national average ({rng.choice(('20.64', '21.3', '19.8'))}%).",
            f"In the {WORDS[rng.randint(3, 9)]} wards with the highest levels of deprivation, the percentage of "
            f"children living in poverty ranges from {low}% to {round(low + rng.uniform(2, 12), 1)}%."]


def _numbered(number: int, sentences: list[_Sentence]) -> list[Finding]:
    """The paragraph's findings, told where they are."""
    found = []
    for index, sentence in enumerate(sentences, 1):
        for f in sentence.findings:
            f.paragraph, f.sentence = number, index
            found.append(f)
    return found


def _actions(r: _Report, findings: list[Finding]) -> tuple[list[Action], list[str]]:
    """The areas for improvement, the themes of the report's weaknesses first, under one to three timescales."""
    rng, weak = r.rng, {}
    for f in findings:
        if f.kind == "Weakness":
            weak.setdefault(f.theme, []).append(f)
    templates = list(ACTIONS)
    rng.shuffle(templates)
    templates.sort(key=lambda t: t.theme not in weak)  # stable: answered themes first, in shuffled order
    count = rng.randint(3, len(templates))
    chosen = templates[:count]
    headings = [TIMESCALES[i] for i in sorted(rng.sample(range(len(TIMESCALES)), rng.randint(1, 3)))]
    cuts = [0, *sorted(rng.sample(range(1, count), len(headings) - 1)), count]
    actions, lines, number = [], [], 0
    for heading, group in zip(headings, (chosen[a:b] for a, b in zip(cuts, cuts[1:]))):
        lines += [f"{heading}:", ""]
        for i, template in enumerate(group):
            number += 1
            text = template.text.format(lscb_abbr=r.authority.abbreviation)
            end = "." if i == len(group) - 1 else ""
            broken = i > 0 and rng.random() < 0.1  # a page break between two items of one list
            lines += ([""] if broken else []) + [f"- {text}{end}"]
            answers = weak.get(template.theme, [])
            actions.append(Action(number, template.theme, template.responsible, template.partners,
                                  rng.sample(answers, min(len(answers), rng.randint(1, 4))) if answers else []))
        lines.append("")
    return actions, lines
