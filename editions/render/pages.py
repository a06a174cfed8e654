"""Print pages: on which page of the PDF edition each body block starts.

Owns the anchors that identify a block in both the print page and the EPUB,
and the page map read from the laid-out print page. It renders nothing and
writes no file.

**Anchors.** The print page (``pdf.print_page``) and the EPUB content
documents are both written by pandoc from the same localized blocks, so a
block is named once, in the AST, before either writer sees it (``anchored``):

- a heading is named by its own identifier (pandoc puts it on the heading's
  ``<section>`` in both formats); a figure, table or code block by its
  identifier, given one (``Block-7``) when it has none;
- a paragraph, plain block or line block has no attributes: an empty span
  ``<span id="Block-7"></span>`` is put at its start. Blocks inside lists,
  block quotes, divs and footnotes are named the same way; the insides of
  figures and tables are not (they do not break across pages).

Numbers count blocks in document order, so both renderings get the same
names. They hold a capital letter, which pandoc's automatic identifiers
never do (pandoc's EPUB writer would rename an identifier that starts with
an underscore). The title page is ``TitlePage`` in both templates, the
colophon ``colophon``. Spans inside a heading would be copied into pandoc's
table of contents, which is why headings keep their own identifiers.

**Page map.** WeasyPrint lists the anchors on each laid-out page
(``Page.anchors``); the map keeps, in print order, each anchor and the page
it first appears on, with every page's printed label (the page counter in
the print stylesheet's counter style, rendered by WeasyPrint's own counter
styles). The PDF renderer returns it; the build keeps it with the PDF
edition's record and hands it to the EPUB renderer, so the print page is laid
out once, by the PDF renderer only.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from ..source.ast import elements

PREFIX = "Block-"
TITLEPAGE = "TitlePage"
COLOPHON = "colophon"
TEXT_BLOCKS = frozenset({"Para", "Plain"})
NAMED_BLOCKS = frozenset({"Header", "Figure", "Table", "CodeBlock"})
CONTAINERS = {"BlockQuote": lambda c: [c], "Div": lambda c: [c[1]],
              "BulletList": lambda c: c, "OrderedList": lambda c: c[1],
              "DefinitionList": lambda c: [blocks for _term, defs in c for blocks in defs]}


@dataclass(frozen=True)
class PageMap:
    """The print edition's pages: each anchor's first page in print order, and every page's label."""

    anchors: tuple[tuple[str, int], ...]   # (anchor id, page number from 1), in print order
    labels: tuple[str, ...]                # the printed label of page 1, 2, …
    findings: tuple = ()                   # Issues of the layout (``pdf_layout``), for the build to
    #                                        report; not kept with the map (the locale's record keeps them)

    def label(self, page: int) -> str:
        return self.labels[page - 1]

    def to_json(self) -> dict:
        return {"anchors": [list(anchor) for anchor in self.anchors], "labels": list(self.labels)}

    @classmethod
    def from_json(cls, data: dict) -> PageMap:
        return cls(anchors=tuple((a, int(p)) for a, p in data["anchors"]), labels=tuple(data["labels"]))


def anchored(blocks: list) -> tuple[list, tuple[str, ...]]:
    """A copy of ``blocks`` with every body block named, and the names in document order."""
    blocks = copy.deepcopy(blocks)
    names: list[str] = []
    _name_blocks(blocks, names)
    return blocks, tuple(names)


def _name_blocks(blocks: list, names: list[str]) -> None:
    for block in blocks:
        kind, content = block["t"], block.get("c")
        if kind in NAMED_BLOCKS:
            attr = content[1] if kind == "Header" else content[0]
            attr[0] = attr[0] or f"{PREFIX}{len(names) + 1}"
            names.append(attr[0])
        elif kind in TEXT_BLOCKS or (kind == "LineBlock" and content):
            inlines = content[0] if kind == "LineBlock" else content
            names.append(f"{PREFIX}{len(names) + 1}")
            inlines.insert(0, {"t": "Span", "c": [[names[-1], [], []], []]})
            _name_notes(content, names)
        elif kind in CONTAINERS:
            for inner in CONTAINERS[kind](content):
                _name_blocks(inner, names)
        if kind == "Header":
            _name_notes(content[2], names)


def _name_notes(node, names: list[str]) -> None:
    """Name the blocks of the footnotes inside ``node`` (inlines), in document order."""
    for note in list(elements(node, {"Note"})):
        _name_blocks(note["c"], names)


def page_map(document, names: frozenset[str], counter_style: str) -> PageMap:
    """The page map of a laid-out WeasyPrint ``document``, over the anchors in ``names``."""
    from weasyprint.html import UA_COUNTER_STYLE

    first: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for anchor in page.anchors:
            if anchor in names and anchor not in first:
                first[anchor] = number
    labels = tuple(UA_COUNTER_STYLE.render_value(n, counter_style) for n in range(1, len(document.pages) + 1))
    return PageMap(anchors=tuple(first.items()), labels=labels)


def page_starts(pages: PageMap) -> dict[str, list[int]]:
    """Where each page's marker goes: anchor id -> the pages that start there.

    A page goes to the first anchor that starts on it. A page on which no
    anchor starts goes to the anchor before it: in the body, the block that
    runs onto it (a long paragraph); before the body, the title page, since
    the pages of contents have no place in the EPUB's reading order (its
    contents are its navigation document). So every printed page is a target.
    """
    starts: dict[str, list[int]] = {}
    last_page, last_anchor = 0, None
    for anchor, page in pages.anchors:
        if page > last_page:
            if last_anchor is not None and page > last_page + 1:
                starts.setdefault(last_anchor, []).extend(range(last_page + 1, page))
            starts.setdefault(anchor, []).append(page)
            last_page = page
        last_anchor = anchor
    return starts
