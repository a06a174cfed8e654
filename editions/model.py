"""The values that flow between stages. Plain, frozen, and picklable.

Pandoc AST pieces are kept as the JSON structures pandoc reads and writes;
a stage that changes a document works on its own deep copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import Issue

# The paper sizes a print edition may have (``papersize:`` in publication.yaml), by the names
# CSS Paged Media gives them (css-page-3, "page-size").
PAPER_SIZES = {"a4": "A4", "letter": "letter", "a5": "A5"}


@dataclass(frozen=True)
class Chapter:
    """One Markdown file of the publication, parsed."""

    path: str                 # relative to the project, e.g. "content/article.md"
    anchor: str               # id a link to the chapter file resolves to ("" if none)
    meta: dict                # the chapter's own front matter, as pandoc metadata
    blocks: list              # pandoc AST blocks
    text: str = ""            # the Markdown as written, to find a unit's line


@dataclass(frozen=True)
class Publication:
    """The source publication: metadata, chapters in reading order, images."""

    root: Path
    slug: str
    meta: dict                # pandoc metadata of content/publication.yaml
    chapters: tuple[Chapter, ...]
    images: tuple[str, ...]   # project-relative paths of every image used
    cover: str | None         # project-relative path of the cover image
    issues: tuple[Issue, ...] = ()


@dataclass(frozen=True)
class Unit:
    """A translation unit: one block's text (inline markup as Markdown)."""

    id: str
    kind: str                 # heading, paragraph, list-item, caption, credit, alt, ...
    source: str
    location: str             # "content/article.md:14" or "content/publication.yaml"


@dataclass(frozen=True)
class Source:
    """The source stage's result: the publication, its units in reading order, its language."""

    publication: Publication
    units: tuple[Unit, ...]
    language: str             # BCP 47 tag of the source language


@dataclass(frozen=True)
class Match:
    """What the memory offers for one unit, and whether it is published.

    Levels, best first: ``context`` (same text in the same place: 101),
    ``exact`` (100), ``sentences`` (every sentence matched exactly),
    ``fuzzy`` (similar text, score 0-99), ``stale`` (a fuzzy match with the
    translation of this unit's previous source), ``none``.
    """

    unit_id: str
    level: str
    score: int = 0
    target: str | None = None      # what would be published (numbers patched)
    origin: str = ""               # memory file and line of the entry used
    published: bool = False
    suggestion: str = ""           # the best candidate's translation, when not published
    matched_share: float = 0.0     # share of sentences matched, for a partial paragraph
    words: int = 0
    candidates: tuple[tuple[int, str], ...] = ()   # (score, origin) of the top few


@dataclass(frozen=True)
class Font:
    """The font families a locale sets text in, per role."""

    body: tuple[str, ...]
    heading: tuple[str, ...]
    italic: bool = True       # False for scripts whose fonts have no italic face
    packages: tuple[str, ...] = ()   # system packages that provide the families


@dataclass(frozen=True)
class Locale:
    """A target locale: its files, CLDR facts and house choices."""

    tag: str
    name: str                 # display name in the locale's own language
    direction: str            # "ltr" or "rtl", from CLDR unless the locale file says
    fonts: Font
    translator: str
    required_coverage: float
    folder: Path
    is_source: bool = False


@dataclass(frozen=True)
class LocalizedPublication:
    """A publication with one locale's translations applied: what renderers read."""

    locale: Locale
    source_locale: str
    slug: str
    meta: dict                # localized pandoc metadata
    blocks: list              # every chapter's localized blocks, in order
    date_text: str            # the publication date formatted by CLDR
    catalog: bytes            # compiled gettext catalog (MO) of the UI strings
    images: tuple[str, ...]
    cover: str | None
    root: Path
    coverage: float
    units: int
    fallbacks: tuple[str, ...]       # ids of units shown in the source language
    issues: tuple[Issue, ...] = ()
    other_locales: tuple[tuple[str, str], ...] = ()   # (tag, display name) for the switcher
    unit_texts: tuple[tuple[str, str], ...] = ()      # (unit id, its text as published, plain), in
    #                                                   reading order: how a finding in an edition names its unit


@dataclass(frozen=True)
class LocaleStatus:
    """A locale's translation state: units and words per match level, coverage, findings."""

    tag: str
    name: str
    units: int
    published: int
    coverage: float
    required_coverage: float
    levels: dict[str, list[int]] = field(default_factory=dict)   # level -> [units, words]
    errors: int = 0
    warnings: int = 0
    strict: str = "pass"        # what a strict build would say


@dataclass(frozen=True)
class Edition:
    """One rendered output file, as the manifest lists it."""

    locale: str
    format: str
    path: str                 # relative to dist/
    bytes: int
    sha256: str               # hex digest of the file
    coverage: float           # share of units published translated, 0-1
    fuzzy: int = 0            # fuzzy matches published in it (--accept-fuzzy)
    identifier: str = ""      # its own: an ISBN or a UUID URN (``identifiers``)
    title: str = ""           # the edition's metadata, as plain text in its language
    author: str = ""
    description: str = ""
    date: str = ""            # the publication date as the metadata gives it (ISO 8601)
    publication: str = ""     # in a periodical, the slug of the publication it is an edition of
