"""Tokens for fuzzy matching: words for alphabetic scripts, characters for Han and kana."""

from __future__ import annotations

import re

from ..unittext import loose_key

HAN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
PIECE = re.compile(r"\w+|[^\w\s]")


def tokens(text: str) -> list[str]:
    folded = loose_key(text).lower()
    return [t for piece in PIECE.findall(folded) for t in (list(piece) if HAN.search(piece) else [piece])]
