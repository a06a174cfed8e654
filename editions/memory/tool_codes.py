"""Inline codes of CAT-tool files mapped to our inline Markdown, and back.

A code is the native markup a tool protected: an HTML tag (``<b>``), a
Markdown delimiter our own exports write (``*``, ``**``, ``` ` ```), a
footnote mark (``[^1]``) or something we cannot read (``<f0>``). Known codes
become the Markdown that means the same; unknown ones are dropped, leaving
their text, so the entry still matches on its words.
"""

from __future__ import annotations

import html
import re

PAIRED = {"b": "**", "strong": "**", "i": "*", "em": "*", "code": "`", "tt": "`",
          "u": "", "span": "", "font": ""}
# OmegaT shows a protected tag by the letter of the original and a number: <b0>, <i1>.
OMEGAT_SHORTCUT = re.compile(r"^([bi])\d+$")
MARKDOWN_DELIMITERS = {"*", "**", "_", "__", "`", "~~", "^", "~"}
NOTE_MARK = re.compile(r"^\[\^\d+\]$")
TAG = re.compile(r"^<\s*(/?)\s*([a-zA-Z][\w:-]*)[^>]*?(/?)\s*>$")


def opening(native: str, kind_hint: str = "") -> str:
    """Markdown for the start of a paired code."""
    return _paired(native, kind_hint)


def closing(native: str, kind_hint: str = "") -> str:
    return _paired(native, kind_hint)


def _paired(native: str, kind_hint: str) -> str:
    text = html.unescape(native or "").strip()
    if text in MARKDOWN_DELIMITERS:
        return text
    found = TAG.match(text)
    if found:
        name = found.group(2).lower()
        shortcut = OMEGAT_SHORTCUT.match(name)
        return PAIRED.get(shortcut.group(1) if shortcut else name, "")
    return FORMAT_HINTS.get(kind_hint.lower(), "")


def standalone(native: str) -> str:
    """Markdown for a placeholder code: footnote marks and line breaks survive."""
    text = html.unescape(native or "").strip()
    if NOTE_MARK.match(text):
        return text
    found = TAG.match(text)
    if found and found.group(2).lower() == "br":
        return "\\\n"
    return ""


# Hints that XLIFF and TMX attributes give for a paired code's meaning.
FORMAT_HINTS = {"bold": "**", "italic": "*", "x-bold": "**", "x-italic": "*", "fmt:b": "**",
                "fmt:i": "*", "fmt:strong": "**", "fmt:em": "*", "code": "`", "x-code": "`",
                "fmt": "", "link": "", "x-link": "",
                # XLIFF 2.0 subType values of type="fmt"; XLIFF 1.2 ctype "x-" + HTML element (Okapi).
                "xlf:b": "**", "xlf:i": "*", "xlf:u": "", "x-strong": "**", "x-em": "*"}
