"""The ``inspection-kg`` command line: build the knowledge graph, query it, report on it, serve it.

Each subcommand parses its arguments and calls one function of a stage.
Exit codes: 0 success; 1 the data has problems (validation found violations);
2 bad input (arguments, query, files), with a one-line message on stderr naming
the line, position or path; 3 a store or SERVICE endpoint failed (down or slow).
"""

from __future__ import annotations

import sys

from ..errors import InspectionKGError, Unavailable, UserError
from .parser import parser

__all__ = ["main", "parser"]


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:
        return 0
    except InspectionKGError as exc:
        if isinstance(exc, UserError):
            return _fail(str(exc), 2)
        if isinstance(exc, Unavailable):  # a store or service we depend on failed: say so, without a traceback
            return _fail(str(exc), 3)
        raise
    except OSError as exc:
        if exc.filename is None:  # not about a file: a fault, with its traceback
            raise
        return _fail(f"{exc.filename}: {exc.strerror or exc}", 2)


def _fail(message: str, code: int) -> int:
    """One line on stderr, and the exit code."""
    one_line = message.replace("\n", " ")
    print(f"inspection-kg: error: {one_line}", file=sys.stderr)
    return code
