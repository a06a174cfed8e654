"""Writing XLIFF 1.2 for translators: the version OmegaT, Okapi, Trados, memoQ
and Translate Toolkit all read.

One ``<file>`` for the publication, ``datatype="x-markdown"`` (which tells our
reader that the codes hold Markdown), a ``<group resname=PATH>`` per source
file and one ``<trans-unit id=UNIT resname=UNIT>`` per unit. Inline markup is ``<bpt>``/``<ept>`` around text and ``<ph>`` for a
leaf, each holding the Markdown exactly as the unit text spells it, so a CAT
tool protects it and the import gives back the unit text character for
character. A unit the memory publishes (``--all``) has its translation as
``<target state="translated">``. With ``copy_sources`` (format ``xliff-copy``)
every other unit has a copy of its source as ``<target
state="needs-translation">``, the way CAT tools hand XLIFF over to one another:
OmegaT 3.6 translates only ``<target>``. It is not the default because a tool
that sets a target as a string through Translate Toolkit's API keeps the
copy's codes after the new text (``tests/exchange/test_translate_toolkit.py``).
A memory suggestion is an ``<alt-trans>`` with its score, never a target a
tool would take as done.
The kind, location, state and neighbours are ``<note from="editions">``.
"""

from __future__ import annotations

from lxml import etree

from ..memory.xliff import COPY_STATE, OUR_TOOL
from ..memory.xml import indent
from .pieces import Paired, Placeholder, Text, append_text, sources_and_targets

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DATATYPE = "x-markdown"
ORIGINAL = "content/publication.yaml"   # the publication the units are cut from
CTYPES = {"Emph": "italic", "Strong": "bold", "Underline": "underlined", "Link": "link", "Image": "image",
          "LineBreak": "lb"}


def write_xliff(work, source_tag: str, target_tag: str, copy_sources: bool = False) -> bytes:
    """The units as XLIFF 1.2 (UTF-8 bytes); with ``copy_sources``, each unit the memory
    does not publish gets its source's copy as ``<target state="needs-translation">``."""
    root = etree.Element(f"{{{NS}}}xliff", nsmap={None: NS}, version="1.2")
    file = etree.SubElement(root, f"{{{NS}}}file", original=ORIGINAL, datatype=DATATYPE)
    file.set("source-language", source_tag)
    file.set("target-language", target_tag)
    file.set("tool-id", OUR_TOOL)     # how the import knows a needs-translation target is our copy
    header = etree.SubElement(file, f"{{{NS}}}header")
    etree.SubElement(header, f"{{{NS}}}tool", {"tool-id": OUR_TOOL, "tool-name": "Editions"})
    body = etree.SubElement(file, f"{{{NS}}}body")
    groups: dict[str, etree._Element] = {}
    for item, source, target in sources_and_targets(work, lambda w: w.target or w.suggestion):
        path = item.unit.location.split(":")[0]
        if path not in groups:
            groups[path] = etree.SubElement(body, f"{{{NS}}}group", id=f"g{len(groups) + 1}", resname=path,
                                            restype="x-source-file")
        _unit(groups[path], item, source or (Text(item.unit.source),),
              target or (Text(item.target or item.suggestion),), target_tag, copy_sources)
    indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _unit(body, item, source, target, target_tag: str, copy_sources: bool) -> None:
    unit = etree.SubElement(body, f"{{{NS}}}trans-unit", id=item.unit.id, resname=item.unit.id)
    unit.set(XML_SPACE, "preserve")
    _inline(etree.SubElement(unit, f"{{{NS}}}source"), source)
    if item.target:
        _inline(etree.SubElement(unit, f"{{{NS}}}target", state="translated"), target)
    elif copy_sources:
        # The source's copy, marked as not translated: CAT tools that translate only
        # <target> (OmegaT) find the segment here, codes and all.
        _inline(etree.SubElement(unit, f"{{{NS}}}target", state=COPY_STATE), source)
    for text in _notes(item):
        etree.SubElement(unit, f"{{{NS}}}note", {"from": "editions"}).text = text
    if item.suggestion and not item.target:
        # No <source>: the memory's own source for the suggestion is not at hand, and the
        # unit's would make tools show the suggestion as matching it exactly.
        alt = etree.SubElement(unit, f"{{{NS}}}alt-trans", {"match-quality": str(item.score or 0),
                                                            "origin": f"editions memory ({item.state})"})
        _inline(etree.SubElement(alt, f"{{{NS}}}target", {XML_LANG: target_tag}), target)


def _notes(item) -> list[str]:
    notes = [f"kind: {item.unit.kind}", f"location: {item.unit.location}", f"state: {item.state}"]
    if item.previous:
        notes.append(f"previous: {item.previous}")
    if item.following:
        notes.append(f"next: {item.following}")
    return notes


def _inline(element, pieces) -> None:
    _codes(element, pieces, [0], None)


def _codes(element, pieces, counter: list[int], last):
    """Text and codes into ``element`` (flat, as 1.2's ``bpt``/``ept`` are); the last element written."""
    for piece in pieces:
        if isinstance(piece, Text):
            append_text(element, last, piece.text)
            continue
        counter[0] += 1
        number = str(counter[0])
        ctype = CTYPES.get(piece.kind, "x-" + piece.kind.lower())
        if isinstance(piece, Paired):
            last = etree.SubElement(element, f"{{{NS}}}bpt", id=number, ctype=ctype)
            last.text = piece.start
            last = _codes(element, piece.content, counter, last)
            last = etree.SubElement(element, f"{{{NS}}}ept", id=number)
            last.text = piece.end
        elif isinstance(piece, Placeholder):
            last = etree.SubElement(element, f"{{{NS}}}ph", id=number, ctype=ctype)
            last.text = piece.native
    return last
