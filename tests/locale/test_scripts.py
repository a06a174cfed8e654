"""Scripts beyond the shipped locales: fonts chosen for the script, and QA rules per script.

Fonts come from the machine (fontconfig), installed by the project's own setup
(system-packages.txt): these tests assert what a scaffolded locale gets, and that
its script's text has a glyph in every font role."""

from __future__ import annotations

import pytest
import yaml
from conftest import tmx, write_project
from validators import fonts_with_missing_glyphs, pdffonts

from editions.locale.fonts import choose_fonts
from editions.locale.preflight import missing_glyphs
from editions.locale.qa import (
    ascii_digits,
    check_end_punctuation,
    check_numbers,
    ending,
)
from editions.locale.scaffold import new_locale
from editions.pipeline import BuildRequest, build

# A line in each script: what a translation would set.
GREETINGS = {
    "hi": "नमस्ते दुनिया, हिन्दी में दोनों।", "bn": "হ্যালো বিশ্ব।", "ta": "வணக்கம் உலகம்.",
    "th": "สวัสดีชาวโลก", "km": "សួស្តីពិភពលោក។", "am": "ሰላም ልዑል።", "ko": "안녕하세요 세계.",
    "ja": "こんにちは世界。", "he": "שלום עולם.", "el": "Γειά σου Κόσμε.", "hy": "Բարեւ աշխարհ։",
    "ka": "გამარჯობა მსოფლიო.",
}
EXPECTED_BODY = {
    "hi": "Noto Serif Devanagari", "bn": "Noto Serif Bengali", "ta": "Noto Serif Tamil", "th": "Noto Serif Thai",
    "km": "Noto Serif Khmer", "am": "Noto Serif Ethiopic", "ko": "Noto Serif CJK KR", "ja": "Noto Serif CJK JP",
    "he": "Noto Serif Hebrew", "el": "Noto Serif", "hy": "Noto Serif Armenian", "ka": "Noto Serif Georgian",
}


@pytest.mark.parametrize("tag", sorted(GREETINGS))
def test_a_scaffolded_locale_has_fonts_for_its_script(tag, tmp_path):
    new_locale(write_project(tmp_path / "p"), tag)
    fonts = yaml.safe_load((tmp_path / "p" / "locales" / tag / "locale.yaml").read_text(encoding="utf-8"))["fonts"]
    assert fonts["body"][0] == EXPECTED_BODY[tag]
    assert fonts["body"][-1] == "Noto Serif" and fonts["heading"][-1] == "Noto Sans"   # Latin text left in English
    assert missing_glyphs(GREETINGS[tag], tuple(fonts["body"])) == set()
    assert missing_glyphs(GREETINGS[tag], tuple(fonts["heading"])) == set()
    assert fonts.get("italic", True) is (tag == "el")
    assert fonts["packages"] and all(p.startswith("fonts-noto") for p in fonts["packages"])


def test_cjk_locales_take_the_font_of_their_own_region():
    assert choose_fonts("ja").heading[0] == "Noto Sans CJK JP"
    assert choose_fonts("zh-Hant").body[0] == "Noto Serif CJK TC"
    assert choose_fonts("zh-Hans").body[0] == "Noto Serif CJK SC"
    assert choose_fonts("ar").body[0] == "Noto Naskh Arabic"


def test_a_hindi_locale_scaffolded_and_translated_builds_a_pdf_with_every_glyph(tmp_path):
    root = write_project(tmp_path / "p")
    new_locale(root, "hi")
    (root / "locales" / "hi" / "memory.tmx").write_text(
        tmx([("A Tiny Book", "एक बहुत छोटी किताब"), ("The First Chapter", "पहला अध्याय")], "hi"), encoding="utf-8")
    result = build(BuildRequest(workers=1, root=root, locales=("hi",), formats=("pdf",)), progress=lambda _line: None)
    assert not [i for i in result.issues if i.code == "missing-glyph"] and not result.failures
    pdf = root / "dist" / "hi" / "a-tiny-book.hi.pdf"
    assert fonts_with_missing_glyphs(pdf) == []
    assert any("Devanagari" in font["name"] for font in pdffonts(pdf))


# QA per script, from Unicode properties (golden cases) ------------------------------

@pytest.mark.parametrize("text, expected", [
    ("It ends.", "sentence"), ("यह समाप्त होता है।", "sentence"), ("終わります。", "sentence"),
    ("ሰላም።", "sentence"), ("Բարեւ։", "sentence"), ("هل انتهى؟", "sentence"), ("«Fin.»", "sentence"),
    ("Une liste :", "clause"), ("第一、", "clause"), ("ومع ذلك،", "clause"), ("No mark", "none"),
])
def test_how_a_text_ends_follows_the_unicode_terminal_properties(text, expected):
    assert ending(text) == expected


def test_a_danda_or_an_ideographic_full_stop_ends_a_sentence_like_a_full_stop():
    assert check_end_punctuation("It ends.", "यह समाप्त होता है।", "hi") == ""
    assert check_end_punctuation("It ends.", "終わります。", "ja") == ""
    assert check_end_punctuation("It ends.", "It ends", "fr") != ""


def test_thai_ends_sentences_without_a_mark():
    assert check_end_punctuation("It ends.", "มันจบแล้ว", "th") == ""
    assert check_end_punctuation("It ends.", "Ça finit", "fr") != ""


def test_numbers_are_compared_in_every_numbering_system_and_full_width():
    assert ascii_digits("２０２４年、१२३, ٤٥٦, １，０００") == "2024年、123, 456, 1,000"
    assert check_numbers("In 2024 and 1,000 more", "２０２４年と１，０００", "ja") == ""
    assert check_numbers("In 2024", "२०२४ में", "hi") == ""
    assert check_numbers("In 2024", "في ٢٠٢٤", "ar") == ""
    assert "2024" in check_numbers("In 2024", "en 2025", "fr")


def test_a_japanese_source_publication_builds_its_english_edition_with_the_source_fonts(tmp_path):
    from editions.locale.scaffold import new_project
    root = tmp_path / "book"
    new_project(root, "ja", "日本の本")
    (root / "content" / "chapter-1.md").write_text("# 第一章\n\n日本語の文章です。まだ翻訳されていません。\n",
                                                   encoding="utf-8")
    new_locale(root, "en")
    result = build(BuildRequest(workers=1, root=root, formats=("pdf",)), progress=lambda _line: None)
    assert not [i for i in result.issues if i.code == "missing-glyph"] and not result.failures
    [pdf] = (root / "dist" / "en").glob("*.pdf")
    assert any("CJK" in font["name"] for font in pdffonts(pdf))
    untranslated_ui = [i for i in result.issues if i.code == "ui-untranslated"]
    assert [i.locale for i in untranslated_ui] == ["ja"]      # the source edition's English UI words are said


def test_a_missing_emoji_suggests_a_monochrome_font_and_its_package():
    from editions.locale.preflight import _suggestion
    suggestion = _suggestion(0x1F980, ("Noto Serif",))
    assert "Color Emoji" not in suggestion
    assert "fonts-symbola" in suggestion or "Debian package" in suggestion
