"""Read the service's HTML pages in tests: their tables, links, alternates and text (stdlib html.parser)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

LINK = re.compile(r'<([^>]*)>\s*;\s*rel="alternate"\s*;\s*type="([^"]*)"')


@dataclass
class Cell:
    tag: str
    classes: list[str]
    links: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    text: str = ""


@dataclass
class Table:
    classes: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


class Page(HTMLParser):
    """A parsed page: ``tables``, every ``links`` href, the ``alternates`` in the head, the decoded ``text``."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.links: list[str] = []
        self.alternates: dict[str, str] = {}  # media type -> href, from <link rel="alternate">
        self.options: list[tuple[str, str]] = []  # (value, label) of every <option>
        self._cell: Cell | None = None
        self._option: list | None = None
        self._text: list[str] = []
        self.feed(html)
        self.close()
        self.text = "".join(self._text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "table":
            self.tables.append(Table(classes))
        elif tag == "tr" and self.tables:
            self.tables[-1].rows.append([])
        elif tag in ("td", "th") and self.tables and self.tables[-1].rows:
            self._cell = Cell(tag, classes)
            self.tables[-1].rows[-1].append(self._cell)
        elif tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
            if self._cell is not None:
                self._cell.links.append(attrs["href"])
                if attrs.get("title"):
                    self._cell.titles.append(attrs["title"])
        elif tag == "link" and attrs.get("rel") == "alternate":
            self.alternates[attrs["type"]] = attrs["href"]
        elif tag == "option":
            self._option = [attrs.get("value", ""), ""]

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._cell = None
        elif tag == "option" and self._option is not None:
            self.options.append((self._option[0], self._option[1].strip()))
            self._option = None

    def handle_data(self, data):
        self._text.append(data)
        if self._cell is not None:
            self._cell.text += data
        if self._option is not None:
            self._option[1] += data

    def table(self, cls: str | None = None) -> Table:
        """The first table (with this class)."""
        return next(t for t in self.tables if cls is None or cls in t.classes)


def link_header(response) -> dict[str, str]:
    """media type -> target of each rel="alternate" link in the Link header."""
    return {media_type: target for target, media_type in LINK.findall(response.headers.get("Link", ""))}
