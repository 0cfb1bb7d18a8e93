"""The ontology at its namespace IRI: the ontology graph for machines, pyLODE's documentation for people.

The documentation is generated from the dataset's ontology graph (so it always
matches the data being served) on its first request, then kept: generating it
takes about half a second, too long to add to every build (under 3 s) and too
long to repeat per request. rdflib and pyLODE are imported only then, so the
web server still starts without them.

pyLODE is pinned to 3.3.4: 3.4.1, the last release for Python 3.11, imports a
pyproject.toml its wheel does not ship; 3.3.4 works with rdflib 7.

Four changes to what pyLODE makes by itself:

* each term's anchor is its local name (``/def#Action`` lands on ikg:Action;
  pyLODE would make ``#areaforimprovement`` from the label);
* the page links its RDF twins (``/def.ttl`` ...) and the concept schemes,
  which pyLODE does not document (they are left out of its input, else one of
  their titles becomes the page's title);
* markup in a literal is shown as text: pyLODE passes descriptions through
  Markdown, which lets raw HTML through, so they are escaped first; and
  literals holding ``<`` are left out of the schema.org JSON-LD it embeds in a
  ``<script>``;
* it passes the accessibility checks every page passes (``ACCESSIBLE``, ``LANDMARKS``).
"""

from __future__ import annotations

import html
import logging
import threading
from functools import lru_cache

import pyoxigraph as ox

from ..namespaces import NAMESPACES, VOCAB
from ..store import RDF_FORMATS, serialize
from .linked import page_url

SKOS = NAMESPACES["skos"]
TYPE = ox.NamedNode(NAMESPACES["rdf"] + "type")
PREF_LABEL = ox.NamedNode(SKOS + "prefLabel")
SCHEME = ox.NamedNode(SKOS + "ConceptScheme")
# What pyLODE does not document: SKOS schemes, concepts and collections, which have pages of their own.
NOT_DOCUMENTED = frozenset(ox.NamedNode(SKOS + local)
                           for local in ("ConceptScheme", "Concept", "Collection", "OrderedCollection"))
TWINS = ("ttl", "jsonld", "nt", "xml")  # the RDF formats /def is served in, by suffix or Accept
# What makes pyLODE's page pass axe as every other page does: its term-kind marks in colours with a contrast
# of at least 4.5:1 on white (its orange, light sky blue and grey have 2.0, 1.7 and 3.9), long links wrapped at 360 px,
# a language, and landmarks for its three parts.
ACCESSIBLE = ("<style>.sup-c,.sup-con{color:#9a4d00}.sup-fp{color:#1f5f8b}.sup-op{color:#1d4f91}"
              ".sup-dp{color:#2a6b2a}#pylode p,#pylode p span{color:#595959!important}"
              "#content,#pylode,#toc{overflow-wrap:anywhere}</style>\n")
LANDMARKS = (('<div id="content">', ' role="main"'), ('<div id="toc">', ' role="navigation" aria-label="Contents"'),
             ('<div id="pylode">', ' role="contentinfo"'))
_LOCK = threading.Lock()


def ontology_graph(base: str) -> str:
    """The IRI of the ontology's named graph, as Minter.graph(None, "ontology") mints it (without rdflib)."""
    return f"{base}graph/ontology"


def ontology_quads(store, base: str) -> list[ox.Quad]:
    """The ontology graph's triples (in the default graph), sorted."""
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads(ontology_graph(base))}
    return [ox.Quad(t.subject, t.predicate, t.object) for t in sorted(triples, key=str)]


def twin_links(path: str = "/def") -> list[dict]:
    """The RDF documents of the ontology: href, media type and label, for a page and its Link header."""
    names = {"ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples", "xml": "RDF/XML"}
    return [{"href": f"{path}.{RDF_FORMATS[n].suffix}", "media_type": RDF_FORMATS[n].media_type,
             "label": names[n]} for n in TWINS]


def documentation(store, base: str) -> str:
    """The ontology's HTML documentation (pyLODE), made once per store."""
    with _LOCK:  # two threads asking at once make it once
        return _documentation(store, base)


@lru_cache(maxsize=4)
def _documentation(store, base: str) -> str:
    quads = ontology_quads(store, base)
    schemes = sorted({q.subject for q in quads if q.predicate == TYPE and q.object == SCHEME}, key=str)
    labels = {q.subject: q.object.value for q in quads if q.predicate == PREF_LABEL}
    hidden = {q.subject for q in quads if q.predicate == TYPE and q.object in NOT_DOCUMENTED}
    documented = [q for q in quads if q.subject not in hidden]
    page = _pylode(serialize(documented, RDF_FORMATS["nt"]))
    head = "".join(f'<link rel="alternate" type="{t["media_type"]}" href="{t["href"]}">\n' for t in twin_links())
    also = ", ".join(f'<a href="{t["href"]}">{t["label"]}</a>' for t in twin_links())
    scheme_items = "".join(f'<li><a href="{html.escape(page_url(s.value, base))}">'
                           f'{html.escape(labels.get(s, s.value))}</a></li>' for s in schemes)
    top = (f'<p class="alternates"><a href="/">inspection-kg</a> · this vocabulary also as {also}.</p>\n'
           + (f"<p>Concept schemes:</p><ul>{scheme_items}</ul>\n" if scheme_items else ""))
    page = _insert(_insert(page, "</head>", head + ACCESSIBLE, before=True), '<div id="content">', top, before=False)
    for plain, attributes in LANDMARKS:
        page = _insert(page, plain, "", before=True).replace(plain, plain[:-1] + attributes + ">", 1)
    return page.replace("<html>", '<html lang="en">', 1)


def _insert(page: str, marker: str, text: str, before: bool) -> str:
    at = page.find(marker)
    if at < 0:
        raise RuntimeError(f"pyLODE's page has no {marker!r}: the pinned pyLODE version changed its output")
    at = at if before else at + len(marker)
    return page[:at] + text + page[at:]


def _import_ontpub():
    """pyLODE's OntPub, leaving the server's logging as it was.

    Importing pyLODE's profiles runs ``logging.basicConfig(level=DEBUG)`` (in
    its supermodel loader), which would turn on every library's debug output.
    """
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    from pylode.profiles.ontpub import OntPub

    root.setLevel(level)
    root.handlers[:] = handlers
    return OntPub


def _pylode(ntriples: bytes) -> str:
    """pyLODE's OntPub page for an ontology given as N-Triples, anchored by local names, markup escaped."""
    OntPub = _import_ontpub()
    import markdown
    import pylode.utils
    from rdflib import Graph, Literal

    class EscapingMarkdown:
        """Markdown without raw HTML: pyLODE renders every description through it."""

        @staticmethod
        def markdown(text, *args, **kwargs):
            return markdown.markdown(html.escape(text, quote=False), *args, **kwargs)

    class Documentation(OntPub):
        def _make_schema_org(self):
            graph = super()._make_schema_org()
            for triple in list(graph):  # its JSON-LD goes into a <script>: no "</script>" may come from the data
                if isinstance(triple[2], Literal) and "<" in triple[2]:
                    graph.remove(triple)
            return graph

    pylode.utils.markdown = EscapingMarkdown
    graph = Graph()
    graph.parse(data=ntriples, format="nt")
    page = Documentation(ontology=graph, sort_subjects=True)
    for term in sorted({str(s) for s in graph.subjects() if str(s).startswith(VOCAB) and str(s) != VOCAB}):
        page.fids[term] = term[len(VOCAB):]
    return page.make_html()
