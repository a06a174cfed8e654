"""A locale's cover: the title and author in the locale's words, script and direction.

Owns making the cover of one locale's edition from ``templates/cover/page.html``
(and its ``cover.css``): the page is laid out by WeasyPrint as one page in the
locale's fonts, as the print edition is (``pdf.lay_out``, which reads only
files inside the project), written as a PDF whose text reads back in logical
order (``pdf.write_pdf``), then rasterized by poppler's ``pdftoppm`` to a JPEG
of e-book cover proportions (what e-book shops ask for; its encoding takes a third
of a PNG's time at this size). The publication's ``cover-image``, when it has
one, is the artwork behind the words.

The EPUB renderer calls it, so a cover is made once per EPUB edition built and
is as fresh as that edition (its key covers the content, the locale, the
templates and this code). It writes no file of its own: the caller keeps what
it needs. Publishing the covers for the site and the feeds is
``report.covers``, which reads them back out of the EPUBs.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..errors import EditionsError
from ..model import LocalizedPublication
from .fragments import Fragments
from .templating import context, environment, font_stack

SIZE = (1600, 2560)             # px, width x height: 5:8, what e-book shops ask for
PAGE_MM = (100, 160)            # the laid-out page, mm: the same proportions
TEMPLATE = "cover/page.html"
STYLESHEET = "cover/cover.css"
RASTER_TIMEOUT = 120            # seconds; pdftoppm takes well under one on a cover


@dataclass(frozen=True)
class LocaleCover:
    """One locale's cover: the one-page PDF laid out from the template, and the JPEG
    made from it (``SIZE`` pixels)."""

    pdf: bytes
    jpeg: bytes


def make_cover(publication: LocalizedPublication, templates: Path, fragments: Fragments) -> LocaleCover:
    """The cover of ``publication``'s edition, from the templates in ``templates`` and the
    title and author of ``fragments`` (the edition's own, translated).

    Raises ``EditionsError`` when the template is missing or ``pdftoppm`` cannot run."""
    # Imported here: WeasyPrint loads only where a cover is made.
    from .pdf import lay_out, write_pdf
    page = cover_page(publication, templates, fragments)
    with tempfile.TemporaryDirectory() as scratch:
        pdf = Path(scratch, "cover.pdf")
        write_pdf(lay_out(page, publication), pdf)
        return LocaleCover(pdf=pdf.read_bytes(), jpeg=rasterize(pdf, SIZE))


def cover_page(publication: LocalizedPublication, templates: Path, fragments: Fragments) -> str:
    """The cover's HTML page: the template filled with the locale's title, author, fonts and
    direction, the stylesheet inlined, the artwork named by its path in the project."""
    env = environment(templates, publication)
    values = context(publication, fragments, title=fragments.meta.get("title", ""),
                     title_text=fragments.plain.get("title", ""), author=fragments.meta.get("author", ""),
                     artwork=publication.cover or "", width_mm=PAGE_MM[0], height_mm=PAGE_MM[1],
                     body_fonts=font_stack(publication.locale.fonts.body),
                     heading_fonts=font_stack(publication.locale.fonts.heading))
    try:
        values["stylesheet"] = env.get_template(STYLESHEET).render(values)
        return env.get_template(TEMPLATE).render(values)
    except jinja2.TemplateNotFound as missing:
        where = templates / str(missing.name)
        shown = where.relative_to(publication.root) if where.is_relative_to(publication.root) else where
        raise EditionsError(f"the cover template {missing.name} is missing: copy it from the templates "
                            "Editions ships", shown.as_posix()) from None


def rasterize(pdf: Path, size: tuple[int, int]) -> bytes:
    """The first page of ``pdf`` as a JPEG (quality 90) of exactly ``size`` pixels (width, height).

    Raises ``EditionsError`` when ``pdftoppm`` (Debian's poppler-utils) is missing or fails."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise EditionsError("pdftoppm is missing: the covers are made with it "
                            "(Debian package poppler-utils, system-packages.txt group build)")
    stem = pdf.with_name(pdf.stem + "-page")     # -singlefile: pdftoppm adds only ".jpg"
    command = [tool, "-jpeg", "-jpegopt", "quality=90", "-singlefile", "-scale-to-x", str(size[0]), "-scale-to-y", str(size[1]),
               str(pdf), str(stem)]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=RASTER_TIMEOUT)
    except subprocess.CalledProcessError as error:
        reason = " ".join(error.stderr.decode("utf-8", "replace").split()) or f"exit status {error.returncode}"
        raise EditionsError(f"pdftoppm could not rasterize the cover: {reason}") from None
    except subprocess.TimeoutExpired:
        raise EditionsError(f"pdftoppm did not rasterize the cover within {RASTER_TIMEOUT} s") from None
    return stem.with_name(stem.name + ".jpg").read_bytes()
