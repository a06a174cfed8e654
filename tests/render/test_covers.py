"""Each locale's cover: made from the cover template in the locale's words, script and
direction, carried by its EPUB, shown by the site and both feeds, listed in the manifest
and SHA256SUMS, the same bytes when rebuilt."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from builds import manifest, run_build
from conftest import PUBLICATION, ROOT, tmx, write_project
from lxml import etree, html
from PIL import Image
from validators import pdftotext, run_epubcheck

from editions.errors import EditionsError
from editions.model import Edition
from editions.render import cover
from editions.report.covers import epub_cover_image, write_covers

SLUG = "a-tiny-book"
TITLES = {"en": "A Tiny Book", "zh-Hans": "一本很小的书", "ar": "كتاب صغير جدا"}     # LTR, CJK, RTL
AUTHORS = {"en": "Ann Author", "zh-Hans": "安·作者", "ar": "آن المؤلفة"}
BIDI_CONTROLS = dict.fromkeys([0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
ATOM = {"a": "http://www.w3.org/2005/Atom"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def tiny_with_cover(folder: Path) -> Path:
    """The tiny publication in English, Simplified Chinese and Arabic, with the sample's
    cover artwork and its title and author translated."""
    project = write_project(folder)
    shutil.rmtree(project / "locales" / "fr")
    (project / "content" / "publication.yaml").write_text(PUBLICATION + "cover-image: img/cover.png\n",
                                                          encoding="utf-8")
    shutil.copy(ROOT / "content" / "images" / "cover.png", project / "content" / "img" / "cover.png")
    chinese = project / "locales" / "zh-Hans"
    (chinese / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(ROOT / "locales" / "zh-Hans" / "LC_MESSAGES" / "messages.po", chinese / "LC_MESSAGES")
    shutil.copy(ROOT / "locales" / "zh-Hans" / "locale.yaml", chinese)
    for tag in ("zh-Hans", "ar"):
        pairs = [("A Tiny Book", TITLES[tag]), ("Ann Author", AUTHORS[tag])]
        (project / "locales" / tag / "memory.tmx").write_text(tmx(pairs, tag), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = tiny_with_cover(tmp_path_factory.mktemp("covers") / "tiny")
    result = run_build(project, "--formats", "epub")
    assert result.returncode == 0, result.stderr
    return project


def epub_of(project: Path, tag: str) -> Path:
    return project / "dist" / tag / f"{SLUG}.{tag}.epub"


def test_each_epub_carries_its_locales_cover_of_cover_proportions(built):
    images = {}
    for tag in TITLES:
        data, media_type = epub_cover_image(epub_of(built, tag))
        assert media_type == "image/jpeg"
        with Image.open(io.BytesIO(data)) as image:
            assert (image.format, image.size) == ("JPEG", cover.SIZE) == ("JPEG", (1600, 2560))
        images[tag] = data
    assert len(set(images.values())) == len(TITLES)      # each locale's own
    with zipfile.ZipFile(epub_of(built, "ar")) as book:
        package = book.read("EPUB/content.opf").decode("utf-8")
        page = etree.fromstring(book.read("EPUB/text/cover.xhtml"))
    assert '<itemref idref="cover_xhtml" />' in package.split("<spine")[1].splitlines()[1]
    assert page.get("dir") == "rtl" and page.get("lang") == "ar"
    assert page.xpath("//*[local-name()='img']/@src") == ["../media/cover.jpg"]
    assert page.xpath("//*[local-name()='img']/@alt") == [f"{TITLES['ar']} – {AUTHORS['ar']}"]    # its words


@pytest.mark.parametrize("tag", list(TITLES))
def test_cover_shows_the_locales_title_and_author_in_logical_order(built, tag):
    """The cover's PDF reads back as the locale's title, then its author, each as written
    (the Arabic in logical order, as pdftotext gives it with the PDF's ActualText)."""
    text = pdftotext(built / "build" / "covers" / f"{SLUG}.{tag}.pdf").translate(BIDI_CONTROLS)
    assert [line.strip() for line in text.splitlines() if line.strip()] == [TITLES[tag], AUTHORS[tag]]


def test_feeds_and_site_show_each_locales_cover_and_thumbnail(built):
    dist = built / "dist"
    expected = {tag: (f"covers/{SLUG}.{tag}.jpg", f"covers/{SLUG}.{tag}.thumbnail.png") for tag in TITLES}
    feed = etree.parse(str(dist / "opds.xml"))
    opds1 = {entry.get(XML_LANG): (
        entry.xpath("a:link[@rel='http://opds-spec.org/image']/@href", namespaces=ATOM)[0],
        entry.xpath("a:link[@rel='http://opds-spec.org/image/thumbnail']/@href", namespaces=ATOM)[0])
        for entry in feed.xpath("//a:entry", namespaces=ATOM)}
    opds2 = {publication["metadata"]["language"]: tuple(image["href"] for image in publication["images"])
             for publication in json.loads((dist / "opds.json").read_text(encoding="utf-8"))["publications"]}
    assert opds1 == opds2 == expected
    for tag, (image, thumbnail) in expected.items():
        assert (dist / image).read_bytes() == epub_cover_image(epub_of(built, tag))[0]
        with Image.open(dist / thumbnail) as small:
            assert small.size == (400, 640)
        page = html.fromstring((dist / f"{SLUG}.{tag}.html").read_bytes())
        assert page.xpath("//img[@class='cover']/@src") == [image]
    home = html.fromstring((dist / "index.html").read_bytes())
    assert home.xpath("//img[@class='thumbnail']/@src") == [expected["en"][1]]


def test_covers_are_listed_in_the_manifest_and_checksums(built):
    dist = built / "dist"
    sums = dict(reversed(line.split("  ", 1)) for line in (dist / "SHA256SUMS").read_text().splitlines())
    listed = {entry["locale"]: entry for entry in manifest(built)["covers"]}
    assert set(listed) == set(TITLES)
    for entry in listed.values():
        for kind, size in (("image", (1600, 2560)), ("thumbnail", (400, 640))):
            path = dist / entry[kind]["path"]
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            assert entry[kind]["sha256"] == sums[entry[kind]["path"]] == digest
            assert (entry[kind]["width"], entry[kind]["height"]) == size
            assert entry[kind]["bytes"] == path.stat().st_size
    assert sorted(p.name for p in (dist / "covers").iterdir()) == sorted(
        name for tag in TITLES for name in (f"{SLUG}.{tag}.jpg", f"{SLUG}.{tag}.thumbnail.png"))


@pytest.mark.parametrize("tag", ["zh-Hans", "ar"])
def test_epubs_with_their_covers_pass_epubcheck(built, tag):
    errors, warnings, report = run_epubcheck(epub_of(built, tag))
    assert (errors, warnings) == (0, 0), report


def test_a_cover_is_made_once_and_rebuilt_byte_for_byte(built):
    """A build with nothing changed makes no cover; an EPUB rebuilt makes the same cover
    and the same book (SOURCE_DATE_EPOCH is set by the tests)."""
    book, proof = epub_of(built, "ar"), built / "build" / "covers" / f"{SLUG}.ar.pdf"
    before, laid_out = book.read_bytes(), proof.read_bytes()
    proof.unlink()      # written whenever the cover is made: its absence shows none was
    again = run_build(built, "--formats", "epub")
    assert again.returncode == 0 and not proof.exists(), again.stderr
    book.unlink()
    rebuilt = run_build(built, "--formats", "epub", "--locales", "ar")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert proof.read_bytes() == laid_out
    assert book.read_bytes() == before


def test_a_project_template_folder_without_the_cover_template_is_one_line(tmp_path):
    project = tiny_with_cover(tmp_path / "tiny")
    shutil.copytree(ROOT / "templates", project / "templates", ignore=shutil.ignore_patterns("cover"))
    result = run_build(project, "--formats", "epub", "--locales", "en")
    assert result.returncode != 0
    assert "dist/en/a-tiny-book.en.epub: templates/cover/cover.css: the cover template cover/cover.css is missing" \
        in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_rasterizing_without_pdftoppm_names_the_package(tmp_path, monkeypatch):
    monkeypatch.setattr(cover.shutil, "which", lambda name: None)
    with pytest.raises(EditionsError, match="pdftoppm is missing.*poppler-utils"):
        cover.rasterize(tmp_path / "cover.pdf", cover.SIZE)


def test_a_locale_without_an_epub_shows_the_publications_cover_image(tmp_path):
    project = tiny_with_cover(tmp_path / "tiny")
    dist = project / "dist"
    page = Edition(locale="fr", format="html", path="fr/index.html", bytes=1, sha256="0", coverage=1.0)
    covers = write_covers(project, dist, SLUG, {"cover-image": "img/cover.png"}, [page])
    assert covers["fr"].path == f"covers/{SLUG}.png"
    assert (dist / covers["fr"].path).read_bytes() == (project / "content" / "img" / "cover.png").read_bytes()
    assert (dist / covers["fr"].thumbnail).is_file()
