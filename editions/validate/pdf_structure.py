"""The PDF's structure tree against the edition it was made from.

The tagged PDF's structure tree (``pdf_read.structure``, the figures' alt
text through pypdf) is what a screen reader navigates. It is compared with
the locale's HTML edition, the same localized document, each difference a
``pdf-structure-<what>`` error:

- ``headings``: the outline, heading levels in order (the table of contents'
  own heading, the first heading reading like it, left out, as ``consistency``
  does);
- ``figures``: one Figure element per figure of the edition, each with the
  alt text of the edition's image, word for word (alt text is stored as
  written, not drawn, so it is compared exactly);
- ``lists``: every list of the edition's body is a List element with as many
  items (the PDF has more lists: its table of contents). WeasyPrint tags a
  list that a page break splits as two List elements, the second in the next
  page's Part, and an item the break splits as two items; a List that goes
  on right after another counts with it here (that split is a limit of
  WeasyPrint's tagging, not fixed);
- ``paragraphs``: at least as many paragraph elements as the body has
  paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import html as lxml_html

from ..errors import Issue
from .contents import HEADINGS
from .pdf_read import HEADING, Element
from .target import Target, finding
from .text import drawn_as, plain

CONTENT = {"P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "Figure", "Table", "BlockQuote", "Div"}


@dataclass(frozen=True)
class EditionStructure:
    """What the HTML edition's structure is, read once."""

    levels: list[int]          # heading levels outside ``nav``, in order
    toc_heading: str           # the table of contents' own heading
    alts: list[str]            # alt text of each figure's image in the body
    lists: list[int]           # items of each list in the body
    paragraphs: int            # paragraphs in the body


def check(target: Target, tree: Element, figure_alts: tuple[str, ...]) -> list[Issue]:
    reference = target.siblings.get("html")
    if reference is None:
        return []
    edition = edition_structure(reference)
    return (_headings(target, tree, edition) + _figures(target, figure_alts, edition.alts)
            + _lists(target, tree, edition.lists) + _paragraphs(target, tree, edition.paragraphs))


def edition_structure(path: Path) -> EditionStructure:
    page = lxml_html.fromstring(path.read_bytes())
    main = page.find(".//main")
    body = main if main is not None else page
    heads = [(h, any(a.tag == "nav" for a in h.iterancestors())) for h in page.iter(*HEADINGS)]
    in_nav = [h for h, nav in heads if nav]
    return EditionStructure(
        levels=[int(h.tag[1]) for h, nav in heads if not nav],
        toc_heading=plain(in_nav[0].text_content()) if in_nav else "",
        alts=[plain(img.get("alt") or "") for figure in body.iter("figure") for img in figure.iter("img")],
        lists=[len(lst.findall("li")) for lst in body.iter("ul", "ol")],
        paragraphs=len(list(body.iter("p"))))


def _headings(target: Target, tree: Element, edition: EditionStructure) -> list[Issue]:
    tagged = [(element.type, element.text()) for element in tree.walk() if HEADING.match(element.type)]
    contents = next((n for n, (_kind, text) in enumerate(tagged)
                     if edition.toc_heading and drawn_as(edition.toc_heading, text)), None)
    tagged_levels = [int(kind[1:] or 1) for n, (kind, _text) in enumerate(tagged) if n != contents]
    if tagged_levels != edition.levels:
        return [finding(target, "pdf-structure-headings", "error",
                        f"heading levels {_outline(tagged_levels)} in the structure tree, "
                        f"the edition has {_outline(edition.levels)}")]
    return []


def _outline(levels: list[int]) -> str:
    return " ".join(f"H{level}" for level in levels) or "none"


def _figures(target: Target, alts: tuple[str, ...], expected: list[str]) -> list[Issue]:
    if len(alts) != len(expected):
        return [finding(target, "pdf-structure-figures", "error",
                        f"{len(alts)} Figure elements, the edition has {len(expected)} figures")]
    return [finding(target, "pdf-structure-figures", "error",
                    f"figure {n}'s alt text is '{plain(got)}', the edition's is '{want}'")
            for n, (got, want) in enumerate(zip(alts, expected), 1) if plain(got) != want]


def _lists(target: Target, tree: Element, expected: list[int]) -> list[Issue]:
    tagged = _list_lengths(tree)
    found = []
    for items in expected:
        fitting = next((span for span in tagged if span[0] <= items <= span[1]), None)
        if fitting is None:
            found.append(finding(target, "pdf-structure-lists", "error",
                                 f"no List element with {items} items for the edition's list of {items}"))
        else:
            tagged.remove(fitting)
    return found


def _list_lengths(tree: Element) -> list[tuple[int, int]]:
    """Items per List element in document order, as (fewest, most). A List that
    goes on right after another one (in the next page's Part) is counted with
    it: WeasyPrint tags a list that a page break splits as two, and an item
    split by the break as two items, so each such join may count one item twice."""
    lengths: list[tuple[int, int]] = []
    joined = False

    def visit(element: Element) -> None:
        nonlocal joined
        for child in element.children:
            if child.type == "L":
                items = sum(item.type == "LI" for item in child.children)
                if joined:
                    fewest, most = lengths[-1]
                    lengths[-1] = (fewest + items - 1, most + items)
                else:
                    lengths.append((items, items))
                joined = True
            elif child.type in CONTENT:
                joined = False
            else:
                visit(child)
    visit(tree)
    return lengths


def _paragraphs(target: Target, tree: Element, expected: int) -> list[Issue]:
    tagged = sum(element.type == "P" for element in tree.walk())
    if tagged < expected:
        return [finding(target, "pdf-structure-paragraphs", "error",
                        f"{tagged} paragraph elements, the edition's body has {expected} paragraphs")]
    return []
