"""Unit text: a unit's inline content written as pandoc Markdown, and read back.

The form translators see and memories store. Writing and reading go through
pandoc in one call for many units. Reading is for untrusted text: raw HTML and
TeX, attributes, divs and metadata blocks are off, so a translation can only
ever contribute text and inline markup. A footnote inside a unit is written as
``[^n]`` and put back by ``restore_notes``.
"""

from __future__ import annotations

import re
import unicodedata

from . import pandoc
from .ast import unwrap_soft_breaks

NOTE_MARK = re.compile(r"\[\^(\d+)\]")
SEPARATOR = "EDITIONS-UNIT-SEPARATOR-5b1e"
TRANSLATION_READER = ("-raw_html-raw_tex-raw_attribute-yaml_metadata_block"
                      "-implicit_figures-native_divs-fenced_divs-markdown_in_html_blocks")
QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"',
                        "\u00bb": '"', "\u2032": "'", "\u00a0": " ", "\u202f": " "})


def normalize(text: str) -> str:
    """The form in which unit texts are compared: NFC, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


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


def split_note_marks(text: str):
    """``text`` as pieces: ``(None, words)`` and ``(number, "[^n]")`` for each footnote mark."""
    position = 0
    for mark in NOTE_MARK.finditer(text):
        if mark.start() > position:
            yield None, text[position:mark.start()]
        yield int(mark.group(1)), mark.group(0)
        position = mark.end()
    if position < len(text):
        yield None, text[position:]


def _replace_note_marks(inlines: list, replace) -> list:
    """Inlines with each footnote mark in a Str replaced by ``replace(number, mark)``."""
    result = []
    for inline in inlines:
        if inline["t"] != "Str" or "[^" not in inline["c"]:
            result.append(inline)
            continue
        for number, piece in split_note_marks(inline["c"]):
            result.append({"t": "Str", "c": piece} if number is None else replace(number, piece))
    return result


def restore_notes(inlines: list, notes: list[dict]) -> list | None:
    """Put a unit's footnotes back where its translation has ``[^n]``; ``None``
    if the translation does not carry each note exactly once."""
    used = []

    def note(number: int, _mark: str):
        used.append(number)
        return notes[number - 1] if 1 <= number <= len(notes) else None
    result = _replace_note_marks(inlines, note)
    return result if sorted(used) == list(range(1, len(notes) + 1)) else None


def notes_of(inlines: list) -> list[dict]:
    return [inline for inline in inlines if inline["t"] == "Note"]


def canonical(texts: list[str], where: str) -> list[str | None]:
    """Unit texts as pandoc writes them, whatever tool wrote the Markdown
    (``_em_`` becomes ``*em*``, hard-wrapped lines are joined); ``None`` for a
    text that is not one paragraph."""
    parsed = from_markdown(texts, where)
    keep = [i for i, inlines in enumerate(parsed) if inlines is not None]
    written = to_markdown([_raw_note_marks(unwrap_soft_breaks(parsed[i])) for i in keep])
    result: list[str | None] = [None] * len(texts)
    for index, text in zip(keep, written):
        result[index] = text
    return result


def _raw_note_marks(inlines: list) -> list:
    """Footnote marks kept as written, not escaped as literal brackets."""
    return _replace_note_marks(inlines, lambda _number, mark: {"t": "RawInline", "c": ["markdown", mark]})


def loose_key(text: str) -> str:
    """The key of an exact match: NFC, whitespace collapsed, typographic quotes plain."""
    return normalize(text).translate(QUOTES)
