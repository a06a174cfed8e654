"""One locale's work: assess its memories, apply the translations, preflight.

``locale_work`` is the one function that does it; the build, ``status``,
and the review proof all call it, so they see the same figures. Export and
import need only the assessment (``assess``).
"""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.mofile import read_mo

from ..errors import Issue
from ..model import Locale, LocalizedPublication, Match, Source, Unit
from .apply import localize
from .assess import assess
from .catalogs import read_catalog
from .preflight import (
    check_coverage,
    check_glyphs,
    check_ui_strings,
    passages,
    require_fonts,
)
from .settings import display_name, locale_tags, read_locale


@dataclass(frozen=True)
class LocaleWork:
    """What one locale's work gives: a match per unit (in unit order), the localized
    publication renderers read, and every finding (assessment, QA, application, preflight)."""

    locale: Locale
    matches: tuple[Match, ...]
    localized: LocalizedPublication
    issues: tuple[Issue, ...]


def read_locales(root: Path, source_language: str, tags: tuple[str, ...] = ()) -> list[Locale]:
    """The locales named by ``tags`` (every locale of the project when empty), read and checked;
    raises ``EditionsError`` for an unknown locale or a bad locale file."""
    locales = [read_locale(root, tag, source_language) for tag in tags or locale_tags(root)]
    source = next((locale for locale in locales if locale.is_source), None)
    if source is None and source_language in locale_tags(root):
        source = read_locale(root, source_language, source_language)
    return [_with_source_fonts(locale, source) for locale in locales]


def _with_source_fonts(locale: Locale, source: Locale | None) -> Locale:
    """The locale with the source locale's families after its own: a unit not yet translated
    is set in the source language, and its characters need the source's fonts (a Japanese
    publication's English edition still shows Japanese where it falls back)."""
    if source is None or locale.is_source:
        return locale
    def joined(own: tuple[str, ...], more: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*own, *more)))
    fonts = dataclasses.replace(locale.fonts, body=joined(locale.fonts.body, source.fonts.body),
                                heading=joined(locale.fonts.heading, source.fonts.heading),
                                packages=joined(locale.fonts.packages, source.fonts.packages))
    return dataclasses.replace(locale, fonts=fonts)


def switcher(root: Path) -> tuple[tuple[str, str], ...]:
    """(tag, name in its own language) of every locale: the language switcher of an edition."""
    return tuple((tag, display_name(tag)) for tag in locale_tags(root))


def locale_work(source: Source, locale: Locale, other_locales: tuple[tuple[str, str], ...] = (),
                accept_fuzzy: int | None = None, check_print: bool = False) -> LocaleWork:
    """Assess ``locale``'s memories for ``source``, apply what is published and check the
    result; ``check_print``: also check the fonts of the print edition (raises
    ``EditionsError`` when a font is not installed, reports each missing glyph as fatal)."""
    root = source.publication.root
    readings: dict[str, list | None] = {}       # translations QA reads, applied without reading them again
    assessment = assess(root, list(source.units), locale, source.language, accept_fuzzy, readings)
    matches = list(assessment.matches)
    compiled = read_catalog(root, locale)
    catalog = compiled.mo
    localized = localize(source.publication, list(source.units), matches, locale, catalog, source.language,
                         other_locales, readings=readings)
    issues = [*source.publication.issues, *assessment.issues, *localized.issues, *check_coverage(localized),
              *compiled.issues, *check_ui_strings(locale, catalog)]
    if check_print:
        issues += _print_issues(localized, source.units, matches)
    return LocaleWork(locale=locale, matches=tuple(matches), localized=localized, issues=tuple(issues))


def _print_issues(localized: LocalizedPublication, units: tuple[Unit, ...], matches: list[Match]) -> list[Issue]:
    require_fonts(localized.locale)
    ui_text = _ui_text(localized.catalog)
    return check_glyphs(localized, ui_text,
                        passages(localized, list(units), _published(units, matches, localized), ui_text))


def _published(units, matches, localized: LocalizedPublication) -> list[str]:
    """Each unit's text as the edition shows it: its translation, or the source it falls back to."""
    shown_in_source = set(localized.fallbacks) if not localized.locale.is_source else {u.id for u in units}
    return [u.source if u.id in shown_in_source or m.target is None else m.target
            for u, m in zip(units, matches)]


def _ui_text(catalog: bytes) -> str:
    return " ".join(str(m.string) for m in read_mo(io.BytesIO(catalog)) if m.id and m.string)
