"""Run untrusted SPARQL queries in worker processes that a supervisor can kill and replace.

pyoxigraph cannot cancel a running query, and some queries crash the process
that evaluates them (a stack overflow in its recursive parser or evaluator).
So queries sent to the public endpoint never run in the web server's own
process: each runs in an executor, a child process that opens the store itself
(the memory store loads its own copy of the dataset; the on-disk store is
opened read-only, shared through the page cache, never copied). The web side
sends a job down a pipe and waits with a deadline; past it, the executor is
killed (the CPU is freed at once) and replaced. A crashed executor is noticed
the same way and replaced. A SPARQL server is its own process already: its
jobs run here (``RemoteRunner``), each request cancelled at its deadline.

Data added to the web worker's store while it runs (``OxigraphStore.add``:
progress records) reaches each executor with its next job: the job's frame
carries, as N-Quads, whatever that executor has not been sent yet, and the
executor adds it before it evaluates the query. So an executor answers over
everything its web worker had when the request came in.

Jobs and outcomes travel as frames (``frames``): a JSON header, then a body of bytes.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InspectionKGError, QueryError
from .base import is_graph
from .frames import read_frame, write_frame
from .oxigraph import DiskStore, OxigraphStore
from .results import RESULT_FORMATS, native_solutions, serialise_solutions, serialise_triples

log = logging.getLogger(__name__)


class QueryTimeout(InspectionKGError):
    """The query ran past the time limit and was stopped."""

    status = 503


class Busy(InspectionKGError):
    """Every executor is busy and none became free in time."""

    status = 503


@dataclass
class Job:
    query: str
    format: str                       # a results format name (json, xml, csv, tsv) or an RDF one (ttl, ...)
    max_rows: int
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    union_default: bool = True        # the default graph is the union of all graphs
    base_iri: str | None = None       # relative IRIs in the query resolve against this (the endpoint's URL)


@dataclass
class Outcome:
    status: int
    media_type: str
    body: bytes
    truncated: bool = False
    kind: str = "solutions"           # solutions, boolean or graph
    message: str = ""


def _evaluate(store, job: Job):
    return store.query(job.query, default_graphs=job.default_graphs, named_graphs=job.named_graphs,
                       union_default=job.union_default, base_iri=job.base_iri, max_rows=job.max_rows)


def run_job(store, job: Job) -> Outcome:
    """Evaluate a job and serialise its result; an error the engine reports becomes an Outcome with its status.

    Solutions go through pyoxigraph's writer (``native_solutions``); a result
    over the row cap is evaluated once more and cut by ``serialise_solutions``.
    """
    try:
        results = _evaluate(store, job)
        if is_graph(results):
            out = serialise_triples(results, job.format, job.max_rows)
            return Outcome(200, out.media_type, out.body, out.truncated, "graph")
        fmt = RESULT_FORMATS[job.format]
        if isinstance(results, ox.QuerySolutions):
            out = native_solutions(results, fmt, job.max_rows)
            if out is None:  # more rows than the cap: evaluated again, and cut as they are read
                out = serialise_solutions(_evaluate(store, job), fmt, job.max_rows)
        else:  # an ASK, or solutions another store parsed
            out = serialise_solutions(results, fmt, job.max_rows)
        kind = "boolean" if isinstance(results, ox.QueryBoolean) else "solutions"
        return Outcome(200, out.media_type, out.body, out.truncated, kind)
    except InspectionKGError as exc:
        return Outcome(exc.status, "", b"", message=str(exc))


# ---------------------------------------------------------------- the executor process

def _exit_with_parent(interval: float = 1.0) -> None:
    """End this process if the web worker that started it dies, even in the middle of a query.

    A dead parent closes the pipe, which ends an idle executor; a busy one
    would run its query to the end first. pyoxigraph releases the GIL while it
    evaluates, so this thread keeps watching.
    """
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def open_local(kind: str, location: str):
    """The store an executor opens: the memory store from a dataset file, or the on-disk store read-only."""
    return DiskStore.open(Path(location)) if kind == "oxigraph" else OxigraphStore.from_file(Path(location))


def executor_main(kind: str, location: str) -> None:
    """Serve jobs from stdin, answers on stdout, until stdin closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the supervisor decides when this process ends
    logging.basicConfig(level=logging.INFO, format="[%(levelname)s] %(name)s: %(message)s")
    _exit_with_parent()
    store = open_local(kind, location)
    inp, out = sys.stdin.fileno(), sys.stdout.fileno()
    write_frame(out, {"ready": True, "version": store.version})
    while True:
        try:
            header, additions = read_frame(inp)
            try:
                if additions:  # what the web worker's store gained since the last job; added at once
                    store.store.load(additions, format=ox.RdfFormat.N_QUADS)
                outcome = run_job(store, Job(**header))
            except Exception:  # a bug of ours, not the query's: a 500, with the traceback in the server's log
                log.exception("executor %d: the job failed", os.getpid())
                outcome = Outcome(500, "", b"", message="internal server error: evaluating the query failed; "
                                                          "this is a bug, not your request")
            meta = dict(vars(outcome))
            write_frame(out, meta, meta.pop("body"))
        except (EOFError, BrokenPipeError):
            return  # the supervisor closed the pipe or went away: nothing left to do


