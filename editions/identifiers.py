"""Every edition's own identifier, and the publication's series.

An edition (one locale, one format) is identified by an ISBN when one is
assigned, otherwise by a UUID derived from the publication, the locale and the
format, the same in every build:

- ``locales/TAG/locale.yaml``: ``isbn: {epub: ..., pdf: ...}``, that locale's ISBNs;
- ``content/publication.yaml``: ``isbn: {TAG: {epub: ..., pdf: ...}}``, the same
  kept with the publication (the locale file wins);
- otherwise ``urn:uuid:`` + UUID v5 of ``PUBLICATION/TAG/FORMAT`` in this project's
  namespace, PUBLICATION being the publication's ``identifier`` (else its slug).

An ISBN is written ``urn:isbn:`` + its digits (RFC 8254); its check digit is verified.
The series is ``series: {title: ..., number: ...}`` in ``content/publication.yaml``.
A periodical's publications each have their own file, ``content/SLUG/publication.yaml``
(``publication_places``), which holds the same keys for that publication.
The values are read from the YAML files themselves, so the reports, which run without
the source stage, give the same identifiers as the renderers.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from .errors import EditionsError

NAMESPACE = uuid.UUID("5b0e6f8c-3d1a-5c2e-9f47-1e2d3c4b5a69")   # Editions' edition identifiers
PUBLICATION_FILE = "content/publication.yaml"
ISBN_FORMATS = ("epub", "pdf")


@dataclass(frozen=True)
class Series:
    title: str
    number: str = ""      # the publication's position in the series ("" when not given)


def _yaml(path: Path, where: str) -> dict:
    # here: a build with nothing to do need not load YAML
    from .yamlfile import load_yaml
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    data = load_yaml(text, where) or {}
    return data if isinstance(data, dict) else {}


@dataclass(frozen=True)
class PublicationPlace:
    """Where one publication of a project lives: its folder and its part of ``dist/``.

    A project holds either one publication, ``content/publication.yaml`` (slug ""), or
    several, ``content/SLUG/publication.yaml`` each (a periodical's issues), published
    under ``dist/SLUG/``."""

    slug: str = ""            # the folder's name; "" for the single layout

    @property
    def folder(self) -> str:
        """Project-relative folder holding ``publication.yaml``."""
        return f"content/{self.slug}" if self.slug else "content"

    @property
    def file(self) -> str:
        return f"{self.folder}/publication.yaml"

    @property
    def prefix(self) -> str:
        """Its editions' folder under ``dist/`` (and its state's under ``build/``), with a slash."""
        return f"{self.slug}/" if self.slug else ""


SINGLE = PublicationPlace()      # the single layout's publication, content/publication.yaml
SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")   # one segment of a file name and of a URL path, as written
SLUG_RULE = "letters, digits, '.', '_' or '-', starting with a letter or digit"


def checked_slug(value: object, where: str, line: int | None = None) -> str:
    """``value`` as a publication's slug: it names the editions' files and folders in ``dist/``
    (``SLUG.TAG.epub``, ``dist/SLUG/``) and their URLs, so it must match ``SLUG``; a slash, a
    ``..``, a space or markup would put files outside ``dist/`` or break their links. Raises
    ``EditionsError`` naming ``where`` (and ``line``) otherwise."""
    slug = str(value)
    if not SLUG.fullmatch(slug):
        raise EditionsError(f"slug {slug!r} is not a file name an edition can have: it must be {SLUG_RULE}",
                            where, line)
    return slug


WEB_ADDRESS_KEYS = ("base-url", "site-url")    # publication.yaml's addresses, written into the editions and site
WEB_ADDRESS = re.compile(r"https?://[^\s\"'<>\\^`{|}]+", re.IGNORECASE)


def web_address(value: object, key: str, where: str, line: int | None = None) -> str:
    """``value`` of ``key`` (``base-url``, ``site-url``) as an address the editions may link to
    and the sitemap list: an absolute ``http``/``https`` URL with a host (RFC 3986), nothing
    else. Any other scheme (``javascript:``, ``data:``, ``file:``) would run or open what
    the reader never chose; raises ``EditionsError`` naming ``where`` and ``line``."""
    from urllib.parse import urlsplit
    address = str(value).strip()
    if not WEB_ADDRESS.fullmatch(address) or not urlsplit(address).hostname:
        raise EditionsError(f"{key}: {address!r} is not a web address: write an http:// or https:// URL "
                            "(https://example.org/manual/)", where, line)
    return address


def publication_places(root: Path) -> tuple[PublicationPlace, ...]:
    """The project's publications, by slug: ``content/publication.yaml`` alone when it exists,
    else every ``content/SLUG/publication.yaml``. A folder name that cannot be a URL path
    segment as written is an error, since the slug names the publication's folder in ``dist/``."""
    if (root / PUBLICATION_FILE).is_file():
        return (SINGLE,)
    found = sorted(path.parent.name for path in (root / "content").glob("*/publication.yaml"))
    for name in found:
        if not SLUG.fullmatch(name):
            raise EditionsError(f"a publication's folder name must be {SLUG_RULE} (it is the publication's "
                                "slug, which names its folder in dist/)", f"content/{name}/publication.yaml")
    return tuple(PublicationPlace(name) for name in found) or (SINGLE,)


