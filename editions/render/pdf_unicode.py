"""The text a PDF's glyphs read back as: right-to-left and complex scripts.

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

No such map can make the complex scripts read back (Devanagari, Bengali,
Tamil and the other Indic scripts; Thai, Lao, Khmer, Myanmar): the glyphs
are not the characters one by one. The vowel sign i is drawn before its
consonant, the reph after its syllable, the o-sign as two glyphs on either
side, a conjunct as one glyph. A text box of those (a line's run of text in
one style) is given its text whole, as ActualText (``actual_text``, open
while WeasyPrint writes the PDF): a reader gives back a marked-content
sequence's ActualText in place of the text its glyphs map to (ISO 32000-1,
14.9.4), and poppler's ``pdftotext`` does (``tests/render/test_complex_scripts.py``).

Why the text box and not each word: WeasyPrint draws each text box as one
tagged marked-content sequence, and a sequence nested inside it ends, for
poppler's reading of the structure tree (``pdfinfo -struct-text``, what
``validate.pdf_read`` reads), the tagged one too: the rest of the text box's
text is lost there. The cost: a reader places the text box's characters
evenly across its width, so a selection's highlight is only roughly where
the letters are; the text, its words and spaces, are exact. The ToUnicode
maps stay as they are: an extractor that ignores ActualText still reads
complex scripts out of order.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import io
import re
import unicodedata

MAPPING = re.compile(rb"^(<[0-9a-fA-F]+>) <([0-9a-fA-F]*)>$")
CMAP_START = b"/CIDInit /ProcSet findresource begin"
RIGHT_TO_LEFT = {"R", "AL"}
MARK = "NSM"


def visual_text(document, pdf) -> None:
    """WeasyPrint finisher: correct the ToUnicode map of every font in ``pdf``.

    A font's glyph names are read only when its map has a glyph drawn for more or
    fewer than one character (a ligature, a cluster, nothing): a glyph drawn for one
    character reads back as that character whatever its name. Reading the names of a
    CJK font (its CFF charset, 65,000 glyphs) took longer than the rest of the fix."""
    fonts = {font.name: font for font in document.fonts.values()}
    for item in pdf.objects:
        if not hasattr(item, "get") or item.get("Type") != "/Font" or "ToUnicode" not in item:
            continue
        stream = pdf.objects[int(item["ToUnicode"].split()[0])]
        if stream.stream and stream.stream[0] == CMAP_START:
            font = fonts.get(item.get("BaseFont"))
            names = _glyph_names(font) if font is not None and _needs_names(stream.stream) else {}
            stream.stream = [_corrected(line, names) for line in stream.stream]


def _needs_names(lines: list) -> bool:
    """Whether a ToUnicode map gives a glyph other than one UTF-16 character (4 hex digits)."""
    return any(len(match[2]) != 4 for line in lines if isinstance(line, bytes) and (match := MAPPING.match(line)))


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


# Complex scripts: Indic and Southeast Asian. Their glyphs are reordered, split
# and merged against the characters, so no map from glyph to text can read back.
COMPLEX_SCRIPTS = (
    (0x0900, 0x0DFF),   # Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu,
                        # Kannada, Malayalam, Sinhala
    (0x0E00, 0x0FFF),   # Thai, Lao, Tibetan
    (0x1000, 0x109F),   # Myanmar
    (0x1780, 0x17FF),   # Khmer
    (0x1900, 0x1AAF),   # Limbu, Tai Le, New Tai Lue, Khmer symbols, Buginese, Tai Tham
    (0x1B00, 0x1C4F),   # Balinese, Sundanese, Batak, Lepcha
    (0x1CD0, 0x1CFF),   # Vedic extensions
    (0xA800, 0xA82F),   # Syloti Nagri
    (0xA840, 0xA8FF),   # Phags-pa, Saurashtra, Devanagari extended
    (0xA900, 0xA9FF),   # Kayah Li, Rejang, Javanese, Myanmar extended B
    (0xAA00, 0xAADF),   # Cham, Myanmar extended A, Tai Viet
    (0xAAE0, 0xAAFF),   # Meetei Mayek extensions
    (0xABC0, 0xABFF),   # Meetei Mayek
    (0x11000, 0x11FFF), # Brahmi, Kaithi, Chakma, Sharada, Grantha, Tirhuta, Ahom…
)


COMPLEX = re.compile("[" + "".join(f"{chr(start)}-{chr(end)}" for start, end in COMPLEX_SCRIPTS) + "]")


def complex_script(text: str) -> bool:
    """Whether ``text`` holds a character of a complex script (``COMPLEX_SCRIPTS``)."""
    return COMPLEX.search(text) is not None


@contextlib.contextmanager
def actual_text():
    """While open, each text box that WeasyPrint draws with a complex script
    in it carries its text (``line_text``) as ActualText: in the property list
    of its tagged marked-content sequence, ``/Span <</MCID n /ActualText …>>
    BDC``, or, in a PDF without tags, in a ``/Span <</ActualText …>> BDC … EMC``
    of its own around its text operators. Text boxes without a complex-script
    character (Latin, CJK, right to left) are left as they are (``visual_text``
    corrects their maps).

    WeasyPrint 70 draws a text box's line in
    ``weasyprint.draw.text.draw_first_line`` and has no place to say what text
    a line stands for, so that function is wrapped here (once, on first use; it
    does nothing outside this context). ``tests/render/test_complex_scripts.py``
    fails if WeasyPrint stops drawing through that function or stops marking a
    text box with ``stream.marked``.
    """
    _install()
    token = _SPANS.set(True)
    try:
        yield
    finally:
        _SPANS.reset(token)


_SPANS: contextvars.ContextVar[bool] = contextvars.ContextVar("actual_text", default=False)


def _install() -> None:
    from weasyprint.draw import text as draw_text

    drawn = draw_text.draw_first_line
    if getattr(drawn, "actual_text", False):
        return

    @functools.wraps(drawn)
    def draw_first_line(stream, textbox, *args, **kwargs):
        start = len(stream.stream)
        emojis = drawn(stream, textbox, *args, **kwargs)
        if _SPANS.get() and len(stream.stream) > start and complex_script(textbox.pango_layout.text):
            text = line_text(textbox.pango_layout)
            if complex_script(text):
                _mark(stream, start, textbox, text)
        return emojis

    draw_first_line.actual_text = True
    draw_text.draw_first_line = draw_first_line


def line_text(layout) -> str:
    """The text of the first line of a WeasyPrint ``layout``, the line drawn, as
    text extractors expect it: without soft hyphens (they draw nothing; at a
    break, the hyphen drawn is in the text), its runs in visual order and a
    right-to-left run's text reversed, since extractors turn right-to-left text
    around, ActualText included (a Hebrew word in a Hindi line)."""
    from weasyprint.text.ffi import ffi

    first_line, _index = layout.get_first_line()
    utf8 = layout.text.encode()
    parts = []
    run = first_line.runs[0] if first_line.runs != ffi.NULL else ffi.NULL
    while run != ffi.NULL:          # pango's runs, left to right
        item = run.data.item
        text = utf8[item.offset:item.offset + item.length].decode(errors="replace").replace("\u00ad", "")
        parts.append(text[::-1] if item.analysis.level % 2 else text)
        run = run.next
    return "".join(parts)


def _mark(stream, start: int, textbox, text: str) -> None:
    """Give ``text`` as ActualText to the line ``stream`` drew from ``start``."""
    import pydyf

    mcid = (getattr(stream, "_tags", None) or {}).get(textbox, {}).get("mcid")
    if mcid is not None:
        for at in range(start - 1, -1, -1):       # its BDC is a few operators back
            item = stream.stream[at]
            if isinstance(item, pydyf.Dictionary) and item.get("MCID") == mcid:
                item["ActualText"] = pydyf.String(text)
                return
    stream.stream[start:start] = [b"/Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}), b"BDC"]
    stream.stream.append(b"EMC")
