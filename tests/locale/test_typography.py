"""Typography per script: one golden case per rule, then the rules seen in rendered editions."""

from __future__ import annotations

import re
import subprocess

import pytest
from builds import edition, run_build
from conftest import ROOT, tmx, write_project
from validators import pdftotext

from editions.locale.typography import (
    french_spacing,
    layout_of,
    rules_of,
    typeset_blocks,
    typeset_text,
)
from editions.render.templating import TypesetTranslations
from editions.source import pandoc
from editions.source.ast import stringify

NN, NB = "\u202f", "\u00a0"


def typeset(markdown: str, tag: str) -> str:
    blocks = pandoc.read_markdown(markdown, what="test")["blocks"]
    return stringify(typeset_blocks(blocks, tag))


@pytest.mark.parametrize("tag, expected", [
    ("en", "He said “yes ‘maybe’” twice."),
    ("de", "He said „yes ‚maybe‘“ twice."),
    ("fr", f"He said «{NN}yes «{NN}maybe{NN}»{NN}» twice."),
    ("ru", "He said «yes „maybe“» twice."),
    ("zh-Hans", "He said “yes ‘maybe’” twice."),
    ("ar", "He said ”yes ’maybe‘“ twice."),
])
def test_quotation_marks_are_the_cldr_delimiters_nested_ones_the_alternates(tag, expected):
    assert typeset("He said \"yes 'maybe'\" twice.", tag) == expected


def test_quotation_marks_follow_the_language_of_a_fallback_passage():
    assert typeset('Il a dit [she said "yes"]{lang=en} puis "non".', "fr") == \
        f"Il a dit she said “yes” puis «{NN}non{NN}»."


@pytest.mark.parametrize("markdown, expected", [
    ("Quoi ? Vraiment! Ceci: cela; fin", f"Quoi{NN}? Vraiment{NN}! Ceci{NB}: cela{NN}; fin"),
    (f"Déjà{NB}; espacé{NN}? et{NB}: « guillemets{NB}»", f"Déjà{NN}; espacé{NN}? et{NB}: «{NN}guillemets{NN}»"),
    ("*mot*; (voir)! et ?!", f"mot{NN}; (voir){NN}! et{NN}?!"),
    ("Vraiment ?! Oui !!", f"Vraiment{NN}?! Oui{NN}!!"),
    ("À 10:30, ratio 2:1.", "À 10:30, ratio 2:1."),
])
def test_french_spaces_before_high_punctuation_and_inside_guillemets(markdown, expected):
    assert typeset(markdown, "fr") == expected


def test_french_spaces_are_idempotent():
    once = french_spacing("Quoi ? « Oui » : non ; fin !")
    assert french_spacing(once) == once
    assert once == f"Quoi{NN}? «{NN}Oui{NN}»{NB}: non{NN}; fin{NN}!"


def test_french_spaces_never_touch_code_urls_or_other_languages():
    text = typeset("Le code `a ; b:` et <https://example.org/a:b?c=d;e> ou www.example.org/x?y "
                   "et [Note: see]{lang=en} fin.", "fr")
    assert "a ; b:" in text and "https://example.org/a:b?c=d;e" in text
    assert "www.example.org/x?y" in text and "Note: see" in text


def test_other_languages_get_no_french_spaces():
    assert typeset("What? Yes: no; fine!", "en") == "What? Yes: no; fine!"


def test_cjk_text_gets_no_spaces_between_characters_and_none_inserted():
    assert typeset("科技兴则民族兴，\n科技强则国家强。", "zh-Hans") == "科技兴则民族兴，科技强则国家强。"
    assert typeset("我国 6G 试验卫星和 BeiDou 系统", "zh-Hans") == "我国 6G 试验卫星和 BeiDou 系统"
    assert typeset("科技兴则民族兴", "zh-Hans") == "科技兴则民族兴"


