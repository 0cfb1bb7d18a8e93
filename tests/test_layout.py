"""The package shows the pipeline: stages import only the stages before them, through their front doors.

report text -> report -> graph -> store -> answers -> publish -> progress -> web.
The store is the engine, so the graph stage may use it (to canonicalise and to
run the coverage query while building); otherwise data flows down the list.
Progress (records written while the service runs, the ledger, users, audit)
comes after the stages that read the built dataset and before the web, which
serves it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "service"
SHARED = {"config", "errors", "namespaces"}  # what every stage may use
# Import order: a stage may import the shared modules and the stages before it, never one after it.
STAGES = ["report", "store", "graph", "answers", "publish", "progress", "web"]
TOP = {"cli", "server", "__init__"}  # the entry points, above every stage (cli is a package of its own)
MAX_LINES = 400


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def stage_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else path.stem


def imports(path: Path) -> list[tuple[list[str], list[str], int]]:
    """Each import of the package: (the absolute module's parts under service, the names, the line)."""
    found = []
    here = ["service", *path.relative_to(PACKAGE).with_suffix("").parts]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[:len(here) - node.level]
                target = base + (node.module.split(".") if node.module else [])
            elif node.module and node.module.split(".")[0] == "service":
                target = node.module.split(".")
            else:
                continue
            found.append((target[1:], [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "service":
                    found.append((alias.name.split(".")[1:], [], node.lineno))
    return found


def test_the_stages_are_the_folders():
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert folders == set(STAGES) | {"cli"}
    top = {p.stem for p in PACKAGE.glob("*.py")}
    assert top == SHARED | TOP - {"cli"}


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_imports_only_earlier_stages_through_their_front_door(path):
    stage = stage_of(path)
    for target, names, line in imports(path):
        if not target or target[0] in SHARED or target[0] == stage:
            continue
        where = f"{path.relative_to(PACKAGE)}:{line}"
        if stage in TOP and target[0] in TOP:
            continue  # the command line starts the server; its modules import one another
        assert target[0] in STAGES, f"{where} imports the entry point {target[0]}"
        if stage in STAGES:
            assert STAGES.index(target[0]) < STAGES.index(stage), f"{where}: {stage} imports the later {target[0]}"
        assert len(target) == 1, f"{where} reaches into {'.'.join(target)}; import from service.{target[0]}"
        private = [n for n in names if n.startswith("_")]
        assert not private, f"{where} imports private {private} from {target[0]}"


@pytest.mark.parametrize("stage", STAGES[:-1])
def test_each_stage_says_what_it_takes_and_gives_and_exports_its_names(stage):
    import importlib

    module = importlib.import_module(f"service.{stage}")
    assert module.__doc__ and "Takes" in module.__doc__ and "gives" in module.__doc__
    for name in module.__all__:
        assert getattr(module, name) is not None, f"service.{stage} exports {name} but has none"


def test_only_the_web_imports_flask():
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        roots = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        roots |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        if stage_of(path) != "web":
            assert not roots & {"flask", "werkzeug", "jinja2"}, path


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_small(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES
