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
- a link raw HTML wrote to an id in another content document (``#id``)
  pointed at that document, as pandoc does for Markdown links;
- the print edition's pages: in each content document, a page-break marker
  where a page of the print edition starts, put at the block anchor that
  ``pages`` named (the empty anchor spans are removed), and a ``page-list``
  navigation linking every marker placed.

It changes nothing else in the content documents. Pandoc runs sandboxed and so
reads no file: the book's stylesheet takes the place of pandoc's default one,
and the cover (image, page, package entries, landmark) is added here.
"""

from __future__ import annotations

import datetime
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

from ..errors import EditionsError

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


@dataclass(frozen=True)
class Cover:
    """The cover the book gets after pandoc (which, sandboxed, reads no file): the image's
    bytes and extension, its media type, and the cover page's XHTML."""

    data: bytes
    extension: str
    media_type: str
    page: bytes


def finish(path: Path, metas: list[tuple[str, str]], labels: dict[str, str], pages: PageList,
           stylesheet: bytes | None = None, cover: Cover | None = None,
           modified: datetime.datetime | None = None) -> None:
    """Mark the print pages in the content documents and list them, add ``metas`` (property,
    value) to the package document and set the landmarks' labels (epub:type -> words),
    adding a ``bodymatter`` landmark; put in ``stylesheet`` for pandoc's default one, add
    ``cover``, and date the book and its entries ``modified`` (pandoc's sandbox has no clock)."""
    entries = _entries(path, stylesheet, cover, modified)
    nav_name = next(info.filename for info, _ in entries if info.filename.endswith("nav.xhtml"))
    finished, placed = _marked(entries, nav_name, pages)
    finished = cross_document_links(finished, nav_name)
    if placed:
        metas = [*metas, *pages.metas]
    with zipfile.ZipFile(path, "w") as new:
        for info, data in finished:
            if info.filename.endswith(".opf"):
                data = _dated(add_metadata(data, metas), modified)
            elif info.filename == nav_name:
                data = page_list(landmarks(data, labels), sorted(placed), pages.heading)
            new.writestr(info, data)


def _entries(path: Path, stylesheet: bytes | None, cover: Cover | None,
             modified: datetime.datetime | None) -> list:
    """The book's (zip info, bytes) entries, dated, with our stylesheet and the cover put in."""
    with zipfile.ZipFile(path) as old:
        entries = [(info, old.read(info)) for info in old.infolist()]
    if modified is not None:
        for info, _data in entries:
            info.date_time = modified.timetuple()[:6]
    if stylesheet is not None:
        entries = [(info, stylesheet if info.filename.endswith("styles/stylesheet1.css") else data)
                   for info, data in entries]
    return add_cover(entries, cover) if cover is not None else entries


def _dated(opf: bytes, modified: datetime.datetime | None) -> bytes:
    if modified is None:
        return opf
    return re.sub(rb'(<meta property="dcterms:modified">)[^<]*(</meta>)',
                  rb"\g<1>" + modified.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", opf)


def _marked(entries: list, nav_name: str, pages: PageList) -> tuple[list, list[tuple[int, str, str]]]:
    """The entries with the print pages marked in every content document, and the markers
    placed: (page number, label, href from the navigation document)."""
    placed: list[tuple[int, str, str]] = []
    finished = []
    for info, data in entries:
        if info.filename.endswith(".xhtml") and info.filename != nav_name:
            try:
                data, markers = page_markers(data, pages)
            except etree.XMLSyntaxError as error:     # one line, not lxml's (unpicklable) error log
                raise EditionsError(f"the EPUB's {info.filename} is not well-formed XML: {error.msg}",
                                    info.filename, error.lineno) from None
            href = posixpath.relpath(info.filename, posixpath.dirname(nav_name))
            placed += [(number, label, f"{href}#{marker}") for number, label, marker in markers]
        finished.append((info, data))
    return finished, placed


def cross_document_links(entries: list, nav_name: str) -> list:
    """Pandoc points Markdown links at the file the book's split put their target in; a
    link the manuscript wrote in raw HTML (``<a href="#id">``) is pointed there too."""
    documents = {info.filename: data for info, data in entries
                 if info.filename.endswith(".xhtml") and info.filename != nav_name}
    home: dict[str, str] = {}
    for name, data in documents.items():
        for ident in etree.fromstring(data, PARSER).xpath("//@id"):
            home.setdefault(ident, name)
    result = []
    for info, data in entries:
        if info.filename in documents:
            root = etree.fromstring(data, PARSER)
            ids = set(root.xpath("//@id"))
            changed = False
            for link in root.xpath("//x:a[starts-with(@href, '#')]", namespaces=NS):
                target = link.get("href")[1:]
                if target not in ids and target in home:
                    link.set("href", posixpath.relpath(home[target], posixpath.dirname(info.filename))
                             + "#" + target)
                    changed = True
            if changed:
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", doctype="<!DOCTYPE html>")
        result.append((info, data))
    return result


COVER_PAGE = "text/cover.xhtml"


def add_cover(entries: list, cover: Cover) -> list:
    """The book's entries with a cover: its image (``cover-image``) and cover page, first in
    the spine, in the guide and the landmarks, as pandoc's EPUB writer makes them."""
    opf_info = next(info for info, _ in entries if info.filename.endswith(".opf"))
    folder = posixpath.dirname(opf_info.filename)
    image = f"media/cover{cover.extension}"
    added = []
    for name, data in ((image, cover.data), (COVER_PAGE, cover.page)):
        info = zipfile.ZipInfo(posixpath.join(folder, name), date_time=opf_info.date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        added.append((info, data))
    result = []
    for info, data in entries:
        if info.filename.endswith(".opf"):
            data = _cover_in_package(data.decode("utf-8"), image, cover.media_type).encode("utf-8")
        elif info.filename.endswith("nav.xhtml"):
            data = _cover_landmark(data, posixpath.relpath(posixpath.join(folder, COVER_PAGE),
                                                           posixpath.dirname(info.filename)))
        elif info.filename.endswith(".ncx"):
            data = data.replace(b"  <head>\n", b'  <head>\n    <meta name="cover" content="cover_image" />\n', 1)
        result.append((info, data))
    return result + added


def _cover_in_package(opf: str, image: str, media_type: str) -> str:
    opf = opf.replace("  </manifest>",
                      f'    <item id="cover_xhtml" href="{COVER_PAGE}" media-type="application/xhtml+xml" />\n'
                      f'    <item properties="cover-image" id="cover_image" href="{image}" '
                      f'media-type="{escape(media_type)}" />\n  </manifest>', 1)
    start = opf.index("<spine")
    end = opf.index(">", start) + 1
    opf = opf[:end] + '\n    <itemref idref="cover_xhtml" />' + opf[end:]
    if "  </guide>" in opf:
        opf = opf.replace("  </guide>",
                          f'    <reference type="cover" title="Cover" href="{COVER_PAGE}" />\n  </guide>', 1)
    return opf


def _cover_landmark(nav: bytes, href: str) -> bytes:
    root = etree.fromstring(nav, PARSER)
    found = root.xpath("//x:nav[@epub:type='landmarks']/x:ol", namespaces=NS)
    if not found:
        return nav
    item = etree.Element(f"{{{XHTML}}}li")
    item.tail = "\n"
    etree.SubElement(item, f"{{{XHTML}}}a", {"href": href, TYPE: "cover"}).text = "cover"
    found[0].insert(0, item)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", doctype="<!DOCTYPE html>")


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
