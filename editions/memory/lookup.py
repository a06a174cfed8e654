"""Looking units up in a locale's memory: one ``Match`` per unit.

Order, best first: in-context exact (same text, and the memory knows it in
this place: same unit id or same neighbours), exact (after NFC, whitespace and
typographic-quote normalization), every sentence exact, then fuzzy. Fuzzy
scores are similarities 0-100 over words, or over characters for unspaced
scripts; candidates come from an n-gram prefilter so the cost does not grow
with the memory. Numbers that alone differ are patched into the translation.
Only context, exact and sentence matches are published unless the policy
accepts fuzzy matches from a given score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rapidfuzz.distance import Indel

from ..model import Match, Unit
from ..source import sentences
from . import Memory
from .entry import Entry
from .markup import match_key
from .store import MemoryIndex
from .tokens import HAN, tokens

FUZZY_FLOOR = 50
STALE_FLOOR = 75
CANDIDATES = 3
PREFILTER_TOKENS = 8
PREFILTER_KEEP = 60
NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f]\d+)*")


@dataclass(frozen=True)
class Policy:
    target_tag: str
    accept_fuzzy: int | None = None     # publish fuzzy matches scoring at least this


def fuzzy_candidates(index: MemoryIndex, text: str, limit: int = CANDIDATES) -> list[tuple[int, int]]:
    """(score, entry id) of the most similar entries, best first."""
    query = tokens(text)
    scored = [(similarity(query, words), entry_id)
              for entry_id, words in index.candidates(query, PREFILTER_TOKENS, PREFILTER_KEEP)]
    return sorted((item for item in scored if item[0] >= FUZZY_FLOOR), key=lambda i: (-i[0], i[1]))[:limit]


def similarity(a: list[str], b: list[str]) -> int:
    return int(round(Indel.normalized_similarity(a, b) * 100))


def words(text: str) -> int:
    """Words for a quote: each Han character counts as one."""
    return len(HAN.findall(text)) + len(re.findall(r"[^\W\d_]+|\d+", HAN.sub(" ", text)))


def find_matches(units: list[Unit], memory: Memory | MemoryIndex, policy: Policy) -> list[Match]:
    index = MemoryIndex.from_entries(memory.entries) if isinstance(memory, Memory) else memory
    current = {match_key(u.source) for u in units}
    matches = []
    for position, unit in enumerate(units):
        neighbours = (units[position - 1].source if position else "",
                      units[position + 1].source if position + 1 < len(units) else "")
        match = (_nothing_to_translate(unit) or _exact(index, unit, neighbours)
                 or _by_sentences(index, unit, policy) or _fuzzy(index, unit, current, policy)
                 or Match(unit.id, "none"))
        matches.append(_publish(match, unit, policy))
    return matches


# What a unit's text may hold that no language translates: code spans, autolinks and bare
# URLs, raw HTML tags, note marks.
UNTRANSLATABLE = re.compile(r"`[^`]*`|<[^>\s]+>|https?://\S+|\[\^\d+\]")


def _nothing_to_translate(unit: Unit) -> Match | None:
    """A unit with no word in it (a version number, a URL, code, punctuation) is its own
    translation in every language: published as it is, never counted as left to translate."""
    if re.search(r"[^\W\d_]", UNTRANSLATABLE.sub(" ", unit.source)):
        return None
    return Match(unit.id, "exact", 100, unit.source, "no words to translate")


def _exact(index: MemoryIndex, unit: Unit, neighbours: tuple[str, str]) -> Match | None:
    found = index.exact_matches(unit.source)
    if not found:
        return None
    entries = [index.entry(i) for i in found]
    in_place = [e for e in entries if e.state != "fuzzy"
                and (e.context == unit.id or _same_neighbours(e, neighbours))]
    chosen = _preferred(in_place or entries)
    if chosen.state == "fuzzy":
        return Match(unit.id, "fuzzy", 99, chosen.target, chosen.origin)
    return Match(unit.id, "context" if in_place else "exact", 101 if in_place else 100,
                 chosen.target, chosen.origin)


def _preferred(entries: list[Entry]) -> Entry:
    rank = {"approved": 0, "translated": 1, "fuzzy": 2}
    return min(entries, key=lambda e: rank.get(e.state, 1))


def _same_neighbours(entry: Entry, neighbours: tuple[str, str]) -> bool:
    return entry.neighbours != ("", "") and all(
        match_key(a) == match_key(b) for a, b in zip(entry.neighbours, neighbours))


def _by_sentences(index: MemoryIndex, unit: Unit, policy: Policy) -> Match | None:
    """Assemble a paragraph from its sentences' matches: exact sentences give a
    ``sentences`` match; if some are only fuzzy (75 or more) the paragraph is a
    fuzzy match scored by its weakest sentence. A paragraph not wholly covered
    reports the share of sentences matched."""
    pieces = sentences.split(unit.source)
    if len(pieces) < 2:
        return None
    found = [_sentence_match(index, piece) for piece in pieces]
    share = sum(f is not None for f in found) / len(pieces)
    if share < 1:
        return Match(unit.id, "none", matched_share=share) if share else None
    target = sentences.join([text for _score, text, _origin in found], policy.target_tag)
    origin = "; ".join(dict.fromkeys(o for _score, _text, o in found))
    score = min(score for score, _text, _origin in found)
    if score >= 100:
        return Match(unit.id, "sentences", 100, target, origin, matched_share=1.0)
    return Match(unit.id, "fuzzy", score, target, origin, matched_share=1.0, suggestion=target)


def _sentence_match(index: MemoryIndex, piece: str) -> tuple[int, str, str] | None:
    """(score, translation, origin) for one sentence: exact, else fuzzy from 75."""
    exact = index.exact_matches(piece)
    if exact:
        entry = _preferred([index.entry(i) for i in exact])
        return (100 if entry.state != "fuzzy" else 99), entry.target, entry.origin
    found = fuzzy_candidates(index, piece, limit=1)
    if not found or found[0][0] < STALE_FLOOR:
        return None
    score, best = found[0]
    entry = index.entry(best)
    patched = patch_numbers(index.source(best), piece, entry.target)
    return (99 if patched is not None else min(score, 99)), patched or entry.target, entry.origin


def _fuzzy(index: MemoryIndex, unit: Unit, current: set[str], policy: Policy) -> Match | None:
    found = fuzzy_candidates(index, unit.source)
    if not found:
        return None
    candidates = tuple((score, index.entry(i).origin) for score, i in found)
    score, best = found[0]
    entry, source = index.entry(best), index.source(best)
    patched = patch_numbers(source, unit.source, entry.target)
    if patched is not None:
        score, target = 99, patched
    else:
        target = entry.target
    stale = score >= STALE_FLOOR and match_key(source) not in current
    return Match(unit.id, "stale" if stale else "fuzzy", min(score, 99), target, entry.origin,
                 suggestion=entry.target, candidates=candidates)


def patch_numbers(old_source: str, new_source: str, target: str) -> str | None:
    """The translation with changed numbers replaced, when numbers are all that
    changed and each old number appears once in the translation; else None."""
    if NUMBER.sub("#", old_source) != NUMBER.sub("#", new_source) or old_source == new_source:
        return None
    for old, new in zip(NUMBER.findall(old_source), NUMBER.findall(new_source)):
        if old == new:
            continue
        pattern = re.compile(rf"(?<![\d.,]){re.escape(old)}(?![\d]|[.,]\d)")
        if len(pattern.findall(target)) != 1:
            return None
        target = pattern.sub(new, target)
    return target


def _publish(match: Match, unit: Unit, policy: Policy) -> Match:
    accepted = match.level in ("context", "exact", "sentences") or (
        match.level in ("fuzzy", "stale") and policy.accept_fuzzy is not None
        and match.score >= policy.accept_fuzzy)
    return replace(match, published=accepted and match.target is not None,
                   suggestion=match.suggestion or ("" if accepted else (match.target or "")),
                   words=words(unit.source))
