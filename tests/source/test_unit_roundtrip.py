"""The inputs of "units that round-trip", one kind each: segmentation, translation,
the exchange formats and the published editions (HTML, EPUB, PDF)."""

from __future__ import annotations

import copy
import subprocess
import zipfile
from pathlib import Path

import polib
import pytest
from builds import run_cli
from conftest import tmx
from lxml import etree
from validators import pdftotext

from editions.exchange import WorkUnit
from editions.exchange.pieces import pieces_of
from editions.exchange.po import write_po
from editions.exchange.tmx import write_tmx
from editions.exchange.xliff import write_xliff
from editions.exchange.xliff2 import write_xliff2
from editions.locale.apply import _translations
from editions.locale.assess import assess
from editions.locale.settings import read_locale
from editions.memory import read_memory_file
from editions.memory.entry import Entry
from editions.memory.store import MemoryIndex
from editions.model import Match, Unit
from editions.source import pandoc
from editions.source.ast import unwrap_soft_breaks
from editions.source.publication import read_publication
from editions.source.segment import make_units, slots, units_of
from editions.source.unittext import (
    Placeholder,
    from_markdown,
    normalize,
    restore_notes,
    to_markdown,
    write_units,
)

FRENCH = type("Locale", (), {"tag": "fr", "is_source": False})()


def units_for(markdown: str):
    blocks = unwrap_soft_breaks(pandoc.read_markdown(markdown, what="test")["blocks"])
    found = slots({}, [("t.md", blocks)])
    texts = to_markdown([s.get() for s in found])
    return blocks, found, make_units(found, texts, {"t.md": markdown})


def apply(markdown: str, translate) -> tuple[list, list]:
    """The document's blocks with each unit's text replaced by ``translate(text)``, and the issues."""
    blocks, found, units = units_for(markdown)
    matches = [Match(u.id, "exact", 100, translate(u.source), published=True) for u in units]
    issues: list = []
    for place, value in zip(found, _translations(found, units, matches, FRENCH, issues)):
        if value is not None:
            place.set(value)
    return blocks, issues


def read_back(markdown: str) -> list:
    """Applying each unit's own text, read as a translation is read (not the identity shortcut)."""
    blocks, found, units = units_for(markdown)
    original = copy.deepcopy(blocks)
    blocks, issues = apply(markdown, lambda text: text + " ")   # not byte-identical: parsed
    assert issues == []
    return original, blocks


def exchanged(units: list[Unit], targets: list[str], tmp_path: Path) -> dict[str, dict]:
    """Each format's entries (context -> (source, target)) after our writers and readers."""
    work = [WorkUnit(unit=u, state="translated", previous="", following="", target=t) for u, t in zip(units, targets)]
    files = {"xlf": write_xliff(work, "en", "fr"), "xliff": write_xliff2(work, "en", "fr"),
             "po": write_po(work, "en", "fr", "2024-06-24"), "tmx": write_tmx(work, "en", "fr")}
    result = {}
    for suffix, data in files.items():
        path = tmp_path / f"x.{suffix}"
        path.write_bytes(data)
        result[suffix] = {e.context: (e.source, e.target) for e in read_memory_file(path, "en", "fr", path.name)}
    return result, files


# 1. Inline raw HTML ------------------------------------------------------------

RAW_HTML = "H<sub>2</sub>O\n\n- <abbr title=\"Serial Wire Debug\">SWD</abbr> and JTAG\n\nA<br>B and <!-- a comment --> C\n"


