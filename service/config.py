"""Where the project's inputs and outputs live; one place for each path.

From a checkout, everything is beside the package: ontology/, shapes/,
queries/, data/ and build/. Installed from a wheel, the same folders come
inside the package (``service/project``, copied there when the wheel is
built) and the build goes to the user's cache. Environment variables move
each: INSPECTION_KG_ROOT (the folder holding ontology/, shapes/, queries/ and
data/), INSPECTION_KG_DATA (the reports alone), INSPECTION_KG_BUILD (the
build's output).
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


@dataclass(frozen=True)
class Paths:
    root: Path
    build_dir: Path | None = None  # default: INSPECTION_KG_BUILD, else build/ under the root (the cache if installed)

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
