"""What an edition says, read back from its file: title, headings, figures and
captions, for comparing the formats of one locale (``consistency.py``).

- HTML: the page's ``<title>``; every ``h1``–``h6`` outside ``nav`` (the table of
  contents heading is kept apart as ``toc_heading``); ``figure``/``figcaption``;
  the author and description ``<meta>``, the page's ``lang``, and the
  colophon's coverage line (``p.coverage``).
- EPUB: ``dc:title`` of the package; the headings, figures and captions of the
  spine's documents in spine order (the navigation document is not text);
  ``dc:creator``, ``dc:description``, ``dc:language`` and the coverage line.
- PDF: the document title; the bookmarks as headings; the Figure and Caption
  elements of the structure tree; ``/Author``, ``/Subject`` and ``/Lang``. Its
  coverage line is drawn text, read back by ``consistency`` itself.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from .pdf_read import captions, facts, structure
from .text import plain

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "c": "urn:oasis:names:tc:opendocument:xmlns:container", "x": "http://www.w3.org/1999/xhtml"}


@dataclass(frozen=True)
class Contents:
    title: str
    headings: tuple[str, ...]
    figures: int
    captions: tuple[str, ...]
    toc_heading: str = ""
    author: str = ""
    description: str = ""
    language: str = ""
    coverage: str = ""


def html_contents(path: Path) -> Contents:
    page = lxml_html.fromstring(path.read_bytes())
    heads = [h for h in page.iter(*HEADINGS)]
    in_nav = [h for h in heads if any(a.tag == "nav" for a in h.iterancestors())]
    return Contents(title=plain(page.findtext(".//title") or ""),
                    headings=tuple(plain(heading_text(h)) for h in heads if h not in in_nav),
                    figures=len(page.findall(".//figure")),
                    captions=tuple(plain(c.text_content()) for c in page.iter("figcaption")),
                    toc_heading=plain(in_nav[0].text_content()) if in_nav else "",
                    author=_meta(page, "author"), description=_meta(page, "description"),
                    language=page.get("lang") or "",
                    coverage=" ".join(plain(p.text_content()) for p in page.find_class("coverage")))


NOTE_REF = ("doc-noteref", "noteref", "footnote-ref")


def heading_text(heading) -> str:
    """A heading's words without the reference of a note it holds (pandoc's
    ``a.footnote-ref``, ``role="doc-noteref"``, ``epub:type="noteref"``)."""
    parts = [heading.text or ""]
    for child in heading:
        if not isinstance(child.tag, str):          # a comment or processing instruction
            parts.append(child.tail or "")
            continue
        marks = {child.get("class") or "", child.get("role") or "",
                 child.get("{http://www.idpf.org/2007/ops}type") or ""}
        if not any(mark in NOTE_REF for value in marks for mark in value.split()):
            parts.append(heading_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _meta(page, name: str) -> str:
    found = page.xpath(f"//meta[@name='{name}']/@content")
    return plain(found[0]) if found else ""


def epub_contents(path: Path) -> Contents:
    with zipfile.ZipFile(path) as book:
        container = etree.fromstring(book.read("META-INF/container.xml"))
        opf_path = container.find(".//c:rootfile", NS).get("full-path")
        opf = etree.fromstring(book.read(opf_path))
        items = {i.get("id"): i for i in opf.iterfind(".//opf:manifest/opf:item", NS)}
        spine = [items[ref.get("idref")] for ref in opf.iterfind(".//opf:spine/opf:itemref", NS)]
        documents = [etree.fromstring(book.read(posixpath.join(posixpath.dirname(opf_path), i.get("href"))))
                     for i in spine if "nav" not in (i.get("properties") or "").split()]
    heads = [h for doc in documents for h in doc.iter(*(f"{{{NS['x']}}}{t}" for t in HEADINGS))]
    figcaptions = [c for doc in documents for c in doc.iter(f"{{{NS['x']}}}figcaption")]
    coverage = [p for doc in documents for p in doc.iter(f"{{{NS['x']}}}p") if "coverage" in (p.get("class") or "")]
    return Contents(title=plain(opf.findtext(".//dc:title", namespaces=NS) or ""),
                    headings=tuple(plain(heading_text(h)) for h in heads),
                    figures=sum(len(doc.findall(".//x:figure", NS)) for doc in documents),
                    captions=tuple(plain("".join(c.itertext())) for c in figcaptions),
                    author=plain(opf.findtext(".//dc:creator", namespaces=NS) or ""),
                    description=plain(opf.findtext(".//dc:description", namespaces=NS) or ""),
                    language=opf.findtext(".//dc:language", namespaces=NS) or "",
                    coverage=" ".join(plain("".join(p.itertext())) for p in coverage))


def pdf_contents(path: Path) -> Contents:
    read = facts(path)
    tree = structure(path)
    return Contents(title=plain(read.title), headings=tuple(plain(b) for b in read.bookmarks),
                    figures=sum(e.type == "Figure" for e in tree.walk()) if tree else 0,
                    captions=tuple(captions(tree)) if tree else (),
                    author=plain(read.author), description=plain(read.subject), language=read.lang)


READERS = {"html": html_contents, "epub": epub_contents, "pdf": pdf_contents}
