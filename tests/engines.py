"""Real SPARQL servers for the store tests, started on 127.0.0.1 with free ports and stopped by the tests.

    with OxigraphServer(tmp) as engine:      # `oxigraph serve` (PyPI oxigraph) on a folder of its own
        engine.query_url, engine.graph_store_url
    with Virtuoso(tmp) as engine:            # virtuoso-t (Debian virtuoso-opensource-7) with an ini of ours
        engine.query_url, engine.graph_store_url   # the Graph Store endpoint wants Digest auth: dba / dba

Each runs in a session of its own, so stopping it (SIGTERM, then SIGKILL to
the group) leaves nothing behind. Virtuoso's ini is written here: a database,
its log and its HTTP root in the temporary folder, free SQL and HTTP ports, no
system service touched. A new database's administrator is dba with password
dba: a throwaway database on the loopback interface, never a deployment.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests
from server import free_port

ASK = {"query": "ASK { }"}
VIRTUOSO_USER = ("dba", "dba")
_RUNNING: set = set()


def oxigraph_binary() -> str | None:
    """The `oxigraph` command of this environment (the PyPI wheel installs it beside the interpreter)."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t")


class Engine:
    """A server process started by a test, and how to reach it."""

    name = "engine"
    startup = 60.0

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log = self.folder / f"{self.name}.out"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self) -> Engine:
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(self.command(), cwd=self.folder, stdout=out, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
        _RUNNING.add(self)
        deadline = time.monotonic() + self.startup
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if requests.post(self.query_url, data=ASK, timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        text = self.log.read_text(errors="replace")[-3000:]
        self.stop()
        raise RuntimeError(f"{self.name} did not start on port {self.port}:\n{text}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
            try:
                os.killpg(process.pid, sig)
            except (ProcessLookupError, PermissionError):
                break
            try:
                process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        _RUNNING.discard(self)

    def cpu_seconds(self) -> float:
        """CPU time the server has used so far (to see whether it still works after a cancelled query)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def __enter__(self) -> Engine:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def __hash__(self) -> int:
        return id(self)


class OxigraphServer(Engine):
    """`oxigraph serve`, its data in a folder of its own; ``timeout`` is its --timeout-s for every query."""

    name = "oxigraph"
    startup = 30.0

    def __init__(self, folder: Path, timeout: int = 30):
        super().__init__(folder)
        self.timeout = timeout

    def command(self) -> list[str]:
        return [oxigraph_binary(), "serve", "--location", str(self.folder / "data"),
                "--bind", f"127.0.0.1:{self.port}", "--timeout-s", str(self.timeout)]

    @property
    def query_url(self) -> str:
        return self.base + "/query"

    @property
    def graph_store_url(self) -> str:
        return self.base + "/store"

    @property
    def update_url(self) -> str:
        return self.base + "/update"


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 8
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
DirsAllowed = .

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
MaxClientConnections = 8
ServerThreads = 8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = {timeout}
MaxQueryCostEstimationTime = 0
"""


class Virtuoso(Engine):
    """Virtuoso Open Source 7 in the foreground, with an ini written here; ``timeout`` caps every query."""

    name = "virtuoso"
    startup = 90.0

    def __init__(self, folder: Path, timeout: int = 30):
        super().__init__(folder)
        self.sql_port, self.timeout = free_port(), timeout
        (self.folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(
            folder=self.folder, sql_port=self.sql_port, http_port=self.port, timeout=timeout))

    def command(self) -> list[str]:
        return [virtuoso_binary(), "+foreground", "+configfile", str(self.folder / "virtuoso.ini")]

    @property
    def query_url(self) -> str:
        return self.base + "/sparql"

    @property
    def graph_store_url(self) -> str:
        return self.base + "/sparql-graph-crud-auth"

    @property
    def update_url(self) -> str:
        return self.base + "/sparql-auth"


@atexit.register
def _stop_leftovers() -> None:
    for engine in list(_RUNNING):
        engine.stop()
