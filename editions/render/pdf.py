"""The PDF edition: the print page laid out by WeasyPrint, in process.

WeasyPrint gets a URL fetcher that serves only files inside the project, so
nothing in a publication or its translations can make the renderer read other
files or reach the network. The layout that makes the PDF also gives the
page map (``pages``), returned to the build, which hands it to the EPUB
renderer for its page-list, and is judged by the layout gate (``pdf_layout``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import logging
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import EditionsError
from ..model import PAPER_SIZES, LocalizedPublication
from ..output import replacing
from ..source.ast import elements, stringify, walk_inlines
from ..source.svg import published_bytes
from . import pages
from .fragments import html_fragments
from .pdf_layout import overflows
from .pdf_unicode import actual_text, visual_text
from .pdf_xmp import with_identity
from .templating import (
    context,
    counter_style,
    environment,
    font_stack,
    placeholder_images,
)

PAGE_SIZES = PAPER_SIZES

# The base URL of every project's print page, the same wherever the project lies:
# WeasyPrint names each image in the PDF by (a hash of) its URL, so a base URL holding
# the project's own path would make PDFs built in different folders differ.
# ``project_fetcher`` maps it onto the project's folder.
PROJECT_URL = "file:///project/"


def render(publication: LocalizedPublication, templates: Path, target: Path,
           page_map: pages.PageMap | None = None) -> pages.PageMap:
    """Write the PDF edition to ``target``; return its page map (where each body block
    starts), made by the same layout, with the layout gate's findings (``pdf_layout``:
    text outside a page's content area). ``page_map`` is not used: this layout is the source."""
    page, anchors = anchored_print_page(publication, templates)
    with replacing(target) as temporary, _missing_glyphs_fail(publication.locale.tag):
        document = lay_out(page, publication)
        write_pdf(document, temporary, with_identity(publication, visual_text))
    return dataclasses.replace(pages.page_map(document, anchors, counter_style(publication)),
                               findings=overflows(document, publication))


def write_pdf(document, target: Path, finisher=visual_text) -> None:
    """Write a laid-out ``document`` as a tagged PDF whose text reads back in
    order: a line of a complex script carries its text (``actual_text``), and
    the fonts' ToUnicode maps are corrected (``visual_text``, or a ``finisher``
    that runs it, such as the one that adds the edition's identity)."""
    with actual_text():
        document.write_pdf(str(target), pdf_tags=True, finisher=finisher)


def lay_out(page: str, publication: LocalizedPublication):
    """The print page laid out by WeasyPrint: a ``Document`` of pages."""
    from weasyprint import (
        HTML,  # imported here: only the workers that lay out pay for it
    )

    return HTML(string=page, base_url=PROJECT_URL,
                url_fetcher=project_fetcher(publication.root)).render(pdf_tags=True)


