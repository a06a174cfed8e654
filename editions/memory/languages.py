"""Which language codes of a memory file serve a locale.

Memory files spell languages every way CAT tools do: ``EN-US``, ``en_us``,
``zh-CN`` for Simplified Chinese, ``fr-FR`` for French. A code serves a locale
when it names the same language in the same script (CLDR's likely subtags fill
in a missing script: ``zh-CN`` is ``zh-Hans-CN``, ``zh-TW`` is ``zh-Hant-TW``).
Among codes that serve, the fallback order is:

4. the same tag (``fr-CA`` for ``fr-CA``), spelling aside;
3. the same language, script and region once the script is filled in
   (``zh-CN`` for ``zh-Hans``, whose likely region is CN);
2. the bare language, or a code without region (``fr`` for ``fr-CA``);
1. the same language and script in another region (``fr-FR`` for ``fr-CA``).
"""

from __future__ import annotations

import functools

from babel.core import get_global

ALL = "*all*"


@functools.lru_cache(maxsize=None)
def parts(tag: str) -> tuple[str, str, str]:
    """(language, script, region) of a tag, the script filled in from CLDR."""
    pieces = tag.replace("_", "-").split("-")
    language = pieces[0].lower()
    script = next((p.title() for p in pieces[1:] if len(p) == 4 and p.isalpha()), "")
    region = next((p.upper() for p in pieces[1:] if len(p) == 2 or (len(p) == 3 and p.isdigit())), "")
    if not script:
        likely = get_global("likely_subtags")
        for key in (f"{language}_{region}", language, f"und_{region}"):
            full = likely.get(key)
            if full:
                found = [p for p in full.split("_") if len(p) == 4]
                if found:
                    script = found[0]
                    break
    return language, script, region


def script_of(tag: str) -> str:
    """The ISO 15924 script a tag is written in (``Hans`` for ``zh-CN``), from the tag or
    CLDR's likely subtags; ``Latn`` when CLDR knows none."""
    return parts(tag)[1] or "Latn"


@functools.lru_cache(maxsize=None)
def likely_region(tag: str) -> str:
    language, script, region = parts(tag)
    if region:
        return region
    full = get_global("likely_subtags").get(f"{language}_{script}") or get_global("likely_subtags").get(language, "")
    return next((p for p in full.split("_")[1:] if len(p) == 2), "")


def serves(code: str, locale: str) -> int:
    """How well a memory's language ``code`` serves ``locale``: 0 (not) to 4 (same tag)."""
    if not code:
        return 0
    if code.replace("_", "-").lower() == locale.replace("_", "-").lower():
        return 4
    have, want = parts(code), parts(locale)
    if have[:2] != want[:2]:
        return 0
    have_region = have[2]
    if have_region and have_region == likely_region(locale):
        return 3
    if not have_region:
        return 2
    return 1
