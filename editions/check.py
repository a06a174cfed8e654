"""Checks on a localized publication before it is rendered.

Fonts: every family a locale names must be installed, and together they must
cover every character the print edition sets, so no PDF shows a missing-glyph
box. Coverage: a locale below its required coverage is reported.
"""

from __future__ import annotations

import functools
import subprocess
import unicodedata

from fontTools.ttLib import TTCollection, TTFont

from .ast import stringify
from .errors import EditionsError, Issue
from .locales import LOCALE_FILE, LOCALES_DIR
from .model import Locale, LocalizedPublication


@functools.lru_cache(maxsize=1)
def installed_families() -> frozenset[str]:
    try:
        out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        raise EditionsError("fontconfig's fc-list is not available (install: apt-get install fontconfig)") from None
    return frozenset(name.strip() for line in out.splitlines() for name in line.split(","))


def require_fonts(locale: Locale) -> None:
    """Stop with one line naming what to install when a locale's font is missing."""
    missing = [f for f in (*locale.fonts.body, *locale.fonts.heading) if f not in installed_families()]
    if missing:
        packages = " ".join(locale.fonts.packages) or "a package that provides it"
        raise EditionsError(f"font '{missing[0]}' is not installed; install it with: "
                            f"apt-get install {packages}", f"{LOCALES_DIR}/{locale.tag}/{LOCALE_FILE}")


@functools.lru_cache(maxsize=None)
def _font_file(family: str, style: str) -> tuple[str, int]:
    out = subprocess.run(["fc-match", "-f", "%{file}\n%{index}", f"{family}:style={style}"],
                         capture_output=True, text=True, check=True).stdout.split("\n")
    return out[0], int(out[1] or 0)


@functools.lru_cache(maxsize=None)
def _cmap(path: str, index: int) -> frozenset[int]:
    if path.lower().endswith((".ttc", ".otc")):
        font = TTCollection(path, lazy=True).fonts[index]
    else:
        font = TTFont(path, lazy=True)
    return frozenset(font.getBestCmap() or {})


def covered(families: tuple[str, ...]) -> frozenset[int]:
    codepoints: set[int] = set()
    for family in families:
        codepoints |= _cmap(*_font_file(family, "Regular"))
    return frozenset(codepoints)


def missing_glyphs(text: str, families: tuple[str, ...]) -> set[str]:
    have = covered(families)
    return {ch for ch in set(text) if ord(ch) not in have and not _invisible(ch)}


def _invisible(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def check_glyphs(publication: LocalizedPublication, ui_text: str) -> list[Issue]:
    """Characters the print edition sets that none of the locale's fonts has."""
    locale = publication.locale
    text = stringify(publication.blocks) + stringify(list(publication.meta.values())) + ui_text \
        + publication.date_text + locale.translator
    issues = []
    for role, families in (("body", locale.fonts.body), ("heading", locale.fonts.heading)):
        missing = missing_glyphs(text, families)
        if missing:
            shown = " ".join(f"U+{ord(c):04X}" for c in sorted(missing)[:8])
            issues.append(Issue("missing-glyph", "fatal",
                                f"{len(missing)} characters have no glyph in the {role} fonts "
                                f"{', '.join(families)}: {shown}",
                                f"{LOCALES_DIR}/{locale.tag}/{LOCALE_FILE}", locale.tag))
    return issues


def check_coverage(publication: LocalizedPublication) -> list[Issue]:
    locale = publication.locale
    if locale.is_source or publication.coverage >= locale.required_coverage:
        return []
    return [Issue("coverage-below-required", "warning",
                  f"coverage {publication.coverage:.0%} is below the required "
                  f"{locale.required_coverage:.0%}", f"{LOCALES_DIR}/{locale.tag}/{LOCALE_FILE}",
                  locale.tag)]


def check_ui_strings(locale: Locale, catalog: bytes) -> list[Issue]:
    """A UI string without a translation would be published in the source language."""
    if locale.is_source:
        return []
    import io
    from babel.messages.mofile import read_mo
    from .catalogs import extract
    translated = {m.id for m in read_mo(io.BytesIO(catalog)) if m.id and m.string}
    missing = sorted(m.id for m in extract() if m.id and m.id not in translated)
    if not missing:
        return []
    return [Issue("ui-untranslated", "warning",
                  f"{len(missing)} UI strings are not translated and show in the source language: "
                  + ", ".join(repr(m) for m in missing[:5]), f"{LOCALES_DIR}/{locale.tag}/LC_MESSAGES/messages.po",
                  locale.tag)]
