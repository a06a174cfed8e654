"""Locales: the folders under ``locales/``, their locale files and CLDR facts.

A locale is a BCP 47 tag with a folder holding ``locale.yaml``, the UI catalog
``LC_MESSAGES/messages.po`` and memory files. Direction and display names come
from CLDR through Babel; the locale file may add fonts, a translator credit and
the coverage a strict build requires, and how each memory file is read
(``memories:``, see ``memory.settings``).
"""

from __future__ import annotations

from pathlib import Path

import babel

from ..errors import EditionsError, hint_command
from ..memory.settings import LOCALE_FILE, markups_of
from ..model import Font, Locale
from ..yamlfile import load_yaml

LOCALES_DIR = "locales"
CATALOG = "LC_MESSAGES/messages.po"


def cldr_locale(tag: str, where: str = "") -> babel.Locale:
    """The CLDR locale for a BCP 47 tag; a clear error for a tag CLDR does not know."""
    try:
        return babel.Locale.parse(tag, sep="-")
    except (ValueError, babel.UnknownLocaleError):
        raise EditionsError(f"unknown locale '{tag}': not a BCP 47 tag that CLDR knows", where or None) from None


def locale_tags(root: Path) -> list[str]:
    """Tags of every locale folder of the project, sorted."""
    folder = root / LOCALES_DIR
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / LOCALE_FILE).is_file())


def read_locale(root: Path, tag: str, source_tag: str) -> Locale:
    folder = root / LOCALES_DIR / tag
    where = f"{LOCALES_DIR}/{tag}/{LOCALE_FILE}"
    if not (folder / LOCALE_FILE).is_file():
        raise EditionsError(f"unknown locale '{tag}': there is no {where} "
                            f"(create it with: {hint_command(root, 'new-locale', tag)})")
    cldr = cldr_locale(tag, where)
    data = _locale_data(folder, where)
    markups_of(data, where)      # the memories' key, read by the memory stage
    direction = data.get("direction") or cldr.text_direction
    if direction not in ("ltr", "rtl"):
        raise EditionsError(f"direction must be ltr or rtl, not '{direction}'", where)
    fonts = data.get("fonts") or {}
    body = tuple(fonts.get("body") or ("Noto Serif",))
    return Locale(
        tag=tag,
        name=str(data.get("name") or cldr.get_display_name(cldr)),
        direction=direction,
        fonts=Font(body=body, heading=tuple(fonts.get("heading") or body),
                   italic=bool(fonts.get("italic", True)),
                   packages=tuple(fonts.get("packages") or ())),
        translator=str(data.get("translator") or ""),
        required_coverage=float(data.get("required-coverage", 1.0)),
        folder=folder,
        is_source=(tag == source_tag),
    )


def _locale_data(folder: Path, where: str) -> dict:
    data = load_yaml((folder / LOCALE_FILE).read_text(encoding="utf-8"), where) or {}
    if not isinstance(data, dict):
        raise EditionsError("expected a mapping", where)
    return data


def display_name(tag: str) -> str:
    """The language's name in its own language, as CLDR writes it."""
    cldr = cldr_locale(tag)
    name = cldr.get_display_name(cldr) or tag
    return name[:1].upper() + name[1:]  # as a list entry; a no-op for uncased scripts