# ---------------------------------------------------------------- the supervisor side

class Executor:
    """One executor process and the pipes to it."""

    def __init__(self, store: tuple[str, str], start_timeout: float):
        self.process = subprocess.Popen(
            [sys.executable, "-c", "import sys; from service.store.executor import executor_main; "
             "executor_main(sys.argv[1], sys.argv[2])", *store],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=None, start_new_session=True)
        header, _ = read_frame(self.process.stdout.fileno(), time.monotonic() + start_timeout)
        self.version = header.get("version", "")
        self.sent = 0  # how many of the store's additions this executor has been sent

    def run(self, job: Job, deadline: float, additions: bytes = b"") -> Outcome:
        write_frame(self.process.stdin.fileno(), vars(job), additions)
        header, body = read_frame(self.process.stdout.fileno(), deadline)
        return Outcome(body=body, **header)

    def kill(self) -> None:
        try:
            self.process.kill()
        except ProcessLookupError:
            pass
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass

    def exit_description(self) -> str:
        code = self.process.poll()
        if code is None:
            return "still running"
        if code < 0:
            try:
                return f"killed by signal {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exited with code {code}"


class QueryPool:
    """A pool of executors for one web process: runs jobs with a deadline, replaces the dead.

    Executors start on demand up to ``size``; a job waits for a free one until its
    deadline (Busy, a 503, if none frees up). A job that runs past its deadline
    gets its executor killed (QueryTimeout, a 503); one whose executor dies gets a
    400, since only the query can have killed it.
    """

    def __init__(self, store: tuple[str, str], size: int = 4, start_timeout: float = 30.0,
                 additions: Callable[[int], tuple[int, bytes]] | None = None):
        """``store``: what each executor opens, ("memory", dataset file) or ("oxigraph", folder);
        ``additions``: the store's ``additions_since``, when data is added to it while the server runs."""
        self.store, self.size, self.start_timeout = store, max(1, size), start_timeout
        self.additions = additions
        self.idle: list[Executor] = []
        self.running = 0
        self.warming = 0  # executors starting in the background: a query waits for one rather than start another
        self.lock = threading.Condition()
        self.closed = False

    def warm(self) -> None:
        """Start one executor in the background so the first query does not wait for it."""
        with self.lock:
            if self.closed or len(self.idle) + self.running + self.warming >= self.size:
                return
            self.warming += 1
        threading.Thread(target=self._add_idle, daemon=True).start()

    def _add_idle(self) -> None:
        try:
            executor = Executor(self.store, self.start_timeout)
        except (OSError, EOFError, TimeoutError, ValueError) as exc:
            log.error("a query executor could not start (%s: %s); the next query will try again",
                      type(exc).__name__, exc)
            executor = None
        with self.lock:
            self.warming -= 1
            self.lock.notify()
            if executor is None:
                return
            if self.closed or len(self.idle) + self.running >= self.size:
                executor.kill()
                return
            self.idle.append(executor)

    def _acquire(self, deadline: float) -> Executor:
        with self.lock:
            while True:
                if self.closed:
                    raise Busy("the server is shutting down")
                if self.idle:
                    self.running += 1
                    return self.idle.pop()
                if self.running + len(self.idle) + self.warming < self.size:
                    self.running += 1
                    break
                wait = deadline - time.monotonic()
                if wait <= 0:
                    raise Busy("every query executor is busy; try again shortly")
                self.lock.wait(wait)
        try:
            return Executor(self.store, self.start_timeout)
        except BaseException as exc:
            with self.lock:
                self.running -= 1
                self.lock.notify()
            if isinstance(exc, (OSError, EOFError, TimeoutError, ValueError)):
                log.error("a query executor could not start (%s: %s)", type(exc).__name__, exc)
                raise Busy("a query executor could not start; try again shortly") from None
            raise

    def _release(self, executor: Executor | None) -> None:
        with self.lock:
            self.running -= 1
            if executor is not None and not self.closed:
                self.idle.append(executor)
            elif executor is not None:
                executor.kill()
            self.lock.notify()

    def run(self, job: Job, timeout: float) -> Outcome:
        """Run a job within ``timeout`` seconds, or raise QueryTimeout / Busy."""
        deadline = time.monotonic() + timeout
        executor = self._acquire(deadline)
        sent, additions = self.additions(executor.sent) if self.additions else (0, b"")
        try:
            outcome = executor.run(job, deadline, additions)
            executor.sent = sent
        except TimeoutError:
            executor.kill()
            log.warning("query executor %d killed: its query ran past the %g s limit; starting a replacement",
                        executor.process.pid, timeout)
            self._release(None)
            self.warm()
            raise QueryTimeout(f"the query was stopped after the {timeout:g} s limit") from None
        except (EOFError, OSError, ValueError):
            try:  # a dead executor's pipe closes as it dies: give the kernel a moment to report how it ended
                executor.process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                pass
            how = executor.exit_description() if executor.process.poll() is not None else "broke its pipe"
            executor.kill()
            log.warning("query executor %d %s while evaluating a query; starting a replacement",
                        executor.process.pid, how)
            self._release(None)
            self.warm()
            raise QueryError(f"the query engine could not evaluate this query (its process {how}); "
                             "the query is probably too deeply nested or too long") from None
        self._release(executor)
        return outcome

    def close(self) -> None:
        with self.lock:
            self.closed = True
            idle, self.idle = self.idle, []
        for executor in idle:
            executor.kill()


