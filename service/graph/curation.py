"""Load the curated Turtle of a report and check it against the report's text."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from ..errors import CurationError
from ..namespaces import DCTERMS, IKG, ORG, RDF, Minter, bind_prefixes


def load_turtle(paths: list[Path], minter: Minter) -> tuple[Graph, dict[URIRef, str]]:
    """Parse Turtle files into one graph on the minter's base; also say which file wrote each subject."""
    graph, sources = Graph(), {}
    bind_prefixes(graph)
    for path in paths:
        part = Graph()
        try:
            part.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many types for bad Turtle; all mean the same here
            raise CurationError(f"{path.name}: not valid Turtle: {exc}") from exc
        for s, p, o in part:
            s = minter.rebase(s)
            graph.add((s, p, minter.rebase(o)))
            sources.setdefault(s, path.name)
    return graph, sources


BODY_ROLES = ("hasAccountableBody", "hasResponsibleBody", "hasPartner", "concerns")
SHARED_PATHS = ("authority", "body", "person")  # what reports may share, under the base


def check_curation(curation: Graph, structure: Graph, report_iri: URIRef, sources: dict[URIRef, str],
                   minter: Minter | None = None, authority: str | None = None) -> None:
    """Fail if the curation points at parts of the report that do not exist, misquotes it, or names a
    body outside the report's authority that is not a national body."""
    prefix = str(report_iri) + "/"
    defined = set(curation.subjects())
    problems: list[tuple[URIRef, str]] = []
    if minter is not None and authority is not None:
        problems += _bodies_out_of_scope(curation, minter, authority) + _other_reports(curation, minter, report_iri)
    for s, _, o in curation:
        for term in (s, o):
            if isinstance(term, URIRef) and term.startswith(prefix) and term not in defined \
                    and (term, None, None) not in structure:
                problems.append((s, f"<{term}> is not part of the report"))
    for finding, quoted in curation.subject_objects(IKG.text):
        evidence = list(curation.objects(finding, IKG.evidence))
        if len(evidence) != 1:
            problems.append((finding, f"<{finding}> needs exactly one ikg:evidence sentence, has {len(evidence)}"))
            continue
        sentence = structure.value(evidence[0], IKG.text)
        if sentence is not None and str(quoted) not in str(sentence):
            problems.append((finding, f"<{finding}> quotes {str(quoted)[:60]!r}, which is not in its "
                                      f"evidence sentence <{evidence[0]}>"))
    if problems:
        lines = sorted({f"{sources.get(subject, 'curation')}: {message}" for subject, message in problems})
        more = f" (and {len(lines) - 5} more)" if len(lines) > 5 else ""
        raise CurationError("; ".join(lines[:5]) + more)


def _other_reports(curation: Graph, minter: Minter, report_iri: URIRef) -> list[tuple[URIRef, str]]:
    """A report's curation speaks of its own parts, bodies, authorities and people, never another report's."""
    own = (str(report_iri) + "/", *(str(minter.iri(f"{kind}/")) for kind in SHARED_PATHS))
    problems = []
    for s, _, o in curation:
        for term in (s, o):
            if isinstance(term, URIRef) and term.startswith(minter.base) and not str(term).startswith(own) \
                    and term != report_iri:
                problems.append((s, f"<{term}> is not part of this report (a curated IRI under the base is the "
                                    f"report's own, under {report_iri}/, or a body, authority or person)"))
    return problems


def _bodies_out_of_scope(curation: Graph, minter: Minter, authority: str) -> list[tuple[URIRef, str]]:
    """Each body must be local to the report's authority, or a national body typed as one."""
    local, national = str(minter.local_body(authority, "")), str(minter.national_body(""))
    others = str(minter.iri("authority/"))
    moved = set(curation.subjects(DCTERMS.isReplacedBy, None))
    bodies = {o for role in BODY_ROLES for o in curation.objects(None, IKG[role])}
    bodies |= {s for kind in (ORG.Organization, ORG.FormalOrganization, ORG.OrganizationalUnit, ORG.Post)
               for s in curation.subjects(RDF.type, kind)}
    problems = []
    for body in sorted(bodies - moved):
        # the file to name: the one that describes the body, else one that names it in a role
        where = body if (body, None, None) in curation else next(curation.subjects(None, body))
        if body.startswith(local):
            continue
        if body.startswith(national):
            if (body, RDF.type, IKG.NationalBody) not in curation:
                problems.append((where, f"<{body}> is under {national} but not typed ikg:NationalBody; "
                                        f"a body local to {authority} goes under {local}"))
        elif body.startswith(others):
            problems.append((where, f"<{body}> belongs to another authority; this report's bodies go under "
                                    f"{local} (or {national} for a national body)"))
    for old in moved:
        users = [s for s in curation.subjects(None, old)] + [old] * (len(set(curation.predicate_objects(old))) - 1)
        for user in users:
            problems.append((user, f"<{old}> is replaced by another IRI and must not be used"))
    return problems
