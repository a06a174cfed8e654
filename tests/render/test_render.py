"""Renderers: what they may read, page sizes, and that no text escapes translation."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from builds import run_cli
from conftest import tmx, write_project
from lxml import html as lxml_html

from editions.errors import EditionsError
from editions.render.pdf import PAGE_SIZES, PROJECT_URL, page_size, project_fetcher


def test_fetcher_serves_project_files_only(project):
    fetch = project_fetcher(project)
    image = project / "content" / "img" / "photo.png"
    assert fetch(PROJECT_URL + "content/img/photo.png").read() == image.read_bytes()
    (project.parent / "x").write_bytes(b"outside")
    for url in ("https://example.org/a.png", "file:///etc/passwd", (project.parent / "x").as_uri(),
                image.as_uri(), PROJECT_URL + "../x", PROJECT_URL + "%2e%2e/x", PROJECT_URL + "content/img",
                "file://host/project/content/img/photo.png", "data:image/png;base64,AAAA"):
        with pytest.raises(ValueError, match="refused"):
            fetch(url)


class _Meta:
    def __init__(self, value):
        self.meta = {"papersize": {"t": "MetaInlines", "c": [{"t": "Str", "c": value}]}} if value else {}


@pytest.mark.parametrize("value, expected", [(None, "A4"), ("letter", "letter"), ("A4", "A4")])
def test_page_size(value, expected):
    assert page_size(_Meta(value)) == expected


def test_unknown_page_size_is_an_error():
    with pytest.raises(EditionsError, match="papersize 'b7' is not one of"):
        page_size(_Meta("b7"))
    assert "letter" in PAGE_SIZES


def test_pseudo_locale_leaves_no_text_untranslated(tmp_path):
    """Every unit translated as ⟦source⟧: text outside the marks in an edition is text
    that escaped translation (the only words allowed are the UI catalog's)."""
    from editions.source.publication import read_publication
    from editions.source.segment import units_of
    project = write_project(tmp_path / "pseudo")
    units = units_of(read_publication(project))
    folder = project / "locales" / "fr-CA"
    shutil.copytree(project / "locales" / "fr", folder)
    (folder / "memory.tmx").write_text(tmx([(u.source, _pseudo(u.source)) for u in units], "fr-CA"),
                                       encoding="utf-8")
    result = run_cli("--project", str(project), "--locales", "fr-CA", "--formats", "html")
    assert result.returncode == 0, result.stderr
    assert "100%" in result.stdout
    page = lxml_html.fromstring((project / "dist" / "fr-CA" / "index.html").read_bytes())
    for element in page.xpath("//main | //header | //title"):
        left = _outside_marks(element.text_content())
        assert set(left.split()) <= ALLOWED, left
    assert all(alt.startswith("⟦") for alt in page.xpath("//img/@alt"))


# Words the locale's UI catalog and locale file add, the code block (never a
# unit) and pandoc's footnote back-link.
ALLOWED = {"Figure", "1", "Photo", ":", "Traduit", "par", "24", "juin", "2024", "l’équipe", "Editions",
           "(traduction", "d’exemple,", "non", "relue)", "code", "is", "not", "translated", "↩︎"}


def _pseudo(text: str) -> str:
    return f"⟦{text}⟧"


def _outside_marks(text: str) -> str:
    depth, kept = 0, []
    for ch in text:
        if ch == "⟦":
            depth += 1
        elif ch == "⟧":
            depth -= 1
        elif depth == 0:
            kept.append(ch)
    return "".join(kept)


def test_a_note_in_a_heading_leaves_no_mark_in_any_derived_title(project, monkeypatch):
    import re
    import zipfile

    from pypdf import PdfReader

    from editions.pipeline import BuildRequest, build
    from editions.validate import CHECKERS, run
    from editions.validate.run import check_dist
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text().replace("## Next steps {#next-steps}",
                                                   "## Next steps[^h] {#next-steps}\n\n[^h]: A note in a heading."))
    assert build(BuildRequest(workers=1, root=project, locales=("en",)), progress=lambda _line: None).failures == []
    dist = project / "dist" / "en"
    outline = [item.title for item in _flat(PdfReader(str(dist / "a-tiny-book.en.pdf")).outline)]
    assert "Next steps" in outline and not any(re.search(r"\d$", title) for title in outline)
    with zipfile.ZipFile(dist / "a-tiny-book.en.epub") as book:
        nav = book.read("EPUB/nav.xhtml").decode("utf-8")
    assert ">Next steps</a>" in nav
    # The checkers that read titles and navigation; the others judge nothing a note mark changes.
    monkeypatch.setattr(run, "CHECKERS", {name: CHECKERS[name] for name in ("epubcheck", "consistency", "pdf")})
    result = check_dist(project / "dist", progress=lambda _line: None)
    assert not result.failed(), result.findings
    assert {key[-1] for key in result.findings} == {"epubcheck", "consistency", "pdf"}


