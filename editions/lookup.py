"""Looking units up in a memory: one ``Match`` per unit.

Today the only level is an exact match after normalization (NFC, whitespace);
fuzzy and in-context levels plug in here without touching the callers.
"""

from __future__ import annotations

from .memory import Memory
from .model import Match, Unit


def find_matches(units: list[Unit], memory: Memory) -> list[Match]:
    matches = []
    for unit in units:
        entry = memory.exact(unit.source)
        if entry is None:
            matches.append(Match(unit_id=unit.id, level="none"))
        else:
            matches.append(Match(unit_id=unit.id, level="exact", target=entry.target,
                                 origin=entry.origin))
    return matches
