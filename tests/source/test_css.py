"""CSS in manuscripts: every style is parsed as CSS (escapes decoded), and what names a
resource outside the document is taken out, in raw HTML, Markdown attributes and SVG."""

from __future__ import annotations

import pytest
from lxml import etree

from editions.source import css, svg
from editions.source.ast import elements
from editions.source.publication import read_publication

REMOTE = "http://127.0.0.1:8765/x"

NAMING_A_RESOURCE = [
    rf"background-image:\75rl({REMOTE})",               # an escaped letter of url(
    rf"background:u\rl({REMOTE})",
    rf"background:U\52L( {REMOTE} )",
    f"background:image-set('{REMOTE}' 1x)",
    f"background:-webkit-image-set(url({REMOTE}) 1x)",
    f'background:url("{REMOTE}")',
    f"background:url({REMOTE}",                           # unclosed: the browser closes it
    "background:url(img/photo.png)",                      # a project file: images reach an edition as images
    f"--a: url({REMOTE}); background: var(--a)",
    "background: image-set(var(--a) 1x)",
    "width: expression(alert(1))",
    r"width: e\78pression(alert(1))",
    f'@import "{REMOTE}"; color: red',
    f"@\\69mport url({REMOTE}); color: red",
    f"cursor: cross-fade(url({REMOTE}), red)",
    f"mask: src('{REMOTE}')",
    "content: attr(data-u url)",
    f'background: url({REMOTE}"x)',                      # a bad URL a browser drops: refused all the same
]
HARMLESS = ["color: red", "fill: url(#gradient)", 'font-family: "Noto Serif"; margin: 0 1em',
            "transform: translate(1px, 2px)", "background: url( '#g' )", ""]


@pytest.mark.parametrize("style", NAMING_A_RESOURCE)
def test_a_style_naming_a_resource_is_found_however_it_is_written(style):
    assert css.references(style)
    cleaned, removed = css.without_references(style)
    assert removed and "127.0.0.1" not in cleaned and "url(" not in cleaned.lower()


@pytest.mark.parametrize("style", HARMLESS)
def test_a_style_naming_nothing_outside_is_kept(style):
    assert css.references(style) == []
    cleaned, removed = css.without_references(style)
    assert removed == [] and cleaned.replace('"', "'").rstrip(";") == style.replace('"', "'")


def test_a_style_sheet_loses_only_the_rules_and_declarations_naming_resources():
    sheet = (f"@import url({REMOTE}); rect {{ fill: red; stroke: \\75rl({REMOTE}) }} "
             f"@media print {{ g {{ fill: url(#g); filter: url({REMOTE}) }} }} "
             f"@font-face {{ font-family: X; src: url({REMOTE}) }}")
    cleaned, removed = css.without_references(sheet, stylesheet=True)
    assert removed == ["@import", f"url({REMOTE})", f"url({REMOTE})", f"url({REMOTE})"]
    assert "fill: red" in cleaned and "fill: url(#g)" in cleaned and "@media print" in cleaned
    assert "127.0.0.1" not in cleaned and "font-face" not in cleaned


def test_an_svg_style_element_and_attributes_are_cleaned_escapes_and_all():
    data = (f'<svg xmlns="http://www.w3.org/2000/svg"><style>rect{{fill:\\75rl({REMOTE})}} '
            f'circle{{fill:blue}}</style><rect fill="u\\rl({REMOTE})" width="4" height="4"/>'
            f'<circle style="stroke: image-set(\'{REMOTE}\' 1x); fill: url(#g)" r="2"/></svg>').encode()
    published, removed = svg.sanitized(data, "content/img/x.svg")
    assert b"127.0.0.1" not in published
    tree = etree.fromstring(published)
    ns = {"s": svg.SVG_NS}
    assert tree.find("s:style", ns).text == "rect{} circle{fill:blue;}"
    assert tree.find("s:rect", ns).get("fill") is None and tree.find("s:rect", ns).get("width") == "4"
    assert tree.find("s:circle", ns).get("style") == " fill: url(#g);"
    assert removed == [f"the reference url({REMOTE}) in <style>", f"the attribute 'fill', which names url({REMOTE})",
                       f"the reference image-set({REMOTE}) in 'style'"]


def test_an_svg_without_references_is_published_as_written():
    data = b'<svg xmlns="http://www.w3.org/2000/svg"><style>rect { fill: url(#g) }</style><rect style="fill:red"/></svg>'
    published, removed = svg.sanitized(data, "content/img/x.svg")
    assert removed == [] and b"rect { fill: url(#g) }" in published and b'style="fill:red"' in published


