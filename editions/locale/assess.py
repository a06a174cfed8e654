"""Assessing a locale: what its memories give each unit, and what QA says of it.

One place computes the matches and their findings, so the build, ``status``
and ``export`` see the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Issue
from ..memory.lookup import Policy, find_matches, words
from ..memory.store import open_index
from ..model import Locale, Match, Unit
from .qa import check_translations, withhold


@dataclass(frozen=True)
class Assessment:
    locale: Locale
    matches: tuple[Match, ...]
    issues: tuple[Issue, ...]


def assess(root: Path, units: list[Unit], locale: Locale, source_tag: str,
           accept_fuzzy: int | None = None, readings: dict[str, list | None] | None = None) -> Assessment:
    """Each unit's match in the locale's memories, checked by QA (a translation QA refuses
    is withheld). ``readings``: unit texts already read, and where QA keeps those it reads
    (``unittext.from_markdown``'s ``known``), for ``apply.localize`` to use again."""
    if locale.is_source:
        return Assessment(locale, tuple(Match(u.id, "source", 100, words=words(u.source)) for u in units), ())
    index, issues = open_index(root, locale.folder, locale.tag, source_tag)
    matches = find_matches(units, index, Policy(locale.tag, accept_fuzzy))
    issues += check_translations(units, matches, locale.tag, readings)
    matches = withhold(matches, issues)
    issues += [Issue("unit-stale", "warning", "source changed since it was translated; old translation: "
                     f"{m.suggestion[:80]}", u.location, locale.tag, unit=u.id)
               for u, m in zip(units, matches) if m.level == "stale" and not m.published]
    return Assessment(locale, tuple(matches), tuple(issues))
