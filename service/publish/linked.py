"""Where each IRI lives on the service: the data base maps onto /id/, the vocabulary onto /def.

IRIs are minted under a base that stays the same across deployments (by
default https://w3id.org/inspection-kg/id/); whichever host serves the
dataset answers for them under its own /id/ route:

    https://w3id.org/inspection-kg/id/authority/birmingham/body/bscb     ->  /id/authority/birmingham/body/bscb
    https://w3id.org/inspection-kg/def#Action        ->  /def#Action   (the ontology document)
    https://w3id.org/inspection-kg/def/grade/good    ->  /def/grade/good
    anything else in the dataset                     ->  /page?iri=...
"""

from __future__ import annotations

from urllib.parse import quote

from ..namespaces import CONCEPTS, VOCAB

ID_ROUTE = "/id/"
ONTOLOGY = VOCAB.rstrip("#")  # the ontology's own IRI, https://w3id.org/inspection-kg/def


def routes(base: str) -> list[tuple[str, str]]:
    """(IRI prefix, service path) pairs, first match wins; the ontology's only for itself and its hash IRIs.

    The query editor's script applies the same table to the IRIs in its results.
    """
    return [(base, ID_ROUTE), (CONCEPTS, "/def/"), (ONTOLOGY, "/def")]


def local_path(iri: str, base: str) -> str | None:
    """The service path of an IRI minted here (data or vocabulary), or None for any other IRI."""
    for prefix, path in routes(base):
        if iri.startswith(prefix) and (prefix != ONTOLOGY or iri == ONTOLOGY or iri.startswith(VOCAB)):
            return path + iri[len(prefix):]
    return None


def iri_of_path(path: str, base: str) -> str:
    """The data IRI an /id/ path stands for (``path`` without the /id/ prefix)."""
    return base + path


def page_url(iri: str, base: str) -> str:
    """Where a person reads about an IRI: its own path if minted here, else the generic page."""
    return local_path(iri, base) or "/page?iri=" + quote(iri, safe="")
