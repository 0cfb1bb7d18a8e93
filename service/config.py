"""Where the project's inputs and outputs live; one place for each path."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def _default_root() -> Path:
    """The project checkout: INSPECTION_KG_ROOT, else the folder above this package."""
    if "INSPECTION_KG_ROOT" in os.environ:
        return Path(os.environ["INSPECTION_KG_ROOT"]).resolve()
    return Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Paths:
    root: Path
    build_dir: Path | None = None  # default: INSPECTION_KG_BUILD, else build/ under the root

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
        return self.root / "data"

    @property
    def queries(self) -> Path:
        return self.root / "queries"

    @property
    def build(self) -> Path:
        if self.build_dir is not None:
            return self.build_dir
        return Path(os.environ.get("INSPECTION_KG_BUILD", self.root / "build"))

    @property
    def dataset(self) -> Path:
        return self.build / "dataset.nq"

    @property
    def manifest(self) -> Path:
        return self.build / "manifest.json"

    def reports(self) -> list[tuple[str, Path, list[Path]]]:
        """Each report as (id, text file, curated Turtle files): one folder under data/ per report."""
        found = []
        for folder in sorted(p for p in self.data.iterdir() if p.is_dir()):
            texts = sorted(folder.glob("*.txt"))
            if len(texts) == 1:
                found.append((folder.name, texts[0], sorted(folder.glob("*.ttl"))))
        return found
