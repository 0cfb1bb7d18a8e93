"""Fuzzing the report extractor with mutated report texts: it builds, or it says which line is wrong.

The real report's lines are dropped, duplicated, swapped, their headings
altered, bytes flipped. For every such text, reading it (``decode_report``),
extracting it (``parse_report``) and building its structure graph either
succeed or raise ExtractionError naming a line of the text; nothing else may
escape (a KeyError, an IndexError, a wrong date...). Hypothesis, seeded in the
bounded run; ``make fuzz`` runs the long one. One mutated text also goes
through the command line (`inspection-kg build` exits 2 with a line number).
"""

from __future__ import annotations

import re

import pytest
from conftest import REPORT_TEXT, copied_report, copy_project, run_cli
from fuzzing import fuzz_settings
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph

from service.errors import ExtractionError
from service.graph.parts import timescale_months
from service.namespaces import Minter
from service.report import decode_report, parse_report, structure_graph

ORIGINAL = REPORT_TEXT.read_bytes()
LINES = ORIGINAL.split(b"\n")
HEADING = re.compile(rb"^[A-Z][A-Za-z ,'-]{3,60}$")
HEADINGS = [i for i, line in enumerate(LINES) if HEADING.match(line)]


@pytest.fixture(scope="module")
def months(paths) -> dict[str, int]:
    ontology = Graph()
    for path in sorted(paths.ontology.glob("*.ttl")):
        ontology.parse(path, format="turtle")
    return timescale_months(ontology)


@st.composite
def mutated(draw) -> bytes:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["drop", "duplicate", "swap", "heading", "flip", "blank", "join"]))
        at = draw(st.integers(0, len(lines) - 1))
        if kind == "drop":
            del lines[at:at + draw(st.integers(1, 5))]
        elif kind == "duplicate":
            lines[at:at] = lines[at:at + draw(st.integers(1, 5))]
        elif kind == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "heading" and HEADINGS:
            where = draw(st.sampled_from(HEADINGS))
            if where < len(lines):
                lines[where] = draw(st.sampled_from([lines[where].upper(), lines[where].lower(), b"",
                                                     lines[where] + b" (continued)", lines[where][::-1],
                                                     lines[where].replace(b" ", b"  ")]))
        elif kind == "flip":
            line = bytearray(lines[at])
            if line:
                spot = draw(st.integers(0, len(line) - 1))
                line[spot] ^= 1 << draw(st.integers(0, 7))
                lines[at] = bytes(line)
        elif kind == "blank":
            lines.insert(at, b"")
        elif lines and at + 1 < len(lines):
            lines[at:at + 2] = [lines[at] + b" " + lines[at + 1]]
        if not lines:
            lines = [b""]
    return b"\n".join(lines)


def extract(data: bytes, months: dict[str, int]) -> None:
    report = parse_report(decode_report(data))
    structure_graph(report, "birmingham-2012", months, Minter())


@fuzz_settings(150)
@given(data=mutated())
def test_a_mutated_report_builds_or_names_a_line(data, months):
    try:
        extract(data, months)
    except ExtractionError as exc:
        assert isinstance(exc.line, int) and 1 <= exc.line <= data.count(b"\n") + 1, (exc.line, str(exc))
        assert str(exc).startswith(f"line {exc.line}: ") and exc.detail


def test_the_real_report_builds(months):
    extract(ORIGINAL, months)


def test_a_byte_that_is_not_utf8_names_its_line():
    data = b"\n".join(LINES[:4] + [LINES[4][:3] + b"\xff" + LINES[4][3:]] + LINES[5:])
    with pytest.raises(ExtractionError) as raised:
        decode_report(data)
    assert raised.value.line == 5 and "not UTF-8" in str(raised.value)


def test_the_command_line_exits_2_naming_the_line(tmp_path):
    root = copy_project(tmp_path / "project")
    copied_report(root).write_bytes(b"\n".join(LINES[:3] + [b"Inspection dates: 31 - 2 Nowhere 2012"] + LINES[4:]))
    done = run_cli("build", "--quiet", env={"INSPECTION_KG_ROOT": str(root),
                                            "INSPECTION_KG_BUILD": str(tmp_path / "build")})
    assert done.returncode == 2, done.stderr
    lines = done.stderr.decode("utf-8").strip().splitlines()
    assert len(lines) == 1 and re.search(r"\bline \d+\b", lines[0]), lines


@pytest.mark.parametrize("words, changed", [
    (b"Only five of the 40 wards", b"Only give of the 40 wards"),  # found by the long fuzz run: a flipped bit
    (b"Since his appointment five months ago", b"Since his appointment fjve months ago"),
])
def test_a_figure_or_period_that_is_no_number_names_its_line(months, words, changed):
    """The figures and events are read by patterns whose number may be a word: one that is no number
    (a typo) is an ExtractionError at the paragraph's line, not a ValueError."""
    assert ORIGINAL.count(words) == 1
    data = ORIGINAL.replace(words, changed)
    line = data[:data.index(changed)].count(b"\n") + 1
    with pytest.raises(ExtractionError) as raised:
        extract(data, months)
    assert raised.value.line == line and "is not a" in str(raised.value), str(raised.value)
