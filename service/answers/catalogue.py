"""The query catalogue: one ``.rq`` file per governance question, described in its header.

A header is the comment block at the top of the file::

    # title: What a body owns
    # description: Every action the body is accountable for, responsible for
    #   or a partner in, with due dates.   (indented lines continue a field)
    # param: body iri - the body, as its IRI
    # param: timescale string optional - only actions of this timescale

A parameter is a variable of the query of the same name, bound before the
query runs (SPARQL substitution, so the query stays valid SPARQL on its own).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from ..errors import NotFound, UserError
from ..namespaces import XSD_DATE, XSD_INTEGER, looks_like_iri

# URL and command-line parameters that every query takes, so none may declare them
RESERVED = {"report": "it runs any query over one report of the corpus (--report on the command line)"}
PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s+(?P<type>iri|string|integer|date)"
                   r"(?P<optional>\s+optional)?\s*(?:-\s*(?P<description>.*))?$")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    optional: bool
    description: str

    def term(self, raw: str):
        """The value given on the command line or in a URL, as an RDF term; UserError if it does not fit."""
        try:
            if self.type == "iri":
                if not looks_like_iri(raw):
                    raise ValueError("not an absolute IRI")
                return ox.NamedNode(raw)
            if self.type == "integer":
                return ox.Literal(str(int(raw)), datatype=ox.NamedNode(XSD_INTEGER))
            if self.type == "date":
                return ox.Literal(date.fromisoformat(raw).isoformat(),
                                  datatype=ox.NamedNode(XSD_DATE))
            return ox.Literal(raw)
        except ValueError as exc:
            raise UserError(f"parameter {self.name!r} must be {self.type_phrase}: {raw[:80]!r} ({exc})") from exc

    @property
    def type_phrase(self) -> str:
        return {"iri": "an absolute IRI", "integer": "an integer", "date": "a date (YYYY-MM-DD)"}.get(self.type, "text")


@dataclass(frozen=True)
class CatalogueQuery:
    name: str
    title: str
    description: str
    text: str
    path: Path
    parameters: tuple[Parameter, ...] = ()
    report: str | None = None

    def bindings(self, given: dict[str, str]) -> dict:
        """Check the given parameters and turn them into substitutions for the engine."""
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise UserError(f"query {self.name!r} has no parameter {unknown[0]!r}"
                            f" (it takes: {', '.join(known) or 'none'})")
        missing = [p.name for p in self.parameters if not p.optional and not given.get(p.name)]
        if missing:
            raise UserError(f"query {self.name!r} needs the parameter {missing[0]!r}")
        return {ox.Variable(name): known[name].term(value) for name, value in given.items() if value != ""}

    def describe(self) -> dict:
        """Name, title, description and parameters, as the catalogue lists them."""
        return {"name": self.name, "title": self.title, "description": self.description,
                "parameters": [{"name": p.name, "type": p.type, "optional": p.optional,
                                "description": p.description} for p in self.parameters]}


def parse_header(text: str, name: str) -> dict:
    """The fields of a query's header comment; UserError naming the line if a field is malformed."""
    fields: dict[str, list[str]] = {}
    last = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:]
        match = re.match(r"^\s?([a-z]+):\s*(.*)$", body)
        if match and not body.startswith("   "):
            last = match.group(1)
            fields.setdefault(last, []).append(match.group(2).strip())
        elif last and body.strip():
            fields[last][-1] += " " + body.strip()
    for required in ("title", "description"):
        if not fields.get(required):
            raise UserError(f"{name}.rq: the header has no '# {required}:' line")
    return fields


def load_query(path: Path) -> CatalogueQuery:
    text = path.read_text(encoding="utf-8")
    fields = parse_header(text, path.stem)
    parameters = []
    for spec in fields.get("param", []):
        match = PARAM.match(spec)
        if not match:
            raise UserError(f"{path.name}: cannot read the parameter {spec!r} "
                            "(expected 'NAME iri|string|integer|date [optional] - description')")
        if match["name"] in RESERVED:
            raise UserError(f"{path.name}: the parameter name {match['name']!r} is reserved: "
                            f"{RESERVED[match['name']]}")
        parameters.append(Parameter(match["name"], match["type"], bool(match["optional"]),
                                    (match["description"] or "").strip()))
    return CatalogueQuery(path.stem, fields["title"][0], fields["description"][0], text, path,
                          tuple(parameters), (fields.get("report") or [None])[0])


@dataclass
class Catalogue:
    folder: Path
    queries: dict[str, CatalogueQuery] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Catalogue:
        catalogue = cls(folder)
        for path in sorted(folder.glob("*.rq")):
            catalogue.queries[path.stem] = load_query(path)
        return catalogue

    def get(self, name: str) -> CatalogueQuery:
        """The query called ``name``; NotFound listing the names there are."""
        if name not in self.queries:
            raise NotFound(f"no query named {name!r}; there are: {', '.join(sorted(self.queries))}")
        return self.queries[name]

    def for_report(self, report: str) -> CatalogueQuery:
        for query in self.queries.values():
            if query.report == report:
                return query
        raise NotFound(f"no query computes the report {report!r}")