def test_inline_raw_html_is_a_protected_code_and_comes_back_as_raw_html(tmp_path):
    _blocks, _found, units = units_for(RAW_HTML)
    assert [u.source for u in units] == ["H<sub>2</sub>O", "<abbr title=\"Serial Wire Debug\">SWD</abbr> and JTAG",
                                         "A<br>B and <!-- a comment --> C"]
    assert all("{=html}" not in u.source for u in units)
    assert pieces_of(["H<sub>2</sub>O"])[0][1] == Placeholder("RawInline", "<sub>")
    original, blocks = read_back(RAW_HTML)
    assert blocks == original
    translated, issues = apply(RAW_HTML, lambda text: text.replace("and", "et"))
    assert issues == [] and {"t": "RawInline", "c": ["html", "<abbr title=\"Serial Wire Debug\">"]} in \
        translated[1]["c"][0][0]["c"]
    entries, files = exchanged(units, [u.source for u in units], tmp_path)
    assert all(got == {u.id: (u.source, u.source) for u in units} for got in entries.values())
    assert b"<ph>&lt;sub&gt;</ph>" in files["tmx"]
    assert b'<data id="d1">&lt;sub&gt;</data>' in files["xliff"] and b"<ph " in files["xliff"]   # XLIFF 2.0
    assert b'>&lt;sub&gt;</ph>' in files["xlf"] or b'>&lt;sub&gt;</bpt>' in files["xlf"]       # XLIFF 1.2
    assert 'msgid "H<sub>2</sub>O"' in files["po"].decode()


def test_raw_html_the_source_does_not_have_is_refused():
    _blocks, issues = apply("H<sub>2</sub>O is water.\n", lambda text: "H<sup>2</sup>O <b>est</b> l’eau.")
    assert [i.code for i in issues] == ["translation-markup-refused"]
    assert "<sup>" in issues[0].message and issues[0].unit.startswith("t-")


# 2. Hard line breaks ------------------------------------------------------------

BREAKS = "First line\\\nSecond line\n\nTwo spaces  \nmake a break.\n"


def test_hard_breaks_survive_every_exchange_format(tmp_path):
    _blocks, _found, units = units_for(BREAKS)
    assert [u.source for u in units] == ["First line\\\nSecond line", "Two spaces\\\nmake a break."]
    original, blocks = read_back(BREAKS)
    assert blocks == original
    entries, files = exchanged(units, ["Première ligne\\\nSeconde ligne", "Deux espaces\\\nfont un saut."], tmp_path)
    for got in entries.values():
        assert got[units[0].id] == (units[0].source, "Première ligne\\\nSeconde ligne")
    assert b"<ph>\\\n</ph>" in files["tmx"] and b">\\\n</data>" in files["xliff"]


def test_a_two_space_break_of_another_tool_matches_its_unit():
    """mdbook-i18n-helpers writes a hard break as two spaces and a line end; the memory
    index holds source and translation in the unit's canonical form (a backslash break)."""
    index = MemoryIndex.from_entries([Entry("Two spaces  \nmake a break.", "Deux espaces  \nfont un saut.", "m.po:1"),
                                      Entry("Two spaces make a break.", "Faux.", "m.po:2")])
    _blocks, _found, units = units_for(BREAKS)
    found = index.exact_matches(units[1].source)
    assert [index.entry(i).target for i in found] == ["Deux espaces\\\nfont un saut."]
    assert normalize("a  \nb") == "a\\\nb" != normalize("a b")


# 3. Whitespace ----------------------------------------------------------------

def test_segments_are_never_pretty_printed(tmp_path):
    _blocks, _found, units = units_for("**Warning:** mind the step.\n")
    entries, files = exchanged(units, ["**Attention :** prenez garde."], tmp_path)
    assert b"<seg><bpt i=\"1\">**</bpt>Warning:" in files["tmx"]
    assert b"<source><pc " in files["xliff"] and b"<source><bpt " in files["xlf"]
    assert all(got == {units[0].id: ("**Warning:** mind the step.", "**Attention :** prenez garde.")}
               for got in entries.values())


def test_significant_whitespace_is_kept():
    markdown = "\u00a0Leading and trailing no-break space\u00a0\n\nA line separator\u2028\n\n| a\n|    indented\n"
    _blocks, _found, units = units_for(markdown)
    assert [u.source for u in units] == ["&#xA0;Leading and trailing no-break space\u00a0",
                                         "A line separator\u2028", "a", "&#xA0;&#xA0;&#xA0;indented"]
    original, blocks = read_back(markdown)
    assert blocks == original


