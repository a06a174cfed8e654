"""The EPUB's page-list: its page-break markers stand where the PDF's pages start.

The tiny publication gets thirty paragraphs and one passage long enough to run
over whole pages, so markers fall inside a chapter and on pages no block starts on.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from builds import edition, run_build
from conftest import ROOT, write_project
from lxml import etree
from pypdf import PdfReader
from validators import run_epubcheck

from editions.locale.apply import localize
from editions.locale.assess import assess
from editions.locale.catalogs import compile_catalog
from editions.locale.settings import read_locale
from editions.render import epub, pages, pdf
from editions.source import pandoc
from editions.source.publication import read_publication
from editions.source.segment import units_of

NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
PARAGRAPHS = [f"Paragraph {n} opens here " + "and goes on with words that fill the page " * 8
              for n in range(1, 31)]
LONG = "Long passage " + " ".join(f"w{n}" for n in range(1, 1800))


@pytest.fixture(scope="module")
def paged(tmp_path_factory) -> Path:
    project = write_project(tmp_path_factory.mktemp("pages") / "tiny")
    chapter = project / "content" / "one.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n" + "\n\n".join([*PARAGRAPHS, LONG])
                       + "\n\nAfter the long passage.\n", encoding="utf-8")
    result = run_build(project, "--locales", "en", "--formats", "pdf,epub")
    assert result.returncode == 0, result.stderr
    return project


def markers(path: Path) -> list[dict]:
    """Every page-break marker of the EPUB in reading order: its page, label and the words after it."""
    found = []
    with zipfile.ZipFile(path) as book:
        spine = ["EPUB/text/title_page.xhtml"] + sorted(n for n in book.namelist()
                                                         if re.fullmatch(r"EPUB/text/ch\d+\.xhtml", n))
        for name in spine:
            root = etree.fromstring(book.read(name))
            for span in root.xpath("//x:span[@role='doc-pagebreak']", namespaces=NS):
                found.append({"doc": name, "id": span.get("id"), "label": span.get("aria-label"),
                              "type": span.get(f"{{{NS['epub']}}}type"),
                              "words": " ".join(" ".join(span.xpath("following::text()")).split()[:4])})
    return found


def page_text(path: Path, number: int) -> str:
    return " ".join(PdfReader(str(path)).pages[number - 1].extract_text().split())


def test_markers_stand_where_the_pdfs_pages_start(paged):
    book, printed = edition(paged, "en", "epub"), edition(paged, "en", "pdf")
    found = markers(book)
    count = len(PdfReader(str(printed)).pages)
    assert [int(m["id"].removeprefix("page-")) for m in found] == list(range(1, count + 1))
    assert all(m["type"] == "pagebreak" and m["label"] == m["id"].removeprefix("page-") for m in found)
    # The title page and the contents page are marked on the EPUB's title page.
    assert [m["label"] for m in found if m["doc"].endswith("title_page.xhtml")] == ["1", "2"]
    continued = 0
    for marker in found[2:]:
        text = page_text(printed, int(marker["label"]))
        if marker["words"] not in text:     # no block starts on this page: the one running onto it
            continued += 1
            assert marker["words"].startswith("Long passage") and "Paragraph" not in text, marker
            assert re.match(r"w\d+ ", text), text
    assert continued                        # the long passage runs over a page no block starts on


def test_page_list_links_every_marker(paged):
    book = edition(paged, "en", "epub")
    with zipfile.ZipFile(book) as epub_file:
        nav = etree.fromstring(epub_file.read("EPUB/nav.xhtml"))
        documents = {n: etree.fromstring(epub_file.read(n)) for n in epub_file.namelist()
                     if n.startswith("EPUB/text/")}
    page_list = nav.xpath("//x:nav[@epub:type='page-list']", namespaces=NS)[0]
    assert page_list.get("hidden") is not None and page_list.get("role") == "doc-pagelist"
    assert page_list.xpath("string(x:h1)", namespaces=NS) == "Pages"
    links = [(a.get("href"), a.text) for a in page_list.xpath(".//x:a", namespaces=NS)]
    for href, label in links:
        name, anchor = href.split("#")
        target = documents["EPUB/" + name].xpath(f"//*[@id='{anchor}']")
        assert target and target[0].get("aria-label") == label, href
    assert [(m["doc"].removeprefix("EPUB/") + "#" + m["id"], m["label"]) for m in markers(book)] == links
    assert not any(e.get("id", "").startswith(pages.PREFIX)
                   for root in documents.values() for e in root.iter() if isinstance(e.tag, str)
                   and e.tag.endswith("}span"))


def test_page_navigation_is_declared_and_the_epub_passes_epubcheck(paged):
    book = edition(paged, "en", "epub")
    with zipfile.ZipFile(book) as epub_file:
        opf = epub_file.read("EPUB/content.opf").decode("utf-8")
    features = re.findall(r'<meta property="schema:accessibilityFeature">([^<]*)</meta>', opf)
    assert {"pageBreakMarkers", "pageNavigation"} <= set(features)
    assert re.findall(r'<meta property="pageBreakSource">([^<]*)</meta>', opf) == ["A Tiny Book (PDF, en, A4)"]
    assert run_epubcheck(book)[:2] == (0, 0)


def test_an_epub_rebuilt_alone_takes_the_page_map_of_its_up_to_date_pdf(paged, tmp_path):
    project = tmp_path / "tiny"
    shutil.copytree(paged, project)
    book = edition(project, "en", "epub")
    before = book.read_bytes()
    book.unlink()
    assert run_build(project, "--locales", "en", "--formats", "epub").returncode == 0
    assert book.read_bytes() == before


def test_an_epub_built_without_its_pdf_has_no_page_list(project, tmp_path):
    alone = tmp_path / "alone"
    shutil.copytree(project, alone)
    assert run_build(alone, "--locales", "en", "--formats", "epub").returncode == 0
    assert not list((alone / "dist").rglob("*.pdf"))
    with zipfile.ZipFile(edition(alone, "en", "epub")) as book:
        assert "page-list" not in book.read("EPUB/nav.xhtml").decode("utf-8")


def localized(project: Path, tag: str):
    publication = read_publication(project)
    units = units_of(publication)
    locale = read_locale(project, tag, "en")
    matches = list(assess(project, units, locale, "en").matches)
    return localize(publication, units, matches, locale, compile_catalog(project, locale), "en")


def test_the_pdf_renderer_returns_the_page_map_of_its_own_layout(paged, tmp_path):
    edition_en = localized(paged, "en")
    printed = pdf.render(edition_en, ROOT / "templates", tmp_path / "book.pdf")
    assert printed.anchors[0] == (pages.TITLEPAGE, 1)
    assert len(printed.labels) == len(PdfReader(tmp_path / "book.pdf").pages)
    assert pages.PageMap.from_json(printed.to_json()) == printed


def test_no_page_list_and_no_claim_without_markers(project, tmp_path):
    target = tmp_path / "book.epub"
    epub.render(localized(project, "fr"), ROOT / "templates", target, page_map=None)
    with zipfile.ZipFile(target) as book:
        opf = book.read("EPUB/content.opf").decode("utf-8")
        nav = book.read("EPUB/nav.xhtml").decode("utf-8")
        text = "".join(book.read(n).decode("utf-8") for n in book.namelist() if n.startswith("EPUB/text/"))
    assert "page-list" not in nav and "pagebreak" not in text and f'<span id="{pages.PREFIX}' not in text
    assert "pageBreakMarkers" not in opf and "pageNavigation" not in opf and "pageBreakSource" not in opf
    assert run_epubcheck(target)[:2] == (0, 0)


MARKDOWN = """# Title {#title}

