"""Each subcommand: parse nothing, call one function of a stage, write what it gives.

Exit codes: 0 success; 1 the data has problems (validation found violations);
2 bad input (arguments, query, files), with a one-line message on stderr naming
the line, position or path; 3 a store or SERVICE endpoint failed.
"""


from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

from ..answers import (
    REPORT_FORMATS,
    VALIDATION_FORMATS,
    Catalogue,
    check_known,
    compute,
    scope,
    solutions_table,
)
from ..config import Paths
from ..errors import UserError
from ..graph import build, progress_for, validate_file, validate_quads
from ..report import synthesise
from ..store import (
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
from . import progress

RDF_NAMES = sorted(RDF_FORMATS)
STORE_HELP = "memory (the dataset, in memory), oxigraph:PATH or sparql:QUERY_URL; default: INSPECTION_KG_STORE"
DATASET_HELP = "a dataset file (N-Quads or TriG) for the memory store; default: the build's, built if needed"


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


def _served(args) -> Store:
    """The store as the web serves it: for the memory store, the dataset and the ledger's progress records."""
    return progress.with_records(_store(args), args)


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
    paths = Paths.default()
    paths = Paths(paths.root, Path(args.build_dir) if args.build_dir else None,
                  Path(args.data) if args.data else None)
    if args.jobs is not None and args.jobs < 1:
        raise UserError(f"--jobs takes a number of processes, 1 or more, not {args.jobs}")
    result = build(paths, force=args.force, jobs=args.jobs, progress=progress_for(args.quiet))
    if not args.quiet:
        print(result.summary())
    return 0


def cmd_synth(args) -> int:
    paths = Paths.default()
    written = synthesise(args.reports, args.seed, Path(args.output), (paths.root / "data", paths.data))
    if not args.quiet:
        print(f"wrote {len(written)} synthetic reports to {args.output} (seed {args.seed}); "
              f"build them with: inspection-kg build --data {args.output} --build-dir BUILD")
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
    catalogue, store = Catalogue.load(Paths.default().queries), scope(_served(args), args.report)
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
    store = _served(args)
    if args.graph and args.graph not in store.graphs():
        raise UserError(f"no graph {args.graph!r} in the dataset; there are: {', '.join(store.graphs())}")
    _write(args, serialize_dataset(store.quads(args.graph), rdf_format(args.format)))
    return 0


def cmd_serve(args) -> int:
    from ..server import serve

    spec = parse_spec(args.store)
    serve(args.host, args.port, args.workers, args.threads, spec, _dataset(args, spec), {
        "QUERY_TIMEOUT": args.query_timeout, "MAX_ROWS": args.max_rows, "EXECUTORS": args.executors,
        "SERVICE_ALLOWLIST": args.allow_service, "MAX_REQUEST_BYTES": args.max_request_bytes,
        "LEDGER": str(progress.ledger_path(args).resolve()), "READS": args.reads,
        "SECURE_COOKIES": "false" if args.insecure_cookies else None})
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
    store = _served(args)
    as_of = progress.day(args.as_of) if args.as_of else None
    report = compute(args.name, store, Catalogue.load(Paths.default().queries), args.report, as_of)
    _write(args, REPORT_FORMATS[args.format](report))
    return 0
