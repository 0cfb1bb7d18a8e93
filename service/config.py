"""Where the project's inputs and outputs live; one place for each path.

From a checkout, everything is beside the package: ontology/, shapes/,
queries/, data/ and build/. Installed from a wheel, the same folders come
inside the package (``service/project``, copied there when the wheel is
built) and the build goes to the user's cache. Environment variables move
each: INSPECTION_KG_ROOT (the folder holding ontology/, shapes/, queries/ and
data/), INSPECTION_KG_DATA (the reports alone), INSPECTION_KG_BUILD (the
build's output).

The progress ledger (the records of progress and the users, a SQLite
database: service/progress) is not an output of the build and must outlive
it, so it never lives under build/: in a checkout it is var/ledger.sqlite3
(ignored by git, left alone by `make clean`); installed from a wheel, it is in
the user's data folder ($XDG_DATA_HOME/inspection-kg/). INSPECTION_KG_LEDGER
(or --ledger) puts it anywhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import UserError

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent
INSTALLED = PACKAGE / "project"  # the project's folders, as setup.py puts them in a wheel
FOLDERS = ("ontology", "shapes", "queries")  # what the build and the service read besides the reports


def _default_root() -> Path:
    """INSPECTION_KG_ROOT; else the checkout above this package; else the project files installed with it."""
    if "INSPECTION_KG_ROOT" in os.environ:
        return Path(os.environ["INSPECTION_KG_ROOT"]).resolve()
    if all((CHECKOUT / folder).is_dir() for folder in FOLDERS):
        return CHECKOUT
    return INSTALLED


def _user_cache() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "inspection-kg"


def _user_data() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "inspection-kg"


LEDGER_FILE = "ledger.sqlite3"


@dataclass(frozen=True)
class Paths:
    root: Path
    build_dir: Path | None = None  # default: INSPECTION_KG_BUILD, else build/ under the root (the cache if installed)
    data_dir: Path | None = None   # default: INSPECTION_KG_DATA, else data/ under the root

    @classmethod
    def default(cls) -> Paths:
        return cls(_default_root())

    @property
    def ontology(self) -> Path:
        return self.root / "ontology"

    @property
    def shapes(self) -> Path:
        return self.root / "shapes"

    @property
    def data(self) -> Path:
        if self.data_dir is not None:
            return self.data_dir
        return Path(os.environ["INSPECTION_KG_DATA"]) if "INSPECTION_KG_DATA" in os.environ else self.root / "data"

    @property
    def queries(self) -> Path:
        return self.root / "queries"

    @property
    def build(self) -> Path:
        if self.build_dir is not None:
            return self.build_dir
        if "INSPECTION_KG_BUILD" in os.environ:
            return Path(os.environ["INSPECTION_KG_BUILD"])
        return _user_cache() / "build" if self.root == INSTALLED else self.root / "build"

    @property
    def dataset(self) -> Path:
        return self.build / "dataset.nq"

    @property
    def manifest(self) -> Path:
        return self.build / "manifest.json"

    @property
    def parts(self) -> Path:
        """Each report's built graphs, kept so that a build rebuilds only the reports that changed."""
        return self.build / "parts"

    @property
    def ledger(self) -> Path:
        """The progress ledger: INSPECTION_KG_LEDGER, else var/ in a checkout, else the user's data folder."""
        if os.environ.get("INSPECTION_KG_LEDGER"):
            return Path(os.environ["INSPECTION_KG_LEDGER"])
        return _user_data() / LEDGER_FILE if self.root == INSTALLED else self.root / "var" / LEDGER_FILE

    def check(self) -> None:
        """UserError naming the first folder the build needs that is not there."""
        for folder in (*(self.root / name for name in FOLDERS), self.data):
            if not folder.is_dir():
                raise UserError(f"no folder {folder}: the build reads ontology/, shapes/, queries/ and data/ "
                                "(set INSPECTION_KG_ROOT, or INSPECTION_KG_DATA for the reports)")

    def reports(self) -> list[tuple[str, Path, list[Path]]]:
        """Each report as (id, text file, curated Turtle files): one folder under data/ per report."""
        found = []
        for folder in sorted(p for p in self.data.iterdir() if p.is_dir()):
            texts = sorted(folder.glob("*.txt"))
            if len(texts) == 1:
                found.append((folder.name, texts[0], sorted(folder.glob("*.ttl"))))
        return found