@contextlib.contextmanager
def _missing_glyphs_fail(tag: str):
    """WeasyPrint only logs a character it draws as the .notdef box; here that
    fails the edition, before the file replaces the previous one."""
    missing: list[str] = []

    class Collector(logging.Handler):
        def emit(self, record):
            if ".notdef" in record.getMessage():
                missing.append(record.getMessage())

    handler = Collector(level=logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    if missing:
        raise EditionsError(f"PDF of {tag}: {len(missing)} characters have no glyph in any font: "
                            f"{missing[0]}")


def print_page(publication: LocalizedPublication, templates: Path) -> str:
    return anchored_print_page(publication, templates)[0]


def anchored_print_page(publication: LocalizedPublication, templates: Path) -> tuple[str, frozenset[str]]:
    """The print page, its body blocks named (``pages.anchored``), and the names it holds."""
    blocks, names = pages.anchored(publication.blocks)
    fragments = html_fragments(dataclasses.replace(publication, blocks=_breakable_paths(_lined_code(_bookmarked(blocks)))),
                               toc_depth=2)
    env = environment(templates, publication)
    values = context(publication, fragments, identifier=fragments.plain.get("identifier", ""),
                     placeholder_images=placeholder_images(publication),
                     body_fonts=font_stack(publication.locale.fonts.body),
                     heading_fonts=font_stack(publication.locale.fonts.heading),
                     page_size=page_size(publication), counter_style=counter_style(publication))
    values["stylesheet"] = env.get_template("print/print.css").render(values)
    page = env.get_template("print/page.html").render(values)
    return page, frozenset({*names, pages.TITLEPAGE, pages.COLOPHON})


def _bookmarked(blocks: list) -> list:
    """The blocks with each heading that holds a note given its words without the note mark
    as ``data-bookmark``, which the print stylesheet makes its bookmark: WeasyPrint's own
    label is the heading's text with the note's call number run into it."""
    for header in elements(blocks, {"Header"}):
        if any(inline["t"] == "Note" for inline in walk_inlines(header["c"][2])):
            header["c"][1][2] = [*header["c"][1][2], ["data-bookmark", " ".join(stringify(header["c"][2]).split())]]
    return blocks


def _lined_code(blocks: list) -> list:
    """The blocks with each code block written as one ``span.code-line`` per source line, so
    the print stylesheet can set a line too long for the measure with a hanging indent: the
    lines a wrap continues start further in than the source lines, and no text is lost off
    the page. The code's text is escaped; its id and classes are kept."""
    for block in elements(blocks, {"CodeBlock"}):
        (identifier, classes, _pairs), text = block["c"]
        attributes = (f' id="{html.escape(identifier)}"' if identifier else "") + \
            f' class="{html.escape(" ".join(["lined", *classes]))}"'
        lines = "".join(f'<span class="code-line">{html.escape(line)}</span>' for line in text.split("\n"))
        block["t"], block["c"] = "RawBlock", ["html", f"<pre{attributes}><code>{lines}</code></pre>"]
    return blocks


# Where a URL or a dotted name may break, after the Chicago Manual of Style (17th ed., 6.17 and
# 14.18): after a double slash or a colon; before a single slash, a period, a comma, a hyphen, an
# underline, a tilde, ?, #, %, = and &. No hyphen is ever added.
PATH_BREAK = re.compile(r"(?<=//)|(?<=:)(?!//)|(?<=[^/:])(?=[/.,\-_~?#%=&](?!/))")
PATH_LIKE = re.compile(r"^(?:[a-zA-Z][\w+.-]*://|www\.)|^[\w-]+(?:[./][\w-]+){2,}")


def _breakable_paths(blocks: list) -> list:
    """The blocks with the URLs and dotted or slashed names in text and inline code given
    break opportunities (``<wbr>``) at their natural points, so the print edition never has to
    choose between running a long one off the page, hyphenating it or stretching the line
    before it. The text itself is unchanged and escaped."""
    for inline in elements(blocks, {"Str", "Code"}):
        text = inline["c"] if inline["t"] == "Str" else inline["c"][1]
        if len(text) < 16 or not PATH_LIKE.search(text):
            continue
        marked = "<wbr>".join(html.escape(piece) for piece in PATH_BREAK.split(text) if piece)
        if inline["t"] == "Code":
            marked = f"<code>{marked}</code>"
        inline["t"], inline["c"] = "RawInline", ["html", marked]
    return blocks


def page_size(publication: LocalizedPublication) -> str:
    value = publication.meta.get("papersize")
    name = "".join(i.get("c", "") for i in value["c"]) if value and value["t"] == "MetaInlines" \
        else (value or {}).get("c", "a4")
    size = PAGE_SIZES.get(str(name).lower())
    if size is None:
        raise EditionsError(f"papersize '{name}' is not one of {', '.join(PAGE_SIZES)}",
                            "content/publication.yaml")
    return size


def project_fetcher(root: Path):
    """WeasyPrint's URL fetcher for a print page whose base URL is ``PROJECT_URL``: a URL
    under it is the project file at the same relative path; any other URL (another scheme,
    an absolute path, a path leading out of the project) raises ``ValueError``, which
    WeasyPrint reports and draws nothing for."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    folder = root.resolve()

    class ProjectFetcher(URLFetcher):
        """Serves files inside the project; refuses everything else."""

        def fetch(self, url, headers=None):
            path = _project_file(folder, url)
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            data = published_bytes(folder, path.relative_to(folder).as_posix())
            return URLFetcherResponse(url, data, {"Content-Type": kind})

    return ProjectFetcher()


def _project_file(folder: Path, url: str) -> Path:
    """The file inside ``folder`` that ``url`` (under ``PROJECT_URL``) names; ``ValueError`` otherwise."""
    parts, base = urlsplit(url), urlsplit(PROJECT_URL)
    if parts.scheme != base.scheme or parts.netloc or not parts.path.startswith(base.path):
        raise ValueError(f"refused to fetch {url}: only project files are read")
    path = (folder / unquote(parts.path[len(base.path):])).resolve()
    if not path.is_relative_to(folder) or not path.is_file():
        raise ValueError(f"refused to fetch {url}: not a file inside the project")
    return path
