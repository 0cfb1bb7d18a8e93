"""Load the curated Turtle of a report and check it against the report's text."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from ..errors import CurationError
from ..namespaces import IKG, Minter, bind_prefixes


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


def check_curation(curation: Graph, structure: Graph, report_iri: URIRef, sources: dict[URIRef, str]) -> None:
    """Fail if the curation points at parts of the report that do not exist, or misquotes it."""
    prefix = str(report_iri) + "/"
    defined = set(curation.subjects())
    problems: list[tuple[URIRef, str]] = []
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
