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
