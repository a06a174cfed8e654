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
import unicodedata
from dataclasses import dataclass

from . import pandoc
from .ast import walk_inlines
from .model import Publication, Unit

SEGMENTATION_RULES = 1
TRANSLATABLE_META = ("title", "subtitle", "author", "publisher", "source", "rights", "description")
CREDIT_ATTRIBUTE = "credit"
NOTE_MARK = re.compile(r"\[\^(\d+)\]")
SEPARATOR = "EDITIONS-UNIT-SEPARATOR-5b1e"
# Translations are read without raw HTML/TeX, metadata blocks or figures, so a
# memory can only ever contribute text and inline markup.
TRANSLATION_READER = ("-raw_html-raw_tex-raw_attribute-yaml_metadata_block"
                      "-implicit_figures-native_divs-fenced_divs-markdown_in_html_blocks")


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


# Unit text <-> inline lists -------------------------------------------------

def to_markdown(values: list) -> list[str]:
    """Unit texts for slot values (inline lists or plain strings), in one pandoc call."""
    blocks: list = []
    for value in values:
        inlines = [{"t": "Str", "c": value}] if isinstance(value, str) else _mark_notes(value)
        blocks.append({"t": "Plain", "c": inlines})
        blocks.append({"t": "RawBlock", "c": ["markdown", SEPARATOR]})
    if not blocks:
        return []
    text = pandoc.write(pandoc.document(blocks), "markdown", ["--wrap=none"], what="segmentation")
    parts = text.split(SEPARATOR)[: len(values)]
    return [part.strip() for part in parts]


def _mark_notes(inlines: list) -> list:
    marked, number = [], 0
    for inline in inlines:
        if inline["t"] == "Note":
            number += 1
            marked.append({"t": "RawInline", "c": ["markdown", f"[^{number}]"]})
        else:
            marked.append(inline)
    return marked


def from_markdown(texts: list[str], where: str) -> list[list | None]:
    """Inline lists for unit texts; ``None`` for a text that is not one paragraph."""
    if not texts:
        return []
    joined = f"\n\n{SEPARATOR}\n\n".join(texts)
    blocks = pandoc.read_markdown(joined, what=where, extensions=TRANSLATION_READER)["blocks"]
    groups: list[list] = [[]]
    for block in blocks:
        if block["t"] == "Para" and block["c"] == [{"t": "Str", "c": SEPARATOR}]:
            groups.append([])
        else:
            groups[-1].append(block)
    if len(groups) != len(texts):
        if len(texts) == 1:
            return [None]
        return [from_markdown([text], where)[0] for text in texts]
    return [group[0]["c"] if len(group) == 1 and group[0]["t"] in ("Para", "Plain") else None
            for group in groups]


def restore_notes(inlines: list, notes: list[dict]) -> list | None:
    """Put a unit's footnotes back where its translation has ``[^n]``; ``None``
    if the translation does not carry each note exactly once."""
    result, used = [], []
    for inline in inlines:
        if inline["t"] != "Str" or "[^" not in inline["c"]:
            result.append(inline)
            continue
        pos = 0
        for mark in NOTE_MARK.finditer(inline["c"]):
            if mark.start() > pos:
                result.append({"t": "Str", "c": inline["c"][pos:mark.start()]})
            number = int(mark.group(1))
            if not 1 <= number <= len(notes):
                return None
            result.append(notes[number - 1])
            used.append(number)
            pos = mark.end()
        if pos < len(inline["c"]):
            result.append({"t": "Str", "c": inline["c"][pos:]})
    return result if sorted(used) == list(range(1, len(notes) + 1)) else None


def notes_of(inlines: list) -> list[dict]:
    return [inline for inline in inlines if inline["t"] == "Note"]


# Units ------------------------------------------------------------------------

def normalize(text: str) -> str:
    """The form in which unit texts are compared: NFC, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


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
