"""Every file-system error of every subcommand: exit 2, one line on stderr naming the path, nothing written.

Paths are made unusable in ways that hold even for root (CI runs as root, so
permissions would not stop it): a folder that does not exist, a regular file
standing where a folder must be, a folder where a file must be.
"""

from __future__ import annotations

import pytest
from conftest import copy_project, run_cli


@pytest.fixture(scope="module")
def dataset(built) -> str:
    return str(built.dataset)


@pytest.fixture
def blocker(tmp_path):
    """A regular file: any path under it cannot exist (NotADirectoryError)."""
    path = tmp_path / "a-file"
    path.write_text("not a folder\n")
    return path


def fails_naming(path, *args, env=None) -> str:
    """Run the command; it must exit 2 with one line naming ``path``, no traceback and no output."""
    result = run_cli(*args, env=env)
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2, (result.returncode, err)
    assert "Traceback" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert str(path) in lines[0], lines[0]
    assert lines[0].startswith("inspection-kg: error: ")
    assert result.stdout == b""
    return lines[0]


def test_export_to_a_folder_that_does_not_exist(dataset, tmp_path):
    """The issue's own example: export --format nq -o /nonexistent/x.nq."""
    target = tmp_path / "nonexistent" / "x.nq"
    line = fails_naming(target, "export", "--format", "nq", "-o", str(target), "--dataset", dataset)
    assert "cannot write" in line
    assert not target.parent.exists()


def test_export_onto_a_folder(dataset, tmp_path):
    fails_naming(tmp_path, "export", "--format", "ttl", "-o", str(tmp_path), "--dataset", dataset)


def test_query_output_is_a_file_error_not_a_query_error(dataset, blocker):
    target = blocker / "out.csv"
    line = fails_naming(target, "query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--format", "csv",
                        "-o", str(target), "--dataset", dataset)
    assert "query failed" not in line and "cannot write" in line


def test_query_file_that_does_not_exist(dataset, tmp_path):
    missing = tmp_path / "missing.rq"
    fails_naming(missing, "query", "--file", str(missing), "--dataset", dataset)


def test_query_dataset_that_is_a_folder(tmp_path):
    fails_naming(tmp_path, "query", "ASK {}", "--dataset", str(tmp_path))


def test_report_output_under_a_file(dataset, blocker):
    target = blocker / "who.md"
    fails_naming(target, "report", "who-owns-what", "--format", "md", "-o", str(target), "--dataset", dataset)


def test_report_dataset_that_does_not_exist(tmp_path):
    missing = tmp_path / "none.nq"
    fails_naming(missing, "report", "actions", "--dataset", str(missing))


def test_validate_dataset_that_does_not_exist(tmp_path):
    missing = tmp_path / "none.nq"
    fails_naming(missing, "validate", str(missing))


def test_validate_output_under_a_file(dataset, blocker):
    target = blocker / "report.ttl"
    fails_naming(target, "validate", dataset, "--format", "ttl", "-o", str(target))


def test_serve_dataset_that_does_not_exist(tmp_path):
    missing = tmp_path / "none.nq"
    fails_naming(missing, "serve", "--port", "1", "--dataset", str(missing))


def test_serve_dataset_that_is_a_folder(tmp_path):
    fails_naming(tmp_path, "serve", "--port", "1", "--dataset", str(tmp_path))


def test_build_into_a_folder_under_a_file(blocker):
    target = blocker / "build"
    fails_naming(target, "build", env={"INSPECTION_KG_BUILD": str(target)})


def test_build_with_a_reports_folder_that_does_not_exist(tmp_path):
    missing = tmp_path / "no-reports"
    fails_naming(missing, "build", env={"INSPECTION_KG_DATA": str(missing),
                                        "INSPECTION_KG_BUILD": str(tmp_path / "build")})
    assert not (tmp_path / "build").exists()


def test_build_with_a_root_that_lacks_the_ontology(tmp_path):
    root = copy_project(tmp_path / "project")
    for path in (root / "ontology").iterdir():
        path.unlink()
    (root / "ontology").rmdir()
    fails_naming(root / "ontology", "build", env={"INSPECTION_KG_ROOT": str(root),
                                                  "INSPECTION_KG_BUILD": str(tmp_path / "build")})


def test_build_with_an_unreadable_report_text(tmp_path):
    """A report's text that is a folder, not a file, cannot be read: the path is named."""
    root = copy_project(tmp_path / "project")
    folder = root / "data" / "other-report"
    folder.mkdir()
    (folder / "text.txt").mkdir()  # the report's one .txt is a folder
    fails_naming(folder / "text.txt", "build", env={"INSPECTION_KG_ROOT": str(root),
                                                    "INSPECTION_KG_BUILD": str(tmp_path / "build")})
