"""What ``inspection-kg load`` put in a store, written there by it: the graphs, their sizes, the version.

A store outside the process holds more than our dataset (Virtuoso keeps its
own system graphs; another application may share the server), so the service
serves exactly the graphs the record lists, and no others. In a SPARQL server
the record lives in one named graph of its own (``namespaces.store_record_graph``);
in pyoxigraph on disk, in a file beside the database (``Record.write``), so
that the database holds the dataset alone and is queried with its union of
graphs as the default graph (a list of graphs makes pyoxigraph 2.5x slower):

    <record> owl:versionInfo "<version>" ; dcterms:hasPart <graph> ... ;
             dcterms:modified "<when>"^^xsd:dateTime .
    <graph>  void:triples <n> ; owl:versionInfo "<digest of its N-Triples>" .

The version is a digest of every graph's name and digest, so it changes when
the data in any graph does, and stays the same when the same data is loaded
again: the web layer's entity tags and cache follow it.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import NAMESPACES, store_record_graph

VERSION_INFO = ox.NamedNode(NAMESPACES["owl"] + "versionInfo")
HAS_PART = ox.NamedNode(NAMESPACES["dcterms"] + "hasPart")
MODIFIED = ox.NamedNode(NAMESPACES["dcterms"] + "modified")
TRIPLES = ox.NamedNode(NAMESPACES["void"] + "triples")
INTEGER = ox.NamedNode(NAMESPACES["xsd"] + "integer")
DATE_TIME = ox.NamedNode(NAMESPACES["xsd"] + "dateTime")


@dataclass(frozen=True)
class GraphEntry:
    triples: int
    digest: str


@dataclass(frozen=True)
class Record:
    graphs: dict[str, GraphEntry] = field(default_factory=dict)

    @property
    def version(self) -> str:
        """A digest of every graph's name and digest: the same data, the same version."""
        lines = "".join(f"{name} {entry.digest}\n" for name, entry in sorted(self.graphs.items()))
        return hashlib.sha256(lines.encode("utf-8")).hexdigest()

    @property
    def triples(self) -> int:
        return sum(entry.triples for entry in self.graphs.values())

    def merged(self, loaded: dict[str, GraphEntry]) -> Record:
        """The record after ``loaded`` replaced those graphs (the others stay as they were)."""
        return Record({**self.graphs, **loaded})

    def write(self, path: Path) -> None:
        """The record as JSON at ``path``, replaced whole (a reader never sees half of it)."""
        document = {"version": self.version, "graphs": {g: {"triples": e.triples, "digest": e.digest}
                                                        for g, e in sorted(self.graphs.items())}}
        partial = path.with_name(path.name + ".partial")
        partial.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        os.replace(partial, path)

    @classmethod
    def read(cls, path: Path) -> Record | None:
        """The record written at ``path``; None when there is none."""
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        return cls({g: GraphEntry(int(e["triples"]), e["digest"]) for g, e in document["graphs"].items()})

    def quads(self, base: str | None = None) -> list[ox.Quad]:
        """The record as quads of its own graph."""
        record = ox.NamedNode(store_record_graph(base))
        now = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        quads = [ox.Quad(record, VERSION_INFO, ox.Literal(self.version), record),
                 ox.Quad(record, MODIFIED, ox.Literal(now, datatype=DATE_TIME), record)]
        for name, entry in sorted(self.graphs.items()):
            graph = ox.NamedNode(name)
            quads += [ox.Quad(record, HAS_PART, graph, record),
                      ox.Quad(graph, TRIPLES, ox.Literal(str(entry.triples), datatype=INTEGER), record),
                      ox.Quad(graph, VERSION_INFO, ox.Literal(entry.digest), record)]
        return quads


def record_query(base: str | None = None) -> str:
    """A SELECT over the record graph alone: one row per loaded graph (?graph ?triples ?digest)."""
    record = f"<{store_record_graph(base)}>"
    return (f"SELECT ?graph ?triples ?digest FROM {record} WHERE {{ "
            f"{record} {HAS_PART} ?graph . ?graph {TRIPLES} ?triples ; {VERSION_INFO} ?digest }}")


def read_record(rows) -> Record | None:
    """The Record from ``record_query``'s rows (each a mapping of variable name to term); None when empty."""
    graphs = {}
    for row in rows:
        graphs[row["graph"].value] = GraphEntry(int(row["triples"].value), row["digest"].value)
    return Record(graphs) if graphs else None
