"""The PDF's text read back by pdftotext, in the edition's order: the comparison,
the corrected ToUnicode maps that make right-to-left text read back, and the
checker failing PDFs whose text is out of order."""

from __future__ import annotations

import subprocess

from editions.render.pdf_unicode import glyph_text, named_text, visual_text
from editions.validate import reading_order
from editions.validate.reading_order import misreadings, words
from editions.validate.target import Target

ARABIC = "إلى ثانيًا كاملًا، وأرحب أيضًا ترحيبًا حارًا (6G) وهو"


def test_words_ignore_how_spaces_and_hyphens_fall_at_line_ends():
    written = words("Wissenschafts- und science-based « texte » 17\u202fм", False)
    read = words("Wissenschaftsund sciencebased\n«texte» 17м", False)
    assert written == read
    assert words("inter\u2010\nnational", False) == ["international"]
    assert words("inter\u00adnational ↩\ufe0e", False) == ["international", "↩"]


def test_words_take_cjk_text_character_by_character():
    assert words("技术\n造物。", False) == ["技", "术", "造", "物", "。"]


def test_right_to_left_words_are_letters_and_digits_and_a_change_of_direction_ends_one():
    assert words("الـ18، (6G)وهو أيضًا.", True) == ["الـ", "18", "6", "G", "وهو", "أيضا"]


def test_misreadings_are_the_edition_words_not_given_back_in_order():
    expected = words("one two three four five", False)
    assert misreadings(expected, words("Title page one two three four five 7", False)) == []
    swapped = misreadings(expected, words("one two four three five", False))
    assert swapped and all(start < end for start, end, _want, _have in swapped)


def test_a_glyph_reads_back_as_its_name_says_and_right_to_left_ligatures_are_visual():
    assert named_text("uniFEF0") == "ى" and named_text("uni0644_uni0627") == "لا"
    assert named_text("glyph00123") == "" and named_text(".notdef") == ""
    # A final alef first drawn in a lam-mark-alef cluster is still an alef.
    assert glyph_text("لًا", "uniFE8E") == "ا"
    assert glyph_text("", "uniFE8E") == "ا"
    assert glyph_text("لى", "uniFEDF_uniFEF0") == "ىل"        # visual order
    assert glyph_text("ً", "uni064B") == ""                    # a raised Arabic mark
    assert glyph_text("fi", "f_i") == "fi" and glyph_text("é", "eacute") == "é"
    assert glyph_text("A", "a.sc") == "A"                      # the name does not fit: kept


def arabic_pdf(tmp_path, finisher) -> str:
    from weasyprint import HTML

    path = tmp_path / ("fixed.pdf" if finisher else "raw.pdf")
    page = ('<html lang="ar" dir="rtl"><body style="font-family: \'Noto Sans Arabic\'; font-weight: bold">'
            f'<p>{ARABIC}</p></body></html>')
    HTML(string=page).write_pdf(str(path), finisher=finisher)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_arabic_ligatures_and_vowel_marks_read_back_in_order_only_with_corrected_maps(tmp_path):
    expected = words(ARABIC, True)
    assert misreadings(expected, words(arabic_pdf(tmp_path, None), True)), \
        "WeasyPrint's own maps read back in order: the correction is not needed any more"
    assert misreadings(expected, words(arabic_pdf(tmp_path, visual_text), True)) == []


def test_checker_fails_a_pdf_whose_text_is_out_of_order(tmp_path):
    from weasyprint import HTML

    reference = tmp_path / "index.html"
    reference.write_text('<html lang="fr"><head><meta charset="utf-8"></head><body><main><h1>Un titre</h1><p>Premier paragraphe ici.</p>'
                         '<p>Second paragraphe là.</p></main></body></html>', encoding="utf-8")
    swapped = tmp_path / "book.pdf"
    HTML(string='<html lang="fr"><body><h1>Un titre</h1><p>Second paragraphe là.</p>'
                '<p>Premier paragraphe ici.</p></body></html>').write_pdf(str(swapped))
    target = Target("fr", "pdf", swapped, tmp_path / "reports", {"html": reference})
    found = reading_order.check(target)
    # The moved paragraph is missing where it belongs and extra where it stands.
    assert {i.code for i in found} == {"pdf-text-order", "pdf-text-extra"}
    in_order = tmp_path / "in-order.pdf"
    HTML(string=reference.read_text(encoding="utf-8")).write_pdf(str(in_order))
    assert reading_order.check(Target("fr", "pdf", in_order, tmp_path / "reports", {"html": reference})) == []


