"""How texts read back from different formats are compared.

HTML and EPUB keep text as written, so they are compared after whitespace is
normalized (``plain``). Text read back from a PDF is what its glyphs map to, in
drawing order: a right-to-left line comes back reversed, a word hyphenated at a
line end comes back in two pieces, and when a cluster is drawn with several
glyphs (an Arabic letter with its vowel mark, a lam-alef ligature) each glyph
may map to the whole cluster, so letters may come back more than once. Such
text is compared by ``drawn_as``: the same letters and digits (NFKC), each at
least as often as written. That catches a missing, extra or different word,
not a wrong order; whether a PDF's text reads back in order is judged by
``reading_order``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter


def plain(text: str) -> str:
    """Text with runs of whitespace as one space, NFC."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def letters(text: str) -> Counter:
    return Counter(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum())


def drawn_as(written: str, drawn: str) -> bool:
    """Whether text read back from a PDF (``drawn``) holds the letters of ``written``."""
    want, got = letters(written), letters(drawn)
    return want.keys() == got.keys() and all(got[ch] >= count for ch, count in want.items())