# 4. Quotes and escapes ------------------------------------------------------------

def test_curly_quotes_stay_literal_text_and_straight_ones_stay_quoted():
    markdown = "He said “quoted” and \"straight\" in the country’s law.\n"
    _blocks, _found, units = units_for(markdown)
    assert units[0].source == "He said “quoted” and \"straight\" in the country’s law."
    translated, issues = apply(markdown, lambda text: "Il a dit “cité” et \"droit\" dans la loi du pays.")
    kinds = [i["t"] for i in translated[0]["c"]]
    assert issues == [] and kinds.count("Quoted") == 1 and {"t": "Str", "c": "“cité”"} in translated[0]["c"]


def test_po_spells_a_unit_as_tmx_and_xliff_do(tmp_path):
    _blocks, _found, units = units_for("The country’s *law*.\n")
    entries, files = exchanged(units, ["La *loi* du pays."], tmp_path)
    assert 'msgid "The country’s *law*."' in files["po"].decode()
    assert "The country’s " in files["tmx"].decode() and "The country’s " in files["xlf"].decode()
    assert entries["po"] == entries["tmx"] == entries["xlf"]


def test_credits_are_plain_text_on_the_way_back():
    markdown = "![Caption.](p.png){credit=\"AP_Photo [pool] *2024*\"}\n"
    _blocks, found, units = units_for(markdown)
    assert units[-1].kind == "credit" and units[-1].source == "AP_Photo \\[pool\\] \\*2024\\*"
    translated, issues = apply(markdown, lambda text: text.replace("AP_Photo", "Photo_AP"))
    credit = translated[0]["c"][2][0]["c"][0]["c"][0][2]
    assert issues == [] and credit == [["credit", "Photo_AP [pool] *2024*"]]


# 5. Notes -----------------------------------------------------------------------

NOTES = ("A note in *emphasis[^e]*, in a [link[^l]](https://example.org/) and in a [span[^s]]{.k}.\n\n"
         "[^e]: Emphasis note.\n[^l]: A note with [a link](https://example.org/note).\n[^s]: Span note.\n")


def test_notes_inside_emphasis_links_and_spans():
    _blocks, _found, units = units_for(NOTES)
    assert units[0].source == "A note in *emphasis[^1]*, in a [link[^2]](https://example.org/) and in a [span[^3]]{.k}."
    original, blocks = read_back(NOTES)
    assert blocks == original
    translated, issues = apply(NOTES, lambda text: "FR " + text)
    assert issues == []
    note = translated[0]["c"][-2]["c"][1][-1]
    assert note["t"] == "Note" and note["c"][0]["c"][0] == {"t": "Str", "c": "FR"}


def test_a_unit_matches_its_own_memory_entry_when_it_has_notes():
    _blocks, _found, units = units_for(NOTES)
    index = MemoryIndex.from_entries([Entry(u.source, "FR " + u.source, "m.tmx:1") for u in units])
    assert all(index.exact_matches(u.source) for u in units)


# 6. Units that could never be translated ----------------------------------------------

def test_literal_note_marks_empty_lines_and_link_targets():
    markdown = "Literal [^1] text.\n\n| one\n|\n| two\n\nA [link](https://example.org/a b) and [w](https://en.wikipedia.org/wiki/A_(b)).\n"
    _blocks, _found, units = units_for(markdown)
    assert [u.source for u in units] == ["Literal \\[\\^1\\] text.", "one", "two",
                                         "A [link](https://example.org/a%20b) and [w](<https://en.wikipedia.org/wiki/A_(b)>)."]
    original, blocks = read_back(markdown)
    assert blocks == original
    translated, issues = apply(markdown, lambda text: text.replace("text", "texte").replace("and", "et"))
    assert issues == [] and translated[0]["c"][0] == {"t": "Str", "c": "Literal"}
    assert {"t": "Str", "c": "[^1]"} in translated[0]["c"]


