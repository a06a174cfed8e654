"""Scaffolding a new locale: ``locales/TAG/`` with a locale file, an empty
memory and a UI catalog, so that the next build makes its editions."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from .catalogs import update_catalogs
from .errors import EditionsError
from .locales import LOCALE_FILE, LOCALES_DIR, cldr_locale
from .output import write_bytes

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
    script = cldr.script or _likely_script(cldr)
    body, heading, italic, package = SCRIPT_FONTS.get(script, LATIN)
    lines = [f"# Locale file for {tag} ({cldr.english_name}).",
             "# Direction and the display name come from CLDR unless set here.",
             "fonts:",
             f"  body: [{', '.join(repr(f) for f in body)}]".replace("'", '"'),
             f"  heading: [{', '.join(repr(f) for f in heading)}]".replace("'", '"')]
    if not italic:
        lines.append("  italic: false")
    lines += [f"  packages: [{package}]", 'translator: ""', "required-coverage: 1.0", ""]
    write_bytes(folder / LOCALE_FILE, "\n".join(lines).encode("utf-8"))
    write_bytes(folder / "memory.tmx", empty_tmx())
    update_catalogs(root, [tag])
    return f"created {LOCALES_DIR}/{tag}/ ({cldr.english_name}, {cldr.text_direction})"


def _likely_script(cldr) -> str:
    from babel.core import get_global
    likely = get_global("likely_subtags").get(cldr.language, "")
    parts = likely.split("_")
    return parts[1] if len(parts) > 2 else ""


def empty_tmx() -> bytes:
    tmx = etree.Element("tmx", version="1.4")
    etree.SubElement(tmx, "header", creationtool="Editions", creationtoolversion="0.1.0",
                     segtype="paragraph", adminlang="en", srclang="en", datatype="markdown",
                     **{"o-tmf": "Editions"})
    etree.SubElement(tmx, "body")
    etree.indent(tmx, space="  ")
    return etree.tostring(tmx, xml_declaration=True, encoding="UTF-8") + b"\n"