@pytest.mark.parametrize("markup", [
    '<p style="background-image:\\75rl(http://127.0.0.1:8765/x)">Escaped.</p>',
    "<p style=\"background:image-set('http://127.0.0.1:8765/x' 1x)\">Image set.</p>",
    '<p style="background:u&#x5c;rl(http://127.0.0.1:8765/x)">A character reference.</p>',
    '[Span]{style="background:u\\\\rl(http://127.0.0.1:8765/x)"}',
    "[Span]{style=\"background:image-set('http://127.0.0.1:8765/x' 1x)\"}",
])
def test_a_manuscript_style_naming_a_resource_is_dropped_with_the_raw_html_warning(project, markup):
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text() + "\n" + markup + "\n")
    line = chapter.read_text().count("\n")
    publication = read_publication(project)
    warnings = [str(i) for i in publication.issues if i.code == "raw-html-attribute"]
    # the line where pandoc keeps the raw HTML as written (it rewrites some quotes and references)
    assert len(warnings) == 1 and warnings[0].startswith(f"content/two.md:{line}: warning: "
                                                         if "&#" not in markup and "'" not in markup else "content/two.md")
    assert "names a resource" in warnings[0] and "dropped" in warnings[0]
    assert "127.0.0.1" not in repr(publication.chapters[1].blocks)
    kept = [e for e in elements(publication.chapters[1].blocks, {"Span", "RawBlock", "RawInline"})]
    assert kept, "the element itself is published, without its style"


def test_no_edition_names_the_breakers_remote_styles(tmp_path):
    """The four ways past the old patterns, built: nothing of theirs is published."""
    import zipfile

    from conftest import write_project

    from editions.pipeline import BuildRequest, build
    root = write_project(tmp_path / "book")
    chapter = root / "content" / "two.md"
    chapter.write_text(chapter.read_text() + (
        f'\n<p style="background-image:\\75rl({REMOTE})">Escaped.</p>\n\n'
        f'[S]{{style="background:u\\\\rl({REMOTE})"}} and <span style="background:image-set(\'{REMOTE}\' 1x)">I</span>\n\n'
        "![A square.](img/square.svg)\n"))
    (root / "content" / "img" / "square.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><style>rect{{fill:\\75rl({REMOTE})}}</style>'
        '<rect width="4" height="4"/></svg>', encoding="utf-8")
    result = build(BuildRequest(root=root, formats=("html", "epub"), locales=("en",), workers=1),
                   progress=lambda _line: None)
    assert result.failures == []
    # (the two Markdown spans' warnings are one: same words, and both placed at the first 'style=')
    assert {i.message for i in result.issues if i.code == "raw-html-attribute"} == {
        "the style of <p> names a resource: dropped", "a style that names a resource is not allowed: dropped"}
    assert [i.code for i in result.issues if i.code == "svg-sanitized"] == ["svg-sanitized"]
    published = [path.read_bytes() for path in (root / "dist" / "en").rglob("*") if path.is_file()]
    with zipfile.ZipFile(next((root / "dist" / "en").glob("*.epub"))) as book:
        published += [book.read(name) for name in book.namelist()]
    assert not [data for data in published if b"127.0.0.1" in data]
    assert any(b"Escaped." in data for data in published)


@pytest.mark.parametrize("text", [
    f"a: b; 12px; c: url({REMOTE})",                     # an invalid declaration before it
    f']] x: url({REMOTE})',                              # a rule a parser drops: its tokens still count
    f'a: "bad\nstring; c: url({REMOTE})',
    f"a: b) ; c: u\\rl({REMOTE})",
])
@pytest.mark.parametrize("stylesheet", [False, True])
def test_css_a_parser_recovers_from_is_judged_by_its_tokens_and_never_raises(text, stylesheet):
    assert css.references(text)
    cleaned, removed = css.without_references(text, stylesheet=stylesheet)
    assert removed and "127.0.0.1" not in cleaned and css.references(cleaned) == []


def test_an_svg_style_sheet_split_by_an_element_is_read_whole():
    data = (f'<svg xmlns="http://www.w3.org/2000/svg"><style>rect{{fill:red}}<g/>circle{{fill:url({REMOTE})}}'
            '</style></svg>').encode()
    published, removed = svg.sanitized(data, "content/img/x.svg")
    assert b"127.0.0.1" not in published and b"<g" not in published
    assert removed == ["the elements inside <style>", f"the reference url({REMOTE}) in <style>"]
    assert etree.fromstring(published).find("s:style", {"s": svg.SVG_NS}).text == "rect{fill:red;}circle{}"