# 7. Writer/reader asymmetries ---------------------------------------------------------

@pytest.mark.parametrize("markdown", ["Both _*word*_ here.", "Nested _**x**_ here.", "Empty H~~O subscript.",
                                      "Mark *a \u0308b* here.", "Quote \"*it*\" and '*one*'.", "Code `` a`b `` here.",
                                      "<https://example.org/x> and <ann@example.org>."])
def test_constructs_pandoc_does_not_round_trip_come_back(markdown):
    blocks = unwrap_soft_breaks(pandoc.read_markdown(markdown, what="test")["blocks"])
    [(text, ok)] = write_units([blocks[0]["c"]])
    assert ok, text
    original, back = read_back(markdown + "\n")
    assert back == original


# 8. Security ------------------------------------------------------------------

HOSTILE = "[x]{onclick=\"alert(1)\" style=\"background:url(file:///etc/passwd)\"}"


@pytest.mark.parametrize("translation", [f"Le {HOSTILE} texte.", "Le [texte](javascript:alert(1)).",
                                         "Le <img src=x onerror=alert(1)> texte.", "Le texte^[une note].",
                                         "Le *texte*{.x} `code`{onclick=\"x\"}."])
def test_a_translation_carries_only_its_source_markup(translation):
    translated, issues = apply("The text.\n", lambda text: translation)
    assert translated[0]["c"] == [{"t": "Str", "c": "The"}, {"t": "Space"}, {"t": "Str", "c": "text."}] \
        or "onclick" not in str(translated)
    assert issues and issues[0].unit.startswith("t-") and issues[0].location == "t.md:1"
    assert issues[0].code in ("translation-markup-refused", "translation-rejected")
    assert "passwd" not in str(translated) and "onclick" not in str(translated) and "javascript" not in str(translated)


def test_a_source_span_keeps_its_attributes_and_nothing_more():
    markdown = "A [word]{.term lang=la} here.\n"
    good, issues = apply(markdown, lambda text: "Un [mot]{.term lang=\"la\"} ici.")
    assert issues == [] and good[0]["c"][2]["c"][0] == ["", ["term"], [["lang", "la"]]]
    _bad, issues = apply(markdown, lambda text: "Un [mot]{.term lang=\"la\" onclick=\"x\"} ici.")
    assert [i.code for i in issues] == ["translation-markup-refused"]


# The published editions ----------------------------------------------------------

INPUTS = """---
title: Inputs
---

Water is H<sub>2</sub>O.

- <abbr title="Serial Wire Debug">SWD</abbr> and JTAG

A line<br>broken and a comment <!-- keep me --> here.

First line\\
Second line

**Warning:** mind the step.

He said “quoted” in the country’s law.

A note in *emphasis[^e]* and in a [link[^l]](https://example.org/).

[^e]: Emphasis note.
[^l]: A note with [a link](https://example.org/note).

Literal \\[^1\\] text.

| Verse one
|     indented verse
|
| last verse

![A captioned photo.](img/photo.png){alt="Photo alt." credit="AP_Photo [pool] *2024*"}

Nested _*word*_ and _**x**_ and H~~O.

Hostile target here.
"""


def cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    return run_cli(*args, "--project", str(project))


def with_inputs(project: Path) -> Path:
    (project / "content" / "three.md").write_text(INPUTS, encoding="utf-8")
    config = project / "content" / "publication.yaml"
    config.write_text(config.read_text().replace("  - two.md\n", "  - two.md\n  - three.md\n"))
    (project / "locales" / "fr" / "memory.tmx").unlink()
    return project


def french(text: str) -> str:
    if text == "Hostile target here.":
        return f"Cible {HOSTILE} ici."
    return "FR " + text


