"""The ``inspection-kg`` command line: build the knowledge graph, query it, report on it, serve it.

Each subcommand parses its arguments and calls one function of a stage.
Exit codes: 0 success; 1 the data has problems (validation found violations);
2 bad input (arguments, query, files), with a one-line message on stderr naming
the line, position or path; 3 a store or SERVICE endpoint failed (down or slow).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pyoxigraph as ox

from . import __version__
from .answers import (
    REPORT_FORMATS,
    REPORTS,
    VALIDATION_FORMATS,
    Catalogue,
    check_known,
    compute,
    scope,
    solutions_table,
)
from .config import Paths
from .errors import InspectionKGError, Unavailable, UserError
from .graph import build, validate_file, validate_quads
from .server import default_threads, default_workers
from .store import (
    RDF_FORMATS,
    RESULT_FORMATS,
    Store,
    engine_rows,
    is_graph,
    load,
    native_solutions,
    open_store,
    parse_spec,
    rdf_format,
    serialize,
    serialize_dataset,
)

RDF_NAMES = sorted(RDF_FORMATS)
STORE_HELP = "memory (the dataset, in memory), oxigraph:PATH or sparql:QUERY_URL; default: INSPECTION_KG_STORE"
DATASET_HELP = "a dataset file (N-Quads or TriG) for the memory store; default: the build's, built if needed"


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2; help keeps the examples' lines."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _dataset(args, spec=None) -> Path | None:
    """--dataset, or the build's (built first if out of date); None for a store that holds its own data."""
    if spec is not None and not spec.embedded:
        if args.dataset:
            raise UserError(f"--dataset is the memory store's file; the data of --store {spec} is in that store")
        return None
    if args.dataset and not Path(args.dataset).is_file():
        raise UserError(f"no dataset file at {args.dataset}")
    return Path(args.dataset) if args.dataset else build().dataset


def _store(args) -> Store:
    """The store --store names: the memory store loads --dataset or the build; the others hold their data."""
    spec = parse_spec(args.store)
    return open_store(spec, _dataset(args, spec))


def _write(args, data: bytes | str) -> None:
    """The output, to -o's file or standard output; a file that cannot be written is the user's error."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if getattr(args, "output", None):
        try:
            Path(args.output).write_bytes(data)
        except OSError as exc:
            raise UserError(f"cannot write {args.output}: {exc.strerror or exc}") from exc
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


def cmd_build(args) -> int:
    result = build(force=args.force)
    if not args.quiet:
        print(result.summary())
    return 0


def _query_text(args, catalogue: Catalogue, store) -> tuple[str, dict]:
    given = [args.query is not None, args.file is not None, args.name is not None]
    if sum(given) != 1:
        raise UserError("give exactly one of: a query string, --file FILE or --name NAME")
    params = {}
    for pair in args.param or []:
        key, sep, val = pair.partition("=")
        if not sep or not key:
            raise UserError(f"--param takes NAME=VALUE, not {pair!r}")
        params[key] = val
    if args.name is not None:
        query = catalogue.get(args.name)
        bindings = query.bindings(params)
        check_known(store, query, params)
        return query.text, bindings
    if params:
        raise UserError("--param applies only to a catalogue query (--name)")
    if args.file is not None:
        try:
            return Path(args.file).read_text(encoding="utf-8"), {}
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"cannot read {args.file}: {exc}") from exc
    return args.query, {}


def cmd_query(args) -> int:
    catalogue, store = Catalogue.load(Paths.default().queries), scope(_store(args), args.report)
    text, bindings = _query_text(args, catalogue, store)
    results = store.query(text, substitutions=bindings)
    _write(args, _results_bytes(args, results))  # computed whole first: an error leaves no half-written file
    return 0


def _results_bytes(args, results) -> bytes | str:
    """The results in the asked format; only reading them from the engine can raise a query error."""
    if is_graph(results):
        fmt = args.format or "ttl"
        if fmt not in RDF_FORMATS:
            raise UserError(f"a CONSTRUCT or DESCRIBE query gives RDF: --format one of {', '.join(RDF_NAMES)}")
        quads = [ox.Quad(t.subject, t.predicate, t.object) for t in engine_rows(results)]
        return serialize(quads, rdf_format(fmt))
    fmt = args.format or "table"
    if fmt == "table":
        if isinstance(results, ox.QueryBoolean):
            return "true\n" if bool(results) else "false\n"
        return solutions_table(results, args.width)
    if fmt not in RESULT_FORMATS:
        raise UserError(f"a SELECT or ASK query gives solutions: --format one of table, {', '.join(RESULT_FORMATS)}")
    return native_solutions(results, RESULT_FORMATS[fmt], sys.maxsize).body  # no row cap here


def cmd_export(args) -> int:
    store = _store(args)
    if args.graph and args.graph not in store.graphs():
        raise UserError(f"no graph {args.graph!r} in the dataset; there are: {', '.join(store.graphs())}")
    _write(args, serialize_dataset(store.quads(args.graph), rdf_format(args.format)))
    return 0


def cmd_serve(args) -> int:
    from .server import serve

    spec = parse_spec(args.store)
    serve(args.host, args.port, args.workers, args.threads, spec, _dataset(args, spec), {
        "QUERY_TIMEOUT": args.query_timeout, "MAX_ROWS": args.max_rows, "EXECUTORS": args.executors,
        "SERVICE_ALLOWLIST": args.allow_service, "MAX_REQUEST_BYTES": args.max_request_bytes})
    return 0


def cmd_validate(args) -> int:
    spec = parse_spec(args.store)
    validation = validate_file(_dataset(args)) if spec.embedded else validate_quads(_store(args).quads())
    _write(args, VALIDATION_FORMATS[args.format](validation))
    return validation.exit_code(args.strict)


def cmd_load(args) -> int:
    loaded = load(parse_spec(args.store), _dataset(args), graph_store=args.graph_store, update=args.update,
                  timeout=args.timeout)
    print(loaded.summary())
    return 0


def cmd_report(args) -> int:
    store = _store(args)
    report = compute(args.name, store, Catalogue.load(Paths.default().queries), args.report)
    _write(args, REPORT_FORMATS[args.format](report))
    return 0


DESCRIPTION = """\
Turn an inspection report into an accountable, queryable knowledge graph:
who must do what, by when, in answer to which criticism, each fact traced to
the paragraph and sentence of the report that says it."""
EPILOG = """\
start here:
  inspection-kg build                      extract, curate, reason, validate; writes build/dataset.nq
  inspection-kg report who-owns-what --format md
  inspection-kg serve                      the SPARQL endpoint and pages on http://127.0.0.1:8000

