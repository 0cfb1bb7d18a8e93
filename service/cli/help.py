"""What `inspection-kg --help` and each `inspection-kg COMMAND --help` say: for users, with examples."""

from __future__ import annotations

from ..answers import REPORTS

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
        "  inspection-kg build --data corpus/ --build-dir corpus-build/ --jobs 4\n"
        "  INSPECTION_KG_BASE=https://example.org/id/ inspection-kg build"),
    "synth": (
        "write a synthetic corpus of N reports, to measure and test (never served as data)",
        "Write N synthetic report folders, each a text in the format of the real report\n"
        "(what the extractor reads) and its curated Turtle (bodies, findings quoting\n"
        "their evidence sentences, actions with their bodies and the findings they\n"
        "answer). Authorities, body names, grades, paragraphs, findings, areas for\n"
        "improvement and timescales vary; some authorities are inspected twice. Every\n"
        "folder is named synthetic-..., every text carries a banner saying it is\n"
        "invented, and the same seed always writes the same bytes. DIR must not be\n"
        "inside the project's data/.",
        "  inspection-kg synth --reports 10 --seed 1 -o /tmp/corpus\n"
        "  inspection-kg build --data /tmp/corpus --build-dir /tmp/corpus-build"),
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
    "users": (
        "manage who may record progress: add, token, revoke, list",
        "Users record progress for one body each, as an editor (on the actions their\n"
        "body is responsible for or a partner in), a verifier (also 'verified', on those\n"
        "their body is accountable for) or an admin (users and the audit log). A token\n"
        "is printed once, when it is made; the ledger keeps only a salted hash of it.",
        "  inspection-kg users add jo --body https://w3id.org/inspection-kg/id/authority/birmingham/body/bscb \\\n"
        "      --role editor\n"
        "  inspection-kg users token jo\n"
        "  inspection-kg users revoke jo\n"
        "  inspection-kg users list"),
    "progress": (
        "record, list, export, import and check progress on the areas for improvement",
        "Progress records live in the ledger (--ledger, INSPECTION_KG_LEDGER; by default\n"
        "var/ledger.sqlite3 in a checkout), never in build/. `add` records as a user,\n"
        "checked as the web checks them; `export` writes the whole history as TriG or\n"
        "N-Quads, which `import` reads back; `check` runs the shapes over the records\n"
        "as of a day (exit 1 when a record violates them).",
        "  inspection-kg progress add --user jo --status in-progress --date 2013-01-15 \\\n"
        "      --action https://w3id.org/inspection-kg/id/birmingham-2012/action/2 --note 'Programmes reviewed'\n"
        "  inspection-kg progress list --format json\n"
        "  inspection-kg progress export --format trig -o progress.trig\n"
        "  inspection-kg progress import progress.trig\n"
        "  inspection-kg progress check --as-of 2013-03-01"),
    "audit": (
        "verify or list the audit log of every write",
        "Every write, accepted or refused, is in the audit log with who, when, what and\n"
        "from where; each entry carries the hash of the one before. `verify` walks the\n"
        "chain: exit 0 when it holds, 1 naming the first entry that does not.",
        "  inspection-kg audit verify\n"
        "  inspection-kg audit list --limit 20"),
}
