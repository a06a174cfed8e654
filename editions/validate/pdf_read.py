"""Reading a PDF edition back: its fonts (poppler's ``pdffonts``), its
metadata and bookmarks (pypdf), and its structure tree with the text of each
element (poppler's ``pdfinfo -struct-text``) and the figures' alt text.

Only reads; the checks that judge these values are in ``pdf.py`` and
``consistency.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .tools import ToolFailure, program, run

ELEMENT = re.compile(r"^(?P<indent> *)(?P<type>[A-Za-z][A-Za-z0-9]*)(?: \((?:block|inline)\))?:?$")
HEADING = re.compile(r"^H[1-6]?$")


@dataclass
class Element:
    """A structure element: its type (``H1``, ``P``, ``Figure``…), text and children."""

    type: str
    children: list[Element] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def text(self) -> str:
        return " ".join([*self.texts, *(child.text() for child in self.children)]).strip()

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class PdfFont:
    name: str
    embedded: bool
    unicode: bool


def fonts(path: Path) -> list[PdfFont]:
    ran = run([program("pdffonts"), str(path)], timeout=120)
    if ran.returncode != 0:
        raise ToolFailure("tool-failed", f"pdffonts: {ran.stderr.strip()[-300:]}")
    rows = []
    for line in ran.stdout.splitlines()[2:]:
        parts = line.split()   # name, type words…, encoding, emb, sub, uni, object, id
        rows.append(PdfFont(parts[0], parts[-5] == "yes", parts[-3] == "yes"))
    return rows


def structure(path: Path) -> Element | None:
    """The structure tree under a root element, or None for an untagged PDF."""
    ran = run([program("pdfinfo"), "-struct-text", str(path)], timeout=120)
    if ran.returncode != 0:
        raise ToolFailure("tool-failed", f"pdfinfo: {ran.stderr.strip()[-300:]}")
    root, stack = Element("StructTreeRoot"), []
    for line in ran.stdout.splitlines():
        stripped = line.strip()
        if stripped.startswith('"') and stripped.endswith('"') and len(stripped) > 1 and stack:
            stack[-1][1].texts.append(stripped[1:-1])
            continue
        match = ELEMENT.match(line)
        if not match:
            continue                     # attributes (/BBox …), object references
        depth = len(match["indent"])
        while stack and stack[-1][0] >= depth:
            stack.pop()
        element = Element(match["type"])
        (stack[-1][1] if stack else root).children.append(element)
        stack.append((depth, element))
    return root if root.children else None


def headings(tree: Element) -> list[str]:
    return [e.text() for e in tree.walk() if HEADING.match(e.type)]


def captions(tree: Element) -> list[str]:
    """The text of each outermost Caption element (WeasyPrint nests one in another)."""
    found: list[str] = []

    def visit(element: Element):
        if element.type == "Caption":
            found.append(element.text())
            return
        for child in element.children:
            visit(child)
    visit(tree)
    return found


@dataclass(frozen=True)
class PdfFacts:
    title: str
    lang: str
    marked: bool                     # /MarkInfo /Marked true: a tagged PDF
    bookmarks: tuple[str, ...]
    figure_alts: tuple[str, ...]     # /Alt of each Figure element ("" when missing)
    custom_encodings: tuple[str, ...]   # fonts not drawn with Identity-H (see pdf.py)
    author: str = ""
    subject: str = ""


def facts(path: Path) -> PdfFacts:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(str(path))
        return _facts(reader)
    except (PyPdfError, OSError) as error:
        raise ToolFailure("pdf-unreadable", f"{path.name} cannot be read as a PDF: {error}") from None


def _facts(reader) -> PdfFacts:
    catalog = reader.trailer["/Root"]
    info = reader.metadata or {}
    mark = catalog.get("/MarkInfo")
    tree = catalog.get("/StructTreeRoot")
    return PdfFacts(
        title=str(info.get("/Title") or ""), lang=str(catalog.get("/Lang") or ""),
        marked=bool(mark and mark.get_object().get("/Marked")),
        bookmarks=tuple(str(item.title) for item in _flatten(reader.outline)),
        figure_alts=tuple(_figure_alts(tree.get_object())) if tree else (),
        custom_encodings=tuple(_custom_encodings(reader)),
        author=str(info.get("/Author") or ""), subject=str(info.get("/Subject") or ""))


def _flatten(items):
    for item in items:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


def _figure_alts(node, depth: int = 0):
    node = node.get_object()
    if depth > 200 or not hasattr(node, "get"):
        return
    if node.get("/S") == "/Figure":
        yield str(node.get("/Alt") or "")
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        if hasattr(kid, "get_object"):
            yield from _figure_alts(kid, depth + 1)


def _custom_encodings(reader) -> list[str]:
    found = set()
    for page in reader.pages:
        resources = _resolved(page.get("/Resources"))
        for font in _resolved(resources.get("/Font")).values():
            font = font.get_object()
            if str(font.get("/Encoding")) != "/Identity-H":
                found.add(str(font.get("/BaseFont")))
    return sorted(found)


def _resolved(value) -> dict:
    return value.get_object() if value is not None else {}
