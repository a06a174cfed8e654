"""End to end on a small two-chapter publication, judged by the real validators."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from builds import edition, manifest, run_build, run_cli
from conftest import PUBLICATION, tmx, write_project
from lxml import etree
from lxml import html as lxml_html
from validators import (
    fonts_with_missing_glyphs,
    pdf_metadata,
    pdffonts,
    pdftotext,
    run_epubcheck,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = write_project(tmp_path_factory.mktemp("built") / "tiny")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    return project


def test_manifest_lists_every_edition(built):
    data = manifest(built)
    assert data["source_locale"] == "en"
    assert sorted((e["locale"], e["format"]) for e in data["editions"]) == sorted(
        (tag, fmt) for tag in ("ar", "en", "fr") for fmt in ("epub", "html", "pdf"))
    for entry in data["editions"]:
        path = built / "dist" / entry["path"]
        assert entry["bytes"] == path.stat().st_size
        import hashlib
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    coverage = {e["locale"]: e["coverage"] for e in data["editions"]}
    assert coverage["en"] == 1.0
    assert coverage["fr"] == round(6 / 22, 4)
    assert 0 < coverage["ar"] < coverage["fr"]


def test_sha256sums_checks_every_edition(built):
    dist = built / "dist"
    lines = (dist / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    covers = [c[kind]["path"] for c in manifest(built)["covers"] for kind in ("image", "thumbnail")]
    assert sorted(line.split("  ", 1)[1] for line in lines) == sorted(
        [e["path"] for e in manifest(built)["editions"]] + covers)
    checked = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=dist,
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count(": OK") == 9 + 6     # 3 locales: 3 editions, a cover and its thumbnail each


@pytest.mark.parametrize("tag", ["en", "fr", "ar"])
def test_epubcheck_finds_nothing(built, tag):
    errors, warnings, report = run_epubcheck(edition(built, tag, "epub"))
    assert (errors, warnings) == (0, 0), report


def test_epub_direction_metadata_and_links(built):
    with zipfile.ZipFile(edition(built, "ar", "epub")) as book:
        opf = book.read("EPUB/content.opf").decode()
        pages = {n: book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml")}
    assert 'page-progression-direction="rtl"' in opf
    assert all('dir="rtl"' in page for name, page in pages.items() if "nav" not in name)
    assert "<dc:language>ar</dc:language>" in opf
    # A translation names the source language's EPUB, by its identifier, as its source.
    assert f"<dc:source>{epub_identifier(built, 'en')}</dc:source>" in opf
    assert epub_identifier(built, "ar").startswith("urn:uuid:")
    assert len({epub_identifier(built, tag) for tag in ("en", "fr", "ar")}) == 3
    # The tiny Arabic memory leaves the alt text in English: no alternativeText claimed.
    assert 'property="schema:accessibilityFeature">alternativeText' not in opf
    assert 'property="schema:accessibilityFeature">structuralNavigation' in opf
    body = "".join(pages.values())
    assert ".md" not in body.replace("ch0", "")
    assert 'href="ch002.xhtml#next-steps"' in body
    assert '<span lang="en" dir="ltr">' in body


def epub_identifier(project: Path, tag: str) -> str:
    with zipfile.ZipFile(edition(project, tag, "epub")) as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
    unique = opf.get("unique-identifier")
    return opf.xpath("//dc:identifier[@id=$id]/text()", id=unique, namespaces=OPF_NS)[0]


OPF_NS = {"dc": "http://purl.org/dc/elements/1.1/", "opf": "http://www.idpf.org/2007/opf"}


XMP_NS = {"dc": "http://purl.org/dc/elements/1.1/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
          "calibre": "http://calibre-ebook.com/xmp-namespace",
          "calibreSI": "http://calibre-ebook.com/xmp-namespace-series-index"}


def xmp(path: Path):
    """The PDF's XMP metadata packet, parsed."""
    from pypdf import PdfReader
    packet = PdfReader(path).trailer["/Root"]["/Metadata"].get_object().get_data()
    return etree.fromstring(packet)


