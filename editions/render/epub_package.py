"""Finishing an EPUB that pandoc wrote: what its writer cannot be told.

Owns three edits of the finished container, made in place and byte-stable
(every entry keeps its name, order, timestamp and compression, so a build
with SOURCE_DATE_EPOCH stays reproducible):

- package metadata pandoc has no field for (the conformance claim and its
  evaluator; the page navigation claims once the page-list is in), added to
  the package document;
- the landmarks navigation in the edition's words, with the start of the
  body added to pandoc's cover and title page (a ``toc`` landmark needs the
  navigation document in the spine, which this book does not have);
- the print edition's pages: in each content document, a page-break marker
  where a page of the print edition starts, put at the block anchor that
  ``pages`` named (the empty anchor spans are removed), and a ``page-list``
  navigation linking every marker placed.

It changes nothing else in the content documents.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
TYPE = f"{{{OPS}}}type"
NS = {"x": XHTML, "epub": OPS}
PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


@dataclass(frozen=True)
class PageList:
    """The print edition's pages to mark: anchor id -> (page number, printed label) of the
    pages starting there; the page-list's heading; the metadata true once markers are in."""

    starts: dict[str, list[tuple[int, str]]]
    heading: str
    metas: list[tuple[str, str]]
    anchor_prefix: str              # the empty spans with ids starting so are anchors to remove


def finish(path: Path, metas: list[tuple[str, str]], labels: dict[str, str], pages: PageList) -> None:
    """Mark the print pages in the content documents and list them, add ``metas`` (property,
    value) to the package document and set the landmarks' labels (epub:type -> words),
    adding a ``bodymatter`` landmark."""
    with zipfile.ZipFile(path) as old:
        entries = [(info, old.read(info)) for info in old.infolist()]
    nav_name = next(info.filename for info, _ in entries if info.filename.endswith("nav.xhtml"))
    placed: list[tuple[int, str, str]] = []      # (page number, label, href from the navigation)
    finished = []
    for info, data in entries:
        if info.filename.endswith(".xhtml") and info.filename != nav_name:
            data, markers = page_markers(data, pages)
            href = posixpath.relpath(info.filename, posixpath.dirname(nav_name))
            placed += [(number, label, f"{href}#{marker}") for number, label, marker in markers]
        finished.append((info, data))
    if placed:
        metas = [*metas, *pages.metas]
    with zipfile.ZipFile(path, "w") as new:
        for info, data in finished:
            if info.filename.endswith(".opf"):
                data = add_metadata(data, metas)
            elif info.filename == nav_name:
                data = page_list(landmarks(data, labels), sorted(placed), pages.heading)
            new.writestr(info, data)


def add_metadata(opf: bytes, metas: list[tuple[str, str]]) -> bytes:
    if not metas:
        return opf
    lines = "".join(f'    <meta property="{prop}">{escape(value)}</meta>\n' for prop, value in metas)
    text = opf.decode("utf-8")
    end = text.index("  </metadata>")
    return (text[:end] + lines + text[end:]).encode("utf-8")


def landmarks(nav: bytes, labels: dict[str, str]) -> bytes:
    root = etree.fromstring(nav)
    found = root.xpath("//x:nav[@epub:type='landmarks']/x:ol", namespaces=NS)
    toc_links = root.xpath("//x:nav[@epub:type='toc']//x:a/@href", namespaces=NS)
    if not found:
        return nav
    ol = found[0]
    present = {a.get(TYPE) for a in ol.iter(f"{{{XHTML}}}a")}
    if "bodymatter" not in present and toc_links:
        _landmark(ol, "bodymatter", toc_links[0].split("#")[0])
    for link in ol.iter(f"{{{XHTML}}}a"):
        if link.get(TYPE) in labels:
            link.text = labels[link.get(TYPE)]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", doctype="<!DOCTYPE html>")


def _landmark(ol, kind: str, href: str) -> None:
    item = etree.SubElement(ol, f"{{{XHTML}}}li")
    item.tail = "\n"
    etree.SubElement(item, f"{{{XHTML}}}a", {"href": href, TYPE: kind}).text = kind


def page_markers(document: bytes, pages: PageList) -> tuple[bytes, list[tuple[int, str, str]]]:
    """Put a page-break marker where each page starts in this content document, remove the
    anchor spans; return the document and its markers (page number, label, marker id)."""
    root = etree.fromstring(document, PARSER)
    anchors = [e for e in root.iter(f"{{{XHTML}}}span")
               if e.get("id", "").startswith(pages.anchor_prefix) and len(e) == 0 and not e.text]
    targets = [e for e in root.xpath("//*[@id]") if e.get("id") in pages.starts]
    if not anchors and not targets:
        return document, []
    taken = set(root.xpath("//@id"))
    markers = []
    for target in targets:
        for number, label in pages.starts[target.get("id")]:
            marker = f"page-{number}" if f"page-{number}" not in taken else f"_page-{number}"
            target.addprevious(etree.Element(f"{{{XHTML}}}span", {
                TYPE: "pagebreak", "role": "doc-pagebreak", "id": marker, "aria-label": label}))
            markers.append((number, label, marker))
    for anchor in anchors:
        _remove_keeping_tail(anchor)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", doctype="<!DOCTYPE html>"), markers


def _remove_keeping_tail(element) -> None:
    parent, previous = element.getparent(), element.getprevious()
    if element.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def page_list(nav: bytes, placed: list[tuple[int, str, str]], heading: str) -> bytes:
    """The navigation document with a hidden ``page-list`` nav linking every marker placed."""
    if not placed:
        return nav
    root = etree.fromstring(nav, PARSER)
    body = root.find(f"{{{XHTML}}}body")
    nav_element = etree.SubElement(body, f"{{{XHTML}}}nav", {TYPE: "page-list", "role": "doc-pagelist",
                                                            "id": "page-list", "hidden": "hidden"})
    nav_element.text, nav_element.tail = "\n", "\n"
    etree.SubElement(nav_element, f"{{{XHTML}}}h1").text = heading
    ol = etree.SubElement(nav_element, f"{{{XHTML}}}ol")
    for _number, label, href in placed:
        item = etree.SubElement(ol, f"{{{XHTML}}}li")
        etree.SubElement(item, f"{{{XHTML}}}a", {"href": href}).text = label
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", doctype="<!DOCTYPE html>")
