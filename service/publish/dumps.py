"""The whole dataset as downloadable files: each RDF format serialised once, kept with its gzip.

A dump is made the first time it is asked for and kept for the life of the
process (the data does not change under a running server). Its bytes are
deterministic (``serialize_dataset``), and so is its gzip (no timestamp in the
header), so every worker and every restart over the same dataset serves the
same bytes under the same entity tag.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from dataclasses import dataclass

from ..store import RDF_FORMATS, RdfFormat, serialize_dataset

DUMP_STEM = "dataset"            # served at /dataset.<suffix>
DOWNLOAD_STEM = "inspection-kg"  # the file name a download is saved under
_BY_SUFFIX = {f.suffix: f for f in RDF_FORMATS.values()}


def dump_path(fmt: RdfFormat) -> str:
    """Where the dump in ``fmt`` is served: /dataset.ttl, /dataset.nq..."""
    return f"/{DUMP_STEM}.{fmt.suffix}"


def format_of_suffix(suffix: str) -> RdfFormat | None:
    """The format whose dump has this file suffix (ttl, nt, rdf, jsonld, nq, trig), or None."""
    return _BY_SUFFIX.get(suffix)


@dataclass(frozen=True)
class Dump:
    """One format's bytes, plain and gzipped, and the entity tags that tell them apart."""

    fmt: RdfFormat
    body: bytes
    gzipped: bytes
    digest: str  # of the plain bytes

    def content(self, gzipped: bool) -> bytes:
        return self.gzipped if gzipped else self.body

    def etag(self, gzipped: bool) -> str:
        """A strong tag per representation: the gzip and the plain bytes are different bytes."""
        return f'"{self.digest}-gzip"' if gzipped else f'"{self.digest}"'

    @property
    def file_name(self) -> str:
        return f"{DOWNLOAD_STEM}.{self.fmt.suffix}"


def make_dump(quads, fmt: RdfFormat) -> Dump:
    """Serialise the quads in ``fmt`` and gzip the result."""
    body = serialize_dataset(quads, fmt)
    return Dump(fmt, body, gzip.compress(body, compresslevel=9, mtime=0),
                hashlib.blake2b(body, digest_size=16).hexdigest())


class Dumps:
    """The dumps of one store, each made on first request; safe to share between threads."""

    def __init__(self, store):
        self.store = store
        self._made: dict[str, Dump] = {}
        self._lock = threading.Lock()

    def get(self, fmt: RdfFormat) -> Dump:
        """The dump in ``fmt``, serialising it now if this is the first time it is asked for."""
        dump = self._made.get(fmt.name)
        if dump is None:
            with self._lock:  # two first requests at once serialise once
                dump = self._made.get(fmt.name)
                if dump is None:
                    dump = self._made[fmt.name] = make_dump(self.store.quads(), fmt)
        return dump
