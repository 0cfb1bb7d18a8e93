"""The JSON-LD context of the vocabulary, made from the ontology: a short name for each ikg: term.

Each class and property of the ``ikg:`` namespace that the ontology declares
gets its local name as a term (``dueDate`` for ``ikg:dueDate``), with a type
coercion where the ontology says what its values are: ``@id`` for an object
property, the XML Schema datatype of a datatype property's range (``xsd:date``,
``xsd:integer``, ``xsd:boolean``...). ``xsd:string`` is left implicit: a plain
JSON string already is one, and coercing would make rdflib tell the two apart.
The project's prefixes come too, except where a prefix has the name of a term
(``grade``, ``timescale``, ``theme``, ``unit``): a JSON-LD term is also a
prefix, so the property wins and those values are written as full IRIs.
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from ..namespaces import NAMESPACES, PREFIXES, VOCAB

OWL, RDFS, XSD, RDF = NAMESPACES["owl"], NAMESPACES["rdfs"], NAMESPACES["xsd"], NAMESPACES["rdf"]
KINDS = {OWL + "Class": "class", OWL + "ObjectProperty": "object", OWL + "DatatypeProperty": "datatype"}
IMPLICIT = frozenset({XSD + "string", RDF + "langString", RDFS + "Literal"})  # plain JSON strings already


def jsonld_context(store) -> dict:
    """``{"@context": {...}}``: the project's prefixes and a term per ikg: class and property in ``store``."""
    kinds: dict[str, set[str]] = {}
    ranges: dict[str, set[str]] = {}
    for row in store.query(_TERMS):
        term = row["term"].value
        kinds.setdefault(term, set()).add(KINDS[row["kind"].value])
        if isinstance(row["range"], ox.NamedNode):
            ranges.setdefault(term, set()).add(row["range"].value)
    terms = {iri[len(VOCAB):]: _definition(iri, kinds[iri], ranges.get(iri, set())) for iri in kinds}
    context = {prefix: namespace for prefix, namespace in PREFIXES.items() if prefix not in terms}
    ordered = sorted(terms, key=lambda name: ("class" not in kinds[VOCAB + name], name))  # classes first
    context.update((name, terms[name]) for name in ordered)
    return {"@context": context}


def context_bytes(store) -> bytes:
    """The context as a JSON document, one term a line; the same bytes for the same ontology."""
    entries = jsonld_context(store)["@context"].items()
    lines = ",\n".join(f"    {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in entries)
    return f'{{\n  "@context": {{\n{lines}\n  }}\n}}\n'.encode()


def _definition(iri: str, kinds: set[str], ranges: set[str]) -> dict:
    definition = {"@id": "ikg:" + iri[len(VOCAB):]}
    if "object" in kinds:
        definition["@type"] = "@id"
    elif "datatype" in kinds:
        typed = {r for r in ranges if r.startswith(XSD) and r not in IMPLICIT}
        if len(typed) == 1:
            definition["@type"] = "xsd:" + typed.pop()[len(XSD):]
    return definition


_TERMS = f"""SELECT DISTINCT ?term ?kind ?range WHERE {{
  VALUES ?kind {{ {" ".join(f"<{k}>" for k in KINDS)} }}
  ?term a ?kind .
  OPTIONAL {{ ?term <{RDFS}range> ?range }}
  FILTER(STRSTARTS(STR(?term), "{VOCAB}"))
}}"""
