"""The catalog feeds of ``dist/``, what reading apps subscribe to, and the cover they show.

``opds.xml`` is an OPDS 1.2 acquisition feed (Atom: KOReader, Calibre, Thorium) and
``opds.json`` the same as OPDS 2.0. Each has one entry per publication and locale (a
periodical's publications in the order of their slugs): the publication in
that language, with its title, author, language, identifiers (the EPUB's is the entry's,
every format's is listed), date, summary, cover and thumbnail, an acquisition link per
downloadable format with its media type from ``render.FORMATS``, and its HTML edition
as the alternate. Links are relative to ``dist/``, so the folder can be served anywhere.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from lxml import etree

from ..identifiers import NAMESPACE, SINGLE, PublicationPlace, Series
from ..model import Edition
from ..output import write_bytes
from ..render import FORMATS

OPDS1 = "opds.xml"
OPDS2 = "opds.json"
OPDS1_TYPE = "application/atom+xml;profile=opds-catalog;kind=acquisition"
OPDS2_TYPE = "application/opds+json"
ACQUISITION = "http://opds-spec.org/acquisition/open-access"
ATOM, DC, OPDS = "http://www.w3.org/2005/Atom", "http://purl.org/dc/terms/", "http://opds-spec.org/2010/catalog"
THUMBNAIL_WIDTH = 400         # px: every cover's thumbnail, the publication's and each locale's


@dataclass(frozen=True)
class Cover:
    path: str                 # relative to dist/
    thumbnail: str
    media_type: str
    size: tuple[int, int]
    thumbnail_size: tuple[int, int]


@dataclass(frozen=True)
class LocaleEntry:
    """A locale's editions as one catalog entry: the publication in that language."""

    tag: str
    editions: dict[str, Edition]      # format -> edition
    cover: Cover | None = None        # its publication's, in the feeds
    series: Series | None = None

    @property
    def main(self) -> Edition:
        """The edition whose metadata and identifier speak for the entry: the EPUB when there is one."""
        return next((self.editions[fmt] for fmt in ("epub", "pdf", "html") if fmt in self.editions),
                    next(iter(self.editions.values())))

    @property
    def acquisitions(self) -> list[Edition]:
        return [self.editions[fmt] for fmt in FORMATS if fmt in self.editions and fmt != "html"]


def entries(editions: list[Edition]) -> list[LocaleEntry]:
    by_locale: dict[str, dict[str, Edition]] = {}
    for edition in editions:
        by_locale.setdefault(edition.locale, {})[edition.format] = edition
    return [LocaleEntry(tag, formats) for tag, formats in sorted(by_locale.items())]


