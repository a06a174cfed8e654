"""Element ids: none is one the editions give their own elements, and a made-up id
(a DOCX/ODT heading, a Markdown heading without {#id}) that an earlier chapter uses is
renamed deterministically, links following; explicit ids that collide stay an error."""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from pathlib import Path

import lxml.html
import pytest
from builds import run_build
from conftest import write_project
from test_formats import packaged_chapter, with_chapters
from validators import run_epubcheck

from editions.errors import EditionsError
from editions.source.ast import elements
from editions.source.ids import reserved
from editions.source.publication import read_publication

RESERVED_HEADINGS = """\
# Main

Text with a note.[^1] See [the notes heading](#footnotes) and [the title](#title).

[^1]: The note.

# Footnotes

## Title

## Downloads label

## Colophon

## Contents {#toc-title}

## Page {#Block-2}

## Note {#fn1}
"""


def ids_and_links(publication) -> tuple[list[str], list[str]]:
    blocks = [c.blocks for c in publication.chapters]
    ids = [e["c"][1][0] for e in elements(blocks, {"Header"})]
    links = [e["c"][2][0] for e in elements(blocks, {"Link"}) if e["c"][2][0].startswith("#")]
    return ids, links


def test_reserved_ids_are_renamed_and_links_follow(project):
    (project / "content" / "two.md").write_text(RESERVED_HEADINGS + "\n[Back](one.md#section-one)\n",
                                                encoding="utf-8")
    one = project / "content" / "one.md"
    one.write_text(one.read_text(encoding="utf-8").replace("(two.md#next-steps)", "(two.md#footnotes)"),
                   encoding="utf-8")
    ids, links = ids_and_links(read_publication(project))
    assert ids == ["chapter-one", "section-one", "main-1", "footnotes-1", "title-1", "downloads-label-1",
                   "colophon-1", "id-toc-title-1", "Block-2-1", "fn1-1"]
    assert links == ["#footnotes-1", "#footnotes-1", "#title-1", "#section-one"]
    assert not [ident for ident in ids if reserved(ident)]


def test_every_id_the_templates_write_is_reserved():
    import re

    from conftest import ROOT
    written = {ident for folder in ("html", "epub", "print", "partials")
               for path in (ROOT / "templates" / folder).iterdir()
               for ident in re.findall(r'\bid="([^"{]+)"', path.read_text(encoding="utf-8"))}
    assert written and all(reserved(ident) for ident in written), sorted(i for i in written if not reserved(i))


@pytest.mark.parametrize("ident, kept", [("main", False), ("title", False), ("fn12", False), ("toc-x", False),
                                         ("Block-3", False), ("page-4", False), ("mainly", True),
                                         ("titles", True), ("fn", True), ("block-3", True)])
def test_reserved(ident, kept):
    assert reserved(ident) is not kept


def test_a_markdown_heading_without_an_id_is_renumbered_when_an_earlier_chapter_has_it(project):
    (project / "content" / "two.md").write_text("# Two\n\n## A section\n\nSee [it](#a-section).\n",
                                                encoding="utf-8")
    one = project / "content" / "one.md"
    one.write_text(one.read_text(encoding="utf-8").replace("{#section-one}", "").replace(
        "(two.md#next-steps)", "(two.md#a-section)").replace("(one.md#section-one)", "(one.md#a-section)"),
        encoding="utf-8")
    ids, links = ids_and_links(read_publication(project))
    assert ids == ["chapter-one", "a-section", "two", "a-section-1"]
    assert links == ["#a-section-1", "#a-section-1"]


def test_two_explicit_ids_that_collide_stay_an_error(project):
    (project / "content" / "two.md").write_text("# Two\n\n## Again {#section-one}\n", encoding="utf-8")
    with pytest.raises(EditionsError, match="id 'section-one' is also used in content/one.md"):
        read_publication(project)


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_two_packaged_chapters_sharing_a_heading_are_made_unique(tmp_path, kind):
    root = with_chapters(tmp_path / "p", f"four.{kind}", f"five.{kind}")
    for name in ("four", "five"):
        packaged_chapter(tmp_path, f"# {name.title()}\n\n## Summary\n\nText of {name}.\n", (2, 2),
                         root / "content" / f"{name}.{kind}")
    two = root / "content" / "two.md"
    two.write_text(two.read_text(encoding="utf-8") + f"\n[Four](four.{kind}#summary) and [five](five.{kind}#summary).\n",
                   encoding="utf-8")
    ids, links = ids_and_links(read_publication(root))
    assert ids[-4:] == ["four", "summary", "five", "summary-1"]
    assert links[-2:] == ["#summary", "#summary-1"]


@pytest.fixture(scope="module")
def reserved_build(tmp_path_factory) -> Path:
    """The test project whose second chapter's headings are ids the editions use, built in HTML and EPUB."""
    root = write_project(tmp_path_factory.mktemp("ids") / "p")
    (root / "content" / "two.md").write_text(RESERVED_HEADINGS, encoding="utf-8")
    one = root / "content" / "one.md"
    one.write_text(one.read_text(encoding="utf-8").replace("(two.md#next-steps)", "(two.md#footnotes)"),
                   encoding="utf-8")
    result = run_build(root, "--formats", "html,epub", "--locales", "en")
    assert result.returncode == 0, result.stderr
    return root


def test_the_html_edition_has_each_id_once_and_is_nu_valid(reserved_build):
    page = reserved_build / "dist" / "en" / "index.html"
    counts = Counter(lxml.html.parse(str(page)).xpath("//@id"))
    assert [ident for ident, count in counts.items() if count > 1] == []
    from editions.validate.tools import java_jar, node_file
    ran = java_jar(node_file("vnu-jar/build/dist/vnu.jar"), ["--format", "json", "--exit-zero-always", str(page)])
    errors = [f"{m.get('lastLine')}: {m.get('message')}" for m in json.loads(ran.stderr or ran.stdout)["messages"]
              if m.get("type") == "error"]
    assert errors == []


def test_the_epub_edition_has_each_id_once_and_passes_epubcheck(reserved_build):
    book = next((reserved_build / "dist" / "en").glob("*.epub"))
    with zipfile.ZipFile(book) as archive:
        for name in archive.namelist():
            if name.endswith(".xhtml"):
                counts = Counter(lxml.html.fromstring(archive.read(name)).xpath("//@id"))
                assert [ident for ident, count in counts.items() if count > 1] == [], name
    errors, _warnings, report = run_epubcheck(book)
    assert errors == 0, report
