"""Scaffolding: a new project (``build.py init DIR``) and a new locale
(``locales/TAG/`` with a locale file, an empty memory and a UI catalog), so that
the next build makes their editions. A UI catalog starts from the tool's own
translation of its words when it ships one for that language."""

from __future__ import annotations

import datetime
import json
import re
import uuid
from pathlib import Path

from lxml import etree

from ..errors import EditionsError
from ..memory.tmx import new_tmx
from ..output import write_bytes
from ..source.publication import read_publication, source_language
from .catalogs import update_catalogs
from .fonts import FontChoice, choose_fonts
from .settings import LOCALE_FILE, LOCALES_DIR, cldr_locale


def canonical_tag(tag: str) -> str:
    """A language tag in the letter case BCP 47 recommends (RFC 5646, section 2.1.1): the
    language lower case, a script title case (``Hans``), a region upper case (``CA``),
    every other subtag, and all after a singleton (``-x-``, ``-u-``), lower case; ``_``
    read as ``-``. ``zh-hans`` -> ``zh-Hans``, ``FR-ca`` -> ``fr-CA``."""
    subtags = tag.strip().replace("_", "-").split("-")
    spelled, extension = [subtags[0].lower()], False
    for subtag in subtags[1:]:
        extension = extension or len(subtag) == 1
        if not extension and len(subtag) == 4 and subtag.isalpha():
            spelled.append(subtag.title())
        elif not extension and len(subtag) == 2 and subtag.isalpha():
            spelled.append(subtag.upper())
        else:
            spelled.append(subtag.lower())
    return "-".join(spelled)


def new_locale(root: Path, tag: str) -> str:
    """Scaffold ``locales/TAG/`` for ``tag`` in its canonical case (``canonical_tag``); the
    line to print. Raises ``EditionsError`` for an unknown language, or when the locale,
    or a folder of the same tag in another letter case, is already there."""
    given, tag = tag, canonical_tag(tag)
    cldr = cldr_locale(tag)
    folder = root / LOCALES_DIR / tag
    if (folder / LOCALE_FILE).exists():
        raise EditionsError(f"locale '{tag}' already exists", f"{LOCALES_DIR}/{tag}/{LOCALE_FILE}")
    _no_other_case(root, tag)
    fonts = choose_fonts(tag)
    write_bytes(folder / LOCALE_FILE, _locale_file(tag, cldr, fonts).encode("utf-8"))
    write_bytes(folder / "memory.tmx", empty_tmx(_source_language(root)))
    update_catalogs(root, [tag])
    respelled = f"; '{given}' written as BCP 47 spells it" if given != tag else ""
    created = f"created {LOCALES_DIR}/{tag}/ ({cldr.english_name}, {cldr.text_direction}{respelled})"
    if not fonts.found:
        created += (f"; no installed font covers {cldr.english_name}: install {' '.join(fonts.packages)} "
                    f"and set fonts: in {LOCALES_DIR}/{tag}/{LOCALE_FILE}")
    return created


def _no_other_case(root: Path, tag: str) -> None:
    """Tags are compared without regard to case (RFC 5646, section 2.1.1): a folder ``EN`` or
    ``zh-hans`` beside the new ``en`` or ``zh-Hans`` would be a second locale of one language,
    with its own editions, pages and hreflang."""
    folder = root / LOCALES_DIR
    for other in sorted(folder.iterdir()) if folder.is_dir() else ():
        if other.is_dir() and other.name != tag and canonical_tag(other.name).lower() == tag.lower():
            raise EditionsError(f"locale '{tag}' is already there as '{other.name}' (tags do not differ by "
                                f"letter case): rename that folder to {LOCALES_DIR}/{tag}/", f"{LOCALES_DIR}/{other.name}/")


def _locale_file(tag: str, cldr, fonts: FontChoice) -> str:
    """The locale file's text: the fonts chosen for the script, and the house fields."""
    def names(families: tuple[str, ...]) -> str:
        return ", ".join(f'"{family}"' for family in families)
    lines = [f"# Locale file for {tag} ({cldr.english_name}).",
             "# Direction and the display name come from CLDR unless set here;",
             "# the fonts were chosen for the script from the fonts installed (fontconfig).",
             "fonts:", f"  body: [{names(fonts.body)}]", f"  heading: [{names(fonts.heading)}]"]
    if not fonts.italic:
        lines.append("  italic: false")
    lines += [f"  packages: [{', '.join(fonts.packages)}]", 'translator: ""', "required-coverage: 1.0", ""]
    return "\n".join(lines)


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


PUBLICATION_TEMPLATE = """\
# The publication: its metadata, named as pandoc names it, and its chapters in reading order.
# Every key is described in the README ("A new project").
slug: {slug}                    # the editions' file names: {slug}.TAG.epub, .pdf
title: {title}
# subtitle: ""
author: ""
date: {date}                    # ISO 8601; each edition writes it the way its locale does (CLDR)
lang: {lang}                    # the source language (BCP 47)
publisher: ""
rights: ""
# source: ""                    # where the text first appeared (shown in the colophon)
identifier: urn:uuid:{uuid}
description: ""
# cover-image: images/cover.png  # a file inside the project
# placeholder-images: true      # the colophon says the images stand in for photographs
papersize: a4                   # a4, a5 or letter: the PDF's page size
# base-url: https://example.org/manual/   # links to files that are no chapter point here
chapters:
  - chapter-1.md
"""

CHAPTER_TEMPLATE = """\
# The first chapter

Write the text here, in pandoc Markdown. Every paragraph, heading, list item,
caption and alt text becomes a translation unit.
"""


def new_project(root: Path, language: str = "en", title: str = "A new publication") -> str:
    """Make ``root/content/`` (publication.yaml with every key, one chapter) and the source
    locale ``root/locales/LANGUAGE/``; raises ``EditionsError`` when a project is already there."""
    language = canonical_tag(language)
    cldr_locale(language)                                 # an unknown language: one clear line
    if not title.strip():
        raise EditionsError("--title: a publication needs a title (every edition shows it)")
    for folder in (root, root / "content"):
        if folder.exists() and not folder.is_dir():
            raise EditionsError("is a file, not a folder for a new project", str(folder))
    config = root / "content" / "publication.yaml"
    if config.exists():
        raise EditionsError("a publication is already there", str(config))
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    note = "" if slug else (f" (the title has no letter a-z or digit for the file names: slug 'publication'; "
                            f"change slug: in {config})")
    slug = slug or "publication"
    write_bytes(config, PUBLICATION_TEMPLATE.format(slug=slug, title=json.dumps(title, ensure_ascii=False), lang=language, uuid=uuid.uuid4(),
                                                    date=datetime.date.today().isoformat()).encode("utf-8"))
    write_bytes(root / "content" / "chapter-1.md", CHAPTER_TEMPLATE.encode("utf-8"))
    created = new_locale(root, language)
    return f"created {root}/content/ (publication.yaml, chapter-1.md){note}; {created}"
