"""The download site of dist/: the home page, a page per publication and locale in that
locale's UI words, the HTML editions' links to their EPUB, PDF and other languages, and
the sitemap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from builds import run_build
from conftest import PUBLICATION, write_project
from lxml import etree
from lxml import html as lxml_html

from editions.locale.settings import display_name
from editions.render import FORMATS

SITE_URL = "https://books.example.org/tiny/"
TAGS = ("ar", "en", "fr")


def build(project: Path, *args: str) -> None:
    result = run_build(project, *args)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = write_project(tmp_path_factory.mktemp("site") / "tiny")
    (project / "content" / "publication.yaml").write_text(
        PUBLICATION + f"cover-image: img/photo.png\nsite-url: {SITE_URL}\n", encoding="utf-8")
    build(project, "--formats", "html,epub")
    return project / "dist"


def page(path: Path):
    return lxml_html.fromstring(path.read_bytes())


def editions(dist: Path) -> list[dict]:
    return json.loads((dist / "manifest.json").read_text(encoding="utf-8"))["editions"]


def test_home_lists_the_publication_with_cover_title_and_languages(site):
    home = page(site / "index.html")
    assert home.get("lang") == "en"
    assert home.xpath("string(//main//h2/a)") == "A Tiny Book"
    thumbnail = home.xpath("//img[@class='thumbnail']/@src")[0]
    assert (site / thumbnail).is_file()
    links = {a.get("hreflang"): a for a in home.xpath("//ul[@class='languages']/li/a")}
    assert sorted(links) == list(TAGS)
    for tag, link in links.items():
        assert link.text_content() == display_name(tag) and link.get("lang") == tag
        assert (site / link.get("href")).is_file()
    assert home.xpath("//a[@href='status.html']") and home.xpath("//a[@href='SHA256SUMS']")
    assert home.xpath("//a[@href='opds.xml']") and home.xpath("//a[@href='opds.json']")


@pytest.mark.parametrize("tag, words, direction", [
    ("en", ("Language", "Format", "Size", "Date"), "ltr"),
    ("fr", ("Langue", "Format", "Taille", "Date"), "ltr"),
    ("ar", ("اللغة", "الصيغة", "الحجم", "التاريخ"), "rtl")])
def test_publication_page_lists_every_edition_in_the_locale_words(site, tag, words, direction):
    document = page(site / f"a-tiny-book.{tag}.html")
    assert (document.get("lang"), document.get("dir")) == (tag, direction)
    assert tuple(th.text_content() for th in document.xpath("//table//th"))[:4] == words
    listed = sorted(editions(site), key=lambda e: (e["locale"], list(FORMATS).index(e["format"])))
    assert len(listed) == 6
    groups = document.xpath("//table/tbody")
    assert len(groups) == 3
    for group in groups:
        name = group.xpath("tr[1]/th[@scope='rowgroup']/span")[0]
        own = [e for e in listed if e["locale"] == name.get("lang")]
        assert name.text_content() == display_name(name.get("lang"))
        assert len(group.xpath("tr")) == len(own) == 2
        for row, edition in zip(group.xpath("tr"), own):
            cells = row.xpath("td")
            assert cells[0].xpath("a/@href") == [edition["path"]]
            assert cells[0].text_content() == edition["format"].upper()
            assert cells[1].get("data-bytes") == str(edition["bytes"]) and cells[1].text_content().strip()
            assert cells[2].xpath("time/@datetime") == ["2024-06-24"]
            assert cells[3].text_content() == edition["sha256"]
    alternates = {link.get("hreflang"): link.get("href")
                  for link in document.xpath("//link[@rel='alternate'][@hreflang]")}
    assert alternates == {other: f"a-tiny-book.{other}.html" for other in TAGS if other != tag}


def test_html_editions_link_their_downloads_and_other_languages(site):
    for tag in TAGS:
        document = page(site / tag / "index.html")
        alternates = {link.get("hreflang"): link.get("href") for link in document.xpath("//head/link[@hreflang]")}
        assert alternates == {other: f"../{other}/index.html" for other in TAGS if other != tag}
        downloads = {link.get("type"): link.get("href") for link in document.xpath("//head/link[@type]")}
        assert downloads == {"application/epub+zip": f"a-tiny-book.{tag}.epub",
                             "application/pdf": f"a-tiny-book.{tag}.pdf"}
        visible = document.xpath("//nav[@class='downloads']//a/@href")
        assert visible == [f"a-tiny-book.{tag}.epub", f"a-tiny-book.{tag}.pdf"]
        assert (site / tag / visible[0]).is_file()          # built here: HTML and EPUB only


def test_sitemap_lists_every_page_with_its_languages(site):
    sitemap = etree.parse(str(site / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locs = sitemap.xpath("//s:loc/text()", namespaces=ns)
    expected = ["index.html", *(f"a-tiny-book.{tag}.html" for tag in TAGS), *(f"{tag}/index.html" for tag in TAGS)]
    assert locs == [SITE_URL + path for path in expected]
    for url in sitemap.xpath("//s:url", namespaces=ns)[1:]:
        assert sorted(url.xpath("x:link/@hreflang", namespaces=ns)) == list(TAGS)


def test_no_site_url_means_no_sitemap(project):
    build(project, "--formats", "html", "--locales", "en")
    assert not (project / "dist" / "sitemap.xml").exists()
    assert (project / "dist" / "a-tiny-book.en.html").is_file()


def site_pages(site: Path, names: list[str], reports: Path):
    from editions.validate.target import Target
    return [Target("site", "html", site / name, reports / name) for name in names]


def test_site_pages_are_valid_html(site, tmp_path):
    """The Nu checker, in one run for every page: no error (a missing tool fails the test)."""
    from editions.validate import nu_html
    names = ["index.html", *(f"a-tiny-book.{tag}.html" for tag in TAGS), "fr/index.html"]
    judged = nu_html.check_all(site_pages(site, names, tmp_path))
    assert {name: [str(f) for f in findings if f.severity == "error"] for name, findings in zip(names, judged)} == \
        {name: [] for name in names}


def test_site_pages_pass_axe(site, tmp_path):
    """axe-core in headless Chromium, one browser for every page: no WCAG 2.1 A/AA violation."""
    from editions.validate import axe
    names = ["index.html", "a-tiny-book.ar.html", "a-tiny-book.fr.html"]
    judged = axe.check_all(site_pages(site, names, tmp_path))
    assert {name: [str(f) for f in findings if f.severity == "error"] for name, findings in zip(names, judged)} == \
        {name: [] for name in names}


def test_a_locale_no_longer_published_loses_its_page(project):
    build(project, "--formats", "html")
    assert (project / "dist" / "a-tiny-book.ar.html").is_file()
    import shutil
    shutil.rmtree(project / "locales" / "ar")
    shutil.rmtree(project / "dist" / "ar")
    build(project, "--formats", "html")
    assert not (project / "dist" / "a-tiny-book.ar.html").exists()
    assert sorted(p.name for p in (project / "dist").glob("a-tiny-book.*.html")) == [
        "a-tiny-book.en.html", "a-tiny-book.fr.html"]


def test_a_periodicals_sitemap_lists_each_publications_pages_with_their_own_languages():
    from editions.model import Edition
    from editions.report.site import sitemap
    html = {slug: {tag: Edition(locale=tag, format="html", path=f"{slug}/{tag}/index.html", bytes=1, sha256="0",
                                coverage=1.0, publication=slug) for tag in ("en", "fr")}
            for slug in ("2025-01", "2025-02")}
    document = etree.fromstring(sitemap(SITE_URL, [(slug, ["en", "fr"], html[slug]) for slug in html]))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = document.xpath("/s:urlset/s:url", namespaces=ns)
    assert [url.xpath("string(s:loc)", namespaces=ns).removeprefix(SITE_URL) for url in urls] == [
        "index.html", "2025-01.en.html", "2025-01.fr.html", "2025-01/en/index.html", "2025-01/fr/index.html",
        "2025-02.en.html", "2025-02.fr.html", "2025-02/en/index.html", "2025-02/fr/index.html"]
    second = urls[5].xpath("x:link/@href", namespaces=ns)
    assert [href.removeprefix(SITE_URL) for href in second] == ["2025-02.en.html", "2025-02.fr.html"]


def test_a_macro_a_project_template_imports_speaks_each_pages_language(tmp_path):
    """Jinja keeps an imported template with the globals it was first imported with: each
    locale's pages have an environment of their own, so a macro's words are the page's."""
    import shutil

    from conftest import ROOT
    project = write_project(tmp_path / "tiny")
    shutil.copytree(ROOT / "templates", project / "templates")
    (project / "templates" / "site" / "words.html").write_text(
        '{% macro heading() %}<p class="macro">{{ _("Editions") }}</p>{% endmacro %}\n', encoding="utf-8")
    publication = project / "templates" / "site" / "publication.html"
    publication.write_text('{% from "site/words.html" import heading %}' + publication.read_text(encoding="utf-8")
                           .replace("</body>", "{{ heading() }}</body>"), encoding="utf-8")
    build(project, "--formats", "html")
    words = {tag: page(project / "dist" / f"a-tiny-book.{tag}.html").xpath("string(//p[@class='macro'])")
             for tag in ("en", "fr", "ar")}
    assert words == {"en": "Editions", "fr": "Éditions", "ar": "الطبعات"}


def test_the_publications_own_cover_has_a_thumbnail_as_wide_as_each_locales(tmp_path):
    """Found by a new-user trial: without an EPUB edition a locale shows the publication's
    cover, whose thumbnail was 240 px wide while the locales' covers' were 400 px."""
    from PIL import Image

    from editions.report.feeds import THUMBNAIL_WIDTH
    project = write_project(tmp_path / "tiny")
    Image.new("RGB", (800, 1280), "navy").save(project / "content" / "img" / "cover.png")
    (project / "content" / "publication.yaml").write_text(PUBLICATION + "cover-image: img/cover.png\n",
                                                           encoding="utf-8")
    build(project, "--formats", "html")
    with Image.open(project / "dist" / "covers" / "a-tiny-book.thumbnail.png") as thumbnail:
        assert thumbnail.size == (THUMBNAIL_WIDTH, 640) == (400, 640)
