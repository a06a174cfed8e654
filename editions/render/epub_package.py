"""Finishing an EPUB that pandoc wrote: what its writer cannot be told.

Owns two edits of the finished container, made in place and byte-stable
(every entry keeps its name, order, timestamp and compression, so a build
with SOURCE_DATE_EPOCH stays reproducible):

- package metadata pandoc has no field for (the conformance claim and its
  evaluator), added to the package document;
- the landmarks navigation in the edition's words, with the start of the
  body added to pandoc's cover and title page (a ``toc`` landmark needs the
  navigation document in the spine, which this book does not have).

It never touches content documents.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
TYPE = f"{{{OPS}}}type"


def finish(path: Path, metas: list[tuple[str, str]], labels: dict[str, str]) -> None:
    """Add ``metas`` (property, value) to the package document and set the landmarks'
    labels (epub:type -> words), adding a ``bodymatter`` landmark."""
    with zipfile.ZipFile(path) as old:
        entries = [(info, old.read(info)) for info in old.infolist()]
    with zipfile.ZipFile(path, "w") as new:
        for info, data in entries:
            if info.filename.endswith(".opf"):
                data = add_metadata(data, metas)
            elif info.filename.endswith("nav.xhtml"):
                data = landmarks(data, labels)
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
    found = root.xpath("//x:nav[@epub:type='landmarks']/x:ol", namespaces={"x": XHTML, "epub": OPS})
    toc_links = root.xpath("//x:nav[@epub:type='toc']//x:a/@href", namespaces={"x": XHTML, "epub": OPS})
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
