"""Segmentation: finding the translation units of a publication.

One traversal serves both directions. ``slots`` walks a document and returns
the places that hold translatable text, in reading order; extraction reads
them, localization writes into the same places. What is extracted is
therefore exactly what is looked up and replaced.

Rules (version ``SEGMENTATION_RULES``; a change of rules orphans memories, so
they are versioned): one unit per block of text (paragraph, heading, list item
paragraph, caption, footnote paragraph, table cell, definition term, line of a
line block); image alt text and photo credits are units of their own; the
translatable metadata fields are units. Inline markup stays in the unit as
pandoc Markdown; a footnote inside a unit shows as ``[^1]`` and its paragraphs
are units of their own. Code, raw blocks, math and URLs are never units.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..model import Publication, Unit
from .ast import walk_inlines
from .unittext import normalize, to_markdown

SEGMENTATION_RULES = 1
TRANSLATABLE_META = ("title", "subtitle", "author", "publisher", "source", "rights", "description")
CREDIT_ATTRIBUTE = "credit"


@dataclass
class Slot:
    """A place in a document that holds one unit's content.

    ``holder[key]`` is an inline list, or a plain string when ``is_text``.
    """

    kind: str
    holder: list | dict
    key: int | str
    is_text: bool = False
    origin: str = ""          # chapter path, or "" for the publication's metadata
    meta_key: str = ""

    def get(self):
        return self.holder[self.key]

    def set(self, value) -> None:
        if self.is_text:
            self.holder[self.key] = value
        else:
            self.holder[self.key][:] = value


def slots(meta: dict, chapters: list[tuple[str, list]]) -> list[Slot]:
    """Every translatable place of the metadata and chapters, in reading order."""
    found: list[Slot] = []
    for key in TRANSLATABLE_META:
        if key in meta:
            _meta_slots(meta, key, key, found)
    for origin, blocks in chapters:
        _block_slots(blocks, "paragraph", origin, found)
    return found


def _meta_slots(holder, key, meta_key: str, found: list[Slot]) -> None:
    value = holder[key]
    kind = value["t"]
    if kind == "MetaInlines":
        found.append(Slot("metadata", value, "c", origin="", meta_key=meta_key))
    elif kind == "MetaString":
        found.append(Slot("metadata", value, "c", is_text=True, meta_key=meta_key))
    elif kind == "MetaList":
        for index in range(len(value["c"])):
            _meta_slots(value["c"], index, meta_key, found)
    elif kind == "MetaBlocks":
        before = len(found)
        _block_slots(value["c"], "metadata", "", found)
        for slot in found[before:]:
            slot.meta_key = meta_key


def _block_slots(blocks: list, context: str, origin: str, found: list[Slot]) -> None:
    for block in blocks:
        kind, content = block["t"], block.get("c")
        if kind in ("Para", "Plain"):
            _text_slots(block, "c", context, origin, found)
        elif kind == "Header":
            _text_slots(content, 2, "heading", origin, found)
        elif kind in ("Div", "BlockQuote"):
            _block_slots(content[1] if kind == "Div" else content, context, origin, found)
        elif kind in ("BulletList", "OrderedList"):
            for item in content if kind == "BulletList" else content[1]:
                _block_slots(item, "list-item", origin, found)
        elif kind == "DefinitionList":
            for term, definitions in content:
                found.append(Slot("term", [term], 0, origin=origin))
                for definition in definitions:
                    _block_slots(definition, context, origin, found)
        elif kind == "LineBlock":
            for index in range(len(content)):
                if _has_text(content[index]):   # an empty line has nothing to translate
                    found.append(Slot("line", content, index, origin=origin))
        elif kind == "Figure":
            _block_slots(content[1][1], "caption", origin, found)
            _block_slots(content[2], "figure", origin, found)
        elif kind == "Table":
            _table_slots(content, origin, found)


def _table_slots(content: list, origin: str, found: list[Slot]) -> None:
    _attr, caption, _specs, head, bodies, foot = content
    _block_slots(caption[1], "caption", origin, found)
    rows = list(head[1]) + [row for body in bodies for row in body[2] + body[3]] + list(foot[1])
    for row in rows:
        for cell in row[1]:
            _block_slots(cell[4], "table-cell", origin, found)


def _text_slots(holder, key, context: str, origin: str, found: list[Slot]) -> None:
    inlines = holder[key]
    images = [i for i in inlines if i["t"] == "Image"]
    if images and all(i["t"] in ("Image", "Space", "SoftBreak", "LineBreak") for i in inlines):
        for image in images:
            _image_slots(image, origin, found)
        return
    if not _has_text(inlines):
        return
    found.append(Slot(context, holder, key, origin=origin))
    for inline in walk_inlines(inlines):
        if inline["t"] == "Note":
            _block_slots(inline["c"], "footnote", origin, found)


def _image_slots(image: dict, origin: str, found: list[Slot]) -> None:
    attr, alt = image["c"][0], image["c"][1]
    if _has_text(alt):
        found.append(Slot("alt", image["c"], 1, origin=origin))
    for pair in attr[2]:
        if pair[0] == CREDIT_ATTRIBUTE and pair[1].strip():
            found.append(Slot("credit", pair, 1, is_text=True, origin=origin))


def _has_text(inlines: list) -> bool:
    return any(i["t"] == "Str" and any(ch.isalnum() for ch in i["c"])
               or i["t"] in ("Emph", "Strong", "Span", "Link", "Quoted", "Underline", "SmallCaps")
               for i in inlines)


# Units ------------------------------------------------------------------------

def units_of(publication: Publication) -> list[Unit]:
    """The publication's translation units, in reading order."""
    found = slots(publication.meta, [(c.path, c.blocks) for c in publication.chapters])
    return make_units(found, to_markdown([slot.get() for slot in found]),
                      {c.path: c.text for c in publication.chapters})


def make_units(found: list[Slot], texts: list[str], sources: dict[str, str]) -> list[Unit]:
    units, seen = [], {}
    cursor = {path: 0 for path in sources}
    for slot, text in zip(found, texts):
        if slot.origin:
            stem = slot.origin.rsplit("/", 1)[-1].removesuffix(".md")
            base = f"{stem}-{hashlib.sha1(normalize(text).encode()).hexdigest()[:8]}"
            location = _locate(sources.get(slot.origin, ""), text, cursor, slot.origin)
        else:
            base = f"meta-{slot.meta_key}"
            location = "content/publication.yaml"
        seen[base] = seen.get(base, 0) + 1
        unit_id = base if seen[base] == 1 else f"{base}-{seen[base]}"
        units.append(Unit(id=unit_id, kind=slot.kind, source=text, location=location))
    return units


def _locate(text: str, unit_text: str, cursor: dict[str, int], path: str) -> str:
    """``path:line`` of the unit, found by its first words after the last unit found."""
    words = re.findall(r"\w+", unit_text)[:4]
    if not words or not text:
        return path
    pattern = re.compile(r"\W+".join(map(re.escape, words)))
    found = pattern.search(text, cursor[path]) or pattern.search(text)
    if not found:
        return path
    cursor[path] = found.end()
    return f"{path}:{text.count(chr(10), 0, found.start()) + 1}"
