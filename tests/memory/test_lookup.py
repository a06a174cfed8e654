"""Matching: in context, exact, by sentences, fuzzy with patched numbers, stale; the policy."""

from __future__ import annotations

import pytest

from editions.memory import Memory
from editions.memory.entry import Entry
from editions.memory.lookup import Policy, find_matches, patch_numbers
from editions.model import Unit


def memory(*pairs, **extra) -> Memory:
    return Memory(entries=tuple(Entry(s, t, f"m.tmx:{n}", **extra) for n, (s, t) in enumerate(pairs, 1)))


def units(*texts) -> list[Unit]:
    return [Unit(f"u{n}", "paragraph", text, f"a.md:{n}") for n, text in enumerate(texts, 1)]


def one(text, mem, accept=None, tag="fr"):
    return find_matches(units(text), mem, Policy(tag, accept))[0]


def test_exact_after_normalization_of_nfc_space_and_quotes():
    match = one("It’s  “Cafe\u0301” time.", memory(('It\'s "Café" time.', "C’est l’heure du « café ».")))
    assert (match.level, match.score, match.published) == ("exact", 100, True)


def test_in_context_beats_exact():
    entries = (Entry("Yes.", "Oui.", "m:1"), Entry("Yes.", "Si.", "m:2", context="u2"))
    found = find_matches(units("No.", "Yes."), Memory(entries), Policy("fr"))
    assert (found[1].level, found[1].score, found[1].target) == ("context", 101, "Si.")


def test_neighbours_make_a_match_in_context():
    entry = Entry("Yes.", "Oui.", "m:1", neighbours=("First one.", "Last one."))
    found = find_matches(units("First one.", "Yes.", "Last one."), Memory((entry,)), Policy("fr"))
    assert found[1].level == "context"


def test_sentences_are_assembled_in_the_target_script():
    mem = memory(("The sky is blue.", "天是蓝的。"), ("Grass is green.", "草是绿的。"))
    match = one("The sky is blue. Grass is green.", mem, tag="zh-Hans")
    assert (match.level, match.target, match.published) == ("sentences", "天是蓝的。草是绿的。", True)
    match = one("The sky is blue. Grass is green.",
                memory(("The sky is blue.", "Le ciel est bleu."), ("Grass is green.", "L’herbe est verte.")))
    assert match.target == "Le ciel est bleu. L’herbe est verte."


def test_a_partly_matched_paragraph_reports_its_share():
    match = one("The sky is blue. Grass is green. Snow is white.", memory(("The sky is blue.", "x")))
    assert match.level == "none" and match.matched_share == pytest.approx(1 / 3)


def test_fuzzy_is_not_published_unless_accepted():
    known = "The committee approved the new budget for the coming year."
    mem = memory((known, "Le comité a approuvé le budget."))
    text = "The committee approved the revised budget for the coming year."

    def match(accept=None):   # the known sentence is still in the text: fuzzy, not stale
        return find_matches(units(text, known), mem, Policy("fr", accept))[0]
    found = match()
    assert found.level == "fuzzy" and 75 <= found.score < 100 and not found.published
    assert found.suggestion == "Le comité a approuvé le budget."
    assert match(found.score).published
    assert not match(found.score + 1).published


def test_a_changed_year_is_patched():
    mem = memory(("The award for the year 2023 was presented.", "Le prix de l’année 2023 a été remis."))
    match = find_matches(units("The award for the year 2024 was presented.", "The award for the year 2023 was presented."),
                         mem, Policy("fr", 90))[0]
    assert (match.level, match.score, match.target) == ("fuzzy", 99, "Le prix de l’année 2024 a été remis.")


def test_patching_refuses_when_unsafe():
    assert patch_numbers("In 2023 and 2023.", "In 2024 and 2024.", "En 2023.") is None
    assert patch_numbers("Page 7 of 10.", "Page 8 of 10.", "Page 7 sur 10.") == "Page 8 sur 10."


def test_an_edited_source_is_stale_with_the_old_translation_as_suggestion():
    old = "We need to strengthen coordination across multiple dimensions of our work."
    mem = memory((old, "Nous devons renforcer la coordination dans de multiples dimensions."))
    match = one("We need to strengthen coordination across many dimensions of our work.", mem)
    assert match.level == "stale" and not match.published
    assert match.suggestion == "Nous devons renforcer la coordination dans de multiples dimensions."


def test_fuzzy_marked_entries_are_not_published_as_exact():
    match = one("Hello.", memory(("Hello.", "Bonjour."), state="fuzzy"))
    assert match.level == "fuzzy" and not match.published


def test_han_sources_are_compared_by_characters():
    mem = memory(("我们要加强科技创新。", "We must strengthen innovation."))
    match = find_matches([Unit("u1", "paragraph", "我们要加强科技合作。", "a.md:1")], mem, Policy("en"))[0]
    assert match.level in ("fuzzy", "stale") and 75 <= match.score < 100


def test_prefilter_finds_the_best_candidate_in_a_large_memory():
    pairs = [(f"Entry number {n} talks about topic {n * 7 % 97} in detail.", f"T{n}") for n in range(3000)]
    pairs.append(("The quick brown fox jumps over the lazy dog near the river bank.", "Le renard."))
    match = one("The quick brown fox jumped over the lazy dog near the river bank.", memory(*pairs))
    assert match.suggestion == "Le renard." and match.score >= 85


def test_markdown_written_by_another_tool_matches_on_structure():
    mem = memory(("Read the _proofs_ and the\n__final__ `copy`.", "Relisez les *épreuves* et la **copie** `finale`."))
    match = one("Read the *proofs* and the **final** `copy`.", mem)
    assert (match.level, match.published) == ("exact", True)


def test_a_publication_with_an_mdbook_catalog_gets_its_translations(tmp_path):
    from pathlib import Path

    from editions.memory.store import open_index
    folder = tmp_path / "locales" / "fr"
    folder.mkdir(parents=True)
    (folder / "book.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#: src/intro.md:3\nmsgid ""\n"An _important_ paragraph that a tool\\n"\n"wrapped over two lines."\n'
        'msgstr "Un paragraphe *important* sur deux lignes."\n', encoding="utf-8")
    index, issues = open_index(tmp_path, folder, "fr", "en", path=Path(tmp_path / "index.sqlite"))
    found = find_matches(units("An *important* paragraph that a tool wrapped over two lines."), index, Policy("fr"))
    assert not issues and found[0].level == "exact" and found[0].target.startswith("Un paragraphe")


@pytest.mark.parametrize("text", ["2.4.1", "https://example.org/editions", "`make check`", "<https://example.org>",
                                  "42 %", "1024 × 768"])
def test_a_unit_with_no_word_needs_no_translation(text):
    [match] = find_matches([Unit("u", "paragraph", text, "c.md:1")], Memory(entries=()), Policy("fr"))
    assert match.published and match.target == text and match.level == "exact"


def test_a_unit_with_a_word_still_needs_one():
    [match] = find_matches([Unit("u", "paragraph", "Version 2.4.1", "c.md:1")], Memory(entries=()), Policy("fr"))
    assert not match.published and match.level == "none"