@pytest.mark.parametrize("fmt", ["xliff", "xliff2", "po", "tmx"])
def test_export_fill_with_the_source_import_gives_the_source(project, fmt):
    """Through each format: every unit comes back, none stale, and the edition's text is the source's."""
    with_inputs(project)
    out = project / f"out.{ {'xliff': 'xlf', 'xliff2': 'xlf'}.get(fmt, fmt) }"
    assert cli(project, "export", "--locale", "fr", "--format", fmt, "--all", "-o", str(out)).returncode == 0
    if fmt == "po":
        catalog = polib.pofile(str(out))
        for entry in catalog:
            entry.msgstr = entry.msgid
        catalog.save(str(out))
    elif fmt == "xliff":
        tree = etree.parse(str(out))
        ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
        for unit in tree.iterfind(".//x:trans-unit", ns):
            for old in unit.findall("x:target", ns):
                unit.remove(old)
            target = copy.deepcopy(unit.find("x:source", ns))
            target.tag = f"{{{ns['x']}}}target"
            target.set("state", "translated")
            unit.find("x:source", ns).addnext(target)
        tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    elif fmt == "xliff2":
        tree = etree.parse(str(out))
        ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
        for segment in tree.iterfind(".//x:segment", ns):
            target = copy.deepcopy(segment.find("x:source", ns))
            target.tag = f"{{{ns['x']}}}target"
            segment.append(target)
            segment.set("state", "translated")
        tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    else:
        tree = etree.parse(str(out))
        for tu in tree.iter("tu"):
            target = copy.deepcopy(tu.find("tuv"))
            target.set("{http://www.w3.org/XML/1998/namespace}lang", "fr")
            tu.append(target)
            for prop in tu.iter("prop"):
                if prop.get("type") == "x-state":
                    prop.text = "translated"        # confirmed, as a CAT tool marks it
        tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    imported = cli(project, "import", str(out), "--locale", "fr")
    assert imported.returncode == 0, imported.stderr
    assert "import-stale" not in imported.stderr
    memory = (project / "locales" / "fr" / "memory.tmx").read_bytes()
    assert b'<seg><bpt i="1">**</bpt>Warning:' in memory and b"<seg>\n" not in memory
    publication = read_publication(project)
    units = units_of(publication)
    locale = read_locale(project, "fr", "en")
    matches = assess(project, units, locale, "en").matches
    assert all(m.published for m in matches), [u.source for u, m in zip(units, matches) if not m.published]
    meta = copy.deepcopy(publication.meta)
    chapters = [(c.path, copy.deepcopy(c.blocks)) for c in publication.chapters]
    places = slots(meta, chapters)
    issues: list = []
    for place, value in zip(places, _translations(places, units, matches, locale, issues)):
        place.set(value)
    assert issues == [] and (meta, chapters) == (publication.meta, [(c.path, c.blocks) for c in publication.chapters])


def test_the_inputs_published_in_html_epub_and_pdf(project):
    with_inputs(project)
    units = units_of(read_publication(project))
    (project / "locales" / "fr" / "memory.tmx").write_text(
        tmx([(u.source, french(u.source)) for u in units], "fr"), encoding="utf-8")
    result = cli(project, "--locales", "fr", "--formats", "html,epub,pdf")
    assert result.returncode == 0, result.stderr
    refused = [line for line in result.stderr.splitlines() if "(qa-markup)" in line]
    assert len(refused) == 1 and "three-" in refused[0]     # withheld: the source stays
    html = "\n".join(p.read_text(encoding="utf-8") for p in (project / "dist" / "fr").rglob("*.html"))
    epub = next((project / "dist").rglob("*fr*.epub"))
    with zipfile.ZipFile(epub) as archive:
        xhtml = "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xhtml"))
    for page in (html, xhtml):
        assert "FR Water is H<sub>2</sub>O." in page
        assert '<abbr title="Serial Wire Debug">SWD</abbr>' in page
        assert "{=html}" not in page and "onclick" not in page and "passwd" not in page
        assert "FR First line<br" in page and "FR AP_Photo [pool] *2024*" in page
        assert "“quoted”" in page and "[^1]" in page and "FR Emphasis note." in page
        assert "Hostile target here." in page
    text = pdftotext(next((project / "dist").rglob("*fr*.pdf")))
    assert "H2O" in text and "{=html}" not in text and "AP_Photo [pool] *2024*" in text
    assert "FR First line\nSecond line" in text or "FR First line\n" in text