`inspection-kg command --help` shows each command's options and examples.
exit codes: 0 success, 1 the data has problems (validation found violations),
2 bad input (arguments, query, files), with a one-line message on stderr,
3 a store or SERVICE endpoint failed."""

# Each subcommand: (one line for the list, what it does, examples).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "build": (
        "extract, curate, reason, validate and write the dataset (skipped when up to date)",
        "Read every report under data/ and build one dataset: the structure read from\n"
        "the text, the curated Turtle (checked against the text), the OWL RL inferences\n"
        "and the SHACL validation report, as sorted N-Quads in build/dataset.nq.\n"
        "Skipped when no input (texts, Turtle, ontology, shapes, queries, code, base IRI)\n"
        "has changed; a report text that lacks an expected part fails naming the line.",
        "  inspection-kg build\n"
        "  inspection-kg build --force --quiet\n"
        "  INSPECTION_KG_BASE=https://example.org/id/ inspection-kg build"),
    "query": (
        "run a SPARQL query (a string, --file or --name from the catalogue)",
        "Run a SPARQL query over the dataset (every graph as the default graph).\n"
        "SELECT and ASK print a table, or SPARQL results in JSON, CSV, TSV or XML;\n"
        "CONSTRUCT and DESCRIBE print RDF. --name runs a query of the catalogue\n"
        "(queries/NAME.rq) with its parameters given as --param NAME=VALUE.",
        "  inspection-kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'\n"
        "  inspection-kg query --name who-owns-what --format csv\n"
        "  inspection-kg query --name body-actions \\\n"
        "      --param body=https://w3id.org/inspection-kg/id/authority/birmingham/body/bscb\n"
        "  inspection-kg query --file my.rq --format json -o answer.json\n"
        "  inspection-kg query --format nt \\\n"
        "      'DESCRIBE <https://w3id.org/inspection-kg/id/authority/birmingham/body/bscb>'"),
    "export": (
        "write the whole dataset in an RDF format",
        "Write the dataset, or one named graph of it, in an RDF format. N-Quads, TriG\n"
        "and JSON-LD keep the named graphs; Turtle, N-Triples and RDF/XML merge them.\n"
        "The same data always gives the same bytes (blank nodes labelled canonically).",
        "  inspection-kg export --format trig -o dataset.trig\n"
        "  inspection-kg export --format ttl \\\n"
        "      --graph https://w3id.org/inspection-kg/id/graph/birmingham-2012/curation"),
    "serve": (
        "serve the SPARQL endpoint and the web pages",
        "Serve the SPARQL 1.1 endpoint (/sparql), the reports (/reports), the query\n"
        "catalogue (/queries), the linked-data pages (/id/...) and the dumps, on\n"
        "granian, over the embedded store loaded from the build (built first if it\n"
        "is out of date), or over the store --store names. Untrusted queries run in\n"
        "executor processes that are killed past --query-timeout (on a SPARQL server,\n"
        "the request is cancelled then).",
        "  inspection-kg serve\n"
        "  inspection-kg serve --port 8080 --workers 4 --query-timeout 10\n"
        "  inspection-kg serve --host 0.0.0.0 --dataset other.nq\n"
        "  inspection-kg serve --store sparql:http://localhost:7878/query"),
    "load": (
        "put the dataset into an on-disk or SPARQL store, graph by graph",
        "Put the dataset into a store, each named graph replacing the graph of that name:\n"
        "pyoxigraph on disk (oxigraph:PATH), or a SPARQL 1.1 server (sparql:QUERY_URL) by\n"
        "its Graph Store (--graph-store) or Update (--update) endpoint, credentials from\n"
        "INSPECTION_KG_STORE_USER/_PASSWORD. Prints the triples the store then holds.",
        "  inspection-kg load --store oxigraph:/var/lib/inspection-kg\n"
        "  inspection-kg load --store sparql:http://localhost:7878/query --graph-store http://localhost:7878/store"),
    "validate": (
        "check a dataset's asserted graphs against the shapes (exit 0, 1 violations, 2 unreadable)",
        "Validate a dataset's asserted graphs against the SHACL shapes of shapes/:\n"
        "integrity violations (faults in the data), and warnings where the report's\n"
        "own plan leaves a weakness unanswered or a criticised body without a role.\n"
        "Exit 0 with no violation, 1 with violations (or with --strict, warnings),\n"
        "2 when the dataset cannot be loaded.",
        "  inspection-kg validate\n"
        "  inspection-kg validate --format json | jq .warnings\n"
        "  inspection-kg validate my-dataset.trig --strict\n"
        "  inspection-kg validate --format ttl -o validation.ttl"),
    "report": (
        "a governance report: " + ", ".join(REPORTS),
        "Print a governance report, computed from the dataset by the catalogue's\n"
        "queries: the same content as /reports/NAME and its .json, .csv and .md twins.\n"
        "Over every report of the corpus, or one of them with --report\n"
        "(/reports/ID/NAME); `report corpus` lists the reports.",
        "  inspection-kg report who-owns-what --format md\n"
        "  inspection-kg report who-owns-what --report birmingham-2012 --format csv\n"
        "  inspection-kg report corpus --format md\n"
        "  inspection-kg report actions --format csv -o actions.csv\n"
        "  inspection-kg report coverage | jq '.results[] | select(.severity == \"warning\") | .message'"),
}


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
    p.set_defaults(run=cmd_build)

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
    p.set_defaults(run=cmd_query)

    p = _command(sub, "export")
    p.add_argument("--format", required=True, choices=RDF_NAMES,
                   help="nq, trig and jsonld keep the named graphs; ttl, nt and xml merge them")
    p.add_argument("--graph", help="export only this named graph")
    dataset_option(p)
    p.set_defaults(run=cmd_export)

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
    p.set_defaults(run=cmd_serve)

    p = _command(sub, "validate")
    p.add_argument("dataset", nargs="?", help="a dataset file (N-Quads, TriG or Turtle); default: the build's")
    p.add_argument("--format", default="text", choices=list(VALIDATION_FORMATS),
                   help="text for people; json, the coverage document; ttl, the SHACL validation report")
    p.add_argument("--strict", action="store_true", help="exit 1 when there are warnings, too")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")
    p.add_argument("--store", metavar="SPEC", help=STORE_HELP)
    p.set_defaults(run=cmd_validate)

    p = _command(sub, "load")
    p.add_argument("--store", metavar="SPEC", help="oxigraph:PATH or sparql:QUERY_URL (default: INSPECTION_KG_STORE)")
    p.add_argument("--dataset", help="the dataset file to load (N-Quads or TriG); default: the build's")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--graph-store", metavar="URL", help="sparql: the server's Graph Store Protocol endpoint")
    where.add_argument("--update", metavar="URL", help="sparql: the server's SPARQL Update endpoint")
    p.add_argument("--timeout", type=float, default=600.0, help="seconds a request to the server may take")
    p.set_defaults(run=cmd_load)

    p = _command(sub, "report")
    p.add_argument("name", choices=list(REPORTS))
    p.add_argument("--format", default="json", choices=list(REPORT_FORMATS))
    report_option(p)
    dataset_option(p)
    p.set_defaults(run=cmd_report)
    return top


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


if __name__ == "__main__":
    sys.exit(main())
