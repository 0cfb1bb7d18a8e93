"""A built wheel works on its own: installed in a fresh venv outside the checkout, it builds, queries and serves.

The wheel is built without build isolation (no download; setuptools comes with
the test extras). The fresh venv gets the wheel alone; its dependencies are
read from this project's venv through a .pth line, which adds that
site-packages folder to sys.path but runs none of its .pth files, so the
checkout's editable install is not seen: `service` can only come from the wheel.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import pytest
import requests
from server import free_port

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FOLDERS = ("ontology", "shapes", "queries", "data")


SOURCES = ("service", *PROJECT_FOLDERS, "pyproject.toml", "setup.py", "MANIFEST.in", "README.md")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the sources (setuptools writes build/ beside what it builds)."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(out), str(source)], check=True, capture_output=True, timeout=300)
    (path,) = out.glob("inspection_kg-*.whl")
    return path


@pytest.fixture(scope="module")
def fresh(wheel, tmp_path_factory) -> dict:
    """A venv outside the checkout with the wheel installed, and the environment to run it in."""
    home = tmp_path_factory.mktemp("fresh")
    venv = home / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  check=True, capture_output=True, text=True).stdout.strip())
    (purelib / "dependencies-from-the-project-venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(purelib),
                    str(wheel)], check=True, capture_output=True, timeout=300)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INSPECTION_KG_", "PYTHON", "VIRTUAL_ENV"))}
    env.update({"XDG_CACHE_HOME": str(home / "cache"), "HOME": str(home)})
    return {"python": python, "cwd": home, "env": env, "purelib": purelib}


def run(fresh, *args, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run([str(fresh["python"]), "-m", "service.cli", *args], cwd=fresh["cwd"], env=fresh["env"],
                          capture_output=True, text=True, timeout=timeout)


def test_the_wheel_holds_every_subpackage_and_the_project_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for package in sorted(p.parent for p in (ROOT / "service").rglob("__init__.py")):
        assert f"{package.relative_to(ROOT).as_posix()}/__init__.py" in names, package
    for path in [*(ROOT / "service" / "web" / "templates").iterdir(), *(ROOT / "service" / "web" / "static").rglob("*")]:
        if path.is_file():
            assert path.relative_to(ROOT).as_posix() in names, path
    for folder in PROJECT_FOLDERS:
        for path in (ROOT / folder).rglob("*"):
            if path.is_file():
                assert f"service/project/{path.relative_to(ROOT).as_posix()}" in names, path


def test_the_version_is_written_once(fresh):
    import service

    pyproject = (ROOT / "pyproject.toml").read_text()
    assert '\nversion = "' not in pyproject and 'dynamic = ["version"]' in pyproject  # from service/__init__.py
    code = "import importlib.metadata as m, service; print(m.version('inspection-kg'), service.__version__)"
    printed = subprocess.run([str(fresh["python"]), "-c", code], env=fresh["env"], cwd=fresh["cwd"],
                             capture_output=True, text=True, check=True).stdout.split()
    assert printed == [service.__version__, service.__version__]


def test_the_package_comes_from_the_wheel_not_the_checkout(fresh):
    printed = subprocess.run([str(fresh["python"]), "-c", "import service; print(service.__file__)"],
                             env=fresh["env"], cwd=fresh["cwd"], capture_output=True, text=True, check=True)
    assert Path(printed.stdout.strip()).is_relative_to(fresh["purelib"])


def test_build_and_query_from_the_wheel(fresh):
    built = run(fresh, "build")
    assert built.returncode == 0, built.stderr
    assert str(Path(fresh["env"]["XDG_CACHE_HOME"]) / "inspection-kg" / "build" / "dataset.nq") in built.stdout
    # the judgements of the report's table "Record of main findings": all four inadequate
    answer = run(fresh, "query", "--name", "judgements", "--format", "csv")
    assert answer.returncode == 0, answer.stderr
    grades = [line.split(",") for line in answer.stdout.splitlines()[1:]]
    assert len(grades) == 4 and all("Inadequate" in row for row in grades)


def test_serve_from_the_wheel(fresh):
    assert run(fresh, "build").returncode == 0
    port = free_port()
    process = subprocess.Popen([str(fresh["python"]), "-m", "service.cli", "serve", "--port", str(port),
                                "--workers", "1"], cwd=fresh["cwd"], env=fresh["env"], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(base + "/health", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        page = requests.get(base + "/reports/who-owns-what", headers={"Accept": "text/html"}, timeout=30)
        assert page.status_code == 200 and "Birmingham Safeguarding Children Board" in page.text  # a template
        assert requests.get(base + "/static/style.css", timeout=10).status_code == 200  # a static file
        answer = requests.get(base + "/sparql", params={"query": "ASK { ?s ?p ?o }"},
                              headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert answer.json()["boolean"] is True
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
