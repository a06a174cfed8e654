"""Checks on a localized publication before it is rendered.

Fonts: every family a locale names must be installed, and together they must
cover every character the print edition sets, so no PDF shows a missing-glyph
box: a character they lack stops that locale's PDF with one line naming the
character, the unit it appears in and an installed font that has it.
Coverage: a locale below its required coverage is reported.
"""

from __future__ import annotations

import functools
import subprocess
import unicodedata
from dataclasses import dataclass

from fontTools.ttLib import TTCollection, TTFont

from ..errors import EditionsError, Issue
from ..model import Locale, LocalizedPublication, Unit
from ..source.ast import stringify
from .fonts import packages_of
from .settings import CATALOG, LOCALE_FILE, LOCALES_DIR


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


@dataclass(frozen=True)
class Passage:
    """Text the print edition sets, and where it comes from: a unit, the UI catalog, ..."""

    text: str
    location: str
    heading: bool = False     # set in the heading fonts as well as the body fonts (titles, headings)
    unit: str = ""            # the unit's id, for a unit's text


def passages(publication: LocalizedPublication, units: list[Unit], texts: list[str],
             ui_text: str) -> list[Passage]:
    """The published text of each unit (``texts``, in unit order), then the words around it."""
    locale_file = f"{LOCALES_DIR}/{publication.locale.tag}/{LOCALE_FILE}"
    found = [Passage(text, unit.location, unit.kind == "heading" or unit.id in ("meta-title", "meta-subtitle"),
                     unit.id)
             for unit, text in zip(units, texts)]
    return found + [Passage(ui_text, f"{LOCALES_DIR}/{publication.locale.tag}/{CATALOG}", heading=True),
                    Passage(publication.date_text, "content/publication.yaml (date)"),
                    Passage(publication.locale.translator, locale_file)]


def check_glyphs(publication: LocalizedPublication, ui_text: str,
                 sources: list[Passage] = ()) -> list[Issue]:
    """Characters the print edition sets that none of the locale's fonts for their role has:
    one fatal issue per character, naming where it first appears and a font that has it.
    The text checked is the typeset edition; ``sources`` only tell where a character comes from."""
    locale = publication.locale
    headings = stringify([b["c"][2] for b in publication.blocks if b["t"] == "Header"]) \
        + stringify([publication.meta.get(k) for k in ("title", "subtitle")]) + ui_text
    body = stringify(publication.blocks) + stringify(list(publication.meta.values())) + ui_text \
        + publication.date_text + locale.translator
    issues = []
    for role, families, text in (("body", locale.fonts.body, body),
                                 ("heading", locale.fonts.heading, headings)):
        for char in sorted(missing_glyphs(text, families))[:MAX_REPORTED]:
            where = next((p for p in sources if char in p.text and (role == "body" or p.heading)),
                         Passage("", "set by the typography rules"))
            issues.append(Issue("missing-glyph", "fatal",
                                f"{_describe(char)} has no glyph in the {role} fonts {', '.join(families)}; "
                                f"{_suggestion(ord(char), families)}", where.location, locale.tag,
                                format="pdf", unit=where.unit))
    return issues


MAX_REPORTED = 12   # characters per role and locale; more than that is one script, already named


def _describe(char: str) -> str:
    return f"'{char}' U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def _suggestion(codepoint: int, role_families: tuple[str, ...]) -> str:
    """A font to add to the role's families; one of the same style (Serif, Sans) when there is one."""
    # A colour (bitmap) emoji font breaks WeasyPrint's line layout: never suggested.
    candidates = tuple(name for name in fonts_covering(codepoint) if "Color" not in name.split())
    if not candidates:
        if unicodedata.category(chr(codepoint)) == "So" or codepoint >= 0x1F000:
            return ("no installed font has it; a monochrome symbol font lays out like text: "
                    "install fonts-symbola and add \"Symbola\" to the locale's fonts")
        return "no installed font has it"
    style = set(role_families[0].split()[1:2]) if role_families else set()
    best = min(candidates, key=lambda name: (not style & set(name.split()), candidates.index(name)))
    packages = packages_of(best)
    return f"an installed font that has it: {best}" + (f" (Debian package {', '.join(packages)})" if packages else "")


@functools.lru_cache(maxsize=None)
def fonts_covering(codepoint: int) -> tuple[str, ...]:
    """Installed families whose fonts map ``codepoint``, Noto first (fontconfig's fc-list)."""
    out = subprocess.run(["fc-list", f":charset={codepoint:x}", "family"], capture_output=True,
                         text=True, check=False).stdout
    names = {line.split(",")[0].strip() for line in out.splitlines() if line.strip()}
    return tuple(sorted(names, key=lambda name: (not name.startswith("Noto"), len(name), name)))


def check_coverage(publication: LocalizedPublication) -> list[Issue]:
    locale = publication.locale
    if locale.is_source or publication.coverage >= locale.required_coverage:
        return []
    return [Issue("coverage-below-required", "warning",
                  f"coverage {publication.coverage:.0%} is below the required "
                  f"{locale.required_coverage:.0%}", f"{LOCALES_DIR}/{locale.tag}/{LOCALE_FILE}",
                  locale.tag)]


def check_ui_strings(locale: Locale, catalog: bytes) -> list[Issue]:
    """A UI string without a translation would be published in the templates' language
    (English): in a translation, and in a source edition in another language."""
    if locale.tag.split("-")[0] == "en":         # the templates' own words
        return []
    import io

    from babel.messages.mofile import read_mo

    from .catalogs import extract
    translated = {m.id for m in read_mo(io.BytesIO(catalog)) if m.id and m.string}
    missing = sorted(m.id for m in extract() if m.id and m.id not in translated)
    if not missing:
        return []
    return [Issue("ui-untranslated", "warning",
                  f"{len(missing)} UI strings are not translated and show in English, the templates' language: "
                  + ", ".join(repr(m) for m in missing[:5]), f"{LOCALES_DIR}/{locale.tag}/LC_MESSAGES/messages.po",
                  locale.tag)]
