"""The EPUB 3 edition, written by pandoc's EPUB writer.

Pandoc is told what it would otherwise drop: the page's ``dir``, the spine's
``page-progression-direction``, the translator as a contributor (MARC role
``trl``), and accessibility metadata that is true of this locale's edition
(``accessibility``). What pandoc has no option for (the conformance claim,
landmarks in the locale's words, the print edition's page breaks and
page-list) is added to the finished file (``epub_package``). The body blocks
are named as in the print page (``pages``), and the page map of this
locale's print edition, when the build has one, says where each page starts;
without one the EPUB has no page-list and claims none.
The title page and colophon are our templates, with the locale's words, and
so is the cover: made for the locale (``cover``), its PDF kept in the work
folder (``build/covers/SLUG.TAG.pdf``) for proofing.
"""

from __future__ import annotations

import base64
import copy
import dataclasses
import datetime
import mimetypes
import os
import tempfile
from html import escape
from pathlib import Path

from .. import identifiers
from ..model import LocalizedPublication
from ..output import replacing, work_folder, write_bytes
from ..source import pandoc
from ..source.svg import published_bytes
from . import accessibility, pages
from .cover import make_cover
from .epub_package import Cover, PageList, finish
from .fragments import Fragments, metadata_fragments, relocate_images
from .pdf import page_size
from .templating import (
    context,
    environment,
    font_stack,
    pandoc_escape,
    placeholder_images,
    ui_translations,
)


def render(publication: LocalizedPublication, templates: Path, target: Path,
           page_map: pages.PageMap | None = None) -> None:
    """Write the EPUB edition to ``target``; ``page_map``: the print edition's pages,
    for the page-list (None: no page-list)."""
    fragments = metadata_fragments(publication)
    env = environment(templates, publication)
    values = context(publication, fragments, identifier=fragments.plain.get("identifier", ""),
                     placeholder_images=placeholder_images(publication),
                     body_fonts=font_stack(publication.locale.fonts.body),
                     heading_fonts=font_stack(publication.locale.fonts.heading))
    titlepage = env.get_template("partials/titlepage.html").render(values)
    colophon = env.get_template("partials/colophon.html").render(values)
    page = env.get_template("epub/page.xhtml").render(values, titlepage=pandoc_escape(titlepage))
    stylesheet = env.get_template("epub/style.css").render(values)
    ui = ui_translations(publication).gettext
    body, _names = pages.anchored(publication.blocks)
    body = relocate_images(body, lambda path: data_url(publication.root, path))
    blocks = [*body,
              {"t": "Header", "c": [1, ["colophon", ["unnumbered"], []],
                                    [{"t": "Str", "c": str(ui("Colophon"))}]]},
              {"t": "RawBlock", "c": ["html", colophon]}]
    page_list = _page_list(publication, page_map, fragments.plain["title"])
    doc = pandoc.document(blocks, book_metadata(publication, str(ui("Contents")), bool(page_list.starts)))
    with tempfile.TemporaryDirectory() as scratch:
        template_path = Path(scratch, "page.xhtml")
        template_path.write_text(page, encoding="utf-8")
        args = ["--template", str(template_path), "--split-level=1", "--toc-depth=2",
                "--epub-title-page=true"]
        with replacing(target) as temporary:
            # Sandboxed: pandoc reads no file. The images are in the document as data
            # URLs; the stylesheet and the cover are put in by ``finish``.
            pandoc.write(doc, "epub3", [*args, "-o", str(temporary)], cwd=scratch, env=_epoch(),
                         what=f"EPUB of {publication.locale.tag}")
            finish(temporary, accessibility.package_metadata(accessibility.facts_of(publication)),
                   _landmark_labels(publication), page_list, stylesheet=stylesheet.encode("utf-8"),
                   cover=_cover(publication, templates, fragments), modified=_modified())


def _cover(publication: LocalizedPublication, templates: Path, fragments: Fragments) -> Cover:
    """The locale's cover (``cover.make_cover``) and its page, in the edition's language and
    words; the cover's PDF is kept in the work folder."""
    made = make_cover(publication, templates, fragments)
    locale = publication.locale
    write_bytes(work_folder(publication.root) / "covers" / f"{publication.slug}.{locale.tag}.pdf", made.pdf)
    title = fragments.plain["title"]
    # The cover is an image of text: its alternative is that text (WCAG 1.1.1, 1.4.5).
    alt = " – ".join(part for part in (title, fragments.plain.get("author", "")) if part) \
        or ui_translations(publication).gettext("Cover")
    page = (f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
            f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
            f'lang="{escape(locale.tag)}" xml:lang="{escape(locale.tag)}" dir="{escape(locale.direction)}">\n'
            f'<head>\n<meta charset="utf-8" />\n<title>{escape(title)}</title>\n'
            f'<link rel="stylesheet" type="text/css" href="../styles/stylesheet1.css" />\n</head>\n'
            f'<body>\n<section epub:type="cover" class="cover">\n'
            f'<img src="../media/cover.jpg" alt="{escape(alt, quote=True)}" '
            f'style="max-width: 100%; max-height: 100%;" />\n</section>\n</body>\n</html>\n')
    return Cover(data=made.jpeg, extension=".jpg", media_type="image/jpeg", page=page.encode("utf-8"))


