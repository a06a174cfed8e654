"""The layout gate: text the PDF draws outside its page's content area.

The rule: every run of text WeasyPrint lays out in a page's flow (the body, its
footnotes; not the margin boxes, where running heads and page numbers belong)
must lie inside the page's content area, the page box less its margins
(CSS Paged Media, "page area"). A run that reaches past its left or right
edge, or above or below it, by more than ``TOLERANCE`` is cut off by the
paper's edge or overprints the margin: an unbreakable token (a long URL, a
word of 300 letters), a table wider than the page, a line of code that
cannot wrap. Each is a ``text-overflow`` warning naming the locale, the page
and the translation unit, as the glyph gate names missing glyphs; a strict
build fails on it.

The boxes read are WeasyPrint's own laid-out ones (``Document.pages[i]._page_box``):
the layout that writes the PDF is the one judged, and nothing is read back
from the file. A run is tied to its unit by text: the words of the block it
sits in (a paragraph, a list item, a table cell, a heading), else of the run
itself, are found in the units' published texts
(``LocalizedPublication.unit_texts``); text no unit holds (a code block, a
UI word) is reported with its words and no unit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import Issue
from ..model import LocalizedPublication

TOLERANCE = 1.0           # CSS px (0.26 mm): what rounding and hanging punctuation may reach past
CODE = "text-overflow"
TEXT_BLOCKS = frozenset({"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption",
                         "dt", "dd", "caption", "pre", "blockquote"})


def overflows(document, publication: LocalizedPublication) -> tuple[Issue, ...]:
    """Every page's text outside its content area, one ``Issue`` per page and unit (or
    per page and text, for text no unit holds), in page order. ``document``: the
    WeasyPrint ``Document`` the PDF is written from."""
    found: dict[tuple[int, str], Issue] = {}
    for number, page in enumerate(document.pages, 1):
        for run, block, reach in _outside(page._page_box):
            unit = unit_of(publication.unit_texts, block) or unit_of(publication.unit_texts, run.text)
            key = (number, unit or _excerpt(run.text))
            if key not in found:
                found[key] = _issue(publication.locale.tag, number, unit, run.text, reach)
    return tuple(found.values())


def _outside(page_box) -> Iterator[tuple[object, str, float]]:
    """(text box, the text of the block it sits in, how far past the content area in px)
    for each run of text of the page's flow that leaves the content area."""
    from weasyprint.formatting_structure import boxes

    left, top = page_box.content_box_x(), page_box.content_box_y()
    right, bottom = left + page_box.width, top + page_box.height
    for child in page_box.children:
        if isinstance(child, boxes.MarginBox):
            continue
        for run, block in _runs(child, None):
            reach = max(left - run.position_x, run.position_x + run.width - right,
                        top - run.position_y, run.position_y + run.height - bottom)
            if reach > TOLERANCE and run.text.strip():
                yield run, _text(block) if block is not None else "", reach


def _runs(box, block) -> Iterator[tuple[object, object]]:
    """Every text box under ``box``, with the nearest block of text around it."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        yield box, block
        return
    if isinstance(box, boxes.BlockContainerBox) and box.element_tag in TEXT_BLOCKS:
        block = box
    for child in getattr(box, "children", ()) or ():
        yield from _runs(child, block)


def _text(block) -> str:
    return " ".join(run.text for run, _ in _runs(block, None))


def unit_of(unit_texts: tuple[tuple[str, str], ...], text: str) -> str:
    """The first unit whose published text holds the words of ``text`` ("" when none does,
    or ``text`` has no word). Compared by letters and digits only: a line broken with a
    hyphen, or typography's spaces and quotes, do not hide a unit."""
    key = _key(text)
    if not key:
        return ""
    return next((unit for unit, published in unit_texts if key in _key(published)), "")


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _excerpt(text: str, length: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1] + "…"


def _issue(tag: str, page: int, unit: str, text: str, reach: float) -> Issue:
    millimetres = reach * 25.4 / 96
    held = "" if unit else " (in no translation unit)"
    return Issue(CODE, "warning", f"text runs {millimetres:.0f} mm outside the page's content area, "
                 f"cut off or over the margin: '{_excerpt(text)}'{held}; give it break opportunities or make "
                 "it narrower", f"PDF page {page}", locale=tag, format="pdf", unit=unit)
