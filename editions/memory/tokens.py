"""Tokens for fuzzy matching: words for alphabetic scripts, characters for Han and kana;
and the n-grams the prefilter indexes: pairs of neighbouring tokens, which are
rare enough to single out the few entries worth scoring in a large memory."""

from __future__ import annotations

import re

from .markup import match_key

HAN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
PIECE = re.compile(r"\w+|[^\w\s]")


def tokens(text: str) -> list[str]:
    folded = match_key(text).lower()
    return [t for piece in PIECE.findall(folded) for t in (list(piece) if HAN.search(piece) else [piece])]


def grams(words: list[str]) -> set[str]:
    """Neighbouring token pairs (single tokens for texts too short to pair)."""
    if len(words) < 3:
        return set(words)
    return {f"{a} {b}" for a, b in zip(words, words[1:])}
