"""A progress record: what a request may ask for, what the ledger keeps, and the RDF the store and the dumps hold.

A record is never changed. Its RDF (in the progress graph of its report)::

    <…/action/2/progress/<id>> a ikg:ProgressRecord , prov:Activity ;
        ikg:progressOf <…/action/2> ; ikg:status status:in-progress ;
        ikg:statusDate "2013-01-15"^^xsd:date ; skos:note "…" ;
        ikg:progressEvidence <https://…> ;            # or "a document reference"
        prov:wasAssociatedWith <…/agent/jo> ; ikg:onBehalfOf <…/body/bscb> ;
        prov:endedAtTime "…Z"^^xsd:dateTime ;         # when it was acknowledged
        ikg:revises <…/action/2/progress/<older id>> .  # a correction
    <…/agent/jo> a prov:Agent ; rdfs:label "jo" ;
        prov:actedOnBehalfOf <…/body/bscb> ; ikg:userRole role:editor .
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date

import pyoxigraph as ox

from ..answers import STATUSES
from ..errors import UserError
from ..namespaces import NAMESPACES, XSD_DATE, XSD_DATETIME, Minter, looks_like_iri

ROLES = ("editor", "verifier", "admin")  # the notations of the user roles scheme
MAX_NOTE = 4000        # characters of a note
MAX_EVIDENCE = 1000    # characters of evidence (a URL or a document reference)
FIELDS = {"status", "date", "note", "evidence", "revises", "action"}  # what a request may give
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RECORD_ID = re.compile(r"^[0-9a-f]{32}$")


def _iri(prefix: str, local: str) -> ox.NamedNode:
    return ox.NamedNode(NAMESPACES[prefix] + local)


TYPE, LABEL = _iri("rdf", "type"), _iri("rdfs", "label")
RECORD, ACTIVITY, AGENT = _iri("ikg", "ProgressRecord"), _iri("prov", "Activity"), _iri("prov", "Agent")
PROGRESS_OF, STATUS, STATUS_DATE = _iri("ikg", "progressOf"), _iri("ikg", "status"), _iri("ikg", "statusDate")
NOTE, EVIDENCE, REVISES = _iri("skos", "note"), _iri("ikg", "progressEvidence"), _iri("ikg", "revises")
ASSOCIATED, ON_BEHALF_OF = _iri("prov", "wasAssociatedWith"), _iri("ikg", "onBehalfOf")
ENDED, ACTED_FOR, USER_ROLE = _iri("prov", "endedAtTime"), _iri("prov", "actedOnBehalfOf"), _iri("ikg", "userRole")


def status_iri(name: str) -> str:
    return NAMESPACES["status"] + name


def role_iri(name: str) -> str:
    return NAMESPACES["role"] + name


@dataclass(frozen=True)
class Draft:
    """What a request asks to record, checked: the ledger adds who, for whom, when and its id."""

    status: str
    date: str
    note: str = ""
    evidence: str | None = None
    revises: str | None = None  # the id of the record it corrects

    def detail(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}


@dataclass(frozen=True)
class Record:
    """A record as the ledger keeps it."""

    id: str
    report: str
    action: str
    status: str
    date: str
    note: str
    evidence: str | None
    agent: str
    role: str
    body: str
    recorded: str
    revises: str | None = None
    sequence: int = 0  # its place in the ledger (not part of its RDF: an imported record gets a new one)

    @property
    def iri(self) -> str:
        return str(Minter.progress(self.action, self.id))

    def triples(self, base: str) -> list[ox.Triple]:
        """The record, and the agent who made it, as RDF."""
        me, agent, body = ox.NamedNode(self.iri), ox.NamedNode(str(Minter(base).agent(self.agent))), \
            ox.NamedNode(self.body)
        found = [
            ox.Triple(me, TYPE, RECORD), ox.Triple(me, TYPE, ACTIVITY),
            ox.Triple(me, LABEL, ox.Literal(f"{self.status} on {self.date}, recorded by {self.agent}")),
            ox.Triple(me, PROGRESS_OF, ox.NamedNode(self.action)),
            ox.Triple(me, STATUS, ox.NamedNode(status_iri(self.status))),
            ox.Triple(me, STATUS_DATE, ox.Literal(self.date, datatype=ox.NamedNode(XSD_DATE))),
            ox.Triple(me, ASSOCIATED, agent), ox.Triple(me, ON_BEHALF_OF, body),
            ox.Triple(me, ENDED, ox.Literal(self.recorded, datatype=ox.NamedNode(XSD_DATETIME))),
            ox.Triple(agent, TYPE, AGENT), ox.Triple(agent, LABEL, ox.Literal(self.agent)),
            ox.Triple(agent, ACTED_FOR, body), ox.Triple(agent, USER_ROLE, ox.NamedNode(role_iri(self.role))),
        ]
        if self.note:
            found.append(ox.Triple(me, NOTE, ox.Literal(self.note)))
        if self.evidence:
            found.append(ox.Triple(me, EVIDENCE, ox.NamedNode(self.evidence) if _is_url(self.evidence)
                                   else ox.Literal(self.evidence)))
        if self.revises:
            found.append(ox.Triple(me, REVISES, ox.NamedNode(str(Minter.progress(self.action, self.revises)))))
        return found

    def to_json(self, base: str) -> dict:
        """The record as the API gives it."""
        return {"iri": self.iri, "id": self.id, "sequence": self.sequence, "report": self.report,
                "action": self.action, "status": self.status, "status_iri": status_iri(self.status),
                "date": self.date, "note": self.note, "evidence": self.evidence,
                "recorded_by": {"name": self.agent, "iri": str(Minter(base).agent(self.agent)), "role": self.role},
                "body": self.body, "recorded_at": self.recorded,
                "revises": str(Minter.progress(self.action, self.revises)) if self.revises else None,
                "history": str(Minter.progress(self.action))}


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def parse_status(raw) -> str:
    """A status as a notation (in-progress), a label (In progress) or the concept's IRI."""
    if not isinstance(raw, str) or not raw.strip():
        raise UserError(f"status must be one of {', '.join(STATUSES)}")
    text = raw.strip()
    name = text[len(NAMESPACES["status"]):] if text.startswith(NAMESPACES["status"]) else \
        text.lower().replace(" ", "-").replace("_", "-")
    if name not in STATUSES:
        raise UserError(f"unknown status {text[:60]!r}: it must be one of {', '.join(STATUSES)}")
    return name


