"""A synthetic corpus, to measure and to test robustness: never real data, never written under data/.

``synthesise(N, seed, DIR)`` writes N report folders, each a text in the
real report's format (what ``parse_report`` reads) and its curated Turtle:
the authority's bodies, the findings (each quoting its evidence sentence
exactly, with its theme and the body it concerns) and, for each area for
improvement, its accountable, responsible and partner bodies and the
weaknesses it answers. Authorities, their bodies' names, grades, the number
of paragraphs, findings and areas for improvement, and timescales vary; one
authority in five is inspected twice, in different years, and its two reports
share its bodies; national bodies are shared by all. Everything is drawn from
``random.Random`` seeded by the seed and a name, so a seed always writes the
same bytes.

It is marked as synthetic three times over: folder names and report ids begin
``synthetic-``, the title says so, and a banner line (which the extractor
skips, as it skips the report's "Further copies" line) says what wrote it.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError
from .extract import slugify
from .synth_report import Written, write_report
from .synth_turtle import Body
from .synth_words import COUNCIL_KINDS, LINKS, NATIONAL, PLACE_ENDS, PLACE_MIDDLES, PLACE_STARTS, POLICE_AREAS, ROLES

PREFIX = "synthetic-"  # every synthetic report's folder, id and authority slug begins so
README = "SYNTHETIC.txt"
README_TEXT = """\
A synthetic corpus written by `inspection-kg synth --reports {n} --seed {seed}`.

Every report here is invented, to measure the build and the store at scale and
to test the pipeline's robustness: the authorities, people, figures, findings
and areas for improvement are not real and must not be served as data. The
texts follow the format of Ofsted's 2012 inspection reports (which the
extractor reads), with a banner line saying they are synthetic.
"""


@dataclass
class Authority:
    slug: str                 # synthetic-ashwick: its reports are synthetic-ashwick-<year>
    place: str
    name: str                 # as its reports print it: "Ashwick Borough Council"
    abbreviation: str         # its safeguarding board's: "ASCB"
    bodies: dict[str, Body] = field(default_factory=dict)  # role -> body


def synthesise(reports: int, seed: int, out: Path, data: Path | tuple[Path, ...] = ()) -> list[Path]:
    """Write ``reports`` synthetic report folders into ``out``; refuse a folder inside ``data`` (the real data's
    folders)."""
    if reports < 1:
        raise UserError(f"--reports takes a number of reports, 1 or more, not {reports}")
    out = Path(out)
    for real in (data,) if isinstance(data, Path) else data:
        if out.resolve().is_relative_to(Path(real).resolve()):
            raise UserError(f"{out}: a synthetic corpus is never written under the real data ({real})")
    if out.exists() and not out.is_dir():
        raise UserError(f"{out}: not a folder")
    strangers = sorted(p.name for p in out.iterdir() if not (p.name.startswith(PREFIX) and p.is_dir())
                       and p.name != README) if out.exists() else []
    if strangers:
        raise UserError(f"{out}: holds {strangers[0]!r}, which no synthetic corpus wrote; give an empty folder")
    plan = corpus_plan(reports, seed)
    out.mkdir(parents=True, exist_ok=True)
    keep = {report_id for report_id, _, _ in plan}
    for stale in out.iterdir():  # the reports of an earlier, larger corpus
        if stale.is_dir() and stale.name not in keep:
            shutil.rmtree(stale)
    (out / README).write_text(README_TEXT.format(n=reports, seed=seed), encoding="utf-8")
    written = []
    for report_id, authority, year in plan:
        files = write_report(report_id, authority, year, seed, random.Random(f"{seed}:{report_id}"))
        written.append(_write_folder(out / report_id, files))
    return written


def _write_folder(folder: Path, files: Written) -> Path:
    folder.mkdir(exist_ok=True)
    for stale in folder.iterdir():
        if stale.name not in files.files:
            stale.unlink()
    for name, text in files.files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def corpus_plan(reports: int, seed: int) -> list[tuple[str, Authority, int]]:
    """(report id, authority, year) for each report, in id order: one authority in five inspected twice."""
    rng = random.Random(f"{seed}:corpus")
    twice = reports // 5 if reports >= 5 else (1 if reports >= 3 else 0)
    places = _places(rng, reports - twice)
    plan = []
    for index, place in enumerate(places):
        authority = make_authority(place, seed)
        first = rng.randint(2012, 2015)
        plan.append((f"{authority.slug}-{first}", authority, first))
        if index < twice:
            second = first + rng.randint(2, 3)
            plan.append((f"{authority.slug}-{second}", authority, second))
    return sorted(plan, key=lambda item: item[0])


def _places(rng: random.Random, count: int) -> list[str]:
    """``count`` different invented place names."""
    names: list[str] = []
    seen: set[str] = set()
    limit = len(PLACE_STARTS) * len(PLACE_MIDDLES) * len(PLACE_ENDS)
    while len(names) < count:
        start, middle, end = rng.choice(PLACE_STARTS), rng.choice(PLACE_MIDDLES), rng.choice(PLACE_ENDS)
        name = start + middle + end
        if len(seen) >= limit:  # every combination taken: number them (a corpus of thousands)
            name = f"{name} {len(names) // limit + 1}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def make_authority(place: str, seed: int) -> Authority:
    """An authority and its bodies, the same for each of its reports: drawn from the seed and its name alone."""
    rng = random.Random(f"{seed}:authority:{place}")
    name = f"{place} {rng.choice(COUNCIL_KINDS)}"
    abbreviation = "".join(word[0] for word in place.split() if word[0].isalpha()) + "SCB"
    authority = Authority(PREFIX + slugify(place), place, name, abbreviation)
    police = rng.choice(POLICE_AREAS)
    for role in ROLES:
        label = rng.choice(role.names).format(name=name, place=place, police=police, abbr=abbreviation)
        slug = slugify(abbreviation) if role.key == "lscb" else slugify(label)
        authority.bodies[role.key] = Body(role.key, slug, label, role.kind, role.parent,
                                          LINKS.get(role.kind) if role.parent else None,
                                          role.abbreviation.format(abbr=abbreviation))
    for slug, kind, label in NATIONAL:
        authority.bodies[slug] = Body(slug, slug, label, kind, None, None, "", national=True)
    return authority
