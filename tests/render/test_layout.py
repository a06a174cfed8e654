"""The layout gate: text the PDF draws outside its page's content area is a warning
naming locale, page and unit; the samples draw none."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, write_project
from pypdf import PdfReader

from editions import TOOL_TEMPLATES
from editions.locale.work import locale_work, read_locales
from editions.pipeline import BuildRequest, build
from editions.render import pdf
from editions.render.pdf_layout import overflows, unit_of
from editions.source import read_source

TOKEN = "x" * 300                                   # no break opportunity in 300 letters
WIDE_TABLE = ("\n| " + " | ".join(f"c{n}" for n in range(10)) + " |\n|" + "---|" * 10 + "\n| "
              + " | ".join(f"{n}" * 24 for n in range(10)) + " |\n")    # ten unbreakable 24-digit cells


def layout_findings(root: Path, tag: str):
    """The gate's findings on the print page of locale ``tag`` laid out as the PDF renderer does."""
    source = read_source(root)
    work = locale_work(source, read_locales(root, source.language, (tag,))[0])
    templates = root / "templates" if (root / "templates").is_dir() else TOOL_TEMPLATES
    page, _ = pdf.anchored_print_page(work.localized, templates)
    return overflows(pdf.lay_out(page, work.localized), work.localized)


def page_of(path: Path, text: str) -> int:
    """The first page (from 1) of the PDF whose text holds ``text``."""
    pages = [page.extract_text() for page in PdfReader(str(path)).pages]
    return next(number for number, page in enumerate(pages, 1) if text in page.replace("\n", ""))


@pytest.mark.parametrize("extra, marker, kind", [
    (f"A long token {TOKEN} ends here.", TOKEN[:60], "paragraph"),
    (WIDE_TABLE, "9" * 24, "table-cell"),
])
def test_text_outside_the_content_area_is_reported_with_page_and_unit(tmp_path, extra, marker, kind):
    root = write_project(tmp_path / "p")
    chapter = root / "content" / "two.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n" + extra + "\n", encoding="utf-8")
    result = build(BuildRequest(workers=1, root=root, locales=("fr",), formats=("pdf",)), progress=lambda *_: None)
    found = [issue for issue in result.issues if issue.code == "text-overflow"]
    assert found, "the overflowing text was not reported"
    page = page_of(root / "dist" / "fr" / "a-tiny-book.fr.pdf", marker)
    units = {unit.id: unit for unit in read_source(root).units}
    assert all(issue.locale == "fr" and issue.format == "pdf" and issue.severity == "warning" for issue in found)
    assert all(issue.location == f"PDF page {page}" for issue in found)
    assert all(units[issue.unit].kind == kind and units[issue.unit].location.startswith("content/two.md")
               for issue in found)
    assert any(marker[:24] in units[issue.unit].source for issue in found)
    assert result.failures == []          # a warning: the PDF is published, a strict build would fail


def test_a_strict_build_fails_on_text_outside_the_content_area(tmp_path):
    root = write_project(tmp_path / "p")
    chapter = root / "content" / "two.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + f"\n{TOKEN}\n", encoding="utf-8")
    result = build(BuildRequest(workers=1, root=root, locales=("en",), formats=("pdf",), strict=True),
                   progress=lambda *_: None)
    assert any("(text-overflow)" in failure and "PDF page" in failure for failure in result.failures)


@pytest.mark.parametrize("project, tag", [(ROOT, "en"), (ROOT, "ar"), (ROOT, "zh-Hans"),
                                          (ROOT / "samples" / "garden", "he")])
def test_the_samples_draw_no_text_outside_the_content_area(project, tag):
    assert layout_findings(project, tag) == ()


@pytest.mark.parametrize("text, unit", [
    ("xxxx", "b"),                                   # inside a word of the second unit
    ("Hyphen‐ ated", "c"),                           # a line broken with a hyphen
    ("« guillemets »", "d"),                         # typography's spaces and marks
    ("...", ""),                                     # no word: no unit
    ("absent", ""),
])
def test_a_run_of_text_is_tied_to_the_first_unit_holding_its_words(text, unit):
    texts = (("a", "Nothing here."), ("b", "A long token xxxxxxxx ends."), ("c", "Hyphenated word."),
             ("d", "Des \u202fguillemets\u00a0!"))
    assert unit_of(texts, text) == unit
