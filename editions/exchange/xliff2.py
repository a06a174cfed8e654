"""Writing XLIFF 2.0 for translators: one ``<unit>`` per translation unit.

Inline markup becomes ``<pc>`` and ``<ph>`` elements whose native Markdown is
kept in ``<originalData>``, so CAT tools protect it and an import gives back
exactly what was sent. Each ``<file>`` names its source and says, in an
attribute of our own namespace, that the native data is Markdown. A pre-filled
suggestion is a target in a segment whose state is ``initial``.
"""

from __future__ import annotations

from lxml import etree

from ..memory.xml import indent
from .pieces import Paired, Placeholder, Text, append_text, sources_and_targets

NS = "urn:oasis:names:tc:xliff:document:2.0"
EDITIONS = "urn:editions:1"
KINDS = {"Emph": ("fmt", "xlf:i"), "Strong": ("fmt", "xlf:b"), "Underline": ("fmt", "xlf:u"),
         "Link": ("link", None), "Image": ("image", None), "LineBreak": ("fmt", "xlf:lb")}


def write_xliff2(work, source_tag: str, target_tag: str, origin: str = "content") -> bytes:
    root = etree.Element(f"{{{NS}}}xliff", nsmap={None: NS, "ed": EDITIONS}, version="2.0", srcLang=source_tag,
                         trgLang=target_tag)
    files: dict[str, etree._Element] = {}
    for item, source, target in sources_and_targets(work, lambda w: w.target or w.suggestion):
        path = item.unit.location.split(":")[0]
        if path not in files:
            files[path] = etree.SubElement(root, f"{{{NS}}}file", id=f"f{len(files) + 1}", original=path)
            files[path].set(f"{{{EDITIONS}}}format", "markdown")
        _unit(files[path], item, source, target)
    indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _unit(parent, item, source, target) -> None:
    unit = etree.SubElement(parent, f"{{{NS}}}unit", id=item.unit.id, name=item.unit.id)
    notes = etree.SubElement(unit, f"{{{NS}}}notes")
    for category, text in _notes(item):
        etree.SubElement(notes, f"{{{NS}}}note", category=category).text = text
    data: dict[str, str] = {}
    segment = etree.SubElement(unit, f"{{{NS}}}segment",
                               state="translated" if item.target else "initial")
    counter = [0]
    _inline(etree.SubElement(segment, f"{{{NS}}}source"), source or (Text(item.unit.source),), data, counter)
    if item.target or item.suggestion:
        counter[0] = 0
        _inline(etree.SubElement(segment, f"{{{NS}}}target"),
                target or (Text(item.target or item.suggestion),), data, counter)
    if data:
        original = etree.Element(f"{{{NS}}}originalData")
        for key, native in data.items():
            etree.SubElement(original, f"{{{NS}}}data", id=key).text = native
        unit.insert(1, original)


def _notes(item) -> list[tuple[str, str]]:
    notes = [("kind", item.unit.kind), ("location", item.unit.location), ("state", item.state)]
    if item.suggestion and not item.target:
        notes.append(("suggestion", f"pre-filled from the memory, score {item.score}: review it"))
    if item.previous:
        notes.append(("previous", item.previous))
    if item.following:
        notes.append(("next", item.following))
    return notes


def _inline(element, pieces, data: dict[str, str], counter: list[int]) -> None:
    last = None
    for piece in pieces:
        if isinstance(piece, Text):
            append_text(element, last, piece.text)
            continue
        counter[0] += 1
        code_id = str(counter[0])
        kind, sub = KINDS.get(piece.kind, ("other", None))
        if isinstance(piece, Paired):
            last = etree.SubElement(element, f"{{{NS}}}pc", id=code_id, dataRefStart=_data(data, piece.start),
                                    dataRefEnd=_data(data, piece.end), type=kind)
            if sub:
                last.set("subType", sub)
            _inline(last, piece.content, data, counter)
        elif isinstance(piece, Placeholder):
            last = etree.SubElement(element, f"{{{NS}}}ph", id=code_id, dataRef=_data(data, piece.native),
                                    type=kind if kind != "fmt" else "fmt")
            if sub:
                last.set("subType", sub)
            last.set("disp", piece.native)


def _data(data: dict[str, str], native: str) -> str:
    for key, value in data.items():
        if value == native:
            return key
    key = f"d{len(data) + 1}"
    data[key] = native
    return key
