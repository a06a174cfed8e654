"""Typography per script: one golden case per rule, then the rules seen in rendered editions."""

from __future__ import annotations

import pytest

from editions import pandoc
from editions.ast import stringify
from editions.typography import french_spacing, layout_of, rules_of, typeset_blocks, typeset_text

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