def data_url(root: Path, path: str) -> str:
    """Project file ``path`` as a ``data:`` URL of the bytes the edition publishes: pandoc's
    EPUB writer takes the file from it and reads nothing from disk."""
    kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(published_bytes(root, path)).decode('ascii')}"


def _page_list(publication: LocalizedPublication, printed: pages.PageMap | None, title: str) -> PageList:
    """Where the pages of this locale's PDF edition start, and what the EPUB then declares:
    the source of its page breaks named by title, format, language and paper size."""
    printed = printed or pages.PageMap(anchors=(), labels=())
    starts = {anchor: [(n, printed.label(n)) for n in numbers]
              for anchor, numbers in pages.page_starts(printed).items()}
    source = f"{title} (PDF, {publication.locale.tag}, {page_size(publication)})"
    return PageList(starts=starts, heading=ui_translations(publication).gettext("Pages"),
                    metas=accessibility.page_navigation_metadata(source), anchor_prefix=pages.PREFIX)


def book_metadata(publication: LocalizedPublication, toc_title: str, print_pages: bool = False) -> dict:
    meta = copy.deepcopy(publication.meta)
    author = meta.pop("author", None)
    if author is not None:
        meta["creator"] = _people([author], "aut")
    if not publication.locale.is_source and publication.locale.translator:
        meta["contributor"] = _people([{"t": "MetaString", "c": publication.locale.translator}], "trl")
    meta["toc-title"] = {"t": "MetaString", "c": toc_title}
    meta["page-progression-direction"] = {"t": "MetaString", "c": publication.locale.direction}
    meta.update(_accessibility(publication, print_pages))
    for key in ("cover-image", "isbn", "series"):
        meta.pop(key, None)
    meta.update(_identity(publication))
    return meta


def _identity(publication: LocalizedPublication) -> dict:
    """This edition's own identifier (``identifiers``); for a translation, the source
    language's EPUB as its ``dc:source``; the series and the publication's place in it."""
    config = identifiers.publication_config(publication.root, publication.slug)
    own = identifiers.edition_identifier(publication.root, publication.slug, publication.locale.tag, "epub", config)
    meta: dict = {"identifier": _meta_identifier(own)}
    if not publication.locale.is_source:
        meta["source"] = {"t": "MetaString", "c": identifiers.edition_identifier(
            publication.root, publication.slug, publication.source_locale, "epub", config)}
    series = identifiers.series_of(config)
    if series:
        meta["belongs-to-collection"] = {"t": "MetaString", "c": series.title}
        if series.number:
            meta["group-position"] = {"t": "MetaString", "c": series.number}
    return meta


def _meta_identifier(identifier: str) -> dict:
    """Pandoc's ``identifier`` metadata; an ISBN with its ONIX identifier type."""
    if identifier.startswith("urn:isbn:"):
        scheme = "ISBN-13" if len(identifier) == len("urn:isbn:") + 13 else "ISBN-10"
        return {"t": "MetaList", "c": [{"t": "MetaMap", "c": {
            "scheme": {"t": "MetaString", "c": scheme}, "text": {"t": "MetaString", "c": identifier}}}]}
    return {"t": "MetaString", "c": identifier}


def _people(values: list, role: str) -> dict:
    people = []
    for value in values:
        for person in value["c"] if value["t"] == "MetaList" else [value]:
            people.append({"t": "MetaMap", "c": {"role": {"t": "MetaString", "c": role},
                                                  "text": person}})
    return {"t": "MetaList", "c": people}


def _accessibility(publication: LocalizedPublication, print_pages: bool) -> dict:
    """Accessibility metadata of this locale's edition, stated only as far as its content
    makes it true (``accessibility.facts_of``), in the edition's own words; ``print_pages``:
    the print edition's pages are marked."""
    facts = dataclasses.replace(accessibility.facts_of(publication), print_pages=print_pages)
    return accessibility.metadata(facts, ui_translations(publication), publication.locale.tag)


def _landmark_labels(publication: LocalizedPublication) -> dict[str, str]:
    ui = ui_translations(publication)
    return {"cover": ui.gettext("Cover"), "titlepage": ui.gettext("Title page"),
            "bodymatter": ui.gettext("Start of content")}


def _modified() -> datetime.datetime:
    """When the book was made: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.datetime.fromtimestamp(int(value), datetime.UTC) if value and value.isdigit() \
        else datetime.datetime.now(datetime.UTC)
    return moment.replace(microsecond=0)


def _epoch() -> dict[str, str]:
    """Pandoc stamps the book with SOURCE_DATE_EPOCH when set, for reproducible builds."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    return {"SOURCE_DATE_EPOCH": value} if value else {}
