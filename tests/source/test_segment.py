"""Segmentation: Markdown in, units out; applying the source to itself changes nothing."""

from __future__ import annotations

import copy

import pytest

from editions.source import pandoc
from editions.source.ast import unwrap_soft_breaks
from editions.source.segment import slots
from editions.source.unittext import from_markdown, notes_of, restore_notes, to_markdown


def units_for(markdown: str) -> list[tuple[str, str]]:
    blocks = unwrap_soft_breaks(pandoc.read_markdown(markdown, what="test")["blocks"])
    found = slots({}, [("t.md", blocks)])
    return list(zip([s.kind for s in found], to_markdown([s.get() for s in found])))


@pytest.mark.parametrize("markdown, expected", [
    ("# Title\n\nText *with* emphasis.\n", [("heading", "Title"), ("paragraph", "Text *with* emphasis.")]),
    ("- one\n- two `code`\n", [("list-item", "one"), ("list-item", "two `code`")]),
    ("A [link](https://x.org/a) here.\n", [("paragraph", "A [link](https://x.org/a) here.")]),
    ("Note here.[^a]\n\n[^a]: The note.\n", [("paragraph", "Note here.[^1]"), ("footnote", "The note.")]),
    ("```\ncode block\n```\n\n$$x^2$$\n", []),
    ("![Cap.](a.png){alt=\"Alt.\" credit=\"Ann\"}\n",
     [("caption", "Cap."), ("alt", "Alt."), ("credit", "Ann")]),
    ("| A | B |\n|---|---|\n| c | d |\n", [("table-cell", "A"), ("table-cell", "B"),
                                            ("table-cell", "c"), ("table-cell", "d")]),
    ("::: {.box}\nInside a div.\n:::\n", [("paragraph", "Inside a div.")]),
    ("A hard-wrapped\nparagraph.\n", [("paragraph", "A hard-wrapped paragraph.")]),
])
def test_units_of_markdown(markdown, expected):
    assert units_for(markdown) == expected


def test_applying_the_source_to_itself_changes_nothing():
    markdown = ("# Head {#h}\n\nText with *emph*, **strong**, `code`, [a link](#h) and a note.[^x]\n\n"
                "[^x]: Note *text*.\n\n- item \"quoted\"\n\n![Caption *it*.](p.png){alt=\"Alt\"}\n")
    blocks = unwrap_soft_breaks(pandoc.read_markdown(markdown, what="test")["blocks"])
    original = copy.deepcopy(blocks)
    found = slots({}, [("t.md", blocks)])
    texts = to_markdown([s.get() for s in found])
    parsed = from_markdown(texts, "test")
    for slot, inlines, text in zip(found, parsed, texts):
        if slot.is_text:
            slot.set(text)
        else:
            slot.set(restore_notes(inlines, notes_of(slot.get())))
    assert blocks == original


def test_raw_html_in_a_translation_is_refused_unless_its_source_has_it():
    from editions.locale.apply import _problem
    assert from_markdown(["<script>alert(1)</script> and <b>bold</b>"], "test") == [None]
    parsed = from_markdown(["and <b>bold</b>"], "test")[0]
    assert [i["c"] for i in parsed if i["t"] == "RawInline"] == [["html", "<b>"], ["html", "</b>"]]
    code, message = _problem([{"t": "Str", "c": "bold"}], parsed)
    assert code == "translation-markup-refused" and "<b>" in message
    assert _problem(parsed, parsed) == ("", "")


def test_a_translation_of_two_paragraphs_is_not_a_unit():
    assert from_markdown(["one\n\ntwo", "fine"], "test") == [None, [{"t": "Str", "c": "fine"}]]


def test_footnote_marks_must_match():
    note = {"t": "Note", "c": [{"t": "Para", "c": [{"t": "Str", "c": "n"}]}]}
    marked, missing, other, literal = from_markdown(["a[^1]b", "no mark", "[^2]", "\\[^1]"], "test")
    assert restore_notes(marked, [note]) == [{"t": "Str", "c": "a"}, note, {"t": "Str", "c": "b"}]
    assert restore_notes(missing, [note]) is None
    assert restore_notes(other, [note]) is None
    assert restore_notes(literal, [note]) is None and literal == [{"t": "Str", "c": "[^1]"}]