@pytest.mark.parametrize("tag, expected", [
    ("zh-Hans", "讲话者说“科学‘将’作出决定”，又说“好”。China’s"),
    ("ja", "讲话者说「科学『将』作出决定」，又说「好」。China’s"),
])
def test_cjk_quotations_without_spaces_get_the_cldr_marks(tag, expected):
    # Pandoc reads both straight quotes as ” (’) when no space precedes the opening one.
    assert typeset('讲话者说"科学\'将\'作出决定"，又说"好"。China\'s', tag) == expected
    assert typeset("他说“是”。", tag) == "他说“是”。"          # marks a translator typed stay


@pytest.mark.parametrize("tag, expected", [
    ("ar", "عام 2035 و `x = 10`"),            # CLDR: ar uses latn digits
    ("ar-EG", "عام ٢٠٣٥ و `x = 10`"),         # CLDR: ar-EG uses arab digits
    ("fa", "عام ۲۰۳۵ و `x = 10`"),            # CLDR: fa uses arabext digits
])
def test_digits_are_those_of_the_cldr_default_numbering_system(tag, expected):
    blocks = pandoc.read_markdown("عام 2035 و `x = 10`", what="test")["blocks"]
    text = stringify(typeset_blocks(blocks, tag))
    assert text == expected.replace("`", "")


def test_rules_come_from_cldr():
    assert rules_of("de").quotes == ("„", "“", "‚", "‘")
    assert rules_of("ar").digits == "0123456789"
    assert rules_of("ar-EG").digits == "٠١٢٣٤٥٦٧٨٩"


@pytest.mark.parametrize("tag, hyphens, tracking, line_break", [
    ("fr", "auto", "0.04em", "auto"),
    ("ru", "auto", "0.04em", "auto"),
    ("ar", "manual", "normal", "auto"),
    ("zh-Hans", "manual", "normal", "strict"),
])
def test_layout_per_script(tag, hyphens, tracking, line_break):
    layout = layout_of(tag)
    assert (layout.hyphens, layout.tracking, layout.line_break) == (hyphens, tracking, line_break)


def test_ui_strings_follow_the_locale_typography():
    class Catalog:
        def gettext(self, message):
            return {"Photo: %(credit)s": "Photo : %(credit)s"}.get(message, message)
    assert TypesetTranslations(Catalog(), "fr").gettext("Photo: %(credit)s") == f"Photo{NB}: %(credit)s"
    assert typeset_text("24 juin 2024", "fr") == "24 juin 2024"


# Rendered: the rules as a reader meets them in HTML and PDF ---------------------

FRENCH = [
    ("A Tiny Book", "Un tout petit livre"),
    ("The First Chapter", "Le premier chapitre"),
    # The code holds what French typography would space, in the source too: code is never translated.
    ("An opening paragraph with *emphasis*, `code ; x` and a [link](https://example.org/).[^1]",
     "Il a dit \"bonjour\" ; vraiment ? Oui : *emphase*, `code ; x` et un [lien](https://example.org/).[^1]"),
]
ARABIC = [("A Tiny Book", "كتاب صغير جدا"),
          ("An opening paragraph with *emphasis*, `code ; x` and a [link](https://example.org/).[^1]",
           "فقرة افتتاحية فيها \"اقتباس\" و*تأكيد* و`code ; x` و[رابط](https://example.org/) عام 2035.[^1]")]


@pytest.fixture(scope="module")
def typeset_project(tmp_path_factory):
    project = write_project(tmp_path_factory.mktemp("typography") / "tiny", french=FRENCH)
    (project / "locales" / "ar" / "memory.tmx").write_text(tmx(ARABIC, "ar"), encoding="utf-8")
    # Enough text for a third page, so that page 3 is a right page in LTR and a left page in RTL.
    one = project / "content" / "one.md"
    one.write_text(one.read_text(encoding="utf-8").replace("`code`", "`code ; x`", 1) + "\n" + "Internationalization of typographical conventions. " * 500 + "\n",
                   encoding="utf-8")
    result = run_build(project, "--formats", "html,pdf", "--locales", "fr,ar")
    assert result.returncode == 0, result.stderr
    return project


