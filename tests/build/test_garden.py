"""The second sample publication, samples/garden/: Hindi, Japanese and Hebrew editions
built from its own memories and catalogs, judged by the real validators."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from builds import edition, run_build
from conftest import ROOT
from lxml import html as lxml_html
from validators import fonts_with_missing_glyphs, pdffonts, pdftotext, run_epubcheck

TAGS = ("en", "he", "hi", "ja")
FONTS = {"hi": "Devanagari", "ja": "CJK", "he": "Hebrew", "en": "Noto"}
TITLES = {"en": "Notes from a Community Garden", "hi": "एक सामुदायिक बगीचे से टिप्पणियाँ",
          "ja": "コミュニティガーデンからの便り", "he": "רשימות מגינה קהילתית"}


@pytest.fixture(scope="module")
def garden(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("garden") / "garden"
    shutil.copytree(ROOT / "samples" / "garden", project, ignore=shutil.ignore_patterns("dist", ".editions-cache"))
    result = run_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project


def test_every_locale_is_complete_and_strict_builds_pass(garden):
    result = run_build(garden, "--strict")
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
    for tag in TAGS:
        assert f"{tag:<9} {'100%':>8}" in result.stdout


@pytest.mark.parametrize("tag", TAGS)
def test_editions_in_each_script(garden, tag):
    page = lxml_html.fromstring(edition(garden, tag, "html").read_bytes())
    assert page.get("lang") == tag and page.get("dir") == ("rtl" if tag == "he" else "ltr")
    assert TITLES[tag] in page.findtext(".//title")
    assert not page.xpath('//main//*[@lang="en"]') or tag == "en"     # nothing fell back to English
    assert run_epubcheck(edition(garden, tag, "epub"))[:2] == (0, 0)
    with zipfile.ZipFile(edition(garden, tag, "epub")) as book:
        opf = book.read("EPUB/content.opf").decode("utf-8")
    assert f"<dc:language>{tag}</dc:language>" in opf
    pdf = edition(garden, tag, "pdf")
    assert fonts_with_missing_glyphs(pdf) == []
    assert any(FONTS[tag] in font["name"] for font in pdffonts(pdf))


def test_the_japanese_and_hebrew_pdfs_read_back_their_words(garden):
    assert "いちばん難しいのは水の問題です" in "".join(pdftotext(edition(garden, "ja", "pdf")).split())
    assert "חלוקת היבול" in pdftotext(edition(garden, "he", "pdf"))


def test_the_hindi_pdf_reads_back_its_words_in_order(garden):
    text = pdftotext(edition(garden, "hi", "pdf")).split()
    for word in ("मिलकर", "क्यारियों", "गर्मी", "वसंत", "उन्होंने", "व्यक्ति", "टंकियों"):
        assert word in text, word
