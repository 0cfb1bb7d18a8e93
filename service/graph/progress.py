"""How a build says how far it has got: a bar on a terminal, a line per report otherwise, or nothing."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Says nothing: the base of the others, and what a quiet build uses."""

    def start(self, total: int, kept: int) -> None:
        """``total`` reports to build; ``kept`` up to date, not rebuilt."""

    def done(self, record: dict) -> None:
        """One report built (or failed: its record has an "error")."""

    def close(self) -> None:
        """The last report is done."""


class Lines(Progress):
    """A plain line per report, for logs and pipes: "[3/10] name built in 0.52 s: 0 violations, ...".

    A report that fails says nothing here: the build stops with its error, once, on standard error.
    """

    def __init__(self, stream: TextIO):
        self.stream, self.count, self.total = stream, 0, 0

    def start(self, total: int, kept: int) -> None:
        self.total, self.started = total, time.perf_counter()
        if kept:
            print(f"{kept} report{'s' if kept != 1 else ''} up to date", file=self.stream, flush=True)

    def done(self, record: dict) -> None:
        self.count += 1
        if "error" in record:  # said once, on standard error, when the build fails
            return
        seconds = sum(record["timings"].values())
        print(f"[{self.count}/{self.total}] {record['report']} built in {seconds:.2f} s: {record['validation']}",
              file=self.stream, flush=True)


class Bar(Progress):
    """A progress bar (tqdm): reports done of all, the rate, and the time left."""

    def __init__(self, stream: TextIO):
        self.stream, self.bar = stream, None

    def start(self, total: int, kept: int) -> None:
        from tqdm import tqdm  # only a terminal needs it

        note = f" ({kept} up to date)" if kept else ""
        self.bar = tqdm(total=total, unit="report", file=self.stream, desc="building" + note, dynamic_ncols=True)

    def done(self, record: dict) -> None:
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


def progress_for(quiet: bool = False, stream: TextIO | None = None) -> Progress:
    """Nothing when quiet; a bar when ``stream`` (standard output) is a terminal; else a line per report."""
    stream = stream or sys.stdout
    if quiet:
        return Progress()
    return Bar(stream) if stream.isatty() else Lines(stream)