def edition_time(dist: Path, edition: Edition) -> datetime:
    """When the edition was made: SOURCE_DATE_EPOCH when set (reproducible builds), else its file's time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    seconds = int(epoch) if epoch and epoch.isdigit() else int((dist / edition.path).stat().st_mtime)
    return datetime.fromtimestamp(seconds, timezone.utc)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_cover(root: Path, dist: Path, slug: str, config: dict,
                place: PublicationPlace = SINGLE) -> Cover | None:
    """Copy the publication's cover (``cover-image``, relative to its ``publication.yaml``)
    into ``dist/covers/`` with a thumbnail beside it."""
    given = config.get("cover-image")
    if not given:
        return None
    source = next((p for p in (root / place.folder / str(given), root / str(given)) if p.is_file()), None)
    if source is None:
        return None
    from io import BytesIO

    from PIL import Image
    with Image.open(source) as image:
        size, kind = image.size, (image.format or "PNG").upper()
        height = max(1, round(size[1] * THUMBNAIL_WIDTH / size[0]))
        small = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB").resize(
            (THUMBNAIL_WIDTH, height), Image.LANCZOS) if size[0] > THUMBNAIL_WIDTH else image.copy()
    extension = {"JPEG": "jpg"}.get(kind, kind.lower())
    media_type = Image.MIME.get(kind, "image/png")
    path, thumbnail = f"covers/{slug}.{extension}", f"covers/{slug}.thumbnail.png"
    write_bytes(dist / path, source.read_bytes())
    buffer = BytesIO()
    small.save(buffer, "PNG", optimize=True)
    write_bytes(dist / thumbnail, buffer.getvalue())
    return Cover(path=path, thumbnail=thumbnail, media_type=media_type, size=size, thumbnail_size=small.size)


def write_feeds(dist: Path, source_language: str, shelves) -> None:
    """Write ``dist/opds.xml`` and ``dist/opds.json`` for the editions on disk of every
    publication (``site.Shelf``: its editions, covers per locale, series and identifier)."""
    items = [replace(item, cover=shelf.facts.covers.get(item.tag, shelf.facts.cover), series=shelf.facts.series)
             for shelf in shelves for item in entries(list(shelf.editions))]
    title, base = _catalog_name(shelves, source_language)
    feed_id = f"urn:uuid:{uuid.uuid5(NAMESPACE, base + '/catalog')}"
    times = [max(edition_time(dist, e) for e in item.editions.values()) for item in items]
    updated = max(times, default=datetime.fromtimestamp(0, timezone.utc))
    write_bytes(dist / OPDS1, _opds1(feed_id, title, source_language, items, times, updated))
    write_bytes(dist / OPDS2, _opds2(feed_id, title, items, times, updated))


def _catalog_name(shelves, source_language: str) -> tuple[str, str]:
    """The catalog's title and the name its id is made from: a single publication's title and
    identifier; a periodical's series title (its first publication's title when it has none)."""
    if not shelves:
        return "", ""
    first = shelves[0].facts
    main = next((item.main for item in entries(list(shelves[0].editions)) if item.tag == source_language), None)
    title = main.title if main else first.title
    if len(shelves) > 1 and first.series:
        title = first.series.title
    return title, (first.identifier or title) if len(shelves) == 1 else f"periodical/{title}"


def _opds1(feed_id, title, language, items, times, updated) -> bytes:
    E = lambda name, text=None, **attrs: _element(ATOM, name, text, attrs)  # noqa: E731
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM, "dc": DC, "opds": OPDS})
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", language)
    feed.extend([E("id", feed_id), E("title", title), E("updated", _stamp(updated)),
                 E("link", rel="self", href=OPDS1, type=OPDS1_TYPE),
                 E("link", rel="start", href=OPDS1, type=OPDS1_TYPE),
                 E("link", rel="alternate", href=OPDS2, type=OPDS2_TYPE),
                 E("link", rel="alternate", href="index.html", type="text/html")])
    feed.extend(_opds1_entry(item, title, time) for item, time in zip(items, times) if item.acquisitions)
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _opds1_entry(item: LocaleEntry, title: str, updated: datetime) -> etree._Element:
    """One locale's Atom entry: its metadata, cover and acquisition links."""
    E = lambda name, text=None, **attrs: _element(ATOM, name, text, attrs)  # noqa: E731
    main, cover, series = item.main, item.cover, item.series
    entry = etree.Element(f"{{{ATOM}}}entry")
    entry.set("{http://www.w3.org/XML/1998/namespace}lang", item.tag)
    entry.extend([E("title", main.title or title), E("id", main.identifier), E("updated", _stamp(updated))])
    if main.author:
        author = E("author")
        author.append(E("name", main.author))
        entry.append(author)
    entry.append(_element(DC, "language", item.tag, {}))
    for edition in item.editions.values():
        if edition.identifier and edition.identifier != main.identifier:
            entry.append(_element(DC, "identifier", edition.identifier, {}))
    if main.date:
        entry.append(_element(DC, "issued", main.date, {}))
    if series:
        entry.append(_element(DC, "isPartOf", f"{series.title} {series.number}".strip(), {}))
    if main.description:
        entry.append(E("summary", main.description, type="text"))
    if cover:
        entry.append(E("link", rel="http://opds-spec.org/image", href=cover.path, type=cover.media_type))
        entry.append(E("link", rel="http://opds-spec.org/image/thumbnail", href=cover.thumbnail, type="image/png"))
    for edition in item.acquisitions:
        entry.append(E("link", rel=ACQUISITION, href=edition.path, type=FORMATS[edition.format].media_type,
                       length=str(edition.bytes), title=edition.format.upper()))
    if "html" in item.editions:
        entry.append(E("link", rel="alternate", href=item.editions["html"].path, type="text/html",
                       hreflang=item.tag))
    return entry


def _element(namespace: str, name: str, text: str | None, attrs: dict) -> etree._Element:
    element = etree.Element(f"{{{namespace}}}{name}", {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        element.text = text
    return element


def _opds2(feed_id, title, items, times, updated) -> bytes:
    publications = [publication for publication in (_opds2_publication(item, title, time)
                                                    for item, time in zip(items, times)) if publication["links"]]
    feed = {"metadata": {"identifier": feed_id, "title": title, "modified": _stamp(updated),
                         "numberOfItems": len(publications)},
            "links": [{"rel": "self", "href": OPDS2, "type": OPDS2_TYPE},
                      {"rel": "alternate", "href": OPDS1, "type": OPDS1_TYPE},
                      {"rel": "alternate", "href": "index.html", "type": "text/html"}],
            "publications": publications}
    if not publications:      # a feed lists publications or navigation: then only the site
        feed["navigation"] = [{"href": "index.html", "type": "text/html", "title": title or "index"}]
        del feed["publications"]
    return (json.dumps(feed, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _opds2_publication(item: LocaleEntry, title: str, updated: datetime) -> dict:
    """One locale's OPDS 2.0 publication: its metadata, links and images."""
    main, cover, series = item.main, item.cover, item.series
    metadata: dict = {"@type": "http://schema.org/Book", "title": main.title or title,
                      "identifier": main.identifier, "language": item.tag, "modified": _stamp(updated)}
    others = [e.identifier for e in item.editions.values() if e.identifier and e.identifier != main.identifier]
    if others:
        metadata["altIdentifier"] = others
    if main.author:
        metadata["author"] = main.author
    if main.date:
        metadata["published"] = main.date
    if main.description:
        metadata["description"] = main.description
    if series:
        metadata["belongsTo"] = {"series": {"name": series.title, **(
            {"position": _number(series.number)} if series.number else {})}}
    links = [{"rel": ACQUISITION, "href": e.path, "type": FORMATS[e.format].media_type, "size": e.bytes}
             for e in item.acquisitions]
    if "html" in item.editions:
        links.append({"rel": "alternate", "href": item.editions["html"].path, "type": "text/html",
                      "language": item.tag})
    publication: dict = {"metadata": metadata, "links": links}
    if cover:
        publication["images"] = [
            {"href": cover.path, "type": cover.media_type, "width": cover.size[0], "height": cover.size[1]},
            {"href": cover.thumbnail, "type": "image/png", "width": cover.thumbnail_size[0],
             "height": cover.thumbnail_size[1]}]
    return publication


def _number(text: str) -> float | int | str:
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() else number
