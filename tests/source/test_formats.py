"""Chapters beyond Markdown: reStructuredText, DOCX, ODT and HTML, chosen by extension.

Every reader gives the same pandoc AST, so a chapter in any format is cut into units,
looked up in the memories and rendered like a Markdown one; a DOCX or ODT chapter's
images are extracted into ``build/media/`` under names of their content.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import lxml.html
import pytest
from conftest import write_project
from pypdf import PdfReader

from editions.errors import EditionsError
from editions.source import read_source
from editions.source.ast import stringify

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


@pytest.mark.parametrize("name, markdown, title, anchor", [
    ("six.html", None, "The HTML Chapter", "chapter-six"),                       # <title>
    ("six.docx", "---\ntitle: Core Title\n---\n\nBody.\n", "Core Title", "chapter-six"),  # core properties
    ("six.odt", "# ODT Heading\n\nBody.\n", "ODT Heading", "odt-heading"),
    ("six.docx", "# First Heading\n\nBody.\n", "First Heading", "first-heading"),  # no title: the heading
])
def test_a_chapter_title_comes_from_the_document(tmp_path, name, markdown, title, anchor):
    root = with_chapters(tmp_path / "p", name)
    if markdown is None:
        (root / "content" / name).write_text(HTML, encoding="utf-8")
    else:
        packaged_chapter(tmp_path, markdown, (2, 2), root / "content" / name)
    chapter = read_source(root).publication.chapters[-1]
    assert chapter.anchor == anchor
    assert chapter.blocks[0]["t"] == "Header" and chapter.blocks[0]["c"][0] == 1
    assert stringify(chapter.blocks[0]["c"][2]) == title
    assert sum(b["t"] == "Header" for b in chapter.blocks) == 1


def test_an_odt_title_is_a_paragraph_as_pandoc_reads_it(tmp_path):
    """Pandoc's ODT reader does not read ``meta.xml``: the title an ODT file has in its
    properties is not the chapter's; its Title-styled paragraph is a paragraph."""
    root = with_chapters(tmp_path / "p", "six.odt")
    packaged_chapter(tmp_path, "---\ntitle: Core Title\n---\n\nBody.\n", (2, 2), root / "content" / "six.odt")
    chapter = read_source(root).publication.chapters[-1]
    assert chapter.anchor == ""
    assert [b["t"] for b in chapter.blocks] == ["Para", "Para"]
    assert stringify(chapter.blocks[0]) == "Core Title"


# --- a publication in five formats, built in two locales --------------------------------------

WORD = "# Word Chapter\n\nA paragraph written in Word.\n\n![A square drawn for Word.](square.png)\n"
ODT = "# ODT Chapter\n\nA paragraph written in OpenDocument.\n\n![A square drawn for ODT.](square.png)\n"
HTML = ("<!DOCTYPE html><html><head><title>The HTML Chapter</title></head><body>"
        "<p>A paragraph written in HTML.</p></body></html>\n")
WORD_IMAGE, ODT_IMAGE = (7, 5), (9, 6)          # sizes that tell the two images apart in a PDF
TRANSLATED = {   # source: (French, Arabic), a unit of each chapter
    "The First Chapter": ("Le premier chapitre", "الفصل الأول"),
    "A paragraph written in *reStructuredText* with `code`.":
        ("Un paragraphe écrit en *reStructuredText* avec `code`.", "فقرة مكتوبة بلغة *reStructuredText* مع `code`."),
    "A paragraph written in Word.": ("Un paragraphe écrit dans Word.", "فقرة مكتوبة في وورد."),
    "A paragraph written in OpenDocument.": ("Un paragraphe écrit en OpenDocument.", "فقرة مكتوبة بصيغة أوبن دوكيومنت."),
    "A paragraph written in HTML.": ("Un paragraphe écrit en HTML.", "فقرة مكتوبة بلغة إتش تي إم إل."),
}


def packaged_chapter(folder: Path, markdown: str, size: tuple[int, int], target: Path) -> None:
    """A DOCX or ODT file (by ``target``'s extension) made by pandoc from ``markdown``, with
    a PNG of ``size`` as ``square.png`` inside."""
    from conftest import png_bytes

    from editions.source.pandoc import pandoc_path
    work = folder / target.stem
    work.mkdir()
    (work / "square.png").write_bytes(png_bytes(*size))
    (work / "chapter.md").write_text(markdown, encoding="utf-8")
    subprocess.run([pandoc_path(), "chapter.md", "-o", str(target)], cwd=work, check=True)


@pytest.fixture(scope="module")
def five_formats(tmp_path_factory) -> Path:
    """Markdown, reST, DOCX, ODT and HTML chapters, fr and ar memories covering a unit of
    each, built in html, epub and pdf for fr and ar."""
    from conftest import tmx

    from editions.pipeline import BuildRequest, build
    folder = tmp_path_factory.mktemp("formats")
    root = with_chapters(folder / "p", "three.rst", "four.docx", "five.odt", "six.html")
    content = root / "content"
    (content / "three.rst").write_text(RST_CHAPTER.replace("===============", "=" * 16), encoding="utf-8")
    packaged_chapter(folder, WORD, WORD_IMAGE, content / "four.docx")
    packaged_chapter(folder, ODT, ODT_IMAGE, content / "five.odt")
    (content / "six.html").write_text(HTML, encoding="utf-8")
    for index, tag in enumerate(("fr", "ar")):
        pairs = [(source, targets[index]) for source, targets in TRANSLATED.items()]
        (root / "locales" / tag / "memory.tmx").write_text(tmx(pairs, tag), encoding="utf-8")
    result = build(BuildRequest(workers=1, root=root, locales=("fr", "ar")), progress=lambda *_: None)
    assert result.failures == []
    return root


