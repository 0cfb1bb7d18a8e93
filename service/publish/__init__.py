"""Linked data: the fifth stage.

Takes a ``Store``; gives what a linked-data consumer reads: the IRI scheme
and the page of each IRI (``linked``), a resource's description
(``resources``), the ontology and its documentation, the SPARQL service
description, the VoID and DCAT description, the JSON-LD context and the
whole-dataset dumps.
"""

from .description import service_description
from .dumps import Dumps, dump_path, format_of_suffix
from .jsonld_context import context_bytes
from .linked import ID_ROUTE, iri_of_path, page_url, routes
from .ontology import documentation, ontology_quads, twin_links
from .resources import Description, describe, index, replacement
from .void import VOID_PATH, Places, dataset_facts, void_description

__all__ = ["service_description", "Dumps", "dump_path", "format_of_suffix", "context_bytes", "ID_ROUTE",
           "iri_of_path", "page_url", "routes", "documentation", "ontology_quads", "twin_links", "Description",
           "describe", "index", "replacement", "VOID_PATH", "Places", "dataset_facts", "void_description"]
