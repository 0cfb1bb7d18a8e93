"""Refresh the vendored front-end libraries from the npm registry: `make vendor`.

Each library is installed at its pinned version with npm into a temporary
folder, and only its built files are copied, with its licence, the licences of
every package bundled into it, and a VERSION file. The service serves the
copies; nothing at run time or test time needs Node.

    python tools/vendor.py            # all of them
    python tools/vendor.py cytoscape  # one

A package that ships no licence file (``@zazuko/yasgui`` ships none) gets one
written from the licence its package.json declares, naming it as the source;
only MIT is written that way, anything else stops the refresh.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "service" / "web" / "static" / "vendor"
TESTS = ROOT / "tests" / "vendor"


@dataclass(frozen=True)
class Library:
    name: str             # the folder it is copied to
    package: str          # the npm package
    version: str          # pinned: the one place the version is written
    files: tuple[str, ...]  # built files, relative to the package
    target: Path          # where the folder goes


LIBRARIES = [
    # the query editor of /sparql (YASQE + YASR bundled)
    Library("yasgui", "@zazuko/yasgui", "4.6.2", ("build/yasgui.min.js", "build/yasgui.min.css"), STATIC),
    # the accountability network
    Library("cytoscape", "cytoscape", "3.35.0", ("dist/cytoscape.min.js",), STATIC),
    # accessibility checks in the browser tests only: never served
    Library("axe-core", "axe-core", "4.14.1", ("axe.min.js", "LICENSE-3RD-PARTY.txt"), TESTS),
]

MIT = """MIT License

{holder}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""
LICENSE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "license", "LICENSE-MIT")


def licence_text(folder: Path, meta: dict, strict: bool = True) -> str:
    """The package's own licence file, or the MIT text for a package that declares MIT and ships none."""
    for name in LICENSE_NAMES:
        if (folder / name).is_file():
            return (folder / name).read_text(encoding="utf-8")
    if not strict and meta.get("license") != "MIT":
        return f"{meta['name']} ships no licence file; its package.json declares {meta.get('license')!r}.\n"
    if meta.get("license") != "MIT":
        raise SystemExit(f"{meta['name']} ships no licence file and declares {meta.get('license')!r}: "
                         "add its licence by hand")
    author = meta.get("author")
    author = author.get("name") if isinstance(author, dict) else author
    holders = [author] + [c["name"] if isinstance(c, dict) else c for c in meta.get("contributors", [])]
    return (f"{meta['name']} {meta['version']} ships no licence file; its package.json declares "
            f"\"license\": \"MIT\". The MIT licence:\n\n"
            + MIT.format(holder="Copyright (c) " + ", ".join(h for h in holders if h)))


def bundled(modules: Path, package: str) -> list[str]:
    """The package's dependencies, transitively (what its bundle may contain), sorted."""
    seen, todo = set(), [package]
    while todo:
        name = todo.pop()
        meta = json.loads((modules / name / "package.json").read_text(encoding="utf-8"))
        for dep in meta.get("dependencies", {}):
            if dep not in seen and (modules / dep / "package.json").is_file():
                seen.add(dep)
                todo.append(dep)
    return sorted(seen)


def vendor(library: Library) -> None:
    with tempfile.TemporaryDirectory(prefix="ikg-vendor-") as tmp:
        subprocess.run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "--ignore-scripts",
                        "--prefix", tmp, f"{library.package}@{library.version}"], check=True)
        modules = Path(tmp) / "node_modules"
        source = modules / library.package
        meta = json.loads((source / "package.json").read_text(encoding="utf-8"))
        if meta["version"] != library.version:
            raise SystemExit(f"npm installed {library.package} {meta['version']}, not {library.version}")
        target = library.target / library.name
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for name in library.files:
            shutil.copy2(source / name, target / Path(name).name)
        (target / "LICENSE").write_text(licence_text(source, meta), encoding="utf-8")
        (target / "VERSION").write_text(f"{library.package} {library.version}\n", encoding="utf-8")
        parts = []
        for dep in bundled(modules, library.package):
            dep_meta = json.loads((modules / dep / "package.json").read_text(encoding="utf-8"))
            parts.append(f"==== {dep} {dep_meta['version']} ({dep_meta.get('license')})\n\n"
                         + licence_text(modules / dep, dep_meta, strict=False))
        if parts:
            (target / "THIRD-PARTY-LICENSES").write_text(
                f"Packages {library.package} depends on, whose code its build may bundle:\n\n" + "\n\n".join(parts),
                encoding="utf-8")
        print(f"{library.package} {library.version} -> {target.relative_to(ROOT)}")


def main(names: list[str]) -> None:
    chosen = [lib for lib in LIBRARIES if not names or lib.name in names]
    if names and len(chosen) != len(names):
        raise SystemExit(f"unknown library; there are: {', '.join(lib.name for lib in LIBRARIES)}")
    for library in chosen:
        vendor(library)


if __name__ == "__main__":
    main(sys.argv[1:])
