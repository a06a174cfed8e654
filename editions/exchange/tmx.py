"""Writing TMX: the units that need work for a CAT tool's memory, and the
locale's own memory file when an import adds to it.

Inline markup is written as ``<bpt>``/``<ept>``/``<ph>`` codes holding the
Markdown, under a header whose ``datatype`` is ``markdown`` so that our reader
takes the codes back verbatim.
"""

from __future__ import annotations

from lxml import etree

from ..memory.tmx import new_tmx
from ..memory.xml import XML_LANG, indent
from .pieces import Paired, Placeholder, Text, append_text, sources_and_targets


def add_unit(body, tuid: str, source_tag: str, source: tuple, target_tag: str, target: tuple | None,
             props: list[tuple[str, str]], attributes: dict[str, str] | None = None) -> etree._Element:
    tu = etree.SubElement(body, "tu", tuid=tuid, **(attributes or {}))
    for kind, value in props:
        etree.SubElement(tu, "prop", type=kind).text = value
    for tag, pieces in ((source_tag, source), (target_tag, target)):
        if pieces is None:
            continue
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: tag})
        segment(etree.SubElement(tuv, "seg"), pieces, [0])
    return tu


def segment(element, pieces, counter: list[int], last=None):
    """Write pieces into a ``<seg>``: text, and codes holding their Markdown.
    Returns the last element written, whose tail takes the text that follows."""
    for piece in pieces:
        if isinstance(piece, Text):
            append_text(element, last, piece.text)
        elif isinstance(piece, Paired):
            counter[0] += 1
            number = str(counter[0])
            last = etree.SubElement(element, "bpt", i=number)
            last.text = piece.start
            last = segment(element, piece.content, counter, last)
            last = etree.SubElement(element, "ept", i=number)
            last.text = piece.end
        elif isinstance(piece, Placeholder):
            last = etree.SubElement(element, "ph")
            last.text = piece.native
    return last


def write_tmx(work, source_tag: str, target_tag: str) -> bytes:
    """The units as a TMX: a target only for a confirmed translation (what the memory
    publishes, with ``--all``). Every tool takes a TMX target as a translation, so a
    fuzzy or stale suggestion is left out (XLIFF's ``<alt-trans>`` and PO's ``#, fuzzy``
    carry them), and no state prop is written: a unit the translator fills in imports."""
    tmx = new_tmx(source_tag)
    body = tmx.find("body")
    for item, source, target in sources_and_targets(work, lambda w: w.target):
        props = [("x-kind", item.unit.kind), ("x-location", item.unit.location),
                 ("x-context-prev", item.previous), ("x-context-next", item.following)]
        add_unit(body, item.unit.id, source_tag, source or (Text(item.unit.source),), target_tag,
                 (target or (Text(item.target),)) if item.target else None,
                 [(k, v) for k, v in props if v])
    indent(tmx)
    return etree.tostring(tmx, xml_declaration=True, encoding="UTF-8") + b"\n"
