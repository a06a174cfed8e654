"""Reading unit texts once: ``from_markdown`` with texts already read (``known``) gives what a
reading of its own gives, and reads each text at most once."""

from __future__ import annotations

from editions.source import pandoc
from editions.source.unittext import from_markdown

TEXTS = ["Plain words.", "*Emphasis* and `code`[^1]", "Soft\nbreak", "Two\n\nparagraphs", "Plain words."]


def test_known_readings_equal_a_reading_of_their_own_and_each_text_is_read_once(monkeypatch):
    alone = from_markdown(TEXTS, "test")
    calls: list[str] = []
    reader = pandoc.read_markdown
    monkeypatch.setattr(pandoc, "read_markdown", lambda text, **kw: calls.append(text) or reader(text, **kw))
    known: dict = {}
    first = from_markdown(TEXTS[:3], "test", known)
    again = from_markdown(TEXTS, "test", known)
    assert first == alone[:3] and again == alone
    assert again[3] is None and again[2] == [{"t": "Str", "c": "Soft"}, {"t": "Space"}, {"t": "Str", "c": "break"}]
    assert sum(text.count("Plain words.") for text in calls) == 1      # read once, for both calls
    assert sum(text.count("paragraphs") for text in calls) == 1


def test_a_translation_given_to_two_units_is_placed_as_two_copies(tmp_path):
    from editions.locale.apply import _translations

    class Place:
        is_text = False

        def __init__(self, text):
            self.text = text

        def get(self):
            return [{"t": "Str", "c": self.text}]

    class Unit:
        def __init__(self, number):
            self.source, self.location, self.id = f"Source {number}", "content/x.md:1", f"u{number}"

    class Match:
        published, target = True, "Même *texte*"

    class Target:
        is_source, tag = False, "fr"

    readings: dict = {}
    from_markdown([Match.target], "qa", readings)
    values = _translations([Place("a"), Place("b")], [Unit(1), Unit(2)], [Match(), Match()], Target(), [], readings)
    assert values[0] == values[1] == [{"t": "Str", "c": "Même"}, {"t": "Space"},
                                      {"t": "Emph", "c": [{"t": "Str", "c": "texte"}]}]
    assert not {id(node) for node in _nodes(values[0])} & {id(node) for node in _nodes(values[1])}


def _nodes(value) -> list:
    """Every list and dict in ``value``, itself included."""
    if isinstance(value, list):
        return [value, *(node for item in value for node in _nodes(item))]
    if isinstance(value, dict):
        return [value, *(node for item in value.values() for node in _nodes(item))]
    return []
