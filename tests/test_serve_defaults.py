"""`inspection-kg serve` starts quietly with its defaults: granian warns of nothing on this machine.

granian warns when the workers are more than the CPUs, or the blocking
threads per worker more than 2 x CPUs + 1 (granian/server/common.py and
mp.py); the defaults are chosen from the CPUs this process may use.
"""

from __future__ import annotations

import multiprocessing

from server import RunningServer

from service.server import default_threads, default_workers


def test_defaults_stay_within_granians_bounds():
    cpus = multiprocessing.cpu_count()  # what granian compares with
    assert 1 <= default_workers() <= cpus
    assert 1 <= default_threads() <= 2 * cpus + 1


def test_serve_with_its_defaults_logs_no_warning(built):
    server = RunningServer(built.dataset, workers=None)  # --workers and --threads left to their defaults
    with server as base:
        assert base
        log = server.log_text()
    assert "Spawning worker" in log  # the log is granian's
    warnings = [line for line in log.splitlines() if "WARNING" in line.upper() or "warn" in line.lower()]
    assert not warnings, warnings