class QueryRunner:
    """Decides where a job runs.

    A query runs first in an executor. One that finished there within
    ``trusted_seconds`` and under the row cap has shown what it costs on this
    dataset (evaluation is deterministic, and a running server's data only
    grows by progress records, a small part of it): later runs of the same query, with the same dataset
    parameters, are evaluated in this process, sparing the pipe and the
    second process. Everything else keeps running in the pool.
    """

    def __init__(self, store, pool: QueryPool, trusted_seconds: float = 0.25,
                 remember: int = 4096):
        self.store, self.pool, self.trusted_seconds, self.remember = store, pool, trusted_seconds, remember
        self.proven: dict[tuple, None] = {}
        self.lock = threading.Lock()

    @staticmethod
    def _key(job: Job) -> tuple:
        return (job.query, tuple(job.default_graphs or ()), job.default_graphs is None,
                tuple(job.named_graphs or ()), job.named_graphs is None, job.union_default, job.max_rows,
                job.base_iri)

    def run(self, job: Job, timeout: float, repeatable: bool = True) -> Outcome:
        """Run a job; ``repeatable`` is False for a query whose cost can change from run to run (RAND())."""
        key = self._key(job)
        if repeatable and key in self.proven:
            return run_job(self.store, job)
        start = time.monotonic()
        outcome = self.pool.run(job, timeout)
        if repeatable and outcome.status == 200 and not outcome.truncated \
                and time.monotonic() - start < self.trusted_seconds:
            with self.lock:
                if len(self.proven) >= self.remember:
                    self.proven.pop(next(iter(self.proven)))
                self.proven[key] = None
        return outcome


class RemoteRunner:
    """Runs jobs on a SPARQL server, from this process: the server evaluates, each request has its deadline."""

    def __init__(self, store):
        self.store = store  # a callable giving the SparqlStore as it is now (its view changes with the data)

    def run(self, job: Job, timeout: float, repeatable: bool = True) -> Outcome:
        return run_job(self.store(), job)
