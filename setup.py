"""Put the project's folders (ontology, shapes, queries, data) inside the package when a wheel is built.

Everything else about the package is in pyproject.toml. In a checkout these
folders live beside the package and service/config.py finds them there; an
installed wheel carries copies under service/project/.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
PROJECT_FOLDERS = ("ontology", "shapes", "queries", "data")


class BuildWithProjectFiles(build_py):
    """build_py, then copy the project's folders into service/project/ of the build."""

    def run(self):
        super().run()
        target = Path(self.build_lib) / "service" / "project"
        for folder in PROJECT_FOLDERS:
            for path in sorted((HERE / folder).rglob("*")):
                if path.is_file():
                    destination = target / path.relative_to(HERE)
                    self.mkpath(str(destination.parent))
                    self.copy_file(str(path), str(destination))


setup(cmdclass={"build_py": BuildWithProjectFiles})
