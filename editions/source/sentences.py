"""Splitting a unit's text into sentences, SRX-style: break rules with exceptions.

A break follows sentence-final punctuation (with any closing quotes or
brackets) when whitespace and the start of a new sentence come next; known
abbreviations, initials and numbers such as "No. 7" do not end a sentence.
Han and Japanese full stops end a sentence without a following space; the
Arabic question mark counts as a full stop.
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset("""
mr mrs ms dr prof sr jr st mt no nos vol vols p pp ch fig figs ed eds eg e.g ie i.e etc vs cf al
approx dept est inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k a.m p.m
""".split())
CLOSERS = "\"'”’»)]}」』）"
FINAL = ".!?…"
WIDE_FINAL = "。！？；"  # full-width stops end a sentence with no space after
ARABIC_FINAL = "؟"
BREAK = re.compile(rf"([{re.escape(FINAL + ARABIC_FINAL)}]+[{re.escape(CLOSERS)}]*)(\s+)(?=\S)"
                   rf"|([{WIDE_FINAL}][{re.escape(CLOSERS)}]*)")
NEXT_STARTS = re.compile(r"[\"'“‘«(\[]*[\w\u0600-\u06ff*`]")


def split(text: str) -> list[str]:
    """The sentences of ``text``, each with its own punctuation, spaces between dropped."""
    sentences, start = [], 0
    for found in BREAK.finditer(text):
        end = found.end(1) if found.group(1) else found.end(3)
        if found.group(1) and not _ends_sentence(text, found.start(1), found.end()):
            continue
        piece = text[start:end].strip()
        if piece:
            sentences.append(piece)
        start = found.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def _ends_sentence(text: str, stop: int, next_start: int) -> bool:
    if not NEXT_STARTS.match(text, next_start):
        return False
    following = text[next_start:next_start + 1]
    if following.isalpha() and following.islower():
        return False
    if text[stop] != ".":
        return True
    word = re.search(r"([\w.]+)$", text[:stop])
    if not word:
        return True
    token = word.group(1).lower().rstrip(".")
    if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
        return False
    return True


UNSPACED_LANGUAGES = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})


def join(sentences: list[str], target_tag: str) -> str:
    """Sentences joined as the target script writes them: no spaces in Han or Thai text."""
    language = target_tag.replace("_", "-").split("-")[0].lower()
    return ("" if language in UNSPACED_LANGUAGES else " ").join(sentences)
