"""The covers of ``dist/covers/``, which the site and the feeds show.

A locale with an EPUB edition has its own cover: the image that EPUB names as
its ``cover-image`` (made for the locale by ``render.cover``), published as
``covers/SLUG.TAG.jpg`` with a thumbnail ``covers/SLUG.TAG.thumbnail.png``
(``THUMBNAIL_WIDTH`` pixels wide). Reading it out of the EPUB keeps the
published cover the one the EPUB on disk carries, whichever build made it. A
locale without an EPUB edition shows the publication's ``cover-image`` as
given (``feeds.write_cover``), when there is one. Anything else in
``covers/`` is removed (``remove_unlisted``): this module owns the folder.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path

from lxml import etree

from ..identifiers import SINGLE, PublicationPlace
from ..model import Edition
from ..output import write_bytes
from .feeds import THUMBNAIL_WIDTH, Cover, write_cover

FOLDER = "covers"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
CONTAINER = {"c": "urn:oasis:names:tc:opendocument:xmlns:container"}
OPF = {"opf": "http://www.idpf.org/2007/opf"}


def write_covers(root: Path, dist: Path, slug: str, config: dict, editions: list[Edition],
                 place: PublicationPlace = SINGLE) -> dict[str, Cover]:
    """Publish every locale's cover of one publication; locale tag -> its cover, for the
    locales of ``editions`` that have one."""
    covers: dict[str, Cover] = {}
    for edition in editions:
        if edition.format == "epub":
            found = epub_cover_image(dist / edition.path)
            if found is not None:
                covers[edition.locale] = _publish(dist, f"{FOLDER}/{slug}.{edition.locale}", *found)
    rest = sorted({e.locale for e in editions} - set(covers))
    shared = write_cover(root, dist, slug, config, place) if rest else None
    covers.update({tag: shared for tag in rest if shared is not None})
    return covers


def remove_unlisted(dist: Path, covers: list[Cover]) -> None:
    """Remove every file of ``dist/covers/`` that is not one of ``covers`` or its thumbnail."""
    kept = {name for cover in covers for name in (cover.path, cover.thumbnail)}
    for path in (dist / FOLDER).glob("*") if (dist / FOLDER).is_dir() else ():
        if f"{FOLDER}/{path.name}" not in kept and path.is_file():
            path.unlink()


def epub_cover_image(epub: Path) -> tuple[bytes, str] | None:
    """The bytes and media type of the item an EPUB's package names ``cover-image``; None
    when it names none or the file cannot be read as an EPUB."""
    try:
        with zipfile.ZipFile(epub) as book:
            container = etree.fromstring(book.read("META-INF/container.xml"), PARSER)
            opf_name = container.xpath("//c:rootfile/@full-path", namespaces=CONTAINER)[0]
            package = etree.fromstring(book.read(opf_name), PARSER)
            items = package.xpath("//opf:manifest/opf:item[contains(concat(' ', @properties, ' '), ' cover-image ')]",
                                  namespaces=OPF)
            if not items:
                return None
            name = posixpath.normpath(posixpath.join(posixpath.dirname(opf_name), items[0].get("href")))
            return book.read(name), items[0].get("media-type", "image/png")
    except (OSError, KeyError, IndexError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return None


def _publish(dist: Path, stem: str, data: bytes, media_type: str) -> Cover:
    """Write the cover as ``stem`` plus its extension and a PNG thumbnail beside it; a
    thumbnail already made from the same cover is kept (nothing is rewritten)."""
    from PIL import Image
    extension = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}.get(media_type, ".png")
    path, thumbnail = f"{stem}{extension}", f"{stem}.thumbnail.png"
    changed = write_bytes(dist / path, data)
    with Image.open(io.BytesIO(data)) as image:
        size = image.size
        small_size = (THUMBNAIL_WIDTH, max(1, round(size[1] * THUMBNAIL_WIDTH / size[0])))
        if changed or not _has_size(dist / thumbnail, small_size):
            # A JPEG is decoded at the scale nearest above the thumbnail's (libjpeg's DCT
            # scaling, Pillow's draft mode): a quarter of a 1600 px cover, not all of it.
            image.draft("RGB", small_size)
            buffer = io.BytesIO()
            image.convert("RGB").resize(small_size, Image.LANCZOS).save(buffer, "PNG")
            write_bytes(dist / thumbnail, buffer.getvalue())
    return Cover(path=path, thumbnail=thumbnail, media_type=media_type, size=size, thumbnail_size=small_size)


def _has_size(path: Path, size: tuple[int, int]) -> bool:
    from PIL import Image, UnidentifiedImageError
    try:
        with Image.open(path) as image:
            return image.size == size
    except (OSError, UnidentifiedImageError):
        return False
