"""Shared fixtures: one build of the real report per test session, in a temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from service.build import build
from service.config import Paths
from service.extract import parse_report
from service.namespaces import sparql_prologue
from service.queries import Catalogue
from service.reports import value
from service.store import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
REPORT_TEXT = ROOT / "data" / "birmingham-2012" / "ofsted-birmingham-2012.txt"


@pytest.fixture(scope="session")
def paths(tmp_path_factory) -> Paths:
    return Paths(ROOT, tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="session")
def built(paths):
    return build(paths, force=True)


@pytest.fixture(scope="session")
def store(built) -> OxigraphStore:
    return OxigraphStore.from_file(built.dataset)


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return Catalogue.load(ROOT / "queries")


@pytest.fixture(scope="session")
def report_text() -> str:
    return REPORT_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def report(report_text):
    return parse_report(report_text)


def select(store, where: str) -> list[dict]:
    """Run a query (the project's prefixes declared) and return rows of plain values."""
    results = store.query(sparql_prologue() + where)
    names = [v.value for v in results.variables]
    return [{n: value(row[n]) for n in names} for row in results]


def ask(store, where: str) -> bool:
    return bool(store.query(sparql_prologue() + where))


def run_cli(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real command line in a child process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "service.cli", *args], capture_output=True,
                          env=full_env, cwd=cwd or ROOT, timeout=300)
