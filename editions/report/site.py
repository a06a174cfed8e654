"""The download site of ``dist/``, from ``templates/site/``.

- ``index.html``, the home page: every publication with its cover and its title in
  the source language, the languages it is published in (each named in its own
  language), the catalog feeds, the checksums and ``status.html``;
- ``SLUG.TAG.html``, a page per publication and locale: every edition with its
  language in its own name, format, size, date and SHA-256, in the words of that
  locale's UI catalog (the same gettext catalog as the editions'), the other
  languages' pages as ``hreflang`` alternates;
- ``status.html``, every locale's translation status, for the publisher (in English);
  a periodical's rows name their publication;
- ``sitemap.xml`` when ``content/publication.yaml`` gives ``site-url`` (a sitemap
  needs absolute addresses).
"""

from __future__ import annotations

import functools
import gettext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..errors import EditionsError
from ..identifiers import Series
from ..model import Edition, LocaleStatus
from ..output import write_bytes
from ..render import FORMATS
from .feeds import OPDS1, OPDS1_TYPE, OPDS2, OPDS2_TYPE, Cover, edition_time, entries
from .manifest import CHECKSUMS, LEVELS

SITEMAP = "sitemap.xml"


@dataclass(frozen=True)
class SiteFacts:
    """What the site says of the publication besides its editions."""

    root: Path
    source_language: str
    slug: str
    cover: Cover | None       # the home page's: the source language's cover
    site_url: str = ""        # the address dist/ is published at, for the sitemap
    covers: dict[str, Cover] = field(default_factory=dict)     # locale tag -> its page's cover
    series: Series | None = None
    title: str = ""           # as publication.yaml gives it, for a publication not yet built in its language
    identifier: str = ""      # publication.yaml's identifier (else its slug), the feeds' id is made from


@dataclass(frozen=True)
class Shelf:
    """One publication of the release, as the site and the feeds show it."""

    facts: SiteFacts
    editions: tuple[Edition, ...]
    statuses: tuple[LocaleStatus, ...] = ()
    prefix: str = ""          # its folder in dist/ (a periodical's SLUG/), "" for a single publication


def page_name(slug: str, tag: str) -> str:
    """The publication's page in locale ``tag``, relative to ``dist/``."""
    return f"{slug}.{tag}.html"


def write_site(dist: Path, templates: Path, shelves: list[Shelf]) -> None:
    """Write the home page (every publication of ``shelves``), a publication page per locale,
    ``status.html`` and ``sitemap.xml``."""
    import jinja2  # here: a build with nothing to do writes no page and need not load it
    listed = [_publication_pages(jinja2, dist, templates, shelf) for shelf in shelves]
    if listed:
        home_tag, common = listed[0]
        values = {**common, "publications": [values for _tag, values in listed], "lang": home_tag,
                  "dir": _direction(shelves[0].facts, home_tag)}
        env = _environment(jinja2, templates, shelves[0].facts, home_tag)
        write_bytes(dist / "index.html", env.get_template("site/index.html").render(values).encode("utf-8"))
    _status_and_sitemap(jinja2, dist, templates, shelves)


def _publication_pages(jinja2, dist: Path, templates: Path, shelf: Shelf) -> tuple[str, dict]:
    """Write the publication's page in each of its locales; its home page's locale (the source
    language) and what the home page says of it."""
    from ..locale.settings import display_name
    facts = shelf.facts
    items = entries(list(shelf.editions))
    tags = [item.tag for item in items]
    languages = [{"tag": tag, "name": display_name(tag), "page": page_name(facts.slug, tag)} for tag in tags]
    home_tag = facts.source_language if facts.source_language in tags else (tags[0] if tags else "en")
    title_of = {item.tag: item.main.title for item in items}
    described = {item.tag: item.main.description for item in items}   # untranslated: the source's words
    common = {"languages": languages, "cover": facts.cover, "slug": facts.slug, "checksums": CHECKSUMS,
              "feeds": [(OPDS1, OPDS1_TYPE, "OPDS 1.2"), (OPDS2, OPDS2_TYPE, "OPDS 2.0")],
              "source_title": title_of.get(facts.source_language) or title_of.get(home_tag, facts.slug),
              "page": page_name(facts.slug, home_tag)}
    for tag in tags:
        env = _environment(jinja2, templates, facts, tag)
        values = {**common, "lang": tag, "dir": _direction(facts, tag), "cover": facts.covers.get(tag, facts.cover),
                  "title": title_of.get(tag, common["source_title"]),
                  "description": described.get(tag, ""),
                  "description_lang": facts.source_language if tag != facts.source_language and described.get(
                      tag) == described.get(facts.source_language) else "",
                  "rows": _rows(dist, items, tag)}
        page = env.get_template("site/publication.html").render(values)
        write_bytes(dist / page_name(facts.slug, tag), page.encode("utf-8"))
    return home_tag, common


