"""The text a PDF's glyphs read back as, for right-to-left scripts above all.

A PDF font maps each glyph to the text it stands for (its ToUnicode map), one
text per glyph for the whole file. WeasyPrint gives a glyph the text of the
first cluster it draws it in, and when a cluster is drawn with several glyphs
(lam, a vowel mark and alef drawn as lam-alef) the first glyph gets the whole
cluster and the others nothing: from then on every final alef in the
document reads back as lam-mark-alef, or as nothing. Three corrections, made
as WeasyPrint's finisher on the PDF objects before the file is written:

- A glyph whose name says what it is (``uni0627``, ``uniFEF0``,
  ``uni0644_uni0627``: the Adobe Glyph List naming every Noto font follows)
  maps to that text, NFKC (a presentation form reads back as its letter), when
  the text WeasyPrint chose holds it or is empty.
- Text extractors (poppler's ``pdftotext``, pdf.js) rebuild a line's logical
  order from the glyphs' positions, turning right-to-left runs around
  character by character, the text of a ligature included. So the text of a
  right-to-left ligature is written reversed, in visual order, and reads back
  logical.
- A right-to-left vowel mark that the font raises above its letter is drawn
  on a raised baseline, and poppler reads it as a line of its own, which
  breaks the line's words out of order. A glyph that is only such marks maps
  to no text: the words read back whole and in order, without their vowel
  marks (which Arabic search ignores anyway).
"""

from __future__ import annotations

import io
import re
import unicodedata

MAPPING = re.compile(rb"^(<[0-9a-fA-F]+>) <([0-9a-fA-F]*)>$")
CMAP_START = b"/CIDInit /ProcSet findresource begin"
RIGHT_TO_LEFT = {"R", "AL"}
MARK = "NSM"


def visual_text(document, pdf) -> None:
    """WeasyPrint finisher: correct the ToUnicode map of every font in ``pdf``."""
    names_by_font = {font.name: _glyph_names(font) for font in document.fonts.values()}
    for item in pdf.objects:
        if not hasattr(item, "get") or item.get("Type") != "/Font" or "ToUnicode" not in item:
            continue
        names = names_by_font.get(item.get("BaseFont"), {})
        stream = pdf.objects[int(item["ToUnicode"].split()[0])]
        if stream.stream and stream.stream[0] == CMAP_START:
            stream.stream = [_corrected(line, names) for line in stream.stream]


def _glyph_names(font) -> dict[int, str]:
    from fontTools.ttLib import TTFont, TTLibError
    from weasyprint.text.fonts import get_hb_object_data

    try:
        order = TTFont(io.BytesIO(get_hb_object_data(font.hb_face)), fontNumber=font.index,
                       lazy=True).getGlyphOrder()
    except (TTLibError, OSError, ValueError, AttributeError):
        return {}
    return dict(enumerate(order))


def _corrected(line: bytes, names: dict[int, str]) -> bytes:
    match = MAPPING.match(line) if isinstance(line, bytes) else None
    if not match:
        return line
    text = bytes.fromhex(match[2].decode()).decode("utf-16-be", errors="replace")
    text = glyph_text(text, names.get(int(match[1][1:-1], 16), ""))
    return match[1] + b" <" + text.encode("utf-16-be").hex().encode() + b">"


def glyph_text(drawn: str, name: str) -> str:
    """The text a glyph named ``name``, first drawn for ``drawn``, should read back as."""
    named = named_text(name)
    text = named if named and (not drawn or set(named) <= set(drawn)) else drawn
    classes = {unicodedata.bidirectional(ch) for ch in text}
    if classes == {MARK} and any(_right_to_left_script(ch) for ch in text):
        return ""
    if len(text) > 1 and classes & RIGHT_TO_LEFT and classes <= RIGHT_TO_LEFT | {MARK}:
        return text[::-1]
    return text


def named_text(name: str) -> str:
    """The text an Adobe Glyph List name stands for, NFKC; "" when it says nothing."""
    from fontTools.agl import toUnicode

    if not name or name.startswith((".", "glyph")) or name in ("space", "nonmarkingreturn"):
        return ""
    return unicodedata.normalize("NFKC", toUnicode(name))


def _right_to_left_script(mark: str) -> bool:
    return unicodedata.name(mark, "").startswith(("ARABIC", "HEBREW", "SYRIAC", "THAANA", "NKO"))
