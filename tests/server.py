"""Run the real `inspection-kg serve` in a child process for the HTTP tests.

    with RunningServer(dataset, query_timeout=2.5, workers=2) as base_url:
        requests.get(base_url + "/health")

The server is started exactly as a deployment starts it
(``python -m service.cli serve ...``, granian with its worker processes, each
with its pool of query executors), on a free port of 127.0.0.1, and the
context manager yields once GET /health answers {"status": "ok"}.

Stopping it leaves nothing behind. The server gets its own session (process
group), but its query executors start their own sessions too
(service/executor.py, ``start_new_session=True``) and outlive a worker that is
killed, so a process group alone cannot find them all. Every process of one
server therefore carries a marker in its environment (inherited by workers and
executors alike): ``IKG_TEST_SERVER=<random token>``. ``pids()`` reads
/proc/<pid>/environ for that token, and stopping sends SIGTERM to the group,
waits, then SIGKILLs the group and every process still carrying the token,
and waits until none is left.
"""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
MARKER = "IKG_TEST_SERVER"
SETTINGS = {"DATASET", "QUERY_TIMEOUT", "MAX_REQUEST_BYTES", "MAX_ROWS", "MAX_DEPTH", "MAX_OPERATORS",
            "SERVICE_ALLOWLIST", "EXECUTORS", "CACHE_ENTRIES", "CACHE_BYTES", "STORE", "STORE_REFRESH",
            "STORE_USER", "STORE_PASSWORD"}  # service.web.DEFAULTS, and the store's credentials
_RUNNING: set[RunningServer] = set()


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _marked_pids(token: str) -> list[int]:
    """Live processes (of this user) whose environment carries ``MARKER=token``."""
    needle = f"{MARKER}={token}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as handle:
                environ = handle.read()
        except OSError:  # gone, or not ours
            continue
        if needle in environ.split(b"\0"):
            found.append(int(entry))
    return found


def cpu_ticks(pid: int) -> int | None:
    """utime + stime of a process, in clock ticks (None if it has gone)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read().decode("ascii", "replace")
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) "
    return int(fields[11]) + int(fields[12])  # fields 14 and 15 of proc(5)


class RunningServer:
    """One `inspection-kg serve` child process and everything it spawns."""

    def __init__(self, dataset: Path | str | None, *, query_timeout: float | None = None, workers: int = 1,
                 threads: int | None = None, executors: int | None = None, max_rows: int | None = None,
                 max_request_bytes: int | None = None, allow_service: list[str] | tuple = (),
                 startup_timeout: float = 20.0, store: str | None = None, env: dict | None = None,
                 ledger: Path | str | None = None, extra: list[str] | tuple = ()):
        """``store``: a --store spec (the dataset is then the store's, not a file); ``env``: more variables;
        ``ledger``: the progress ledger (default: INSPECTION_KG_LEDGER); ``extra``: more options."""
        self.dataset = Path(dataset) if dataset is not None else None
        self.store, self.env = store, dict(env or {})
        self.options = {"--query-timeout": query_timeout, "--workers": workers, "--threads": threads,
                        "--executors": executors, "--max-rows": max_rows,
                        "--max-request-bytes": max_request_bytes}
        self.allow_service = list(allow_service)
        self.ledger, self.extra = ledger, list(extra)
        self.startup_timeout = startup_timeout
        self.token = uuid.uuid4().hex
        self.process: subprocess.Popen | None = None
        self.port: int | None = None
        self.base_url: str | None = None
        self.log = tempfile.NamedTemporaryFile(prefix="ikg-server-", suffix=".log", delete=False)

    # ------------------------------------------------------------ start

    def command(self, port: int) -> list[str]:
        args = [sys.executable, "-m", "service.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
        args += ["--store", self.store] if self.store else ["--dataset", str(self.dataset)]
        for option, value in self.options.items():
            if value is not None:
                args += [option, str(value)]
        for iri in self.allow_service:
            args += ["--allow-service", iri]
        if self.ledger is not None:
            args += ["--ledger", str(self.ledger)]
        return args + self.extra

    def start(self) -> str:
        # the server's settings come from its options alone, never from a stray variable of the test run
        env = {k: v for k, v in os.environ.items()
               if not (k.startswith("INSPECTION_KG_") and k[len("INSPECTION_KG_"):] in SETTINGS)}
        env.update(self.env)
        env[MARKER] = self.token
        env["PYTHONUNBUFFERED"] = "1"
        last_error = ""
        for _ in range(3):  # another process may take the free port between the probe and the bind
            self.port = free_port()
            self.base_url = f"http://127.0.0.1:{self.port}"
            self.process = subprocess.Popen(self.command(self.port), cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
            _RUNNING.add(self)
            last_error = self._wait_until_healthy()
            if not last_error:
                return self.base_url
            self.stop()
        raise RuntimeError(f"the server did not start: {last_error}\n--- server log ---\n{self.log_text()[-4000:]}")

    def _wait_until_healthy(self) -> str:
        """'' once /health answers ok; otherwise why not."""
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return f"the server exited with code {self.process.returncode}"
            try:
                response = requests.get(self.base_url + "/health", timeout=2)
                if response.status_code == 200 and response.json().get("status") == "ok":
                    return ""
            except (requests.RequestException, ValueError):
                pass
            time.sleep(0.1)
        return f"/health did not answer within {self.startup_timeout:g} s"

    def log_text(self) -> str:
        try:
            return Path(self.log.name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    # ------------------------------------------------------------ inspect

    def pids(self) -> list[int]:
        """Every live process of this server: the main one, its workers and all their executors."""
        return _marked_pids(self.token)

    # ------------------------------------------------------------ stop

    def stop(self) -> None:
        """SIGTERM, then SIGKILL; returns once no process of this server is left."""
        process = self.process
        if process is None:
            return
        if process.poll() is None:
            self._signal_group(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=5)  # granian lets requests in flight finish first
            except subprocess.TimeoutExpired:
                pass
        self._signal_group(process.pid, signal.SIGKILL)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        # Executors live in sessions of their own: find them by the marker, TERM them, then KILL.
        deadline = time.monotonic() + 10
        sig = signal.SIGTERM
        while time.monotonic() < deadline:
            left = [pid for pid in self.pids() if pid != os.getpid()]
            if not left:
                break
            for pid in left:
                try:
                    os.kill(pid, sig)
                except (ProcessLookupError, PermissionError):
                    pass
            time.sleep(0.2)
            sig = signal.SIGKILL
        self.process = None
        _RUNNING.discard(self)

    @staticmethod
    def _signal_group(pgid: int, sig: int) -> None:
        try:
            os.killpg(pgid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        try:
            self.log.close()
            os.unlink(self.log.name)
        except OSError:
            pass

    def __hash__(self) -> int:
        return hash(self.token)


@atexit.register
def _stop_leftovers() -> None:
    """Stop any server a crashed test session left running."""
    for server in list(_RUNNING):
        server.stop()
