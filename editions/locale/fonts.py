"""Choosing a locale's fonts from what the machine has.

The script comes from the tag or CLDR's likely subtags (``memory.languages``);
the families from fontconfig's language coverage (``fc-list :lang=hi``), so
any script a Noto font covers gets a serif body and a sans heading pair, with
the Latin Noto pair after it for Latin text left in the source language. Two
house choices fontconfig cannot make: Arabic is set in Noto Naskh Arabic (the
book style; there is no "Noto Serif Arabic" in Debian), and a CJK locale takes
the CJK font of its own region (JP, KR, SC, TC), since every CJK font covers
every CJK language. The Debian package of each family is read from dpkg, so a
missing font's error names what to install.
"""

from __future__ import annotations

import functools
import subprocess
from dataclasses import dataclass

from ..memory.languages import parts

LATIN_BODY, LATIN_HEADING = "Noto Serif", "Noto Sans"
LATIN_SCRIPTS = frozenset({"Latn", "Cyrl", "Grek"})     # covered by the Latin Noto pair
CJK_REGION = {"Jpan": "JP", "Kore": "KR", "Hans": "SC", "Hant": "TC"}
HOUSE_BODY = {"Arab": "Noto Naskh Arabic"}
NOT_TEXT_FACES = ("Mono", "Display", "UI", "Looped", "Slanted", "Unjoined", "Color", "Emoji")
PACKAGE_OF_SCRIPT = {"Jpan": "fonts-noto-cjk", "Kore": "fonts-noto-cjk", "Hans": "fonts-noto-cjk",
                     "Hant": "fonts-noto-cjk"}


@dataclass(frozen=True)
class FontChoice:
    body: tuple[str, ...]
    heading: tuple[str, ...]
    italic: bool                  # the body family has an italic face
    packages: tuple[str, ...]     # Debian packages that provide the families
    found: bool = True            # False: no installed font covers the language


def choose_fonts(tag: str) -> FontChoice:
    """Serif body and sans heading families for locale ``tag`` (a BCP 47 tag)."""
    language, script, _region = parts(tag)
    if script in LATIN_SCRIPTS:
        return _choice((LATIN_BODY,), (LATIN_HEADING,))
    families = covering(_fontconfig_language(language, script))
    body = _pick(families, "Noto Serif", script) or _pick(families, "Noto Sans", script)
    heading = _pick(families, "Noto Sans", script) or body
    if not body:
        package = PACKAGE_OF_SCRIPT.get(script, "fonts-noto-core fonts-noto-extra")
        return FontChoice((LATIN_BODY,), (LATIN_HEADING,), True, tuple(package.split()), found=False)
    return _choice((body, LATIN_BODY), (heading, LATIN_HEADING))


def _choice(body: tuple[str, ...], heading: tuple[str, ...]) -> FontChoice:
    packages = tuple(dict.fromkeys(p for family in (*body, *heading) for p in packages_of(family)))
    return FontChoice(body, heading, has_italic(body[0]), packages)


def _pick(families: frozenset[str], kind: str, script: str) -> str:
    """The plainest family of ``kind`` (``Noto Serif``/``Noto Sans``) among ``families``."""
    if script in CJK_REGION:
        wanted = f"{kind} CJK {CJK_REGION[script]}"
        return wanted if wanted in families else ""
    if kind == "Noto Serif" and HOUSE_BODY.get(script) in families:
        return HOUSE_BODY[script]
    text_faces = [f for f in families if f.startswith(kind) and not any(w in f.split() for w in NOT_TEXT_FACES)]
    return min(text_faces, key=lambda f: (len(f), f), default="")


def _fontconfig_language(language: str, script: str) -> str:
    """fontconfig's language tag (RFC 3066 style): Chinese by its script's usual region."""
    if language == "zh":
        return "zh-tw" if script == "Hant" else "zh-cn"
    return language


@functools.lru_cache(maxsize=None)
def covering(fc_language: str) -> frozenset[str]:
    """Installed families whose fonts cover ``fc_language`` (``fc-list :lang=...``)."""
    return frozenset(line.split(",")[0].strip() for line in _fc(["fc-list", f":lang={fc_language}", "family"])
                     if line.strip())


@functools.lru_cache(maxsize=None)
def has_italic(family: str) -> bool:
    return any("italic" in line.lower() for line in _fc(["fc-list", f"{family}:style=Italic", "style"]))


@functools.lru_cache(maxsize=None)
def packages_of(family: str) -> tuple[str, ...]:
    """Debian packages holding the font files of ``family`` (``dpkg -S``); () when unknown."""
    files = sorted({line.strip() for line in _fc(["fc-list", f"{family}", "file"]) if line.strip()})
    if not files:
        return ()
    found = subprocess.run(["dpkg", "-S", *(f.rstrip(":") for f in files)], capture_output=True, text=True,
                           check=False).stdout
    return tuple(sorted({line.split(":")[0] for line in found.splitlines() if ":" in line}))


def _fc(command: list[str]) -> list[str]:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout.splitlines()
    except OSError:
        return []
