"""Scaffolding a new locale: ``locales/TAG/`` with a locale file, an empty
memory and a UI catalog, so that the next build makes its editions."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..errors import EditionsError
from ..memory.languages import script_of
from ..memory.tmx import new_tmx
from ..output import write_bytes
from ..source.publication import read_publication, source_language
from .catalogs import update_catalogs
from .settings import LOCALE_FILE, LOCALES_DIR, cldr_locale

# Families of the Noto fonts Debian ships, by the script CLDR gives a locale.
SCRIPT_FONTS = {
    "Arab": (("Noto Naskh Arabic", "Noto Serif"), ("Noto Sans Arabic", "Noto Sans"), False, "fonts-noto-core"),
    "Hans": (("Noto Serif CJK SC", "Noto Serif"), ("Noto Sans CJK SC", "Noto Sans"), False, "fonts-noto-cjk"),
    "Hant": (("Noto Serif CJK TC", "Noto Serif"), ("Noto Sans CJK TC", "Noto Sans"), False, "fonts-noto-cjk"),
    "Jpan": (("Noto Serif CJK JP", "Noto Serif"), ("Noto Sans CJK JP", "Noto Sans"), False, "fonts-noto-cjk"),
    "Kore": (("Noto Serif CJK KR", "Noto Serif"), ("Noto Sans CJK KR", "Noto Sans"), False, "fonts-noto-cjk"),
    "Hebr": (("Noto Serif Hebrew", "Noto Serif"), ("Noto Sans Hebrew", "Noto Sans"), False, "fonts-noto-core"),
}
LATIN = (("Noto Serif",), ("Noto Sans",), True, "fonts-noto-core")


def new_locale(root: Path, tag: str) -> str:
    cldr = cldr_locale(tag)
    folder = root / LOCALES_DIR / tag
    if (folder / LOCALE_FILE).exists():
        raise EditionsError(f"locale '{tag}' already exists", f"{LOCALES_DIR}/{tag}/{LOCALE_FILE}")
    body, heading, italic, package = SCRIPT_FONTS.get(script_of(tag), LATIN)
    lines = [f"# Locale file for {tag} ({cldr.english_name}).",
             "# Direction and the display name come from CLDR unless set here.",
             "fonts:",
             f"  body: [{', '.join(repr(f) for f in body)}]".replace("'", '"'),
             f"  heading: [{', '.join(repr(f) for f in heading)}]".replace("'", '"')]
    if not italic:
        lines.append("  italic: false")
    lines += [f"  packages: [{package}]", 'translator: ""', "required-coverage: 1.0", ""]
    write_bytes(folder / LOCALE_FILE, "\n".join(lines).encode("utf-8"))
    write_bytes(folder / "memory.tmx", empty_tmx(_source_language(root)))
    update_catalogs(root, [tag])
    return f"created {LOCALES_DIR}/{tag}/ ({cldr.english_name}, {cldr.text_direction})"


def _source_language(root: Path) -> str:
    """The project's source language, as ``content/publication.yaml`` names it (``lang``)."""
    try:
        return source_language(read_publication(root))
    except EditionsError:
        return "en"


def empty_tmx(source_tag: str) -> bytes:
    """An empty memory file whose header names the publication's source language."""
    tmx = new_tmx(source_tag)
    etree.indent(tmx, space="  ")
    return etree.tostring(tmx, xml_declaration=True, encoding="UTF-8") + b"\n"
