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


def _counting_pandoc(monkeypatch) -> list[str]:
    """The texts each pandoc process is started on, from here on."""
    started: list[str] = []
    real = pandoc.run_text
    monkeypatch.setattr(pandoc, "run_text", lambda args, text, **kw: started.append(text) or real(args, text, **kw))
    return started


def test_a_text_read_again_in_one_process_starts_no_pandoc_and_gives_an_equal_fresh_ast(monkeypatch):
    monkeypatch.setattr(pandoc, "_READINGS", pandoc._Readings(budget=10_000))
    started = _counting_pandoc(monkeypatch)
    text = "A *reading* kept [^n]\n\n[^n]: with a note\n\n[^n]: defined twice, which pandoc warns of\n"
    first_warnings: list[str] = []
    first = pandoc.read_markdown(text, what="a.md", warnings=first_warnings)
    first["blocks"].clear()                      # a caller changing its AST changes no later reading
    again_warnings: list[str] = []
    again = pandoc.read_markdown(text, what="b.md", warnings=again_warnings)
    unwrapped = pandoc.read_markdown(text, what="c.md", soft_breaks=False)
    other_reader = pandoc.read_markdown(text, what="d.md", extensions="-footnotes")
    assert started == [text, text]               # the first reading, and the one with other extensions
    assert again["blocks"] and again["blocks"][0]["t"] == "Para"
    assert again_warnings == first_warnings and "Duplicate note reference" in first_warnings[0]
    assert unwrapped == again                    # no soft break in this text
    assert other_reader != again


def test_the_kept_readings_stay_within_their_budget_newest_first(monkeypatch):
    readings = pandoc._Readings(budget=2_000)
    monkeypatch.setattr(pandoc, "_READINGS", readings)
    started = _counting_pandoc(monkeypatch)
    texts = [f"Paragraph number {n}." for n in range(12)]
    for text in texts:
        pandoc.read_markdown(text, what="t.md")
    assert 0 < readings.size <= 2_000
    kept = [text for _, text in readings.kept]
    assert kept == texts[-len(kept):] and len(kept) < len(texts)
    pandoc.read_markdown(texts[-1], what="t.md")            # kept: no new process
    pandoc.read_markdown(texts[0], what="t.md")             # dropped: read again
    assert started == [*texts, texts[0]]
    huge = "word " * 1_000
    pandoc.read_markdown(huge, what="t.md")
    assert ("", huge) not in readings.kept and readings.size <= 2_000
