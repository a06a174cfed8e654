"""Reading a PDF edition back: its fonts (poppler's ``pdffonts``), its
metadata and bookmarks (pypdf), and its structure tree with the text of each
element (pypdf for the tree, ``pdf_marked`` for the text its marked content
draws, in drawing order) and the figures' alt text.

Only reads; the checks that judge these values are in ``pdf.py`` and
``consistency.py``. Both read the same file: what one read is kept for the
other (the last few files, by path, inode, size and times), since the
structure tree of a hundred-page edition takes seconds to read.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .pdf_marked import marked_text
from .tools import ToolFailure, program, run

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


# A pypdf reader resolves objects by seeking in its file: one thread reads at a time.
READING = threading.Lock()
# The resolved path, inode, size, and modification and change times (ns): a file written again
# has a new change time even when a copy keeps its size and modification time (cp -p, rsync -a).
FileKey = tuple[str, int, int, int, int]


def _file_key(path: Path) -> FileKey:
    stat = path.stat()
    return str(path.resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


@functools.lru_cache(maxsize=2)
def _reader(key: FileKey):
    from pypdf import PdfReader
    return PdfReader(key[0])


def structure(path: Path) -> Element | None:
    """The structure tree under a root element, or None for an untagged PDF.

    Read in one pass over the file: the elements with pypdf from the catalog's
    ``/StructTreeRoot`` (role-mapped types as their standard type), the text of
    the marked content each points at from the pages' content streams
    (``pdf_marked``), so the time grows with the PDF's size. (``pdfinfo
    -struct-text`` gives the same tree, but lays a page out again for every
    element on it: it gave no verdict in 120 s on a 26-page edition.)
    Raises ``ToolFailure`` (``pdf-unreadable``) naming the file when the tree cannot be read."""
    try:
        with READING:
            return _structure(_file_key(path))
    except OSError as error:
        raise ToolFailure("pdf-unreadable", f"{path.name}: its structure tree cannot be read: {error}") from None


@functools.lru_cache(maxsize=8)
def _structure(key: FileKey) -> Element | None:
    from pypdf.errors import PyPdfError

    try:
        reader = _reader(key)
        tree = reader.trailer["/Root"].get("/StructTreeRoot")
        if tree is None:
            return None
        pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages)
                 if page.indirect_reference is not None}
        context = {"pages": pages, "texts": marked_text(reader), "seen": set(),
                   "roles": tree.get_object().get("/RoleMap") or {}}
        root = Element("StructTreeRoot")
        for kid in _kids(tree.get_object()):
            _add(root, kid, None, context)
    except (PyPdfError, OSError, KeyError, ValueError, TypeError, AttributeError, RecursionError) as error:
        raise ToolFailure("pdf-unreadable", f"{Path(key[0]).name}: its structure tree cannot be read: {error}") \
            from None
    return root if root.children else None


def _kids(node) -> list:
    kids = node.get("/K")
    return list(kids) if isinstance(kids, list) else [] if kids is None else [kids]


def _add(parent: Element, kid, page, context: dict, depth: int = 0) -> None:
    """Add a structure element, or the text of a marked-content reference, under ``parent``
    (``context``: the page numbers by object, the marked text, the role map, the elements seen)."""
    if depth > 200:
        return
    if isinstance(kid, int):                                   # an MCID on the element's page
        parent.texts.append(context["texts"].get((page, kid), ""))
        return
    if hasattr(kid, "idnum"):
        if kid.idnum in context["seen"]:
            return                                             # an element is in the tree once
        context["seen"].add(kid.idnum)
    node = kid.get_object() if hasattr(kid, "get_object") else kid
    if not hasattr(node, "get"):
        return
    reference = node.raw_get("/Pg") if "/Pg" in node else None
    page = context["pages"].get(reference.idnum, page) if hasattr(reference, "idnum") else page
    kind, mcid = node.get("/Type"), node.get("/MCID")
    if kind == "/MCR":
        if "/Stm" not in node and isinstance(mcid, int):
            parent.texts.append(context["texts"].get((page, mcid), ""))
        return
    if kind == "/OBJR" or "/S" not in node:
        return
    name = str(node["/S"])[1:]
    element = Element(name if name in STANDARD else str(context["roles"].get(node["/S"], node["/S"]))[1:])
    parent.children.append(element)
    for child in _kids(node):
        _add(element, child, page, context, depth + 1)
    element.texts[:] = [t for t in element.texts if t]


# The standard structure types of PDF 1.7 and 2.0: a type not among them is role-mapped.
STANDARD = {
    "Document", "DocumentFragment", "Part", "Art", "Sect", "Div", "Aside", "NonStruct", "BlockQuote", "Caption",
    "TOC", "TOCI", "Index", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "Title", "FENote", "Sub",
    "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note",
    "Reference", "BibEntry", "Code", "Link", "Annot", "Em", "Strong", "Ruby", "RB", "RT", "RP", "Warichu", "WT",
    "WP", "Figure", "Formula", "Form", "Artifact"}


def headings(tree: Element) -> list[str]:
    """The text of each heading, without the call of a note it holds (a Link whose text is
    a number: WeasyPrint tags a footnote call so), as bookmarks and contents show it."""
    return [" ".join([*e.texts, *(c.text() for c in e.children if not _note_call(c))]).strip()
            for e in tree.walk() if HEADING.match(e.type)]


def _note_call(element: Element) -> bool:
    return element.type == "Link" and element.text().strip().isdigit()


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
    """The PDF's metadata, bookmarks, figures' alt text and fonts' encodings; ``ToolFailure``
    (``pdf-unreadable``) naming the file when it cannot be read as a PDF."""
    from pypdf.errors import PyPdfError

    try:
        with READING:
            return _facts_of(_file_key(path))
    except (PyPdfError, OSError) as error:
        raise ToolFailure("pdf-unreadable", f"{path.name} cannot be read as a PDF: {error}") from None


@functools.lru_cache(maxsize=8)
def _facts_of(key: FileKey) -> PdfFacts:
    return _facts(_reader(key))


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