def test_soft_hyphens_and_spaces_inside_cjk_text_are_findings(tmp_path):
    target = Target("zh-Hans", "pdf", tmp_path / "x.pdf", tmp_path / "reports")
    assert [i.code for i in reading_order._soft_hyphens(target, "inter\u00adnational")] == ["pdf-text-soft-hyphen"]
    assert reading_order._cjk_spaces(target, "技术 造物", "技术造物")[0].code == "pdf-text-cjk-space"
    assert reading_order._cjk_spaces(target, "技术\n造物", "技术造物") == []


def test_text_the_pdf_adds_inside_the_body_is_a_finding_list_markers_are_not():
    expected = words("Un titre Premier paragraphe ici. Un point Second paragraphe là.", False)
    read = words("Titre Un titre Premier paragraphe ici. • Un point Second paragraphe là. Colophon 3", False)
    assert reading_order.additions(read, reading_order.alignment(expected, read)) == []
    doubled = words("Un titre Premier paragraphe ici. Premier paragraphe ici. Un point Second paragraphe là.",
                    False)
    found = reading_order.additions(doubled, reading_order.alignment(expected, doubled))
    assert [extra for _after, extra in found] == ["Premier paragraphe ici ."]


PHONE_AND_DATE = "للاستفسار اتصل بنا على الرقم (03) 555-1234 قبل الموعد (2024-05-01) من فضلك، فالمقاعد محدودة."
LAST = "وفي الفقرة الأخيرة موعد آخر (2025-01-15) ورقم آخر (06) 777-4321 للتذكير."


def arabic_edition(root, closing: str, last: str):
    """The HTML and PDF editions (Targets) of a one-chapter publication translated in full into
    Arabic, whose two paragraphs are ``closing`` and ``last``."""
    from conftest import tmx, write_project

    from editions.pipeline import BuildRequest, build
    from editions.validate.run import targets_of

    write_project(root)
    publication = root / "content" / "publication.yaml"
    publication.write_text(publication.read_text(encoding="utf-8").replace("  - one.md\n", ""), encoding="utf-8")
    (root / "content" / "two.md").write_text("---\ntitle: The Second Chapter\n---\n\n## Next steps {#next-steps}\n\n"
                                             "A closing paragraph.\n\nA last paragraph.\n", encoding="utf-8")
    (root / "locales" / "ar" / "memory.tmx").write_text(tmx([
        ("A Tiny Book", "كتاب صغير جدا"), ("Ann Author", "آن المؤلفة"), ("Tiny Press", "دار صغيرة"),
        ("All rights reserved.", "جميع الحقوق محفوظة."), ("A book for tests.", "كتاب للاختبارات."),
        ("The Second Chapter", "الفصل الثاني"), ("Next steps", "الخطوات التالية"),
        ("A closing paragraph.", closing), ("A last paragraph.", last)], "ar"), encoding="utf-8")
    result = build(BuildRequest(workers=1, root=root, locales=("ar",), formats=("html", "pdf")), progress=lambda line: None)
    assert not result.failures, result.failures
    return {target.format: target for target in targets_of(root / "dist")}


def test_right_to_left_numbers_grouped_by_punctuation_compare_in_any_order():
    # What the edition says, and what pdftotext gives back from a right-to-left line.
    assert words("الرقم (03) 555-1234 قبل (2024-05-01) من", True) == \
        words("الرقم (\u202a 1234-555 )03\u202cقبل (\u202a )01-05-2024\u202cمن", True)
    assert words("الرقم 555-1234", True) != words("الرقم 555-4321", True)      # a number's digits still count
    assert words("نص-عربي", True) == ["نصعربي"]                                 # a hyphen after a letter still joins


def test_a_correct_arabic_edition_with_a_phone_number_and_a_date_passes(tmp_path):
    from editions.validate import consistency

    editions = arabic_edition(tmp_path / "tiny", PHONE_AND_DATE, LAST)
    assert reading_order.check(editions["pdf"]) == []
    assert consistency.check(editions["pdf"]) == []


def test_arabic_paragraphs_with_numbers_swapped_still_fail(tmp_path):
    editions = arabic_edition(tmp_path / "tiny", PHONE_AND_DATE, LAST)
    swapped = arabic_edition(tmp_path / "swapped", LAST, PHONE_AND_DATE)
    target = Target("ar", "pdf", swapped["pdf"].path, tmp_path / "reports", {"html": editions["html"].path})
    assert {i.code for i in reading_order.check(target)} == {"pdf-text-order", "pdf-text-extra"}
