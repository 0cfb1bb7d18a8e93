"""Small HTML pages: the home page, the query page, and a health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template_string
from markupsafe import Markup

from . import service

bp = Blueprint("pages", __name__)

LAYOUT = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ title }}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
textarea{width:100%;font:14px monospace}code{background:#f3f3f3;padding:0 .2em}</style></head>
<body><h1>{{ title }}</h1>{{ body }}</body></html>"""

HOME = """<p>The Ofsted inspection of Birmingham City Council's child-protection arrangements
(September 2012) as a knowledge graph.</p>
<ul><li><a href="/sparql">SPARQL endpoint</a> (<code>/sparql</code>, the SPARQL 1.1 Protocol)</li>
<li>Graph store: <a href="/store?default">the default graph</a> (<code>/store?default</code>,
<code>/store?graph=IRI</code>)</li></ul>"""

QUERY = """<form method="get" action="/sparql">
<p><label for="query">Query</label><br><textarea id="query" name="query" rows="14">{{ example }}</textarea></p>
<p><label>Results as <select name="format">
<option value="json">SPARQL JSON</option><option value="xml">SPARQL XML</option>
<option value="csv">CSV</option><option value="tsv">TSV</option>
<option value="ttl">Turtle (CONSTRUCT, DESCRIBE)</option></select></label>
<button type="submit">Run</button></p></form>
<p>Named graphs: {% for g in graphs %}<code>{{ g }}</code>{% if not loop.last %}, {% endif %}{% endfor %}.
The default graph is their union.</p>"""

EXAMPLE = """PREFIX ikg: <https://w3id.org/inspection-kg/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?number ?due ?owner ?text WHERE {
  ?action a ikg:Action ; ikg:number ?number ; ikg:dueDate ?due ; ikg:text ?text ;
          ikg:hasResponsibleBody/skos:prefLabel ?owner .
} ORDER BY ?number"""


def page(title: str, body: str, **context) -> str:
    inner = Markup(render_template_string(body, **context))
    return render_template_string(LAYOUT, title=title, body=inner)


@bp.get("/")
def home():
    return page("inspection-kg", HOME)


def query_page():
    """The query form a browser gets from a bare GET /sparql."""
    return page("SPARQL query", QUERY, example=EXAMPLE, graphs=service().store.graphs())


@bp.get("/health")
def health():
    svc = service()
    return jsonify(status="ok", version=svc.store.version, triples=len(svc.store))