def test_pdf_xmp_names_its_identifier_and_source(built):
    entries = {(e["locale"], e["format"]): e for e in manifest(built)["editions"]}
    for tag in ("en", "fr", "ar"):
        packet = xmp(edition(built, tag, "pdf"))
        assert packet.xpath("string(//dc:identifier)", namespaces=XMP_NS) == entries[tag, "pdf"]["identifier"]
        assert len(packet.xpath("//rdf:RDF", namespaces=XMP_NS)) == 1
        source = packet.xpath("//dc:source/text()", namespaces=XMP_NS)
        assert source == ([] if tag == "en" else [entries["en", "pdf"]["identifier"]])
    assert xmp(edition(built, "fr", "pdf")).xpath("string(//dc:title//rdf:li)", namespaces=XMP_NS) == \
        "Un tout petit livre"


def test_source_edition_has_no_dc_source_of_its_own(built):
    with zipfile.ZipFile(edition(built, "en", "epub")) as book:
        opf = book.read("EPUB/content.opf").decode()
    assert "<dc:source" not in opf          # the tiny publication names no source
    assert "belongs-to-collection" not in opf   # nor a series


def test_isbn_and_series_in_the_epub(project):
    (project / "content" / "publication.yaml").write_text(
        PUBLICATION + "series: {title: Tiny Tests, number: 3}\n"
                      "isbn: {en: {epub: 978-0-306-40615-7}}\n", encoding="utf-8")
    with (project / "locales" / "fr" / "locale.yaml").open("a", encoding="utf-8") as locale:
        locale.write("isbn: {epub: '9781861972712', pdf: '978-1-86197-876-9'}\n")
    result = run_build(project, "--formats", "epub,pdf", "--locales", "en,fr")
    assert result.returncode == 0, result.stderr
    assert epub_identifier(project, "en") == "urn:isbn:9780306406157"
    assert epub_identifier(project, "fr") == "urn:isbn:9781861972712"
    with zipfile.ZipFile(edition(project, "fr", "epub")) as book:
        opf = book.read("EPUB/content.opf").decode()
    assert "<dc:source>urn:isbn:9780306406157</dc:source>" in opf
    assert 'property="identifier-type" scheme="onix:codelist5">15</meta>' in opf
    assert 'property="belongs-to-collection" id="epub-collection-1">Tiny Tests</meta>' in opf
    assert 'property="group-position">3</meta>' in opf
    for tag in ("en", "fr"):
        assert run_epubcheck(edition(project, tag, "epub"))[:2] == (0, 0)
    # The PDF says the same in its XMP metadata, with its own identifiers.
    en_pdf, fr_pdf = xmp(edition(project, "en", "pdf")), xmp(edition(project, "fr", "pdf"))
    assert fr_pdf.xpath("string(//dc:identifier)", namespaces=XMP_NS) == "urn:isbn:9781861978769"
    en_id = en_pdf.xpath("string(//dc:identifier)", namespaces=XMP_NS)
    assert en_id.startswith("urn:uuid:") and fr_pdf.xpath("string(//dc:source)", namespaces=XMP_NS) == en_id
    assert fr_pdf.xpath("string(//calibre:series/rdf:value)", namespaces=XMP_NS) == "Tiny Tests"
    assert fr_pdf.xpath("string(//calibre:series/calibreSI:series_index)", namespaces=XMP_NS) == "3"


def test_an_invalid_isbn_is_one_clear_line(project):
    with (project / "locales" / "fr" / "locale.yaml").open("a", encoding="utf-8") as locale:
        locale.write("isbn: {epub: '9781861972713'}\n")
    result = run_build(project, "--formats", "epub", "--locales", "fr")
    assert result.returncode == 1
    assert "locales/fr/locale.yaml" in result.stderr and "not a valid ISBN" in result.stderr


def test_epub_credits_the_translator(built):
    with zipfile.ZipFile(edition(built, "fr", "epub")) as book:
        opf = book.read("EPUB/content.opf").decode()
    assert ">trl</meta>" in opf and "<dc:contributor" in opf
    assert "Un tout petit livre" in opf


def test_html_marks_fallbacks_and_translates(built):
    page = lxml_html.fromstring(edition(built, "fr", "html").read_bytes())
    assert page.get("lang") == "fr" and page.get("dir") == "ltr"
    text = page.text_content()
    assert "Une légende de la figure." in text and "Une note qui explique." in text
    assert page.xpath('//img/@alt') == ["Texte de remplacement."]
    fallback = page.xpath('//main//span[@lang="en"]')
    assert any("The Second Chapter" in span.text_content() for span in fallback)
    assert page.xpath('//a[@href="#next-steps"]') and not page.xpath('//a[contains(@href, ".md")]')
    assert (built / "dist" / "fr" / "img" / "photo.png").is_file()


