"""Small HTML pages: the home page, the query page, and a health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template

from ..namespaces import NAMESPACES
from . import service

bp = Blueprint("pages", __name__)

EXAMPLE = "".join(f"PREFIX {p}: <{NAMESPACES[p]}>\n" for p in ("ikg", "skos")) + """\
SELECT ?number ?due ?owner ?text WHERE {
  ?action a ikg:Action ; ikg:number ?number ; ikg:dueDate ?due ; ikg:text ?text ;
          ikg:hasResponsibleBody/skos:prefLabel ?owner .
} ORDER BY ?number"""


@bp.get("/")
def home():
    return render_template("home.html", title="inspection-kg")


def query_page():
    """The query form a browser gets from a bare GET /sparql."""
    return render_template("query.html", title="SPARQL query", example=EXAMPLE, graphs=service().store.graphs())


@bp.get("/health")
def health():
    svc = service()
    return jsonify(status="ok", version=svc.store.version, triples=len(svc.store), store=svc.store.spec)
