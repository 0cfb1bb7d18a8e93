"""A report file's bytes as text: UTF-8, or an ExtractionError naming the line that is not."""

from __future__ import annotations

from ..errors import ExtractionError


def decode_report(data: bytes) -> str:
    """The text of a report file; ExtractionError naming the line (and byte) of the first invalid UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ExtractionError(f"not UTF-8 text (byte {exc.start}, column {column}: {exc.reason})", line) from exc