def test_a_definition_in_one_translation_does_not_reach_the_others():
    """Translations are read many in one call: a note or link definition in one is no unit and changes no other."""
    texts = ["A [^1] note.", "[^1]: a note of mine", "[x]: https://evil.example/", "See [x].", "B [^1]."]
    parsed = from_markdown(texts, "test")
    assert parsed[1] is None and parsed[2] is None
    assert all(i["t"] != "Link" for i in parsed[3])
    assert restore_notes(parsed[4], [{"t": "Note", "c": []}]) is not None


def test_a_translation_indented_as_a_list_a_thousand_deep_is_no_unit_and_the_others_are_read(monkeypatch):
    """Such a text would take pandoc minutes to read; it is known to be no unit without reading it."""
    deep = "A paragraph\n\n" + "".join("  " * depth + "- item\n" for depth in range(1000))
    given, run_text = [], pandoc.run_text
    monkeypatch.setattr(pandoc, "run_text", lambda args, text, **kw: given.append(text) or run_text(args, text, **kw))
    parsed = from_markdown(["Before *it*.", deep, "After the deep one."], "fr.po")   # texts no other test reads
    assert given and not any("- item" in text for text in given)
    assert parsed[1] is None
    assert parsed[0] == [{"t": "Str", "c": "Before"}, {"t": "Space"}, {"t": "Emph", "c": [{"t": "Str", "c": "it"}]},
                         {"t": "Str", "c": "."}]
    assert [i.get("c") for i in parsed[2]] == ["After", None, "the", None, "deep", None, "one."]



def test_translations_pandoc_reads_in_exponential_time_are_no_units_and_the_others_are_read(monkeypatch):
    """Brackets nested nine deep are known to be no unit without reading them; a text slow for
    another reason (pandoc issue #11687) ends its batch at the time bound (0.3 s here), the
    texts read with it are read again one by one, and it is not read again."""
    monkeypatch.setattr(pandoc, "SECONDS_BASE", 0.3)
    monkeypatch.setattr(pandoc, "SECONDS_PER_MB", 0.0)
    given, run_text = [], pandoc.run_text
    monkeypatch.setattr(pandoc, "run_text", lambda args, text, **kw: given.append(text) or run_text(args, text, **kw))
    nested = "See " + "[" * 9 + "x" + "]" * 9 + "."
    slow = "\n".join(["[a.__b__]"] * 30)
    in_code = "Code `[[[[[[[[[[x]]]]]]]]]]` and math $[[[[[[[[[[y]]]]]]]]]]$ are read whole."
    intervals = "Les intervalles " + "[0, 1), " * 6 + "couvrent [0, 6)."      # seven open brackets
    parsed = from_markdown(["First of the slow batch.", nested, slow, "Last of the slow batch.", in_code,
                            intervals], "fr.po")
    assert parsed[1] is None and parsed[2] is None
    assert [i["t"] for i in parsed[4] if i["t"] not in ("Str", "Space")] == ["Code", "Math"]
    assert "".join(i.get("c", " ") for i in parsed[5]) == intervals
    asked = len(given)
    assert from_markdown([slow], "fr.po") == [None] and len(given) == asked     # known to be slow: not asked again
    assert not any(nested in text for text in given)
    assert [i.get("c") for i in parsed[0]] == ["First", None, "of", None, "the", None, "slow", None, "batch."]
    assert [i.get("c") for i in parsed[3]] == ["Last", None, "of", None, "the", None, "slow", None, "batch."]
