"""The Jinja environment a renderer fills templates with.

Templates are written once for all locales; the locale supplies words (its
compiled gettext catalog), fonts and direction. Autoescaping is on: only the
fragments pandoc rendered are marked safe by the templates.
"""

from __future__ import annotations

import gettext
import io
from pathlib import Path

import jinja2
from babel.numbers import format_percent

from ..locale.settings import cldr_locale
from ..locale.typography import layout_of, typeset_text
from ..model import LocalizedPublication


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates kept in this process, by template name, file and source
    checksum (Jinja's bytecode cache protocol, in memory): every edition's environment is
    its own, for its locale's words, and compiling the same templates again for each one
    took about 30 ms an edition. Only for environments configured as ``environment``'s."""

    def __init__(self):
        self.compiled: dict[tuple[str, str], object] = {}

    def load_bytecode(self, bucket) -> None:
        bucket.code = self.compiled.get((bucket.key, bucket.checksum))

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key, bucket.checksum] = bucket.code


COMPILED = CompiledTemplates()      # one per process: the render workers fill their own


def environment(templates: Path, publication: LocalizedPublication) -> jinja2.Environment:
    """The Jinja environment of ``publication``'s templates in ``templates``: autoescaping
    HTML and XHTML, the locale's UI words installed for ``{% trans %}`` and ``_()``."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)),
                             autoescape=jinja2.select_autoescape(("html", "xhtml")),
                             extensions=["jinja2.ext.i18n"], undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, bytecode_cache=COMPILED)
    env.filters["css_string"] = css_string
    env.filters["pandoc_escape"] = pandoc_escape
    env.install_gettext_translations(ui_translations(publication), newstyle=True)
    return env


def ui_translations(publication: LocalizedPublication) -> "TypesetTranslations":
    """The locale's UI catalog, compiled at build time, its words set by the locale's typography."""
    return TypesetTranslations(gettext.GNUTranslations(io.BytesIO(publication.catalog)),
                               publication.locale.tag)


class TypesetTranslations:
    """A gettext catalog whose translations follow the locale's typography
    (French spaces, digits), as the localized text does."""

    def __init__(self, catalog: gettext.GNUTranslations, tag: str):
        self.catalog, self.tag = catalog, tag

    def gettext(self, message: str) -> str:
        return typeset_text(self.catalog.gettext(message), self.tag)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return typeset_text(self.catalog.ngettext(singular, plural, count), self.tag)


def context(publication: LocalizedPublication, fragments, **extra) -> dict:
    """What every template may use."""
    locale = publication.locale
    cldr = cldr_locale(locale.tag)
    return {
        "lang": locale.tag,
        "dir": locale.direction,
        "source_lang": publication.source_locale,
        "locale": locale,
        "fonts": locale.fonts,
        "typography": layout_of(locale.tag),
        "fragments": fragments,
        "date_text": publication.date_text,
        "coverage": publication.coverage,
        "coverage_text": format_percent(publication.coverage, locale=cldr),
        "has_fallbacks": bool(publication.fallbacks),
        "has_images": bool(publication.images),
        "is_source": locale.is_source,
        "other_locales": publication.other_locales,
        "downloads": downloads(publication),
        **extra,
    }


def downloads(publication: LocalizedPublication) -> list[dict[str, str]]:
    """The locale's downloadable editions (every format but the page itself), as links
    from the HTML edition, which sits in the same folder."""
    from . import FORMATS
    tag = publication.locale.tag
    return [{"name": fmt.upper(), "type": output.media_type,
             "href": output.path_of(tag, publication.slug).removeprefix(f"{tag}/")}
            for fmt, output in FORMATS.items() if fmt != "html"]


def font_stack(families) -> str:
    """A CSS font-family list: named families, quoted, then a generic family."""
    return ", ".join(f'"{f}"' for f in families)


def placeholder_images(publication: LocalizedPublication) -> bool:
    """Whether the publication says its images stand in for unavailable originals."""
    value = publication.meta.get("placeholder-images")
    return bool(value and value.get("t") == "MetaBool" and value["c"])


def css_string(text: str) -> str:
    """A CSS string literal holding ``text`` as text."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;-_()" else f"\\{ord(ch):x} " for ch in str(text))
    return f'"{escaped}"'


def pandoc_escape(text: str) -> str:
    """Text that pandoc's template engine copies literally."""
    return str(text).replace("$", "$$")


COUNTER_STYLES = {"latn": "decimal", "arab": "arabic-indic", "arabext": "persian",
                  "deva": "devanagari", "beng": "bengali", "thai": "thai"}


def counter_style(publication: LocalizedPublication) -> str:
    """The CSS counter style for page numbers in the locale's default digits."""
    system = cldr_locale(publication.locale.tag).default_numbering_system
    return COUNTER_STYLES.get(system, "decimal")