def test_french_html_and_pdf_show_cldr_quotes_and_narrow_spaces(typeset_project):
    page = edition(typeset_project, "fr", "html").read_text(encoding="utf-8")
    assert f"Il a dit «{NN}bonjour{NN}»{NN}; vraiment{NN}? Oui{NB}:" in page
    assert "<code>code ; x</code>" in page
    # In the PDF the spaces read back as spaces; their widths show which they are: Noto Serif's
    # narrow no-break space is 0.166 em, its word space and no-break space 0.26 em (at 10.5 pt).
    words = _words(edition(typeset_project, "fr", "pdf"), "Il")
    gaps = [round(b[0] - a[1], 2) for a, b in zip(words, words[1:])]
    assert [w[2] for w in words] == ["Il", "a", "dit", "«", "bonjour", "»", ";", "vraiment", "?", "Oui", ":"]
    assert gaps == [2.73, 2.73, 2.73, 1.74, 1.74, 1.74, 2.73, 1.74, 2.73, 2.73]


def test_arabic_keeps_latin_digits_and_takes_cldr_quotes(typeset_project):
    page = edition(typeset_project, "ar", "html").read_text(encoding="utf-8")
    assert "”اقتباس“" in page and "2035" in page


def test_hyphens_in_french_print_none_in_arabic(typeset_project):
    """WeasyPrint hyphenates the French edition (U+2010 at line ends) and never the Arabic one."""
    assert re.search("\u2010\n", pdftotext(edition(typeset_project, "fr", "pdf")))
    assert "\u2010" not in pdftotext(edition(typeset_project, "ar", "pdf"))


def print_css(tag: str, direction: str) -> str:
    import jinja2

    from editions.model import Font
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "templates")),
                             undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.i18n"])
    env.install_null_translations(newstyle=True)
    return env.get_template("print/print.css").render(
        page_size="A4", counter_style="decimal", body_fonts='"Noto Serif"', heading_fonts='"Noto Sans"',
        dir=direction, source_lang="en", fonts=Font(body=("Noto Serif",), heading=("Noto Sans",)),
        typography=layout_of(tag))


def test_print_css_per_script():
    arabic, french = print_css("ar", "rtl"), print_css("fr", "ltr")
    assert "hyphens: manual;" in arabic and "hyphens: auto;" in french
    assert set(re.findall(r"letter-spacing: ([^;]+);", arabic)) == {"normal"}
    assert "line-break: strict;" in print_css("zh-Hans", "ltr")
    # The recto (the first page's side) carries the title: the right page in LTR, the left in RTL.
    assert re.search(r"@page :right \{\s*@top-right \{ content: string\(running-title\)", french)
    assert re.search(r"@page :left \{\s*@top-left \{ content: string\(running-title\)", arabic)


def _words(pdf, first: str) -> list[tuple[float, float, str]]:
    """(xMin, xMax, text) of the first eleven words of the line that starts with ``first``."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    words = [(float(x0), float(y0), float(x1), w) for x0, y0, x1, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>', out)]
    start = next(i for i, w in enumerate(words) if w[3] == first)
    line = [w for w in words[start:] if w[1] == words[start][1]][:11]
    return [(x0, x1, w) for x0, _y, x1, w in line]


def _folio_x(pdf, page: int) -> tuple[float, float]:
    """The x of the page number drawn at the foot of ``page``, and the page width."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', out).group(1))
    words = [(float(m.group(1)), float(m.group(2)), m.group(3)) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', out)]
    x, _y, _word = max((w for w in words if w[2] == str(page)), key=lambda w: w[1])
    return x, width


def test_page_numbers_sit_at_the_outer_corner_mirrored_in_rtl(typeset_project):
    # Page 3 is a right-hand page in a left-to-right book and a left-hand page in Arabic.
    x, width = _folio_x(edition(typeset_project, "fr", "pdf"), 3)
    assert x > width * 0.8
    x, width = _folio_x(edition(typeset_project, "ar", "pdf"), 3)
    assert x < width * 0.2