def test_pdf_has_fonts_metadata_and_bookmarks(built):
    for tag in ("en", "fr", "ar"):
        path = edition(built, tag, "pdf")
        assert all(font["emb"] == "yes" for font in pdffonts(path))
        assert fonts_with_missing_glyphs(path) == []
        meta = pdf_metadata(path)
        assert meta["title"] and meta["lang"] == tag
        assert len(meta["outline"]) >= 3
    assert "كتاب صغير جدا" in pdftotext(edition(built, "ar", "pdf"))
    assert any("Naskh" in font["name"] for font in pdffonts(edition(built, "ar", "pdf")))


def test_a_second_build_rewrites_nothing(built):
    before = {p: p.stat().st_mtime_ns for p in (built / "dist").rglob("*") if p.is_file()}
    result = run_build(built)
    assert result.returncode == 0, result.stderr
    assert "0 built, 3 unchanged" in result.stdout
    after = {p: p.stat().st_mtime_ns for p in (built / "dist").rglob("*") if p.is_file()}
    assert after == before


def test_strict_fails_below_required_coverage(built):
    result = run_build(built, "--strict", "--formats", "html")
    assert result.returncode == 1
    assert "coverage 27% is below the required 100%" in result.stderr


def test_unknown_locale_is_one_clear_line(built):
    result = run_build(built, "--locales", "it")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: unknown locale 'it': there is no locales/it/locale.yaml "
        f"(create it with: python build.py new-locale it --project {built})"]


def test_new_locale_builds_three_editions_with_source_text(project):
    created = run_cli("new-locale", "it", "--project", str(project))
    assert created.returncode == 0, created.stderr
    assert (project / "locales" / "it" / "LC_MESSAGES" / "messages.po").is_file()
    result = run_build(project, "--locales", "it")
    assert result.returncode == 0, result.stderr
    entries = [e for e in manifest(project)["editions"] if e["locale"] == "it"]
    assert sorted(e["format"] for e in entries) == ["epub", "html", "pdf"]
    assert all(e["coverage"] == 0.0 for e in entries)


def test_broken_memory_is_reported_and_the_others_still_load(project):
    (project / "locales" / "fr" / "extra.tmx").write_text(tmx([("Tiny Press", "Petites Presses")], "fr"))
    (project / "locales" / "fr" / "memory.tmx").write_text("<tmx>\n<body>\n<tu>\n")
    result = run_build(project, "--locales", "fr", "--formats", "html")
    assert result.returncode == 0, result.stderr
    assert "[fr] locales/fr/memory.tmx:4: warning: malformed XML" in result.stderr
    assert "Petites Presses" in (project / "dist" / "fr" / "index.html").read_text(encoding="utf-8")


def test_broken_memory_fails_a_strict_build_and_keeps_the_previous_edition(project):
    project_locale = project / "locales" / "fr" / "locale.yaml"
    project_locale.write_text(project_locale.read_text().replace("required-coverage: 1.0", "required-coverage: 0.2"))
    strict_fr = ("--locales", "fr", "--formats", "html,epub", "--strict")
    first = run_build(project, *strict_fr)
    assert first.returncode == 0, first.stderr
    page = project / "dist" / "fr" / "index.html"
    before = page.read_bytes()
    (project / "locales" / "fr" / "memory.tmx").write_text("<tmx>\n<body>\n<tu>\n")
    result = run_build(project, *strict_fr)
    assert result.returncode == 1
    assert "locales/fr/memory.tmx:4: warning: malformed XML" in result.stderr
    assert page.read_bytes() == before
    assert not list((project / "dist").rglob("*.part"))


