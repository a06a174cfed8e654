"""Manuscripts as written by people: raw HTML, SVG figures, paths that leave the project.

Every path a manuscript names, in Markdown or raw HTML, is a file inside the project or
one clear error; comments reach no output; raw HTML is written back well-formed, what an
edition may not hold is dropped or converted with a warning naming file and line; SVG is
published sanitized. The EPUB of a manuscript that builds passes EPUBCheck.
"""

from __future__ import annotations

import re
import socket
import zipfile
from pathlib import Path

import pytest
from conftest import png_bytes, write_project
from lxml import etree
from pypdf import PdfReader
from validators import pdftotext, run_epubcheck

from editions.errors import EditionsError
from editions.pipeline import BuildRequest, build

MARKER = "SECRET-7f3a9c-OUTSIDE"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any connection the build tries to open, in this process or a forked worker, fails
    the test: the attempts are recorded and refused."""
    attempts: list = []

    def refuse(self, address, *args):
        attempts.append(address)
        raise OSError(f"test: the build opened a connection to {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    yield attempts
    assert attempts == [], f"the build tried to connect to {attempts}"


def manuscript(root: Path, extra: str, chapter: str = "two.md") -> Path:
    """The two-chapter project with ``extra`` appended to a chapter, and a secret file
    beside (outside) the project."""
    write_project(root)
    (root.parent / "secret.png").write_text(MARKER, encoding="utf-8")
    (root.parent / "secret.svg").write_text(f"<svg xmlns='http://www.w3.org/2000/svg'><text>{MARKER}</text></svg>",
                                            encoding="utf-8")
    path = root / "content" / chapter
    path.write_text(path.read_text(encoding="utf-8") + "\n" + extra + "\n", encoding="utf-8")
    return root


def line_of(root: Path, text: str, chapter: str = "two.md") -> int:
    source = (root / "content" / chapter).read_text(encoding="utf-8")
    return source[:source.index(text)].count("\n") + 1


def run(root: Path, formats=("html", "epub")):
    result = build(BuildRequest(root=root, formats=formats, locales=("en",), workers=1),
                   progress=lambda _line: None)
    assert result.failures == [], result.failures
    return result


def epub_of(root: Path) -> Path:
    return next((root / "dist" / "en").glob("*.epub"))


def output_texts(root: Path) -> dict[str, bytes]:
    """Every file of the built editions, EPUB members unpacked, the PDF also as its text
    (the build's own records, which quote the warnings, are not editions)."""
    found: dict[str, bytes] = {}
    for path in (root / "dist" / "en").rglob("*"):
        if not path.is_file():
            continue
        found[str(path)] = path.read_bytes()
        if path.suffix == ".epub":
            with zipfile.ZipFile(path) as book:
                for name in book.namelist():
                    found[f"{path}!{name}"] = book.read(name)
        if path.suffix == ".pdf":
            found[f"{path}!text"] = pdftotext(path).encode("utf-8")
    return found


def assert_nothing_outside_reached(root: Path) -> None:
    leaked = [name for name, data in output_texts(root).items() if MARKER.encode() in data]
    assert leaked == []


def assert_epubcheck_passes(root: Path) -> None:
    errors, warnings, report = run_epubcheck(epub_of(root))
    assert (errors, warnings) == (0, 0), report


def content_documents(root: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(epub_of(root)) as book:
        return {name: book.read(name) for name in book.namelist() if name.endswith(".xhtml")}


def issues_of(result, code: str) -> list[str]:
    return [f"{i.location}: {i.message}" for i in result.issues if i.code == code]


# --- Paths a manuscript names: a file inside the project, or one clear line --------------

REFUSED = {
    "img-absolute-path": ('Text <img src="/etc/passwd" alt="x"> more.', "image '/etc/passwd' lies outside the project"),
    "img-file-url": ('Text <img src="file:///etc/passwd" alt="x"> more.',
                     "remote image 'file:///etc/passwd' refused"),
    "img-relative-outside": ('<img src="../../secret.png" alt="x">', "image '../../secret.png' lies outside the project"),
    "img-http": ('<img src="http://127.0.0.1:9/x.png" alt="x">', "remote image 'http://127.0.0.1:9/x.png' refused"),
    "srcset": ('<img src="img/photo.png" srcset="img/photo.png 1x, /etc/passwd 2x" alt="x">',
               "image '/etc/passwd' lies outside the project"),
    "video-poster": ('<video controls poster="file:///etc/passwd"></video>', "remote image 'file:///etc/passwd' refused"),
    "source-src": ('<video controls>\n<source src="https://example.org/v.mp4">\n</video>',
                   "remote image 'https://example.org/v.mp4' refused"),
    "missing-file": ('<img src="img/nowhere.png" alt="x">', "image 'img/nowhere.png' not found"),
    "script-link": ('<a href="javascript:alert(1)">x</a>', "link 'javascript:alert(1)' refused"),
    "script-link-with-a-tab": ('<a href="java&#9;script:alert(1)">x</a>', "link 'java\tscript:alert(1)' refused"),
    "id-of-a-heading": ('<b id="next-steps">x</b>', "id 'next-steps' in raw HTML is also used in content/two.md"),
    "id-twice": ('<b id="twice">x</b> and <i id="twice">y</i>', "id 'twice' in raw HTML is also used"),
    "file-link": ('<a href="file:///etc/passwd">x</a>', "link 'file:///etc/passwd' refused"),
    "markdown-script-link": ("[x](javascript:alert(1))", "link 'javascript:alert(1)' refused"),
    "raw-block": ('```{=html}\n<div><img src="/etc/passwd"></div>\n```', "image '/etc/passwd' lies outside",
                  "<div><img"),
    "raw-inline": ('Text `<img src="/etc/passwd">`{=html} more.', "image '/etc/passwd' lies outside"),
    "markdown-image-attribute": ('![x](img/photo.png){srcset="/etc/passwd 2x"}', None),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_path_outside_the_project_in_raw_html_is_one_clear_line(tmp_path, case):
    extra, message, *where = REFUSED[case]
    root = manuscript(tmp_path / "book", extra)
    if message is None:         # not a path the edition reads: the attribute is dropped, with a warning
        result = run(root)
        assert issues_of(result, "raw-html-attribute") == [
            (f"content/two.md:{line_of(root, extra)}: attribute 'srcset' names a resource outside the checks "
             "of images and links: dropped")]
        assert_nothing_outside_reached(root)
        return
    with pytest.raises(EditionsError) as error:
        run(root)
    first = where[0] if where else extra.split("\n")[0] if case != "source-src" else "<source"
    assert error.value.path == "content/two.md"
    assert error.value.line == line_of(root, first)
    assert message in error.value.message
    assert str(error.value).startswith(f"content/two.md:{error.value.line}: ")
    assert not (root / "dist" / "en").exists()


def test_raw_img_of_a_remote_url_opens_no_connection_in_any_format(tmp_path, no_network):
    root = manuscript(tmp_path / "book", '<img src="http://127.0.0.1:9/x.png" alt="x">')
    with pytest.raises(EditionsError, match=r"content/two.md:\d+: <img src>: remote image"):
        run(root, formats=("html", "epub", "pdf"))
    assert no_network == []


def test_pandoc_reads_no_file_the_manuscript_names(tmp_path, monkeypatch):
    """Every pandoc call, the EPUB writer's included, runs with --sandbox."""
    import subprocess

    from editions.render import epub, html
    from editions.source import pandoc
    calls: list[list[str]] = []
    real = subprocess.run

    def recording(command, *args, **kwargs):
        if Path(command[0]).name == "pandoc":       # not the cover's pdftoppm
            calls.append(list(command))
        return real(command, *args, **kwargs)
    monkeypatch.setattr(pandoc.subprocess, "run", recording)
    from editions import TOOL_TEMPLATES
    from editions.locale.work import locale_work, read_locales
    from editions.source import read_source
    root = write_project(tmp_path / "book")
    y = root / "content" / "publication.yaml"
    y.write_text(y.read_text(encoding="utf-8") + "cover-image: img/photo.png\n", encoding="utf-8")
    source = read_source(root)
    work = locale_work(source, read_locales(root, source.language, ("en",))[0])
    epub.render(work.localized, TOOL_TEMPLATES, tmp_path / "book.epub")
    html.render(work.localized, TOOL_TEMPLATES, tmp_path / "html" / "index.html")
    assert calls and all("--sandbox" in call for call in calls)
    assert any("epub3" in call for call in calls)
    errors, warnings, report = run_epubcheck(tmp_path / "book.epub")
    assert (errors, warnings) == (0, 0), report
    with zipfile.ZipFile(tmp_path / "book.epub") as book:
        opf = book.read("EPUB/content.opf").decode()
        assert 'properties="cover-image"' in opf
        stylesheet = next(book.read(n) for n in book.namelist() if n.endswith(".css")).decode()
    assert "font-family" in stylesheet and "Noto" in stylesheet


# --- Raw HTML that builds: written well-formed, EPUBCheck passes ---------------------------

ACCEPTED = """<!-- remark -- keep -->

Line one<br>line two <b>bold <i>it</b> then <!-- an inline remark --> plain.

<details>
Hidden text.
</details>

<details>
<summary>More</summary>

Shown on demand.
</details>

<style>p { color: red }</style>

<script>alert("boo")</script>

Click <span onclick="alert(1)" style="background: url(http://127.0.0.1:9/t.png)">here</span>.

| Name | Picture |
|------|---------|
| cell | <img src="img/cell.png" alt="A picture in a cell."> |

<div class="aside">
An unclosed <em>emphasis
</div>

<marquee>Moving text</marquee> stays as text.

Back <a href="one.md#section-one">to the section</a>.

<p>

A paragraph inside a raw p.

</p>

<p class="lead">
A lead paragraph before a list:

- an item after an unclosed raw p
</p>
"""


@pytest.fixture(scope="module")
def accepted(tmp_path_factory):
    root = manuscript(tmp_path_factory.mktemp("accepted") / "book", ACCEPTED)
    (root / "content" / "img" / "cell.png").write_bytes(png_bytes(5, 5))
    result = run(root, formats=("html", "epub", "pdf"))
    errors, warnings, report = run_epubcheck(epub_of(root))
    return root, result, (errors, warnings, report)


def test_accepted_raw_html_epub_passes_epubcheck(accepted):
    _root, _result, (errors, warnings, report) = accepted
    assert (errors, warnings) == (0, 0), report


def test_every_content_document_is_well_formed_xml(accepted):
    root, _result, _check = accepted
    for data in content_documents(root).values():
        etree.fromstring(data)          # raises on a document that is not well-formed


def test_html_comments_reach_no_output(accepted):
    root, _result, _check = accepted
    for name, data in output_texts(root).items():
        assert b"remark" not in data, name
    page = (root / "dist" / "en" / "index.html").read_text(encoding="utf-8")
    assert "then plain." in page                 # one space where the inline comment was


def test_inline_br_is_written_as_xhtml(accepted):
    root, _result, _check = accepted
    body = b"".join(content_documents(root).values()).decode()
    assert re.search(r"Line one<br ?/>line two", body)
    assert "<b>bold <i>it</i></b> then" in body


def test_details_without_summary_becomes_a_div_with_a_warning(accepted):
    root, result, _check = accepted
    line = line_of(root, "<details>\nHidden")
    assert issues_of(result, "raw-html-converted") == [
        f"content/two.md:{line}: <details> without a <summary> first: written as a <div>"]
    body = b"".join(content_documents(root).values()).decode()
    assert body.count("<details>") == 1 and "<summary>More</summary>" in body.replace("\n", "")


def test_style_and_script_in_a_body_are_dropped_with_a_warning(accepted):
    root, result, _check = accepted
    dropped = issues_of(result, "raw-html-dropped")
    assert f"content/two.md:{line_of(root, '<style>')}: <style> is not allowed in an edition: " \
           "dropped, with its content" in dropped
    assert f"content/two.md:{line_of(root, '<script>')}: <script> is not allowed in an edition: " \
           "dropped, with its content" in dropped
    assert f"content/two.md:{line_of(root, '<marquee>')}: <marquee> is not allowed in an edition: " \
           "dropped, its text kept" in dropped
    for name, data in output_texts(root).items():
        assert b"color: red" not in data and b'alert("boo")' not in data, name
    page = (root / "dist" / "en" / "index.html").read_text(encoding="utf-8")
    assert "Moving text stays as text." in page


def test_event_handlers_and_style_urls_are_dropped_with_a_warning(accepted):
    root, result, _check = accepted
    line = line_of(root, "Click <span")
    assert issues_of(result, "raw-html-attribute") == [
        f"content/two.md:{line}: attribute 'onclick' is not allowed: dropped",
        f"content/two.md:{line}: a style that names a resource is not allowed: dropped"]
    for name, data in output_texts(root).items():
        assert b"onclick" not in data and b"127.0.0.1" not in data, name


def test_unclosed_raw_tags_are_closed_where_their_block_ends(accepted):
    root, _result, _check = accepted
    page = (root / "dist" / "en" / "index.html").read_text(encoding="utf-8")
    assert "An unclosed <em>emphasis</em>" in page


def test_an_image_in_a_table_cell_is_published_in_every_format(accepted):
    root, _result, _check = accepted
    edition = root / "dist" / "en"
    page = (edition / "index.html").read_text(encoding="utf-8")
    assert '<img src="img/cell.png" alt="A picture in a cell." />' in page
    assert (edition / "img" / "cell.png").read_bytes() == (root / "content" / "img" / "cell.png").read_bytes()
    with zipfile.ZipFile(epub_of(root)) as book:
        media = [book.read(n) for n in book.namelist() if "/media/" in n]
    assert (root / "content" / "img" / "cell.png").read_bytes() in media
    pdf = next(edition.glob("*.pdf"))
    sizes = {(int(image.image.width), int(image.image.height))
             for page in PdfReader(str(pdf)).pages for image in page.images}
    assert (5, 5) in sizes
    assert "A picture in a cell." not in pdftotext(pdf)


def test_a_raw_link_to_another_chapter_points_at_its_file(accepted):
    root, _result, _check = accepted
    page = (root / "dist" / "en" / "index.html").read_text(encoding="utf-8")
    assert '<a href="#section-one">to the section</a>' in page
    second = next(data for name, data in content_documents(root).items() if b"to the section" in data)
    assert b'<a href="ch001.xhtml#section-one">to the section</a>' in second


def test_raw_html_in_the_metadata_obeys_the_same_rule(tmp_path):
    root = write_project(tmp_path / "book")
    config = root / "content" / "publication.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "description: A book for tests.", 'description: A book <img src="/etc/passwd"> for tests.'),
        encoding="utf-8")
    with pytest.raises(EditionsError, match=r"^content/publication.yaml: <img src>: image '/etc/passwd' "
                                             "lies outside the project"):
        run(root)


def test_a_paragraph_in_a_raw_p_is_not_nested(accepted):
    root, _result, _check = accepted
    body = b"".join(content_documents(root).values()).decode()
    assert "<p>\nA paragraph inside a raw p.\n</p>" in body
    assert re.search(r'<p class="lead">\s*A lead paragraph before a list:\s*</p>\s*<ul>', body)


def test_implied_end_tags_are_written(tmp_path):
    from editions.source import pandoc
    from editions.source.publication import read_publication
    root = manuscript(tmp_path / "book", "<ul><li>one<li>two</ul>\n\n<p>text<div>block</div>")
    chapter = read_publication(root).chapters[1]
    written = pandoc.write(pandoc.document(chapter.blocks), "html5", ["--wrap=none"]).replace("\n", "")
    assert "<ul><li>one</li><li>two</li></ul>" in written
    assert "<p>text</p><div>block</div>" in written


def test_text_directly_in_a_raw_list_is_reported(tmp_path):
    from editions.source.publication import read_publication
    root = manuscript(tmp_path / "book", "<ul>\nStray text in a list.\n<li>Item</li>\n</ul>")
    issues = [str(i) for i in read_publication(root).issues]
    assert issues == [(f"content/two.md:{line_of(root, '<ul>')}: warning: <ul> holds text directly, outside "
                       "<li>: the EPUB will not pass EPUBCheck (raw-html-structure)")]


def test_a_raw_img_without_alt_text_is_a_warning(tmp_path):
    from editions.source.publication import read_publication
    root = manuscript(tmp_path / "book", 'A picture: <img src="img/photo.png">.')
    issues = [str(i) for i in read_publication(root).issues]
    assert issues == [(f"content/two.md:{line_of(root, 'A picture')}: warning: <img> without alt text: "
                       'write alt="…" (alt="" for an image that only decorates) (raw-html-alt)')]


def test_raw_images_count_in_the_accessibility_facts(tmp_path):
    from editions.locale.work import locale_work, read_locales
    from editions.render.accessibility import facts_of
    from editions.source import read_source
    root = manuscript(tmp_path / "book", 'A picture: <img src="img/photo.png" alt="A grey square.">, '
                                         'another: <img src="img/photo.png">.')
    source = read_source(root)
    en, fr = (locale_work(source, locale).localized for locale in read_locales(root, "en", ("en", "fr")))
    assert (facts_of(en).images, facts_of(en).alt_missing, facts_of(en).alt_other_language) == (3, 1, 0)
    # raw HTML is not translated: in the French edition its alt text is English
    assert (facts_of(fr).alt_missing, facts_of(fr).alt_other_language) == (1, 1)
    assert not facts_of(en).alt_in_language


def test_accepted_manuscript_reads_no_outside_file(accepted):
    root, _result, _check = accepted
    assert_nothing_outside_reached(root)


def test_a_content_document_that_is_not_xml_fails_the_edition_with_one_line(tmp_path):
    """What once came back from a worker as "cannot pickle 'lxml.etree._ListErrorLog'"."""
    import pickle

    from editions.render.epub_package import PageList, finish
    book = tmp_path / "book.epub"
    with zipfile.ZipFile(book, "w") as new:
        new.writestr("mimetype", "application/epub+zip")
        new.writestr("EPUB/content.opf", "<package/>")
        new.writestr("EPUB/nav.xhtml", "<html xmlns='http://www.w3.org/1999/xhtml'/>")
        new.writestr("EPUB/text/ch001.xhtml", "<html><body><p>one<br></p></body></html>")
    with pytest.raises(EditionsError) as error:
        finish(book, [], {}, PageList(starts={}, heading="", metas=[], anchor_prefix="Block-"))
    assert str(error.value).startswith("EPUB/text/ch001.xhtml:1: the EPUB's EPUB/text/ch001.xhtml is not "
                                       "well-formed XML")
    assert str(pickle.loads(pickle.dumps(error.value))) == str(error.value)


# --- SVG figures -----------------------------------------------------------------------------

HOSTILE_SVG = """<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="40" height="30" viewBox="0 0 40 30" onload="alert('svg-onload')">
  <script>alert('svg-script')</script>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#888"/></linearGradient></defs>
  <rect width="40" height="30" fill="url(#g)"/>
  <image xlink:href="file://OUTSIDE" width="10" height="10"/>
  <image href="http://127.0.0.1:9/tracker.png" width="10" height="10"/>
  <use href="#missing-or-not"/>
  <rect width="5" height="5" style="fill: url(http://127.0.0.1:9/paint.svg)"/>
  <style>@import url(http://127.0.0.1:9/more.css); rect { stroke: url(https://127.0.0.1:9/s) }</style>
  <foreignObject width="10" height="10"><p xmlns="http://www.w3.org/1999/xhtml">svg-foreign</p></foreignObject>
</svg>
"""


def test_hostile_svg_figure_is_published_sanitized(tmp_path):
    root = manuscript(tmp_path / "book", '![A diagram.](img/figure.svg){#fig-svg alt="A diagram."}')
    secret = root.parent / "secret.svg"
    (root / "content" / "img" / "figure.svg").write_text(HOSTILE_SVG.replace("OUTSIDE", str(secret)), encoding="utf-8")
    result = run(root, formats=("html", "epub", "pdf"))
    [warning] = issues_of(result, "svg-sanitized")
    assert warning.startswith("content/img/figure.svg: not published from this SVG: <script>, <foreignObject>, "
                              "the event handler 'onload', the reference 'file://")
    published = (root / "dist" / "en" / "img" / "figure.svg").read_bytes()
    assert b'fill="url(#g)"' in published and b'href="#missing-or-not"' in published
    for name, data in output_texts(root).items():
        for word in (b"svg-onload", b"svg-script", b"svg-foreign", b"127.0.0.1", b"file://", b"<script"):
            assert word not in data, (name, word)
    assert_nothing_outside_reached(root)
    assert_epubcheck_passes(root)


@pytest.mark.parametrize("text, message", [
    ("<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>", "not a well-formed SVG"),
    ("<!DOCTYPE svg [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><svg xmlns='http://www.w3.org/2000/svg'>&e;</svg>",
     "an SVG that declares entities is refused"),
    ("<html xmlns='http://www.w3.org/1999/xhtml'/>", "not an SVG image"),
])
def test_svg_that_cannot_be_sanitized_is_refused_with_one_line(tmp_path, text, message):
    root = manuscript(tmp_path / "book", "![A diagram.](img/bad.svg)")
    (root / "content" / "img" / "bad.svg").write_text(text, encoding="utf-8")
    with pytest.raises(EditionsError) as error:
        run(root)
    assert str(error.value).startswith("content/img/bad.svg")
    assert message in error.value.message