def parse_date(raw, today: date) -> str:
    """A day as YYYY-MM-DD, not after ``today``."""
    if not isinstance(raw, str) or not ISO_DATE.match(raw.strip()):
        raise UserError(f"date must be a day as YYYY-MM-DD, not {str(raw)[:40]!r}")
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError as exc:
        raise UserError(f"date {raw!r} is not a day of the calendar ({exc})") from exc
    if day > today:
        raise UserError(f"date {day.isoformat()} is in the future (today is {today.isoformat()}): "
                        "a record says how an action stood on a day that has come")
    return day.isoformat()


def parse_evidence(raw) -> str | None:
    """A URL (http or https, an absolute IRI) or a document reference; None when not given."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if not isinstance(raw, str):
        raise UserError("evidence must be text: a URL or a reference to a document")
    text = raw.strip()
    if len(text) > MAX_EVIDENCE:
        raise UserError(f"evidence is {len(text)} characters, over the limit of {MAX_EVIDENCE}")
    if _is_url(text):
        try:
            if not looks_like_iri(text):
                raise ValueError("not an absolute IRI")
            ox.NamedNode(text)
        except ValueError as exc:
            raise UserError(f"evidence {text[:80]!r} looks like a URL but is not one ({exc})") from exc
    return text


def parse_revises(raw, action: str) -> str | None:
    """The id of the record a correction revises, given as that record's IRI (or its id)."""
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str):
        raise UserError("revises must be the IRI of a record of this action")
    prefix = str(Minter.progress(action)) + "/"
    record_id = raw[len(prefix):] if raw.startswith(prefix) else raw
    if not RECORD_ID.match(record_id):
        raise UserError(f"revises must be the IRI of a record of this action ({prefix}…), not {raw[:100]!r}")
    return record_id


def parse_draft(payload, action: str, today: date) -> Draft:
    """Check what a request asks to record; UserError (400) naming the first field that is wrong."""
    if not isinstance(payload, dict):
        raise UserError("the body must be a JSON object with status, date and optionally note, evidence, revises")
    unknown = sorted(set(payload) - FIELDS)
    if unknown:
        raise UserError(f"unknown field {unknown[0]!r}: a record takes {', '.join(sorted(FIELDS - {'action'}))}")
    if payload.get("action") not in (None, "", action):
        raise UserError(f"action {str(payload['action'])[:100]!r} is not the action of this URL ({action})")
    note = payload.get("note") or ""
    if not isinstance(note, str):
        raise UserError("note must be text")
    if len(note) > MAX_NOTE:
        raise UserError(f"note is {len(note)} characters, over the limit of {MAX_NOTE}")
    if "\x00" in note:
        raise UserError("note must not contain NUL characters")
    return Draft(parse_status(payload.get("status")), parse_date(payload.get("date"), today), note,
                 parse_evidence(payload.get("evidence")), parse_revises(payload.get("revises"), action))