def test_hostile_translations_stay_text_and_reach_no_file(project):
    hostile = [("A Tiny Book", "<img src=x onerror=alert(1)>Livre"),
               ("A caption of the figure.", "Légende ![x](file:///etc/passwd)"),
               ("Alternative text.", "\"><script>alert(2)</script>")]
    (project / "locales" / "fr" / "memory.tmx").write_text(tmx(hostile, "fr"), encoding="utf-8")
    result = run_build(project, "--locales", "fr", "--formats", "html,epub")
    assert result.returncode == 0, result.stderr
    assert "(one-2124abfd): error: markup the source does not have (attributes, targets, raw codes): " \
        "Image file:///etc/passwd" in result.stderr       # refused before it is applied, naming the unit
    page = (project / "dist" / "fr" / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "<img src=x" not in page
    assert "(qa-raw-markup)" in result.stderr          # withheld: the source stays
    assert '<h1 class="title"><span lang="en">A Tiny Book</span></h1>' in page
    assert "passwd" not in page
    assert run_epubcheck(edition(project, "fr", "epub"))[:2] == (0, 0)


def test_builds_are_reproducible_with_one_worker_or_a_pool(tmp_path):
    """Two builds, one rendering in the build's own process (``--jobs 1``), one in a pool of
    two workers: the same bytes, the EPUB's page-list from its PDF's page map included."""
    outputs = []
    for name, jobs in (("a", "1"), ("b", "2")):
        project = write_project(tmp_path / name)
        assert run_build(project, "--locales", "fr", "--jobs", jobs).returncode == 0
        outputs.append({p.relative_to(project).as_posix(): p.read_bytes()
                        for p in (project / "dist" / "fr").rglob("*") if p.is_file()})
    assert outputs[0] == outputs[1]
    with zipfile.ZipFile(io.BytesIO(outputs[0]["dist/fr/a-tiny-book.fr.epub"])) as book:
        assert 'epub:type="page-list"' in book.read("EPUB/nav.xhtml").decode("utf-8")


@pytest.mark.parametrize("jobs", ["-1", "two", ""])
def test_a_number_of_workers_that_is_none_is_one_line(jobs):
    result = run_cli("--jobs", jobs)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == \
        f"build.py: error: argument --jobs: '{jobs}': expected a whole number, 0 for one per core"


def test_missing_font_stops_with_the_package_to_install(project):
    locale_file = project / "locales" / "fr" / "locale.yaml"
    locale_file.write_text(locale_file.read_text().replace('body: ["Noto Serif"]', 'body: ["Nowhere Serif"]'))
    result = run_build(project, "--locales", "fr", "--formats", "pdf")
    assert result.returncode == 1
    assert result.stderr.strip() == ("error: locales/fr/locale.yaml: font 'Nowhere Serif' is not installed; "
                                     "install it with: apt-get install fonts-noto-core")


def test_characters_without_a_glyph_fail_the_print_edition(project):
    (project / "locales" / "fr" / "memory.tmx").write_text(
        tmx([("A Tiny Book", "Un livre 小书 ཀ")], "fr"), encoding="utf-8")
    result = run_build(project, "--locales", "fr", "--formats", "pdf")
    assert result.returncode == 1
    assert "missing-glyph" in result.stderr and "U+0F40" in result.stderr
    assert not (project / "dist" / "fr").exists()


def test_dist_holds_only_what_is_published(built):
    """The work files (state, lock) are in build/, beside dist/."""
    dist = built / "dist"
    hidden = [p.relative_to(dist).as_posix() for p in dist.rglob(".*")]
    assert hidden == []
    assert not (dist / "reports").exists() and not (dist / "exchange").exists()
    assert not list(dist.rglob("review.html"))
    assert (built / "build" / "editions-state.json").is_file() and (built / "build" / "editions.lock").is_file()
    published = {p.name for p in dist.iterdir()}
    assert published == {"ar", "en", "fr", "covers", "index.html", "status.html", "manifest.json", "SHA256SUMS",
                         "opds.xml", "opds.json", "a-tiny-book.ar.html", "a-tiny-book.en.html",
                         "a-tiny-book.fr.html"}


def test_a_new_source_isbn_rebuilds_the_translations_that_name_it(project):
    assert run_build(project, "--formats", "epub", "--locales", "en,fr").returncode == 0
    with (project / "locales" / "en" / "locale.yaml").open("a", encoding="utf-8") as locale:
        locale.write("isbn: {epub: '9780306406157'}\n")
    result = run_build(project, "--formats", "epub", "--locales", "en,fr")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(edition(project, "fr", "epub")) as book:
        assert "<dc:source>urn:isbn:9780306406157</dc:source>" in book.read("EPUB/content.opf").decode()
    with (project / "locales" / "fr" / "locale.yaml").open("a", encoding="utf-8") as locale:
        locale.write("# a comment\n")
    again = run_build(project, "--formats", "epub", "--locales", "en,fr")
    rows = {line.split()[0]: line for line in again.stdout.splitlines() if " built, " in line}
    assert rows["en"].endswith("0 built, 1 unchanged") and rows["fr"].endswith("1 built, 0 unchanged")
