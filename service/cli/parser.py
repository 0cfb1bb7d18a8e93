"""The command line's arguments: one parser, a subparser per command with its description and examples."""

from __future__ import annotations

import argparse

from .. import __version__
from ..answers import REPORT_FORMATS, REPORTS, VALIDATION_FORMATS
from ..server import default_threads, default_workers
from ..store import RESULT_FORMATS
from . import commands, progress
from .commands import DATASET_HELP, RDF_NAMES, STORE_HELP
from .help import COMMANDS, DESCRIPTION, EPILOG


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2; help keeps the examples' lines."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _command(sub, name: str):
    """A subcommand's parser, with its line for the list, its description and its examples."""
    summary, description, examples = COMMANDS[name]
    return sub.add_parser(name, help=summary, description=description, epilog="examples:\n" + examples)


def parser() -> argparse.ArgumentParser:
    top = _Parser(prog="inspection-kg", description=DESCRIPTION, epilog=EPILOG)
    top.add_argument("--version", action="version", version=f"inspection-kg {__version__}")
    sub = top.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="command")

    p = _command(sub, "build")
    p.add_argument("--force", action="store_true", help="rebuild even if the inputs have not changed")
    p.add_argument("--quiet", action="store_true", help="print nothing")
    p.add_argument("--jobs", type=int, help="reports built at once, each in its own process (default: CPUs)")
    p.add_argument("--data", help="the folder of reports, one folder each (default: data/, or INSPECTION_KG_DATA)")
    p.add_argument("--build-dir", help="where the dataset and the reports' parts go (default: build/, or "
                                       "INSPECTION_KG_BUILD)")
    p.set_defaults(run=commands.cmd_build)

    p = _command(sub, "synth")
    p.add_argument("--reports", type=int, required=True, metavar="N", help="how many reports to write")
    p.add_argument("--seed", type=int, default=0, help="the same seed writes the same corpus (default 0)")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder to write the reports into")
    p.add_argument("--quiet", action="store_true", help="print nothing")
    p.set_defaults(run=commands.cmd_synth)

    def dataset_option(p):
        p.add_argument("--dataset", help=DATASET_HELP)
        p.add_argument("-o", "--output", help="write to this file instead of standard output")
        p.add_argument("--store", metavar="SPEC", help=STORE_HELP)

    def report_option(p):
        p.add_argument("--report", metavar="ID", help="only this report of the corpus (its data folder's name, "
                                                      "e.g. birmingham-2012); default: every report")

    p = _command(sub, "query")
    p.add_argument("query", nargs="?", help="the SPARQL query text")
    p.add_argument("--file", help="read the query from this file")
    p.add_argument("--name", help="run this query of the catalogue (queries/NAME.rq)")
    p.add_argument("--param", action="append", metavar="NAME=VALUE", help="a catalogue query's parameter")
    p.add_argument("--format", help=f"SELECT/ASK: table, {', '.join(RESULT_FORMATS)}; "
                                    f"CONSTRUCT/DESCRIBE: {', '.join(RDF_NAMES)}")
    p.add_argument("--width", type=int, default=60, help="table format: cut values longer than this (0: never)")
    report_option(p)
    dataset_option(p)
    p.set_defaults(run=commands.cmd_query)

    p = _command(sub, "export")
    p.add_argument("--format", required=True, choices=RDF_NAMES,
                   help="nq, trig and jsonld keep the named graphs; ttl, nt and xml merge them")
    p.add_argument("--graph", help="export only this named graph")
    dataset_option(p)
    p.set_defaults(run=commands.cmd_export)

    p = _command(sub, "serve")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    p.add_argument("--workers", type=int, default=default_workers(),
                   help=f"web worker processes (default: one per CPU, here {default_workers()})")
    p.add_argument("--threads", type=int, default=default_threads(),
                   help=f"request threads per worker (default: 2 x CPUs + 1, at most 16; here {default_threads()})")
    p.add_argument("--executors", type=int, help="query executor processes per worker (default 4)")
    p.add_argument("--query-timeout", type=float, help="seconds before a query is stopped (default 30)")
    p.add_argument("--max-rows", type=int, help="result rows beyond this are cut (default 10000)")
    p.add_argument("--max-request-bytes", type=int, help="larger request bodies and query strings get 413 "
                                                         "(default 262144)")
    p.add_argument("--allow-service", action="append", metavar="IRI",
                   help="a SERVICE endpoint queries may call (repeatable; none by default)")
    p.add_argument("--dataset", help=DATASET_HELP)
    p.add_argument("--store", metavar="SPEC", help=STORE_HELP)
    progress.ledger_option(p)
    p.add_argument("--reads", choices=["public", "signed-in"], help="public (the default): anyone may read; "
                                                                   "signed-in: every page and query needs a token "
                                                                   "or a session")
    p.add_argument("--insecure-cookies", action="store_true",
                   help="send the session cookie over plain HTTP too (a browser on another machine, no HTTPS)")
    p.set_defaults(run=commands.cmd_serve)

    p = _command(sub, "validate")
    p.add_argument("dataset", nargs="?", help="a dataset file (N-Quads, TriG or Turtle); default: the build's")
    p.add_argument("--format", default="text", choices=list(VALIDATION_FORMATS),
                   help="text for people; json, the coverage document; ttl, the SHACL validation report")
    p.add_argument("--strict", action="store_true", help="exit 1 when there are warnings, too")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")
    p.add_argument("--store", metavar="SPEC", help=STORE_HELP)
    p.set_defaults(run=commands.cmd_validate)

    p = _command(sub, "load")
    p.add_argument("--store", metavar="SPEC", help="oxigraph:PATH or sparql:QUERY_URL (default: INSPECTION_KG_STORE)")
    p.add_argument("--dataset", help="the dataset file to load (N-Quads or TriG); default: the build's")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--graph-store", metavar="URL", help="sparql: the server's Graph Store Protocol endpoint")
    where.add_argument("--update", metavar="URL", help="sparql: the server's SPARQL Update endpoint")
    p.add_argument("--timeout", type=float, default=600.0, help="seconds a request to the server may take")
    p.set_defaults(run=commands.cmd_load)

    p = _command(sub, "report")
    p.add_argument("name", choices=list(REPORTS))
    p.add_argument("--format", default="json", choices=list(REPORT_FORMATS))
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="progress: the day to report as of (default: today)")
    report_option(p)
    dataset_option(p)
    p.set_defaults(run=commands.cmd_report)

    progress.add_commands(sub, _command, dataset_option,
                          lambda args: progress.run(args, commands._store, commands._write))
    return top