def chosen_places(places: tuple[PublicationPlace, ...], slugs: tuple[str, ...]) -> list[PublicationPlace]:
    """The publications named by ``slugs`` (every one when none is named); an unknown name is an error."""
    if not slugs:
        return list(places)
    known = {place.slug: place for place in places}
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        names = ", ".join(slug for slug in known if slug) or "none: content/publication.yaml is the only one"
        raise EditionsError(f"no publication named {', '.join(unknown)}: the project's publications are {names}",
                            "content/")
    return [known[slug] for slug in dict.fromkeys(slugs)]


def place_of(root: Path, slug: str) -> PublicationPlace:
    """The place of the publication ``slug``: its own folder in a periodical, else the single layout."""
    if slug and not (root / PUBLICATION_FILE).is_file() and (root / "content" / slug / "publication.yaml").is_file():
        return PublicationPlace(slug)
    return SINGLE


def publication_config(root: Path, slug: str = "") -> dict:
    """The publication's ``publication.yaml`` as YAML gives it: ``content/publication.yaml``,
    or in a periodical that of publication ``slug``."""
    place = place_of(root, slug)
    return _yaml(root / place.file, place.file)


def isbn_urn(value: object, where: str) -> str:
    """``urn:isbn:`` and the ISBN's digits; an error when it is no ISBN-10 or ISBN-13."""
    digits = re.sub(r"[\s-]", "", str(value)).upper()
    if re.fullmatch(r"97[89]\d{10}", digits):
        valid = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10 == 0
    elif re.fullmatch(r"\d{9}[\dX]", digits):
        valid = sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits)) % 11 == 0
    else:
        valid = False
    if not valid:
        raise EditionsError(f"'{value}' is not a valid ISBN (check digit or length)", where)
    return f"urn:isbn:{digits}"


def locale_isbns(root: Path, tag: str) -> str:
    """The ``isbn:`` of ``locales/TAG/locale.yaml`` as written (unchecked), for the build keys of
    the editions that name it as their source; "" when there is none."""
    path = root / "locales" / tag / "locale.yaml"
    try:
        text = path.read_bytes()
    except OSError:
        return ""
    if b"isbn" not in text:
        return ""     # most locale files: no YAML to parse
    try:
        return repr(_yaml(path, str(path)).get("isbn"))
    except EditionsError:
        return "invalid"


def _isbn(root: Path, tag: str, fmt: str, config: dict) -> str:
    where = f"locales/{tag}/locale.yaml"
    if config.get("isbn") is not None and not isinstance(config.get("isbn"), dict):
        raise EditionsError("isbn: must map locale tags to their ISBNs per format "
                            f"(isbn: {{fr: {{{', '.join(f'{f}: ...' for f in ISBN_FORMATS)}}}}})", PUBLICATION_FILE)
    for given, place in ((_yaml(root / "locales" / tag / "locale.yaml", where).get("isbn"), where),
                         ((config.get("isbn") or {}).get(tag) if isinstance(config.get("isbn"), dict) else None,
                          PUBLICATION_FILE)):
        if given is None:
            continue
        if not isinstance(given, dict) or not set(map(str, given)) <= set(ISBN_FORMATS):
            raise EditionsError(f"isbn: must map formats ({', '.join(ISBN_FORMATS)}) to ISBNs", place)
        if given.get(fmt):
            return isbn_urn(given[fmt], place)
    return ""


def edition_identifier(root: Path, slug: str, tag: str, fmt: str, config: dict | None = None) -> str:
    """The identifier of the edition of locale ``tag`` in format ``fmt``."""
    config = publication_config(root, slug) if config is None else config
    isbn = _isbn(root, tag, fmt, config) if fmt in ISBN_FORMATS else ""
    if isbn:
        return isbn
    base = str(config.get("identifier") or slug)
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{base}/{tag}/{fmt}')}"


def series_of(config: dict) -> Series | None:
    """The series the publication belongs to, when its metadata names one."""
    series = config.get("series")
    if not series:
        return None
    if isinstance(series, str):
        return Series(title=series)
    if not isinstance(series, dict) or not series.get("title"):
        raise EditionsError("series: must be a title or {title: ..., number: ...}", PUBLICATION_FILE)
    number = series.get("number")
    if number is not None and not re.fullmatch(r"\d+(\.\d+)?", str(number).strip()):
        raise EditionsError(f"series: number must be the issue's position as a number (3, 2.5), not {number!r}",
                            PUBLICATION_FILE)
    return Series(title=str(series["title"]), number="" if number is None else str(number))