def plain(text: str) -> str:
    return " ".join(text.replace("*", "").replace("`", "").split())


def words(text: str) -> list[str]:
    return sorted(re.sub(r"[.,*`\u202a-\u202e]", " ", text).split())


def pdf_has(lines: list[str], text: str) -> bool:
    """``text`` is on one line of the PDF. pdftotext writes a right-to-left line in its own
    order (bidi controls, a full stop first), so a line is compared by its words."""
    return any(words(text) == words(line) for line in lines)


def edition_text(root: Path, tag: str, fmt: str) -> str:
    from builds import edition
    from validators import pdftotext
    path = edition(root, tag, fmt)
    if fmt == "pdf":
        return pdftotext(path)
    if fmt == "epub":
        with zipfile.ZipFile(path) as book:
            pages = [book.read(n) for n in book.namelist() if n.endswith(".xhtml")]
        return plain(" ".join(lxml.html.fromstring(page).text_content() for page in pages))
    return plain(lxml.html.fromstring(path.read_bytes()).text_content())


@pytest.mark.parametrize("fmt", ["html", "epub", "pdf"])
@pytest.mark.parametrize("tag", ["fr", "ar"])
def test_every_chapter_format_is_translated_in_every_edition(five_formats, tag, fmt):
    text = edition_text(five_formats, tag, fmt)
    for source, targets in TRANSLATED.items():
        translation = plain(targets[("fr", "ar").index(tag)])
        if fmt == "pdf":
            assert pdf_has(text.splitlines(), translation), f"{tag} pdf: {translation!r} missing"
            assert not pdf_has(text.splitlines(), source)
        else:
            assert translation in text, f"{tag} {fmt}: {translation!r} missing"
            assert plain(source) not in text


def edition_images(root: Path, tag: str, fmt: str) -> list[bytes]:
    """The bytes of every image an edition carries (for the PDF: each image's size)."""
    from builds import edition
    path = edition(root, tag, fmt)
    if fmt == "pdf":
        return [image.image.size for page in PdfReader(str(path)).pages for image in page.images]
    if fmt == "epub":
        with zipfile.ZipFile(path) as book:
            return [book.read(n) for n in book.namelist() if n.endswith(".png")]
    page = lxml.html.fromstring(path.read_bytes())
    return [(path.parent / src).read_bytes() for src in page.xpath("//img/@src")]


@pytest.mark.parametrize("fmt", ["html", "epub", "pdf"])
@pytest.mark.parametrize("tag", ["fr", "ar"])
def test_docx_and_odt_images_are_in_every_edition(five_formats, tag, fmt):
    from conftest import png_bytes
    found = edition_images(five_formats, tag, fmt)
    for size in (WORD_IMAGE, ODT_IMAGE):
        assert (size if fmt == "pdf" else png_bytes(*size)) in found, f"{tag} {fmt}: the {size} image is missing"


def test_packaged_images_are_extracted_into_the_work_folder_under_stable_names(five_formats):
    import shutil
    folder = five_formats / "build" / "media" / "content-four-docx"
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 1 and names[0].endswith(".png")
    first = read_source(five_formats)
    assert f"build/media/content-four-docx/{names[0]}" in first.publication.images
    assert any(image.startswith("build/media/content-five-odt/") for image in first.publication.images)
    shutil.rmtree(five_formats / "build" / "media")          # as after make clean
    again = read_source(five_formats)
    assert [u.id for u in again.units] == [u.id for u in first.units]
    assert again.publication.images == first.publication.images
    assert sorted(p.name for p in folder.iterdir()) == names


@pytest.mark.parametrize("tag", ["fr", "ar"])
def test_epub_of_five_formats_passes_epubcheck(five_formats, tag):
    from builds import edition
    from validators import run_epubcheck
    errors, warnings, report = run_epubcheck(edition(five_formats, tag, "epub"))
    assert (errors, warnings) == (0, 0), report


@pytest.mark.parametrize("include", ["part.rst", "/etc/hostname", "../../outside.rst"])
def test_a_rest_include_that_cannot_be_read_is_one_line_naming_chapter_and_line(tmp_path, include):
    root = with_chapters(tmp_path / "p", "three.rst")
    (root / "content" / "part.rst").write_text("Included text.\n", encoding="utf-8")
    (root / "content" / "three.rst").write_text(f"Three\n=====\n\nBefore.\n\n.. include:: {include}\n\nAfter.\n",
                                                encoding="utf-8")
    with pytest.raises(EditionsError) as raised:
        read_source(root)
    assert str(raised.value) == (f"content/three.rst:6: include '{include}' cannot be read: a chapter's includes "
                                 "are not read; list that file as a chapter of its own or put its text here")


def test_pandocs_warnings_on_a_chapter_are_reported_at_their_line(project):
    two = project / "content" / "two.md"
    two.write_text(two.read_text(encoding="utf-8") + "\nSee [a].\n\n[a]: https://example.org/\n"
                   "[a]: https://example.com/\n", encoding="utf-8")
    line = len(two.read_text(encoding="utf-8").splitlines())
    [issue] = [i for i in read_source(project).publication.issues if i.code == "reader-warning"]
    assert (issue.severity, issue.location) == ("warning", f"content/two.md:{line}")
    assert issue.message == "pandoc: Duplicate link reference '[a]' at line 12 column 1"
