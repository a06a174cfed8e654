"""The download site of ``dist/``, from ``templates/site/``.

- ``index.html``, the home page: every publication with its cover and its title in
  the source language, the languages it is published in (each named in its own
  language), the catalog feeds, the checksums and ``status.html``;
- ``SLUG.TAG.html``, a page per publication and locale: every edition with its
  language in its own name, format, size, date and SHA-256, in the words of that
  locale's UI catalog (the same gettext catalog as the editions'), the other
  languages' pages as ``hreflang`` alternates;
- ``status.html``, every locale's translation status, for the publisher (in English);
- ``sitemap.xml`` when ``content/publication.yaml`` gives ``site-url`` (a sitemap
  needs absolute addresses).
"""

from __future__ import annotations

import gettext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..errors import EditionsError
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


def page_name(slug: str, tag: str) -> str:
    """The publication's page in locale ``tag``, relative to ``dist/``."""
    return f"{slug}.{tag}.html"


def write_site(dist: Path, templates: Path, editions: list[Edition], statuses: list[LocaleStatus],
               facts: SiteFacts) -> None:
    """Write the home page, a publication page per locale, ``status.html`` and ``sitemap.xml``."""
    import jinja2  # here: a build with nothing to do writes no page and need not load it
    from ..locale.settings import display_name
    items = entries(editions)
    tags = [item.tag for item in items]
    languages = [{"tag": tag, "name": display_name(tag), "page": page_name(facts.slug, tag)} for tag in tags]
    home_tag = facts.source_language if facts.source_language in tags else (tags[0] if tags else "en")
    title_of = {item.tag: item.main.title for item in items}
    described = {item.tag: item.main.description for item in items}   # untranslated: the source's words
    common = {"languages": languages, "cover": facts.cover, "slug": facts.slug, "checksums": CHECKSUMS,
              "feeds": [(OPDS1, OPDS1_TYPE, "OPDS 1.2"), (OPDS2, OPDS2_TYPE, "OPDS 2.0")],
              "source_title": title_of.get(facts.source_language) or title_of.get(home_tag, facts.slug)}
    for tag in [home_tag, *[t for t in tags if t != home_tag]]:
        env = _environment(jinja2, templates, facts, tag)
        values = {**common, "lang": tag, "dir": _direction(facts, tag), "cover": facts.covers.get(tag, facts.cover),
                  "title": title_of.get(tag, common["source_title"]),
                  "description": described.get(tag, ""),
                  "description_lang": facts.source_language if tag != facts.source_language and described.get(
                      tag) == described.get(facts.source_language) else "",
                  "rows": _rows(dist, items, tag)}
        if tag == home_tag:
            write_bytes(dist / "index.html", env.get_template("site/index.html").render(values).encode("utf-8"))
        if tag in tags:
            page = env.get_template("site/publication.html").render(values)
            write_bytes(dist / page_name(facts.slug, tag), page.encode("utf-8"))
    _status_and_sitemap(jinja2, dist, templates, facts, items, statuses)


def _status_and_sitemap(jinja2, dist: Path, templates: Path, facts: SiteFacts, items, statuses) -> None:
    """``status.html``, ``sitemap.xml`` (with a site URL), and no page of a locale no longer published."""
    tags = [item.tag for item in items]
    for page in dist.glob(page_name(facts.slug, "*")):
        if page.name not in {page_name(facts.slug, tag) for tag in tags}:
            page.unlink()
    status_values = {"editions": {item.tag: item.editions for item in items},
                     "statuses": [asdict(status) for status in statuses], "levels": LEVELS,
                     "output_formats": tuple(FORMATS)}
    status_env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
                                    undefined=jinja2.StrictUndefined)
    write_bytes(dist / "status.html", status_env.get_template("site/status.html").render(status_values).encode())
    if facts.site_url:
        write_bytes(dist / SITEMAP, sitemap(facts.site_url, facts.slug, tags,
                                            {item.tag: item.editions.get("html") for item in items}))
    else:
        (dist / SITEMAP).unlink(missing_ok=True)


def _environment(jinja2, templates: Path, facts: SiteFacts, tag: str):
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
                             extensions=["jinja2.ext.i18n"], undefined=jinja2.StrictUndefined)
    env.install_gettext_translations(_translations(facts, tag), newstyle=True)
    return env


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


def sitemap(site_url: str, slug: str, tags: list[str], html: dict[str, Edition | None]) -> bytes:
    """The sitemap: the home page, the publication pages and the HTML editions, each
    page with its other languages as ``xhtml:link`` alternates."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    urls = [(base + "index.html", [])]
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
