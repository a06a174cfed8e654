"""Accessibility metadata that is true of each locale's EPUB, read back from the files.

The tiny publication's French memory translates the alt text; its Arabic memory translates only
the title, so the Arabic edition is the half-translated one whose alt text falls back to English.
"""

from __future__ import annotations

import re
import zipfile

import pytest
from builds import edition, run_build
from conftest import write_project
from lxml import etree
from validators import run_epubcheck

from editions.render.accessibility import heading_outline_ok

EVALUATOR = "Jane Evaluator, Tiny Press"


def package(epub) -> str:
    with zipfile.ZipFile(epub) as book:
        return book.read("EPUB/content.opf").decode("utf-8")


def properties(opf: str, name: str) -> list[str]:
    return re.findall(rf'<meta property="{name}">([^<]*)</meta>', opf)


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory):
    project = write_project(tmp_path_factory.mktemp("a11y") / "tiny")
    yaml = project / "content" / "publication.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + f"accessibility-evaluator: {EVALUATOR}\n",
                    encoding="utf-8")
    result = run_build(project, "--formats", "epub")
    assert result.returncode == 0, result.stderr
    return project


def test_alternative_text_only_where_every_alt_is_in_the_editions_language(evaluated):
    french, arabic = package(edition(evaluated, "fr", "epub")), package(edition(evaluated, "ar", "epub"))
    assert "alternativeText" in properties(french, "schema:accessibilityFeature")
    assert properties(french, "schema:accessModeSufficient") == ["textual", "textual,visual"]
    assert "alternativeText" not in properties(arabic, "schema:accessibilityFeature")
    assert properties(arabic, "schema:accessModeSufficient") == ["textual,visual"]


def test_conformance_is_claimed_only_with_an_evaluator_and_true_facts(evaluated):
    for tag in ("en", "fr"):
        opf = package(edition(evaluated, tag, "epub"))
        assert properties(opf, "dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
        assert properties(opf, "a11y:certifiedBy") == [EVALUATOR]
    arabic = package(edition(evaluated, "ar", "epub"))
    assert properties(arabic, "dcterms:conformsTo") == [] and properties(arabic, "a11y:certifiedBy") == []


def test_no_conformance_claim_when_nobody_evaluated(tmp_path):
    project = write_project(tmp_path / "tiny")
    assert run_build(project, "--formats", "epub", "--locales", "fr").returncode == 0
    assert "conformsTo" not in package(edition(project, "fr", "epub"))


def test_summary_is_in_the_editions_language_and_says_what_is_true(evaluated):
    french = properties(package(edition(evaluated, "fr", "epub")), "schema:accessibilitySummary")[0]
    assert "Chaque image a une alternative textuelle dans la langue de cette édition." in french
    assert "ordre de lecture logique\u202f;" in french
    arabic = properties(package(edition(evaluated, "ar", "epub")), "schema:accessibilitySummary")[0]
    assert "بعض الصور لها نص بديل باللغة الأصلية فقط." in arabic
    assert "تظهر المقاطع التي لم تُترجم بعد باللغة الأصلية" in arabic


def test_landmarks_in_the_editions_words_with_the_start_of_the_body(evaluated):
    with zipfile.ZipFile(edition(evaluated, "fr", "epub")) as book:
        nav = etree.fromstring(book.read("EPUB/nav.xhtml"))
    ns = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
    links = {a.get("{http://www.idpf.org/2007/ops}type"): (a.get("href"), a.text)
             for a in nav.xpath("//x:nav[@epub:type='landmarks']//x:a", namespaces=ns)}
    assert links["titlepage"] == ("text/title_page.xhtml", "Page de titre")
    assert links["bodymatter"] == ("text/ch001.xhtml", "Début du contenu")


def test_figures_and_heading_outline_in_the_epub(evaluated):
    with zipfile.ZipFile(edition(evaluated, "ar", "epub")) as book:
        pages = [etree.fromstring(book.read(n)) for n in sorted(book.namelist())
                 if re.fullmatch(r"EPUB/text/ch\d+\.xhtml", n)]
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    figures = [f for page in pages for f in page.xpath("//x:figure", namespaces=ns)]
    assert figures and all(f.xpath("x:img[@alt!='']", namespaces=ns) and f.xpath("x:figcaption", namespaces=ns)
                           for f in figures)
    fallback_alt = figures[0].xpath("x:img", namespaces=ns)[0]
    assert fallback_alt.get("lang") == "en"                   # fallback text carries its own language
    levels = [int(h.tag[-1]) for page in pages for h in page.iter()
              if isinstance(h.tag, str) and re.fullmatch(r"\{.*\}h[1-6]", h.tag)]
    assert heading_outline_ok(levels) and levels[0] == 1


def test_amended_epubs_pass_epubcheck(evaluated):
    for tag in ("fr", "ar"):
        errors, warnings, report = run_epubcheck(edition(evaluated, tag, "epub"))
        assert (errors, warnings) == (0, 0), report


@pytest.mark.parametrize("levels, ok", [([1, 2, 3, 2, 1, 2], True), ([1, 3], False), ([2, 3], False), ([], True)])
def test_heading_outline(levels, ok):
    assert heading_outline_ok(levels) is ok


def test_summary_names_the_print_pages_only_when_they_are_marked():
    import gettext

    from editions.render.accessibility import AccessFacts, summary

    facts = AccessFacts(images=1, alt_missing=0, alt_other_language=0, figures=1, figures_uncaptioned=0,
                        outline_ok=True, fallbacks=False, evaluator="")
    sentence = "The page numbers of the print edition are marked and listed."
    assert sentence not in summary(facts, gettext.NullTranslations(), "en")
    marked = AccessFacts(**{**facts.__dict__, "print_pages": True})
    assert sentence in summary(marked, gettext.NullTranslations(), "en")
