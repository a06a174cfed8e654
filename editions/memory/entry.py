"""The value every memory reader produces."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """One source/target pair of a memory, with where it came from."""

    source: str
    target: str
    origin: str                                   # "locales/fr/memory.tmx:12"
    state: str = "translated"                     # translated | fuzzy | approved
    context: str = ""                             # tuid, msgctxt, resname or unit id
    neighbours: tuple[str, str] = ("", "")        # previous and next source, when recorded
    provenance: tuple[tuple[str, str], ...] = ()  # (name, value): creationid, changedate, notes...
    markup: str = "markdown"                      # what source and target are written in (markup.MARKUPS)
