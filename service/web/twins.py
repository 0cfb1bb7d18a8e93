"""A page and its machine-readable twins: one path, a suffix per format, Link headers between them.

    /reports/actions        HTML for people (or what Accept asks for)
    /reports/actions.json   the same content as JSON; .csv, .md, .tsv likewise

Every representation names all of them, in ``Link: <...>; rel="alternate";
type="..."`` headers and, on the HTML page, as visible links (base.html shows
``alternates``).
"""

from __future__ import annotations

from flask import Response, request

from ..answers import FORMAT_LABELS, MEDIA_TYPES
from ..errors import NotFound
from .http import choose, respond
from .middleware import mark_cacheable


def split_suffix(name: str, formats: list[str], what: str) -> tuple[str, str | None]:
    """'actions.json' -> ('actions', 'json'), 'actions' -> ('actions', None); NotFound for a suffix not offered."""
    stem, dot, suffix = name.rpartition(".")
    return (stem, check_suffix(suffix, formats, f"{what} {stem!r}")) if dot else (name, None)


def check_suffix(suffix: str | None, formats: list[str], what: str) -> str | None:
    """The suffix if it names one of the formats (or None); NotFound saying which there are."""
    if suffix is not None and suffix not in formats:
        raise NotFound(f"{what} has no .{suffix[:20]} form; it comes as "
                       f"{', '.join('.' + f for f in formats if f != 'html')} or HTML (no suffix)")
    return suffix


def alternates(path: str, formats: list[str], query_string: str = "") -> list[dict]:
    """Each representation as base.html lists it: href, media type and label; HTML at the bare path."""
    tail = f"?{query_string}" if query_string else ""
    return [{"href": (path if fmt == "html" else f"{path}.{fmt}") + tail, "media_type": MEDIA_TYPES[fmt],
             "label": FORMAT_LABELS[fmt], "format": fmt} for fmt in formats]


def chosen_format(suffix: str | None, formats: list[str]) -> str:
    """The suffix's format, else the one the Accept header prefers (HTML when it allows anything)."""
    return suffix or choose({fmt: MEDIA_TYPES[fmt] for fmt in formats}, None, {})


def link_header(twins: list[dict]) -> str:
    """RFC 8288 links to every representation."""
    return ", ".join(f'<{t["href"]}>; rel="alternate"; type="{t["media_type"]}"' for t in twins)


def twin_response(body: str, fmt: str, twins: list[dict], negotiated: bool) -> Response:
    """A 200 in format ``fmt`` linking its twins; cached. A negotiated non-HTML answer names its own URL."""
    headers = {"Link": link_header(twins)} if twins else {}
    if negotiated and fmt != "html":
        headers["Content-Location"] = next(t["href"] for t in twins if t["format"] == fmt)
    mark_cacheable(request.environ)
    return respond(body.encode("utf-8"), MEDIA_TYPES[fmt], headers)