def _pdf_lines(pdf) -> list[list[tuple[float, str]]]:
    """The PDF's lines of words, top to bottom, page by page: each (x in pt, word), left to right."""

    from lxml import etree
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True).stdout
    lines: dict[tuple[int, float], list[tuple[float, str]]] = {}
    for number, page in enumerate(etree.fromstring(out).iter("{*}page")):
        for word in page.iter("{*}word"):
            lines.setdefault((number, round(float(word.get("yMin")))), []).append((float(word.get("xMin")), word.text))
    return [sorted(words) for _key, words in sorted(lines.items())]


def _flat(outline):
    for item in outline:
        yield from (_flat(item) if isinstance(item, list) else [item])


LONG_CODE = ("python -c \"import editions.render.pdf as pdf; print(pdf.render.__doc__, pdf.page_size.__doc__, "
             "pdf.project_fetcher.__doc__, 'and a very long tail')\"")
DOTTED = "editions.render.pdf." * 5 + "project_fetcher.fetch"
LONG_URL = ("https://example.org/editions/render/pdf/project_fetcher/documentation/and/more/paths"
            "/than/one/printed/line/can/hold/at/the/size/of/body/text")


def test_long_code_and_urls_lose_nothing_and_are_never_hyphenated_and_admonitions_are_set_apart(project):
    import zipfile

    from validators import pdftotext

    from editions.pipeline import BuildRequest, build
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text() + f"\n```\n{LONG_CODE}\n```\n\nRead {LONG_URL} and "
                       "`editions.render.pdf.project_fetcher.fetch` for details, and `{DOTTED}`.\n\n::: warning\nMind the gap.\n:::\n")
    assert build(BuildRequest(workers=1, root=project, locales=("en",)), progress=lambda _line: None).failures == []
    text = pdftotext(project / "dist" / "en" / "a-tiny-book.en.pdf")
    assert LONG_CODE.replace(" ", "") in "".join(text.split())             # wrapped, not cut off
    assert "\u2010" not in text and "-\n" not in text.split("Read")[1][:200]  # no hyphen inserted
    assert LONG_URL in "".join(text.split())
    lines = _pdf_lines(project / "dist" / "en" / "a-tiny-book.en.pdf")
    start = next(i for i, line in enumerate(lines) if line[0][1] == "python")
    continued = lines[start + 1]
    assert continued[0][1] in LONG_CODE.split() and continued[0][0] - lines[start][0][0] > 10  # hanging indent
    read = next(line for line in lines if line[0][1] == "Read")
    assert read[1][1].startswith("https://example.org/")       # the URL breaks, not the line before it
    dotted = [words[0][1] for words in lines if words[0][1] in DOTTED and words[0][1] != DOTTED]
    assert dotted and all(word.startswith((".", "_")) for word in dotted[1:])  # breaks before . or _
    rest = lines[lines.index(read) + 1][0][1]
    assert rest in LONG_URL and LONG_URL.index(rest) > 30        # it goes on on the next line, unhyphenated
    page = (project / "dist" / "en" / "index.html").read_text(encoding="utf-8")
    assert '<div class="warning">' in page
    with zipfile.ZipFile(project / "dist" / "en" / "a-tiny-book.en.epub") as book:
        css = book.read("EPUB/styles/stylesheet1.css").decode("utf-8")
    assert ".warning, .caution, .danger" in css and "pre { white-space: pre-wrap" in css


def test_an_admonition_opens_with_its_kind_in_the_editions_language(project):
    """``::: tip`` opens with the UI catalog's word for it (Sphinx, MkDocs and Quarto label
    theirs): Astuce in French, نصيحة in Arabic; a div of another class has no label."""
    from lxml import html as lxml_html

    from editions.pipeline import BuildRequest, build
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text() + "\n::: tip\nKeep it short.\n:::\n\n::: aside\nNot an admonition.\n:::\n")
    assert build(BuildRequest(workers=1, root=project, locales=("fr", "ar"), formats=("html",)),
                 progress=lambda _line: None).failures == []
    for tag, label in (("fr", "Astuce"), ("ar", "نصيحة")):
        page = lxml_html.fromstring((project / "dist" / tag / "index.html").read_bytes())
        titles = [" ".join(t.text_content().split()) for t in page.xpath('//div[contains(@class, "tip")]'
                                                                          '/div[@class="admonition-title"]')]
        assert titles == [label]
        assert not page.xpath('//div[contains(@class, "aside")]/div[@class="admonition-title"]')
