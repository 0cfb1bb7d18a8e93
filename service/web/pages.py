"""Small pages: the query editor of /sparql, and a health check."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template

from ..namespaces import NAMESPACES, PREFIXES, sparql_prologue
from ..publish import routes
from . import service
from .security import editor_style_hashes, with_policy

bp = Blueprint("pages", __name__)

EXAMPLE = "".join(f"PREFIX {p}: <{NAMESPACES[p]}>\n" for p in ("ikg", "skos")) + """\
SELECT ?number ?due ?owner ?text WHERE {
  ?action a ikg:Action ; ikg:number ?number ; ikg:dueDate ?due ; ikg:text ?text ;
          ikg:hasResponsibleBody/skos:prefLabel ?owner .
} ORDER BY ?number"""
BODY = EXAMPLE.split("SELECT", 1)[1]
# The formats the editor links the current query in: (format= value, label); "" lets the browser have HTML.
EDITOR_FORMATS = [("", "HTML table"), ("json", "SPARQL JSON"), ("xml", "SPARQL XML"), ("csv", "CSV"),
                  ("tsv", "TSV"), ("ttl", "Turtle (CONSTRUCT, DESCRIBE)")]


def query_page():
    """The query editor a browser gets from a bare GET /sparql (the plain form when scripts do not run)."""
    svc = service()
    catalogue = [{"name": q.name, "title": q.title, "description": q.description, "text": q.text,
                  "parameters": [p.name for p in q.parameters]}
                 for q in sorted(svc.catalogue.queries.values(), key=lambda q: q.title.lower())]
    config = {"endpoint": "/sparql", "example": sparql_prologue() + "\nSELECT" + BODY, "prefixes": PREFIXES,
              "routes": routes(current_app.config["BASE"]), "catalogue": catalogue}
    page = render_template("query.html", title="SPARQL query editor", example=EXAMPLE, config=config,
                           catalogue=catalogue, formats=EDITOR_FORMATS, graphs=svc.store.graphs())
    return with_policy(current_app.make_response(page), editor_style_hashes())


@bp.get("/health")
def health():
    svc = service()
    return jsonify(status="ok", version=svc.store.version, triples=len(svc.store), store=svc.store.spec)