def _status_and_sitemap(jinja2, dist: Path, templates: Path, shelves: list[Shelf]) -> None:
    """``status.html``, ``sitemap.xml`` (with a site URL), and no page of a locale no longer published."""
    periodical = len(shelves) > 1
    published = {shelf.facts.slug: [item.tag for item in entries(list(shelf.editions))] for shelf in shelves}
    for shelf in shelves:
        for page in dist.glob(page_name(shelf.facts.slug, "*")):
            if page.name not in {page_name(shelf.facts.slug, tag) for tag in published[shelf.facts.slug]}:
                page.unlink()
    status_values = {"editions": {}, "levels": LEVELS, "output_formats": tuple(FORMATS),
                     "statuses": [{**asdict(status), "publication": shelf.facts.slug if periodical else ""}
                                  for shelf in shelves for status in shelf.statuses]}
    status_env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
                                    undefined=jinja2.StrictUndefined)
    write_bytes(dist / "status.html", status_env.get_template("site/status.html").render(status_values).encode())
    site_url = next((shelf.facts.site_url for shelf in shelves if shelf.facts.site_url), "")
    if site_url:
        write_bytes(dist / SITEMAP, sitemap(site_url, [(shelf.facts.slug, published[shelf.facts.slug], {
            item.tag: item.editions.get("html") for item in entries(list(shelf.editions))}) for shelf in shelves]))
    else:
        (dist / SITEMAP).unlink(missing_ok=True)


def _environment(jinja2, templates: Path, facts: SiteFacts, tag: str):
    """The site's Jinja environment for the pages of locale ``tag``: one per locale, since a
    template a page imports keeps the globals (the words) it was first imported with; the
    compiled templates are shared (``_compiled_site_templates``), so each is compiled once."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
                             extensions=["jinja2.ext.i18n"], undefined=jinja2.StrictUndefined,
                             bytecode_cache=_compiled_site_templates())
    env.install_gettext_translations(_translations(facts, tag), newstyle=True)
    return env


@functools.cache
def _compiled_site_templates():
    """The site's compiled templates, kept for this process (environments configured as
    ``_environment``'s only); made on first use, so a build with nothing to do loads no Jinja."""
    from ..render.templating import CompiledTemplates
    return CompiledTemplates()


def _translations(facts: SiteFacts, tag: str):
    """The locale's UI catalog, as its editions use it; no translation when it cannot be read."""
    import io

    from ..locale.catalogs import compile_catalog
    from ..locale.settings import read_locale
    from ..render.templating import TypesetTranslations
    try:
        locale = read_locale(facts.root, tag, facts.source_language)
        catalog = gettext.GNUTranslations(io.BytesIO(compile_catalog(facts.root, locale)))
    except (EditionsError, OSError):
        return gettext.NullTranslations()
    return TypesetTranslations(catalog, tag)


def _direction(facts: SiteFacts, tag: str) -> str:
    from ..locale.settings import read_locale
    try:
        return read_locale(facts.root, tag, facts.source_language).direction
    except EditionsError:
        return "ltr"


def _rows(dist: Path, items, page_tag: str) -> list[dict]:
    """Every edition, for the page in locale ``page_tag``: sizes and dates as that locale writes them."""
    from babel.dates import format_date
    from babel.units import format_unit

    from ..locale.settings import cldr_locale, display_name
    from ..locale.typography import typeset_text
    cldr = cldr_locale(page_tag)
    rows = []
    for item in items:
        for fmt in FORMATS:
            edition = item.editions.get(fmt)
            if edition is None:
                continue
            kilobytes = edition.bytes / 1000
            size = format_unit(kilobytes / 1000, "digital-megabyte", length="short", locale=cldr, format="#,##0.0") \
                if kilobytes >= 1000 else format_unit(kilobytes, "digital-kilobyte", length="short", locale=cldr,
                                                      format="#,##0")
            moment = edition_time(dist, edition)
            rows.append({"tag": item.tag, "name": display_name(item.tag), "format": fmt.upper(),
                         "href": edition.path, "type": FORMATS[fmt].media_type, "bytes": edition.bytes,
                         "size": typeset_text(size, page_tag),
                         "date": typeset_text(format_date(moment.date(), "medium", locale=cldr), page_tag),
                         "iso_date": moment.date().isoformat(), "sha256": edition.sha256,
                         "identifier": edition.identifier})
    return rows


def sitemap(site_url: str, publications: list[tuple[str, list[str], dict[str, Edition | None]]]) -> bytes:
    """The sitemap: the home page, then per publication (slug, locale tags, HTML edition per
    tag) its pages and its HTML editions, each page with its other languages as
    ``xhtml:link`` alternates."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    urls = [(base + "index.html", [])]
    for slug, tags, html in publications:
        pages = {tag: base + page_name(slug, tag) for tag in tags}
        urls += [(pages[tag], list(pages.items())) for tag in tags]
        editions = {tag: base + edition.path for tag, edition in html.items() if edition is not None}
        urls += [(editions[tag], list(editions.items())) for tag in editions]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for url, alternates in urls:
        lines.append(f"<url><loc>{escape(url)}</loc>")
        lines += [f'<xhtml:link rel="alternate" hreflang={quoteattr(tag)} href={quoteattr(href)}/>'
                  for tag, href in alternates]
        lines.append("</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")
