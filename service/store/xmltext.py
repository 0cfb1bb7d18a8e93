"""Make serialised XML carry its text exactly: escape what a parser would change, refuse what XML 1.0 cannot hold.

An XML parser normalises a raw carriage return (alone or before a line feed)
to a line feed (XML 1.0, section 2.11), so a literal holding CR would come back
without it: CR is written as the character reference ``&#13;``. Tab and line
feed survive as written in element content, where the writers put literals.

Other C0 controls (U+0000-U+0008, U+000B, U+000C, U+000E-U+001F) and the
non-characters U+FFFE and U+FFFF are not XML 1.0 characters at all, not even as
references (section 2.2): no XML document can carry them. A result or graph
that holds one is refused (``NotAcceptable``, a 406 on the web, exit 2 on the
command line) naming the character, rather than written with it changed;
the other formats (JSON, CSV, TSV, Turtle, N-Triples, JSON-LD...) carry it.
"""

from __future__ import annotations

import re

from ..errors import NotAcceptable

# As UTF-8 bytes: the writers (pyoxigraph's and ours) emit UTF-8, and search bytes at C speed.
NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


def xml_text(body: bytes, alternatives: str) -> bytes:
    """The XML document ``body`` with every CR as ``&#13;``; NotAcceptable if it would hold a non-XML character.

    The writers put a CR only where the data holds one (they never emit it
    themselves), inside text or an attribute value, where ``&#13;`` stands for
    it. ``alternatives`` names the formats that can carry the data instead.
    """
    bad = NOT_XML.search(body)
    if bad is not None:
        char = bad.group().decode("utf-8")
        before = body[max(bad.start() - 40, 0):bad.start()].decode("utf-8", "ignore")
        raise NotAcceptable(f"the data holds the character U+{ord(char):04X} (after {before[-30:]!r}), which "
                            f"XML 1.0 cannot carry, not even escaped; ask for {alternatives} instead")
    return body.replace(b"\r", b"&#13;") if b"\r" in body else body