Para.[^1]

- one
- two

> quoted

![Caption.](x.png){#fig}

| a |
|---|
| b |

[^1]: Note.
"""


def test_every_body_block_is_named_in_document_order():
    blocks = pandoc.read_markdown(MARKDOWN, what="test")["blocks"]
    named, names = pages.anchored(blocks)
    assert names == ("title", "Block-2", "Block-3", "Block-4", "Block-5", "Block-6", "fig", "Block-8")
    assert blocks != named and "Block-" not in str(blocks)     # the source blocks are not changed
    html = pandoc.write(pandoc.document(named), "html5", ["--section-divs"])
    assert all(f'id="{name}"' in html for name in names)


@pytest.mark.parametrize("anchors, expected", [
    ([("TitlePage", 1), ("h", 3), ("Block-2", 3), ("Block-3", 4)], {"TitlePage": [1, 2], "h": [3], "Block-3": [4]}),
    ([("TitlePage", 1), ("h", 4), ("Block-2", 5), ("Block-3", 8), ("colophon", 9)],       # contents on 2-3
     {"TitlePage": [1, 2, 3], "h": [4], "Block-2": [5, 6, 7], "Block-3": [8], "colophon": [9]}),
])
def test_page_starts(anchors, expected):
    assert pages.page_starts(pages.PageMap(tuple(anchors), tuple(str(n) for n in range(1, 10)))) == expected


class _Page:
    def __init__(self, *anchors):
        self.anchors = dict.fromkeys(anchors, (0, 0))


def test_page_labels_follow_the_print_counter_style():
    document = type("Document", (), {"pages": [_Page("TitlePage"), _Page("x"), _Page("h", "Block-2", "other")]})
    found = pages.page_map(document, frozenset({"TitlePage", "h", "Block-2"}), "arabic-indic")
    assert found.anchors == (("TitlePage", 1), ("h", 3), ("Block-2", 3))
    assert found.labels == ("١", "٢", "٣")
