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
    fonts = _fonts(data, where)
    body = fonts.get("body") or ("Noto Serif",)
    return Locale(
        tag=tag,
        name=str(data.get("name") or cldr.get_display_name(cldr)),
        direction=direction,
        fonts=Font(body=body, heading=fonts.get("heading") or body,
                   italic=fonts.get("italic", True),
                   packages=fonts.get("packages") or ()),
        translator=_text(data, "translator", where),
        required_coverage=_coverage(data, where),
        folder=folder,
        is_source=(tag == source_tag),
    )


def _fonts(data: dict, where: str) -> dict:
    """``fonts:`` checked: body, heading and packages lists of names (one name alone is a
    list of one), italic true or false. Raises ``EditionsError`` naming the locale file."""
    fonts = data.get("fonts") or {}
    if not isinstance(fonts, dict):
        raise EditionsError("fonts: expected a mapping (body:, heading:, italic:, packages:)", where)
    checked: dict = {}
    for key in ("body", "heading", "packages"):
        value = fonts.get(key) or ()
        names = (value,) if isinstance(value, str) else value
        if not isinstance(names, (list, tuple)) or not all(isinstance(n, str) and n.strip() for n in names):
            raise EditionsError(f"fonts: {key}: expected a list of names", where)
        checked[key] = tuple(names)
    italic = fonts.get("italic", True)
    if not isinstance(italic, bool):
        raise EditionsError("fonts: italic: expected true or false", where)
    return {**checked, "italic": italic}


def _coverage(data: dict, where: str) -> float:
    """``required-coverage:``, a share from 0 to 1 (1.0 when not given)."""
    value = data.get("required-coverage", 1.0)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise EditionsError(f"required-coverage: expected a number from 0 to 1, not {str(value)[:40]!r}", where)
    return float(value)


def _text(data: dict, key: str, where: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise EditionsError(f"{key}: expected text", where)
    return str(value)


def _locale_data(folder: Path, where: str) -> dict:
    try:
        text = (folder / LOCALE_FILE).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise EditionsError("not UTF-8 text", where) from None
    data = load_yaml(text, where) or {}
    if not isinstance(data, dict):
        raise EditionsError("expected a mapping", where)
    return data


def display_name(tag: str) -> str:
    """The language's name in its own language, as CLDR writes it."""
    cldr = cldr_locale(tag)
    name = cldr.get_display_name(cldr) or tag
    return name[:1].upper() + name[1:]  # as a list entry; a no-op for uncased scripts
