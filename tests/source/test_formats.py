"""Chapters beyond Markdown: reStructuredText, DOCX, ODT and HTML, chosen by extension.

Every reader gives the same pandoc AST, so a chapter in any format is cut into units,
looked up in the memories and rendered like a Markdown one; a DOCX or ODT chapter's
images are extracted into ``build/media/`` under names of their content.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_project

from editions.errors import EditionsError
from editions.source import read_source

RST_CHAPTER = """\
===============
The reST Chapter
===============

A paragraph written in *reStructuredText* with ``code``.

.. note:: An admonition in reST.

A link to `the first chapter <one.md>`_.
"""


def with_chapters(root: Path, *names: str) -> Path:
    """The two-chapter test project with ``names`` appended to its chapters."""
    write_project(root)
    config = root / "content" / "publication.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "".join(f"  - {n}\n" for n in names),
                      encoding="utf-8")
    return root


def texts(source) -> dict[str, str]:
    return {unit.source: unit.location for unit in source.units}


def test_rst_chapter_is_read_with_its_title_and_units(tmp_path):
    root = with_chapters(tmp_path / "p", "three.rst")
    (root / "content" / "three.rst").write_text(RST_CHAPTER.replace("===============", "=" * 16),
                                                encoding="utf-8")
    source = read_source(root)
    chapter = source.publication.chapters[-1]
    assert chapter.path == "content/three.rst"
    assert chapter.blocks[0]["t"] == "Header" and chapter.anchor == "chapter-three"
    found = texts(source)
    assert "The reST Chapter" in found
    assert "A paragraph written in *reStructuredText* with `code`." in found
    assert "An admonition in reST." in found
    # a link to another chapter's file resolves to its anchor, as from Markdown
    assert "A link to [the first chapter](#chapter-one)." in found


def test_unknown_chapter_extension_is_one_error_naming_the_file(tmp_path):
    root = with_chapters(tmp_path / "p", "three.tex")
    (root / "content" / "three.tex").write_text("\\section{x}", encoding="utf-8")
    with pytest.raises(EditionsError) as raised:
        read_source(root)
    assert "content/three.tex" in str(raised.value)
    assert ".rst" in str(raised.value) and "\n" not in str(raised.value)
