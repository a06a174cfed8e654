"""The sample publication in seven locales, built and judged by the real validators.

Builds into a copy of the project unless EDITIONS_CHECK_DIST names a dist/
folder already built (``make check`` validates the editions it just made).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from lxml import etree
from lxml import html as lxml_html
from validators import (
    fonts_with_missing_glyphs,
    pdf_metadata,
    pdffonts,
    pdftotext,
    run_epubcheck,
)

LOCALES = ("ar", "de", "en", "es", "fr", "ru", "zh-Hans")
COMPLETE = ("ar", "es", "fr", "ru", "zh-Hans")
SCRIPTS = {"zh-Hans": r"[\u4e00-\u9fff]", "ar": r"[\u0621-\u064a]", "ru": r"[\u0400-\u04ff]"}
FONTS = {"zh-Hans": "CJK-SC", "ar": "Naskh-Arabic", "ru": "Noto-Serif", "fr": "Noto-Serif"}


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    given = os.environ.get("EDITIONS_CHECK_DIST")
    if given:
        return Path(given).resolve()
    project = tmp_path_factory.mktemp("sample")
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(ROOT / "locales", project / "locales")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--project", str(project)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return project / "dist"


@pytest.fixture(scope="module")
def editions(dist) -> dict[tuple[str, str], Path]:
    data = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    return {(e["locale"], e["format"]): dist / e["path"] for e in data["editions"]}


def memory_targets(tag: str) -> list[str]:
    tree = etree.parse(str(ROOT / "locales" / tag / "memory.tmx"))
    return [seg.text for seg in tree.iterfind(f'.//tuv[@{{http://www.w3.org/XML/1998/namespace}}lang="{tag}"]/seg')]


def squeeze(text: str) -> str:
    return re.sub(r"[\s\u00ad\u200e\u200f\u202a-\u202e-]+", "", unicodedata.normalize("NFKC", text))


def test_twenty_one_editions(editions):
    assert sorted(editions) == sorted((tag, fmt) for tag in LOCALES for fmt in ("epub", "html", "pdf"))
    assert all(path.is_file() for path in editions.values())


@pytest.mark.parametrize("tag", LOCALES)
def test_epubcheck_reports_no_error_and_no_warning(editions, tag):
    errors, warnings, report = run_epubcheck(editions[(tag, "epub")])
    assert (errors, warnings) == (0, 0), report


@pytest.mark.parametrize("tag", LOCALES)
def test_pdf_fonts_embedded_no_missing_glyphs_metadata_bookmarks(editions, tag):
    path = editions[(tag, "pdf")]
    fonts = pdffonts(path)
    assert fonts and all(font["emb"] == "yes" and font["uni"] == "yes" for font in fonts)
    assert not any("DejaVu" in font["name"] for font in fonts), fonts
    if tag in FONTS:
        assert any(FONTS[tag] in font["name"] for font in fonts), fonts
    assert fonts_with_missing_glyphs(path) == []
    meta = pdf_metadata(path)
    assert meta["title"] and meta["author"] and meta["lang"] == tag
    assert len(meta["outline"]) >= 6


@pytest.mark.parametrize("tag", sorted(SCRIPTS))
def test_pdf_carries_the_whole_article_in_its_script(editions, tag):
    letters = re.compile(SCRIPTS[tag])
    expected = sum(len(letters.findall(unicodedata.normalize("NFKC", t))) for t in memory_targets(tag))
    found = len(letters.findall(unicodedata.normalize("NFKC", pdftotext(editions[(tag, "pdf")]))))
    assert found >= 0.97 * expected, (found, expected)


@pytest.mark.parametrize("tag", COMPLETE)
def test_captions_credits_and_alt_text_translated_in_every_format(editions, tag):
    page = lxml_html.fromstring(editions[(tag, "html")].read_bytes())
    captions = [c.text_content() for c in page.iter("figcaption")]
    alts = page.xpath("//figure//img/@alt")
    assert len(captions) == 3 and len(alts) == 3
    # pandoc's smart punctuation turns a typed apostrophe into ’
    targets = {t.replace("'", "’") for t in memory_targets(tag)}
    assert all(alt in targets for alt in alts), alts
    assert all(not re.search(r"\bXinhua reporter\b|\bPresident Xi\b", c) for c in captions), captions
    with zipfile.ZipFile(editions[(tag, "epub")]) as book:
        xhtml = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    for alt in alts:
        assert f'alt="{alt}"' in xhtml.replace("&quot;", '"')
    pdf = squeeze(pdftotext(editions[(tag, "pdf")]))
    credit_words = [squeeze(c.split("\n")[-1])[-8:] for c in captions]
    assert all(words in pdf for words in credit_words), credit_words
    assert all(squeeze(c)[-20:] in pdf for c in captions), captions


def test_german_is_half_translated_with_marked_fallback(editions, dist):
    data = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    coverage = {e["coverage"] for e in data["editions"] if e["locale"] == "de"}
    assert len(coverage) == 1 and 0.4 < coverage.pop() < 0.7
    page = lxml_html.fromstring(editions[("de", "html")].read_bytes())
    assert page.get("lang") == "de"
    fallback = page.xpath('//main//span[@lang="en"]')
    assert len(fallback) > 20 and "We now have just 11 years" in page.text_content()
    with zipfile.ZipFile(editions[("de", "epub")]) as book:
        xhtml = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert xhtml.count('lang="en"') > 20


@pytest.mark.parametrize("tag", LOCALES)
def test_every_page_carries_lang_and_dir(editions, tag):
    page = lxml_html.fromstring(editions[(tag, "html")].read_bytes())
    assert page.get("lang") == tag
    assert page.get("dir") == ("rtl" if tag == "ar" else "ltr")
    with zipfile.ZipFile(editions[(tag, "epub")]) as book:
        opf = book.read("EPUB/content.opf").decode()
        assert f"<dc:language>{tag}</dc:language>" in opf
        assert f'page-progression-direction="{"rtl" if tag == "ar" else "ltr"}"' in opf
