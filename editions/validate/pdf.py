"""The PDF edition read back: fonts, glyphs, metadata, tags and bookmarks.

What it proves, each as a finding code:

- ``pdf-font-not-embedded`` / ``pdf-font-no-unicode``: every font is embedded
  and maps its glyphs to Unicode (``pdffonts``), so the text prints and copies.
- ``pdf-missing-glyph``: no character is drawn with the .notdef box. WeasyPrint
  writes every font with the Identity-H encoding, except a font in which it
  had to draw .notdef, which gets an encoding CMap of its own.
- ``pdf-no-title`` / ``pdf-wrong-lang``: document title set, and ``/Lang`` is
  the edition's locale.
- ``pdf-not-tagged`` / ``pdf-no-structure``: a tagged PDF with a structure tree
  that has headings, paragraphs and, where there are images, figures.
- ``pdf-figure-no-alt``: every Figure element carries alt text.
- ``pdf-structure-*``: the structure tree has the edition's outline, figures
  with its alt text, lists and paragraphs (``pdf_structure``).
- ``pdf-bookmarks``: the bookmarks are the headings of the structure tree, in
  order. PDF text comes back in drawing order (right-to-left lines reversed,
  ligatures as one glyph), so a bookmark and a heading are compared as the
  same letters (``text.drawn_as``), not the same string.
"""

from __future__ import annotations

from ..errors import Issue
from . import pdf_structure
from .pdf_read import captions, facts, fonts, headings, structure
from .target import Target, finding
from .text import drawn_as


def check(target: Target) -> list[Issue]:
    read = facts(target.path)
    tree = structure(target.path)
    found = _fonts(target, read) + _metadata(target, read) + _tags(target, read, tree)
    if tree is not None:
        found += _bookmarks(target, read.bookmarks, headings(tree))
        found += pdf_structure.check(target, tree, read.figure_alts)
    _write_report(target, read, tree)
    return found


def _fonts(target: Target, read) -> list[Issue]:
    found = []
    for font in fonts(target.path):
        if not font.embedded:
            found.append(finding(target, "pdf-font-not-embedded", "error", f"font {font.name} is not embedded"))
        if not font.unicode:
            found.append(finding(target, "pdf-font-no-unicode", "error", f"font {font.name} has no Unicode map"))
    for name in read.custom_encodings:
        found.append(finding(target, "pdf-missing-glyph", "error",
                             f"font {name} draws a character with the .notdef (missing glyph) box"))
    return found


def _metadata(target: Target, read) -> list[Issue]:
    found = []
    if not read.title.strip():
        found.append(finding(target, "pdf-no-title", "error", "the document title is not set"))
    if read.lang != target.locale:
        found.append(finding(target, "pdf-wrong-lang", "error",
                             f"/Lang is '{read.lang}', expected '{target.locale}'"))
    return found


def _tags(target: Target, read, tree) -> list[Issue]:
    if not read.marked or tree is None:
        return [finding(target, "pdf-not-tagged", "error", "not a tagged PDF: no structure tree")]
    types = {element.type for element in tree.walk()}
    found = []
    if not {"H", "H1", "H2", "H3"} & types or "P" not in types:
        found.append(finding(target, "pdf-no-structure", "error",
                             "the structure tree has no headings or no paragraphs"))
    if read.figure_alts and len(captions(tree)) < len(read.figure_alts):
        found.append(finding(target, "pdf-no-structure", "error", "a figure has no Caption element"))
    for number, alt in enumerate(read.figure_alts, 1):
        if not alt.strip():
            found.append(finding(target, "pdf-figure-no-alt", "error", f"figure {number} has no alt text"))
    return found


def _bookmarks(target: Target, bookmarks: tuple[str, ...], tagged: list[str]) -> list[Issue]:
    if not bookmarks:
        return [finding(target, "pdf-bookmarks", "error", "the PDF has no bookmarks")]
    if len(bookmarks) != len(tagged):
        return [finding(target, "pdf-bookmarks", "error",
                        f"{len(bookmarks)} bookmarks for {len(tagged)} headings in the structure tree")]
    return [finding(target, "pdf-bookmarks", "error", f"bookmark {n} '{mark}' is not heading {n} '{heading}'")
            for n, (mark, heading) in enumerate(zip(bookmarks, tagged), 1)
            if not drawn_as(mark, heading)]


def _write_report(target: Target, read, tree) -> None:
    lines = [f"title: {read.title}", f"lang: {read.lang}", f"tagged: {read.marked}",
             f"figures with alt text: {sum(bool(a) for a in read.figure_alts)}/{len(read.figure_alts)}",
             "bookmarks:", *(f"  {b}" for b in read.bookmarks),
             "headings in the structure tree:", *(f"  {h}" for h in (headings(tree) if tree else []))]
    target.report_file("pdf", ".txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
