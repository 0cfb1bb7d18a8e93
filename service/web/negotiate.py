"""Content negotiation (RFC 9110, section 12.5.1): pick one of the offered media types.

Each offered type gets the quality of the most specific Accept range that
matches it (``text/turtle;q=0.9`` beats ``text/*;q=0.5`` beats ``*/*;q=0.1``);
the best quality wins, and among equals the server's order of preference. A
type whose quality is 0 is never chosen. No Accept header accepts anything.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Range:
    type: str
    subtype: str
    quality: float
    params: tuple[tuple[str, str], ...]

    def specificity(self, offered: str) -> int | None:
        """How specifically this range matches an offered type (higher is more), or None."""
        kind, _, sub = offered.partition("/")
        if self.type == "*":
            return 0
        if self.type != kind:
            return None
        if self.subtype == "*":
            return 1
        return 2 + len(self.params) if self.subtype == sub else None


def parse_accept(header: str | None) -> list[Range]:
    """The ranges of an Accept header; malformed parts are skipped, as clients expect."""
    ranges = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        kind, slash, sub = fields[0].lower().partition("/")
        if not slash or not kind or not sub or (kind == "*" and sub != "*"):
            continue
        quality, params = 1.0, []
        for field in fields[1:]:
            name, _, val = field.partition("=")
            name, val = name.strip().lower(), val.strip().strip('"')
            if name == "q":
                try:
                    quality = min(max(float(val), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
            elif name:
                params.append((name, val))
        ranges.append(Range(kind, sub, quality, tuple(params)))
    return ranges


def negotiate(header: str | None, offered: list[str]) -> str | None:
    """The offered media type the client prefers, or None when it accepts none of them."""
    if not header or not header.strip():
        return offered[0] if offered else None
    ranges = parse_accept(header)
    if not ranges:
        return offered[0] if offered else None
    best, best_quality = None, 0.0
    for media_type in offered:
        matches = [(r.specificity(media_type), r.quality) for r in ranges]
        matches = [m for m in matches if m[0] is not None]
        if not matches:
            continue
        quality = max(matches)[1]
        if quality > best_quality:
            best, best_quality = media_type, quality
    return best


def prefers_gzip(header: str | None) -> bool:
    """True when Accept-Encoding (RFC 9110, section 12.5.3) rates gzip above zero and no lower than identity.

    No header means identity: a client that says nothing may not be able to decompress.
    """
    weights: dict[str, float] = {}
    for part in (header or "").split(","):
        coding, *params = [f.strip() for f in part.split(";")]
        quality = 1.0
        for param in params:
            name, _, val = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(max(float(val.strip()), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
        if coding:
            weights[{"x-gzip": "gzip"}.get(coding.lower(), coding.lower())] = quality
    gzip = weights.get("gzip", weights.get("*", 0.0))
    identity = weights.get("identity", weights.get("*", 1.0))
    return gzip > 0 and gzip >= identity
