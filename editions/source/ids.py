"""The ids of a publication's elements: one element each, none the editions' own.

Every edition puts all chapters in one document (the HTML page, the print page)
or beside the pages the templates and pandoc's writers make, which give their
own elements ids: ``main``, ``colophon``, ``footnotes``, ``fn1``, ``toc-…`` and
more (``reserved``). ``unique_ids`` renames, deterministically, each element id
of the chapters that is reserved, and each id a chapter's reader made up (a
heading's text in DOCX or ODT, where no explicit id can be written; a Markdown
heading without ``{#id}``) that an earlier chapter already uses: the id gets the
first free ``-N`` suffix, as pandoc numbers repeated headings. Links to a renamed
id follow it. Two explicit ids that collide stay an error (``publication``).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from ..model import Chapter
from .ast import elements
from .formats import READERS

# The ids the templates give their elements (templates/html, epub, print, partials)
# and those pandoc's HTML and EPUB writers give theirs (the footnotes section and
# the EPUB navigation document's lists).
TEMPLATE_IDS = frozenset({"main", "toc-title", "downloads-label", "colophon", "TitlePage", "show-source",
                          "footnotes", "toc", "landmarks", "page-list", "cover", "cover-image"})
# Ids made by number or from another id: footnotes and their references (fn1, fnref1),
# the table of contents' entries (toc-ID), the print page's block anchors (render.pages:
# Block-7) and the EPUB's page-break markers (page-7).
GENERATED_IDS = re.compile(r"^(?:fn\d+|fnref\d+|toc-.*|Block-\d+|_?page-\d+)$")
ID_KINDS = frozenset({"Header", "Div", "Figure", "Table", "CodeBlock", "Span", "Image", "Link", "Code"})


def reserved(ident: str) -> bool:
    """Whether an edition gives ``ident`` to an element of its own (a heading ``Title``
    would collide with ``toc-title`` through its table-of-contents entry)."""
    return ident in TEMPLATE_IDS or f"toc-{ident}" in TEMPLATE_IDS or bool(GENERATED_IDS.match(ident))


def unique_ids(chapters: list[Chapter]) -> tuple[list[Chapter], dict[str, dict[str, str]]]:
    """``chapters`` with reserved ids and made-up ids used by an earlier chapter renamed (their
    blocks changed in place, their ``anchor`` followed), and the renames: chapter path ->
    {old id: new id}, for links from other chapters (``file.docx#summary``)."""
    taken = {_id_of(e) for chapter in chapters for e in elements(chapter.blocks, ID_KINDS) if _id_of(e)}
    owner: dict[str, str] = {}
    renamed: dict[str, dict[str, str]] = {}
    for chapter in chapters:
        renames: dict[str, str] = {}
        for element in elements(chapter.blocks, ID_KINDS):
            ident = _id_of(element)
            if not ident:
                continue
            if ident in renames or reserved(ident) or (owner.get(ident, chapter.path) != chapter.path
                                                       and not explicit(chapter, ident)):
                renames.setdefault(ident, _free(ident, taken))
                _set_id(element, renames[ident])
            else:
                owner.setdefault(ident, chapter.path)
        renamed[chapter.path] = renames
    # a bare "#old" in another chapter meant the element that was renamed, if no element keeps the id
    gone = {old: new for renames in reversed(renamed.values()) for old, new in renames.items() if old not in owner}
    return [_followed(chapter, {**gone, **renamed[chapter.path]}) for chapter in chapters], renamed


def explicit(chapter: Chapter, ident: str) -> bool:
    """Whether the chapter's author wrote ``ident`` (Markdown ``{#id}``, a reST label, an HTML
    ``id``), rather than its reader making it from a heading's text. DOCX and ODT carry none."""
    reader = READERS.get(Path(chapter.path).suffix.lower())
    name = re.escape(ident)
    if reader == "markdown":
        return bool(re.search(r"\{[^{}\n]*#" + name + r"(?=[\s}])", chapter.text))
    if reader == "rst":
        return bool(re.search(r"^\s*\.\. _" + name + r":", chapter.text, re.MULTILINE | re.IGNORECASE))
    if reader == "html":
        return bool(re.search(r"""\bid\s*=\s*["']?""" + name + r"""(?=["'\s>])""", chapter.text))
    return False


def _free(ident: str, taken: set[str]) -> str:
    """The first ``ident-N`` no element has and no edition reserves; ``id-ident-N`` for an id
    whose every number is reserved (``toc-…``)."""
    base = ident if not reserved(f"{ident}-1") else f"id-{ident}"
    number = 1
    while f"{base}-{number}" in taken or reserved(f"{base}-{number}"):
        number += 1
    taken.add(f"{base}-{number}")
    return f"{base}-{number}"


def _followed(chapter: Chapter, renames: dict[str, str]) -> Chapter:
    """The chapter with its links to a renamed id (``#old``) and its anchor following it."""
    if not renames:
        return chapter
    for link in elements(chapter.blocks, {"Link"}):
        url = link["c"][2][0]
        if url.startswith("#") and url[1:] in renames:
            link["c"][2][0] = "#" + renames[url[1:]]
    return dataclasses.replace(chapter, anchor=renames.get(chapter.anchor, chapter.anchor))


def _attr(element: dict) -> list:
    content = element["c"]
    return content[1] if element["t"] == "Header" else content[0]


def _id_of(element: dict) -> str:
    return _attr(element)[0]


def _set_id(element: dict, ident: str) -> None:
    _attr(element)[0] = ident
