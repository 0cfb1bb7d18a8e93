"""The frames a web worker and its query executors exchange over a pipe: a JSON header, then a body of bytes.

Each frame is length-prefixed (the header's length, the body's length).
"""

from __future__ import annotations

import json
import os
import select
import struct
import time

HEADER = struct.Struct("!II")  # header length, body length

# One frame in flight per pipe and direction (a job, then its outcome), so a reader may take all it finds.


def write_frame(fd: int, header: dict, body: bytes = b"") -> None:
    head = json.dumps(header).encode("utf-8")
    parts = [HEADER.pack(len(head), len(body)), head, body]
    while parts:
        written = os.writev(fd, parts)
        while parts and written >= len(parts[0]):
            written -= len(parts[0])
            parts.pop(0)
        if parts and written:
            parts[0] = parts[0][written:]


def _read_some(fd: int, size: int, deadline: float | None) -> bytes:
    if deadline is not None:
        wait = deadline - time.monotonic()
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        if wait <= 0 or not poller.poll(wait * 1000):
            raise TimeoutError
    chunk = os.read(fd, size)
    if not chunk:
        raise EOFError
    return chunk


def read_frame(fd: int, deadline: float | None = None) -> tuple[dict, bytes]:
    data, end, head_size = bytearray(), None, 0
    while end is None or len(data) < end:
        data += _read_some(fd, 1 << 16 if end is None else min(end - len(data), 1 << 20), deadline)
        if end is None and len(data) >= HEADER.size:
            head_size, body_size = HEADER.unpack_from(data)
            end = HEADER.size + head_size + body_size
    return json.loads(data[HEADER.size:HEADER.size + head_size]), bytes(data[HEADER.size + head_size:end])
