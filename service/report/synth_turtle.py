"""The curated Turtle of a synthetic report: its bodies, its findings, who acts on each area for improvement."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..namespaces import DEFAULT_BASE, NAMESPACES, Minter


@dataclass
class Body:
    role: str                 # what it is to its authority ("lscb", "dcs"...), or a national body's slug
    slug: str
    label: str
    kind: str                 # ORG class
    parent: str | None        # the role of the body it is part of
    link: str | None          # the ORG property to it: unitOf, postIn, subOrganizationOf
    abbreviation: str = ""
    national: bool = False


@dataclass
class Finding:
    kind: str                 # Strength, Weakness, Development
    quote: str                # the words of its sentence it stands for (the whole sentence, or a part)
    theme: str
    role: str                 # the body it concerns
    paragraph: int = 0
    sentence: int = 0
    suffix: str = ""          # a, b when one sentence gives two findings

    @property
    def path(self) -> str:
        return f"finding/{self.paragraph}-{self.sentence}{self.suffix}"


@dataclass
class Action:
    number: int
    theme: str
    responsible: tuple[str, ...]
    partners: tuple[str, ...]
    addresses: list[Finding] = field(default_factory=list)


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _prologue(report_id: str, authority: str, *prefixes: str) -> str:
    minter = Minter(DEFAULT_BASE)  # curated Turtle is written against the default base (the build rebases it)
    lines = [f"@base <{minter.in_report(report_id, '')}> .",
             f"@prefix local: <{minter.local_body(authority, '')}> .",
             f"@prefix body: <{minter.national_body('')}> ."]
    lines += [f"@prefix {p}: <{NAMESPACES[p]}> ." for p in prefixes]
    return "\n".join(lines) + "\n"


def _body_ref(body: Body) -> str:
    return f"body:{body.slug}" if body.national else f"local:{body.slug}"


def bodies_turtle(report_id: str, authority: str, bodies: dict[str, Body], derived: dict[str, list[str]],
                  note: str) -> str:
    """The authority's bodies and the national ones; each derived from the sentences that concern it."""
    report = Minter(DEFAULT_BASE).report(report_id)
    out = ["# SYNTHETIC: the bodies of an invented authority, written by `inspection-kg synth`.\n",
           _prologue(report_id, authority, "ikg", "org", "prov", "skos", "dcterms"),
           f"\n<{report}> dcterms:description {_literal(note)}@en .\n"]
    for body in bodies.values():
        kinds = f"org:{body.kind}" + (" , ikg:NationalBody" if body.national else "")
        lines = [f"{_body_ref(body)} a {kinds} ;", f"    skos:prefLabel {_literal(body.label)}@en"]
        if body.abbreviation:
            lines.append(f"    ikg:abbreviation {_literal(body.abbreviation)}@en")
        if body.role == "council":
            lines.append('    skos:altLabel "the local authority"@en , "the council"@en')
        if body.parent:
            lines.append(f"    org:{body.link} {_body_ref(bodies[body.parent])}")
        if derived.get(body.role):
            lines.append("    prov:wasDerivedFrom " + " , ".join(f"<{s}>" for s in derived[body.role]))
        out.append("\n" + " ;\n".join(lines) + " .\n")
    return "".join(out)


def findings_turtle(report_id: str, authority: str, findings: list[Finding], bodies: dict[str, Body]) -> str:
    """Each finding: its kind, its words, its evidence sentence and paragraph, its theme, the body it concerns."""
    out = ["# SYNTHETIC: the findings of an invented report, each quoting its evidence sentence.\n",
           _prologue(report_id, authority, "ikg", "theme")]
    for f in findings:
        out.append(f"\n<{f.path}> a ikg:{f.kind} ;\n"
                   f"    ikg:text {_literal(f.quote)} ;\n"
                   f"    ikg:evidence <paragraph/{f.paragraph}/sentence/{f.sentence}> ;\n"
                   f"    ikg:paragraph <paragraph/{f.paragraph}> ;\n"
                   f"    ikg:theme theme:{f.theme} ;\n"
                   f"    ikg:concerns {_body_ref(bodies[f.role])} .\n")
    return "".join(out)


def actions_turtle(report_id: str, authority: str, actions: list[Action], bodies: dict[str, Body],
                   addressee: str) -> str:
    """Each area for improvement: the addressee accountable, the bodies it names, the findings it answers."""
    out = ["# SYNTHETIC: who must act on each area for improvement of an invented report.\n",
           _prologue(report_id, authority, "ikg", "prov")]
    for a in actions:
        lines = [f"<action/{a.number}> ikg:hasAccountableBody {_body_ref(bodies['council'])}",
                 "    ikg:hasResponsibleBody " + " , ".join(_body_ref(bodies[r]) for r in a.responsible)]
        if a.partners:
            lines.append("    ikg:hasPartner " + " , ".join(_body_ref(bodies[r]) for r in a.partners))
        if a.addresses:
            lines.append("    ikg:addresses " + " , ".join(f"<{f.path}>" for f in a.addresses))
        lines.append(f"    prov:wasDerivedFrom <{addressee}>")
        out.append("\n" + " ;\n".join(lines) + " .\n")
    return "".join(out)
