"""The documentation holds together: every link resolves, every file it names exists, the README stays a guide.

The README is a short guide that links every doc under docs/; the reference
lives there. Links are checked as GitHub renders them: a relative link must
name a file of the checkout, and an ``#anchor`` a heading of the file it points
at (GitHub's slugs). Paths and module names written as code (```service/...```,
```service.web.create_app```) must exist, so that moving a module cannot leave
a doc pointing at the old place.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

README = ROOT / "README.md"
DOCS = ROOT / "docs"
DOCUMENTS = [README, ROOT / "CONTRIBUTING.md", *sorted(DOCS.rglob("*.md"))]
README_MAX_LINES = 260

FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M)
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)
# Folders of the checkout whose files the docs name; build/ is made by the build, so it is not checked.
CHECKED_FOLDERS = ("service", "tests", "queries", "shapes", "ontology", "data", "benchmarks", "docs", ".ci")
PLACEHOLDER = re.compile(r"[<>…]|\.\.\.|\bNAME\b")  # data/<report>/, queries/NAME.rq: stand for any


def prose(text: str) -> str:
    """The text without fenced code blocks and code spans: what GitHub renders as links and headings."""
    return CODE_SPAN.sub("", FENCE.sub("", text))


def code_spans(text: str) -> list[str]:
    """What the text writes as inline code, outside fenced blocks."""
    return [m.group(2).strip() for m in CODE_SPAN.finditer(FENCE.sub("", text))]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: the rendered text, lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link shows its text
    text = text.replace("`", "").lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """The anchors of a Markdown file's headings, numbered as GitHub numbers repeated ones."""
    seen: dict[str, int] = {}
    found = set()
    for heading in HEADING.findall(FENCE.sub("", path.read_text(encoding="utf-8"))):
        base = slug(heading)
        n = seen.get(base, 0)
        seen[base] = n + 1
        found.add(base if n == 0 else f"{base}-{n}")
    return found


def relative_links(path: Path) -> list[str]:
    """The links of a Markdown file that point into the checkout (not http:, mailto: ...)."""
    targets = LINK.findall(prose(path.read_text(encoding="utf-8")))
    return [t for t in targets if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", t)]


def broken_links(path: Path, root: Path = ROOT) -> list[str]:
    """Each relative link of ``path`` whose file (in ``root``), or whose #anchor in that file, does not exist."""
    broken = []
    for target in relative_links(path):
        file_part, _, anchor = target.partition("#")
        resolved = (path.parent / file_part).resolve() if file_part else path
        if not resolved.exists() or not resolved.is_relative_to(root):
            broken.append(f"{target}: no such file")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            broken.append(f"{target}: no heading #{anchor} in {resolved.relative_to(root)}")
    return broken


def linked_files(path: Path) -> set[Path]:
    return {(path.parent / t.partition("#")[0]).resolve() for t in relative_links(path) if t.partition("#")[0]}


def missing_names(path: Path, root: Path = ROOT) -> list[str]:
    """Each path or ``service.`` module that ``path`` writes as code and that the checkout does not have."""
    missing = []
    for span in code_spans(path.read_text(encoding="utf-8")):
        for word in span.split():
            word = word.strip("(),;:'\"").split("#")[0]
            if PLACEHOLDER.search(word):
                continue
            if "/" in word and word.split("/")[0] in CHECKED_FOLDERS:
                if not (any(root.glob(word)) if "*" in word else (root / word).exists()):
                    missing.append(word)
            elif re.fullmatch(r"service(\.\w+)+", word) and not _module_or_name_exists(root, word.split(".")):
                missing.append(word)
    return missing


def _module_or_name_exists(root: Path, parts: list[str]) -> bool:
    """``service.a.b`` is a module, or a name a module defines or imports (``service.web.create_app``)."""
    for size in range(len(parts), 0, -1):
        base = root.joinpath(*parts[:size])
        source = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
        if source.is_file():
            rest = parts[size:]
            return not rest or (len(rest) == 1 and re.search(rf"\b{re.escape(rest[0])}\b",
                                                             source.read_text(encoding="utf-8")) is not None)
    return False


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(path):
    assert broken_links(path) == []


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_path_and_module_named_exists(path):
    assert missing_names(path) == []


def test_the_readme_links_every_doc():
    docs = {p.resolve() for p in DOCS.rglob("*.md")} | {(ROOT / "CONTRIBUTING.md").resolve()}
    assert docs - linked_files(README) == set()


def test_every_image_under_docs_is_shown_somewhere():
    images = {p.resolve() for p in DOCS.rglob("*") if p.suffix.lower() in {".png", ".jpg", ".jpeg", ".svg", ".gif"}}
    shown = set().union(*(linked_files(p) for p in DOCUMENTS))
    assert images - shown == set()


def test_the_readme_is_a_short_guide():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines; move reference into docs/"


def test_the_readmes_first_code_block_is_the_two_commands():
    first = FENCE.search(README.read_text(encoding="utf-8"))
    assert first, "README.md has no code block"
    commands = [line.split("#")[0].strip() for line in first.group(0).splitlines()[1:-1]]
    assert "make serve" in commands and "make test" in commands, first.group(0)


# The checks above must be able to fail: each is shown a document with the fault it looks for.

def test_a_broken_link_or_anchor_is_caught(tmp_path):
    (tmp_path / "other.md").write_text("# Other\n\n## The part\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text("# Page\n\n[ok](other.md#the-part) [gone](missing.md) [bad anchor](other.md#no-part)\n"
                    "[self](#page) [self gone](#nowhere) `[not a link](missing-too.md)`\n"
                    "```\n[in code](missing-three.md)\n```\n[web](https://example.org/x)\n", encoding="utf-8")
    assert broken_links(page, tmp_path) == ["missing.md: no such file", "other.md#no-part: no heading #no-part in other.md",
                                  "#nowhere: no heading #nowhere in page.md"]


def test_a_path_or_module_that_does_not_exist_is_caught(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("The guard is `service/guard.py`, the store `service/store/guard.py`, built by "
                    "`service.graph.build`; `service.web.create_app` and `service.web.nothing_here`; "
                    "`data/<report>/` and `queries/NAME.rq` are placeholders; `build/dataset.nq` is made; "
                    "`shapes/*.ttl` matches, `shapes/*.shacl` does not.\n", encoding="utf-8")
    assert missing_names(page) == ["service/guard.py", "service.web.nothing_here", "shapes/*.shacl"]


def test_github_slugs():
    assert slug("Thing and document: 200 with `Content-Location`, not 303") == \
        "thing-and-document-200-with-content-location-not-303"
    assert slug("Reports and the query catalogue") == "reports-and-the-query-catalogue"
    assert slug("The import order, and why the store comes before the graph") == \
        "the-import-order-and-why-the-store-comes-before-the-graph"
