"""PO catalogs read in their own markup: Sphinx (reST), MyST, mdbook (CommonMark).

Each message is read by pandoc's reader of its markup as one block's inline
content and compared with units in their canonical text; the units here are
made as the publication makes them, from a document read by pandoc.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import polib
import pytest
from conftest import ROOT

from editions.errors import EditionsError
from editions.locale.settings import read_locale
from editions.memory.lookup import Policy, find_matches
from editions.memory.markup import match_key, myst_roles, read_messages
from editions.memory.po import markup_of
from editions.memory.settings import memory_markups
from editions.memory.store import open_index
from editions.model import Unit
from editions.source import pandoc, roles
from editions.source.unittext import from_markdown, to_markdown


def header(*fields: str) -> str:
    """A catalog's header entry with these fields."""
    return 'msgid ""\nmsgstr ""\n' + "".join(f'"{field}\\n"\n' for field in fields) + "\n"


UTF8 = "Content-Type: text/plain; charset=UTF-8"
SPHINX = header("Project-Id-Version: Demo 1.0", "Language: fr", UTF8, "Generated-By: Sphinx 7.2.6")
PLAIN = header(UTF8)


def mdbook(language: str = "ja") -> str:
    """The header mdbook-i18n-helpers' mdbook-xgettext writes (its date in RFC 3339)."""
    return header("Project-Id-Version: Demo", "POT-Creation-Date: 2024-01-24T13:24:49+01:00",
                  f"Language: {language}", "MIME-Version: 1.0", UTF8)


MDBOOK = mdbook()


def po_entry(source: str, target: str, reference: str = "") -> str:
    where = f"#: {reference}\n" if reference else ""
    return f"{where}msgid {json.dumps(source, ensure_ascii=False)}\nmsgstr {json.dumps(target, ensure_ascii=False)}\n\n"


def unit_text(document: str, reader: str) -> str:
    """A unit's text as the publication writes it: the first block of a document
    read by pandoc (a heading's or a paragraph's inlines), in the canonical form;
    a reST document's roles rendered, as a reST chapter's are (no chapter to link)."""
    blocks = json.loads(pandoc.run_text(["-f", reader, "-t", "json"], document))["blocks"]
    if reader == "rst":
        blocks = roles.rendered_blocks(blocks)
    inlines = blocks[0]["c"][2] if blocks[0]["t"] == "Header" else blocks[0]["c"]
    return to_markdown([inlines])[0]


def lookup(tmp_path: Path, catalog: str, units: list[str], tag: str = "fr", settings: str = ""):
    """(matches, issues) for units looked up in one catalog, memories.po in locales/TAG/."""
    folder = tmp_path / "locales" / tag
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "locale.yaml").write_text(settings, encoding="utf-8")
    (folder / "memories.po").write_text(catalog, encoding="utf-8")
    index, issues = open_index(tmp_path, folder, tag, "en", path=tmp_path / "index.sqlite")
    found = find_matches([Unit(f"u{i}", "paragraph", text, "content/a.md") for i, text in enumerate(units)],
                         index, Policy(tag))
    return found, issues


def published(matches) -> list[tuple[str, str | None]]:
    return [(m.level, m.target if m.published else None) for m in matches]


# Sphinx: reStructuredText messages ----------------------------------------------

def test_sphinx_literal_block_marker_is_the_colon_the_paragraph_shows(tmp_path):
    unit = unit_text("Some examples::\n\n    print(1)\n", "rst")
    assert unit == "Some examples:"
    matches, _ = lookup(tmp_path, SPHINX + po_entry("Some examples::", "Quelques exemples ::"), [unit])
    assert published(matches) == [("exact", "Quelques exemples :")]


def test_sphinx_roles_match_a_unit_read_from_rest(tmp_path):
    unit = unit_text("Returns an :class:`int`, see :doc:`the guide <install>`.\n", "rst")
    assert unit == "Returns an `int`, see the guide."
    catalog = SPHINX + po_entry("Returns an :class:`int`, see :doc:`the guide <install>`.",
                                "Renvoie un :class:`int`, voir :doc:`le guide <install>`.")
    matches, _ = lookup(tmp_path, catalog, [unit])
    assert published(matches) == [("exact", "Renvoie un `int`, voir le guide.")]


def test_sphinx_roles_match_a_rest_unit_that_links_them(tmp_path):
    """In a publication whose chapter ``install.rst`` has a title, ``:doc:`` links to it
    and ``:ref:`` to its label's id: the message matches that unit, the translation linked."""
    unit = "See [the guide](#chapter-install) and [setup](#setup)."
    catalog = SPHINX + po_entry("See :doc:`the guide <install>` and :ref:`setup <setup>`.",
                                "Voir :doc:`le guide <install>` et :ref:`l’installation <setup>`.")
    matches, _ = lookup(tmp_path, catalog, [unit])
    assert published(matches) == [("exact", "Voir [le guide](#chapter-install) et [l’installation](#setup).")]
    unit = "See [the guide](#chapter-install) and setup."     # no label 'setup' in this one
    matches, _ = lookup(tmp_path / "other", catalog, [unit])
    assert published(matches) == [("exact", "Voir [le guide](#chapter-install) et l’installation.")]


def test_sphinx_roles_match_a_markdown_unit_by_their_rendering(tmp_path):
    unit = unit_text("Returns an `int`, see the guide; call `join`.\n", "markdown")
    catalog = SPHINX + po_entry("Returns an :class:`int`, see :doc:`the guide <install>`; call "
                                ":py:func:`~os.path.join`.",
                                "Renvoie un :class:`int`, voir :doc:`le guide <install>` ; appeler "
                                ":py:func:`~os.path.join`.")
    matches, _ = lookup(tmp_path, catalog, [unit])
    assert published(matches) == [("exact", "Renvoie un `int`, voir le guide ; appeler `join`.")]


def test_sphinx_footnote_reference_is_the_units_note_mark(tmp_path):
    unit = unit_text("A claim [#]_ and another [#]_.\n\n.. [#] First.\n.. [#] Second.\n", "rst")
    assert unit == "A claim[^1] and another[^2]."
    catalog = SPHINX + po_entry("A claim [#]_ and another [#]_.", "Une affirmation [#]_ et une autre [#]_.")
    matches, _ = lookup(tmp_path, catalog, [unit])
    assert published(matches) == [("exact", "Une affirmation[^1] et une autre[^2].")]


def test_sphinx_literal_is_code(tmp_path):
    unit = unit_text("Set ``DEBUG`` to true.\n", "rst")
    assert unit == "Set `DEBUG` to true."
    matches, _ = lookup(tmp_path, SPHINX + po_entry("Set ``DEBUG`` to true.", "Mettez ``DEBUG`` à vrai."),
                        [unit])
    assert published(matches) == [("exact", "Mettez `DEBUG` à vrai.")]


def test_sphinx_substitution_without_its_definition_is_reported_not_dropped(tmp_path):
    catalog = SPHINX + po_entry("Version |release| is out.", "La version |release| est sortie.", "a.rst:3")
    matches, issues = lookup(tmp_path, catalog, ["Version |release| is out."])
    assert published(matches) == [("exact", "La version |release| est sortie.")]
    assert [(i.code, i.severity, i.location) for i in issues] == [
        ("memory-markup-unmatched", "info", "locales/fr/memories.po:8")]
    assert "substitution |release|" in issues[0].message


# MyST -----------------------------------------------------------------------------

MYST = SPHINX + po_entry("See the {doc}`install guide <install>` and {py:class}`~pkg.Thing`.",
                         "Voir le {doc}`guide d’installation <install>` et {py:class}`~pkg.Thing`.", "a.md:1")


def test_myst_role_is_the_rest_role_read_by_pandoc(tmp_path):
    assert myst_roles("{doc}`a <b>` and ``x`` and {ref}`` c`d ``") == (
        '`a <b>`{.interpreted-text role="doc"} and ``x`` and `` c`d ``{.interpreted-text role="ref"}')
    unit = unit_text("See the :doc:`install guide <install>` and :py:class:`~pkg.Thing`.\n", "rst")
    assert unit == "See the install guide and `Thing`."
    matches, _ = lookup(tmp_path, MYST, [unit])
    assert published(matches) == [("exact", "Voir le guide d’installation et `Thing`.")]


def test_myst_role_matches_a_markdown_unit_by_its_display_text(tmp_path):
    unit = unit_text("See the install guide and `Thing`.\n", "markdown")
    matches, _ = lookup(tmp_path, MYST, [unit])
    assert published(matches) == [("exact", "Voir le guide d’installation et `Thing`.")]


def test_myst_roles_pandoc_has_elements_for_are_those_elements():
    readings = read_messages(["H{sub}`2`O and {math}`x^2`, {emphasis}`very`"], "myst", "test")
    assert readings[0].text == "H~2~O and $x^2$, *very*"


# Escaping and block shape -----------------------------------------------------------

@pytest.mark.parametrize("catalog_header, reader", [(SPHINX, "rst"), (mdbook("fr"), "commonmark"),
                                                    (PLAIN, "markdown")])
def test_apostrophe_and_what_pandoc_escapes_match_the_units_spelling(tmp_path, catalog_header, reader):
    texts = ["don't stop -- wait...", 'She said "yes" at 5 o\'clock.']
    units = [unit_text(text + "\n", reader) for text in texts]
    if reader != "markdown":
        assert units == ["don\\'t stop \\-\\- wait\\.\\.\\.", 'She said \\"yes\\" at 5 o\\\'clock.']
    catalog = catalog_header + "".join(po_entry(text, f"T{i}") for i, text in enumerate(texts))
    matches, _ = lookup(tmp_path, catalog, units)
    assert published(matches) == [("exact", "T0"), ("exact", "T1")]


def test_straight_apostrophe_in_a_commonmark_catalog_matches_a_smart_markdown_unit(tmp_path):
    unit = unit_text("don't -- stop\n", "markdown")
    assert unit == "don’t – stop"
    catalog = mdbook("fr") + po_entry("don't -- stop", "n'arrête pas")
    matches, _ = lookup(tmp_path, catalog, [unit])
    assert published(matches) == [("exact", "n\\'arrête pas")]
    assert match_key("don\\'t \\-\\- stop") == match_key("don’t – stop") == "don't \u2013 stop"


@pytest.mark.parametrize("catalog_header", [SPHINX, mdbook("fr"), PLAIN])
def test_numbered_heading_text_is_read_as_text_not_a_list(tmp_path, catalog_header):
    unit = unit_text("## 1. Parse\n", "markdown")
    assert unit == "1\\. Parse"
    matches, _ = lookup(tmp_path, catalog_header + po_entry("1. Parse", "1. Analyser"), [unit])
    assert published(matches) == [("exact", "1\\. Analyser")]
    assert from_markdown(["1\\. Analyser"], "test") == [[{"t": "Str", "c": "1."}, {"t": "Space"},
                                                       {"t": "Str", "c": "Analyser"}]]


def test_mdbook_two_space_hard_break_survives(tmp_path):
    unit = unit_text("**Borrow**  \nTo use a value without owning it.\n", "commonmark")
    assert unit == "**Borrow**\\\nTo use a value without owning it."
    catalog = MDBOOK + po_entry("**Borrow**  \nTo use a value without owning it.", "**借用**  \n所有せずに値を使うこと。")
    matches, _ = lookup(tmp_path, catalog, [unit], tag="ja")
    assert published(matches) == [("exact", "**借用**\\\n所有せずに値を使うこと。")]


def test_message_that_is_not_one_block_is_reported(tmp_path):
    catalog = PLAIN + po_entry("First paragraph.\n\nSecond paragraph.", "Un.\n\nDeux.", "a.md:4")
    matches, issues = lookup(tmp_path, catalog, ["First paragraph."])
    assert published(matches) == [("none", None)]
    assert [(i.code, i.location) for i in issues] == [("memory-markup-unmatched", "locales/fr/memories.po:5")]
    assert "not the inline content of one block" in issues[0].message


# Which markup ------------------------------------------------------------------------

@pytest.mark.parametrize("catalog_header, references, markup", [
    (SPHINX, ["../../source/intro.rst"], "rst"),
    (header(UTF8, "Generated-By: Babel 2.14.0 via Sphinx"), ["intro.rst"], "rst"),
    (SPHINX, ["intro.md", "usage.md"], "myst"),
    (MDBOOK, ["src/intro.md"], "commonmark"),
    (header(UTF8, "X-Generator: mdbook-xgettext"), [], "commonmark"),
    (header(UTF8, "POT-Creation-Date: 2024-01-24 13:24+0100"), ["src/intro.md"], "markdown"),
    (PLAIN, [], "markdown"),
])
def test_markup_is_read_from_the_catalog_header(tmp_path, catalog_header, references, markup):
    path = tmp_path / "x.po"
    path.write_text(catalog_header + po_entry("Hello", "Bonjour", " ".join(f"{r}:1" for r in references)),
                    encoding="utf-8")
    assert markup_of(polib.pofile(str(path))) == markup


def test_locale_file_sets_a_memory_files_markup(tmp_path):
    catalog = PLAIN + po_entry("Use :class:`int`.", "Utilisez :class:`int`.")
    unit = unit_text("Use `int`.\n", "markdown")
    matches, _ = lookup(tmp_path, catalog, [unit])
    assert not matches[0].published            # read as pandoc Markdown, :class: is text
    matches, _ = lookup(tmp_path, catalog, [unit], settings="memories:\n  memories.po: {markup: rst}\n")
    assert published(matches) == [("exact", "Utilisez `int`.")]


def test_unknown_markup_in_the_locale_file_is_one_clear_error(tmp_path):
    folder = tmp_path / "locales" / "fr"
    folder.mkdir(parents=True)
    (folder / "locale.yaml").write_text("memories:\n  docs.po: {markup: rest}\n", encoding="utf-8")
    with pytest.raises(EditionsError) as error:
        memory_markups(folder)
    assert str(error.value) == ("locales/fr/locale.yaml: memories: docs.po: markup must be one of "
                                "markdown, commonmark, myst, rst, not 'rest'")
    with pytest.raises(EditionsError):
        read_locale(tmp_path, "fr", "en")


# Publications built from such catalogs ------------------------------------------------

PUBLICATION = """title: {title}
author: Ann Author
date: 2024-06-24
lang: en
publisher: Tiny Press
rights: All rights reserved.
identifier: urn:uuid:00000000-0000-4000-8000-00000000000{number}
description: A book for catalog tests.
chapters:
  - {chapter}
"""
METADATA = [("Ann Author", "{author}"), ("Tiny Press", "{publisher}"), ("All rights reserved.", "{rights}"),
            ("A book for catalog tests.", "{description}")]


def publication(root: Path, tag: str, title: str, chapter: str, text: str, catalog: str, number: int) -> Path:
    """A one-chapter publication with the source locale and ``tag``, whose only memory is ``catalog``."""
    (root / "content").mkdir(parents=True)
    (root / "content" / "publication.yaml").write_text(
        PUBLICATION.format(title=title, chapter=chapter, number=number), encoding="utf-8")
    (root / "content" / chapter).write_text(text, encoding="utf-8")
    for locale in ("en", tag):
        folder = root / "locales" / locale
        (folder / "LC_MESSAGES").mkdir(parents=True)
        sample = ROOT / "samples" / "garden" / "locales" / locale
        if not sample.is_dir():
            sample = ROOT / "locales" / locale
        shutil.copy(sample / "locale.yaml", folder / "locale.yaml")
        shutil.copy(sample / "LC_MESSAGES" / "messages.po", folder / "LC_MESSAGES" / "messages.po")
    (root / "locales" / tag / "book.po").write_text(catalog, encoding="utf-8")
    return root


def built_html(project: Path, tag: str) -> tuple:
    """(manifest entry, page, its text and description) of the locale's HTML edition, built alone."""
    from builds import edition, manifest, run_build
    from lxml import html
    result = run_build(project, "--formats", "html", "--locales", tag)
    assert result.returncode == 0, result.stdout + result.stderr
    entry = next(e for e in manifest(project)["editions"] if e["locale"] == tag)
    page = html.fromstring(edition(project, tag, "html").read_bytes())
    description = " ".join(page.xpath("//meta[@name='description']/@content"))
    return entry, page, re.sub(r"\s+", " ", f"{page.text_content()} {description}")


GLOSSARY = ("# Glossary\n\n**Borrow**  \nTo use a value without owning it.\n\n"
            "**Crate**  \nA compilation unit: a library or a binary.\n\n## 1. Ownership\n\n"
            "Each value has one owner; it's dropped when the owner goes out of scope.\n")
GLOSSARY_JA = [
    ("Rust Words", "Rust の言葉"), ("Ann Author", "アン・オーサー"), ("Tiny Press", "タイニー出版"),
    ("All rights reserved.", "無断転載を禁じます。"), ("A book for catalog tests.", "テスト用の本。"),
    ("Glossary", "用語集"),
    ("**Borrow**  \nTo use a value without owning it.", "**借用**  \n所有せずに値を使うこと。"),
    ("**Crate**  \nA compilation unit: a library or a binary.", "**クレート**  \nコンパイルの単位：ライブラリまたはバイナリ。"),
    ("1. Ownership", "1. 所有権"),
    ("Each value has one owner; it's dropped when the owner goes out of scope.",
     "各値の所有者は一人だけで、所有者がスコープを抜けると値は破棄されます。"),
]


@pytest.fixture(scope="module")
def mdbook_edition(tmp_path_factory):
    catalog = MDBOOK + "".join(po_entry(s, t, f"src/glossary.md:{n}") for n, (s, t) in enumerate(GLOSSARY_JA, 1))
    project = publication(tmp_path_factory.mktemp("mdbook"), "ja", "Rust Words", "glossary.md", GLOSSARY,
                          catalog, 2)
    return built_html(project, "ja")


def test_mdbook_catalog_publishes_every_message_with_its_hard_breaks(mdbook_edition):
    entry, page, text = mdbook_edition
    assert entry["coverage"] == 1.0
    shown = [target.replace("**", "").replace("  \n", " ") for _source, target in GLOSSARY_JA]
    assert [t for t in shown if t in text] == shown and len(shown) == 10
    breaks = [(p.findtext("strong"), p.find("br") is not None) for p in page.iter("p") if p.find("strong") is not None]
    assert breaks == [("借用", True), ("クレート", True)]
    assert page.xpath("//h2[normalize-space()='1. 所有権']")


# The Sphinx publication, in reStructuredText and as the same text in Markdown.
GUIDE_RST = """Getting started
===============

Some examples::

    print(len([1, 2]))

Call :func:`len` on a list [#]_. Set ``DEBUG`` to true; don't forget it.

1. Parse
--------

Read :doc:`the guide <install>` first.

.. [#] Lists are sequences.
"""
GUIDE_MD = """# Getting started

Some examples:

    print(len([1, 2]))

Call `len` on a list[^1]. Set `DEBUG` to true; don't forget it.

## 1. Parse

Read the guide first.

[^1]: Lists are sequences.
"""
GUIDE_FR = [
    ("Sphinx Words", "Les mots de Sphinx"), ("Ann Author", "Ann Autrice"), ("Tiny Press", "Presses minuscules"),
    ("All rights reserved.", "Tous droits réservés."),
    ("A book for catalog tests.", "Un livre pour les tests de catalogues."),
    ("Getting started", "Premiers pas"),
    ("Some examples::", "Quelques exemples ::"),
    ("Call :func:`len` on a list [#]_. Set ``DEBUG`` to true; don't forget it.",
     "Appelez :func:`len` sur une liste [#]_. Mettez ``DEBUG`` à vrai ; ne l'oubliez pas."),
    ("1. Parse", "1. Analyser"),
    ("Read :doc:`the guide <install>` first.", "Lisez d'abord :doc:`le guide <install>`."),
    ("Lists are sequences.", "Les listes sont des séquences."),
]
# What the French edition shows of each message. A reST chapter's roles are read as rendered
# (``install`` is no chapter: the guide is its display text), the Markdown chapter has that
# text as written; both match the messages by their rendering.
SHOWN = ["Les mots de Sphinx", "Ann Autrice", "Presses minuscules", "Tous droits réservés.",
         "Un livre pour les tests de catalogues.", "Premiers pas", "Quelques exemples :",
         "Appelez len sur une liste1. Mettez DEBUG à vrai ; ne l'oubliez pas.", "1. Analyser",
         "Lisez d'abord le guide.", "Les listes sont des séquences."]


@pytest.fixture(scope="module", params=["guide.rst", "guide.md"])
def sphinx_edition(request, tmp_path_factory):
    catalog = SPHINX + "".join(po_entry(s, t, f"guide.rst:{n}") for n, (s, t) in enumerate(GUIDE_FR, 1))
    text = GUIDE_RST if request.param.endswith(".rst") else GUIDE_MD
    project = publication(tmp_path_factory.mktemp("sphinx"), "fr", "Sphinx Words", request.param, text, catalog, 3)
    return request.param, *built_html(project, "fr")


def test_sphinx_catalog_publishes_every_message(sphinx_edition):
    _chapter, entry, page, text = sphinx_edition
    assert entry["coverage"] == 1.0
    text = re.sub(r"[\u00a0\u202f]", " ", text)
    assert [t for t in SHOWN if t in text] == SHOWN and len(SHOWN) == len(GUIDE_FR) == 11
    assert [c.text for c in page.iter("code") if c.getparent().tag == "p"] == ["len", "DEBUG"]
    assert not page.xpath("//p//a[not(starts-with(@href, '#'))]")


PLAIN_TEXTS = ["1. Parse", "- x y", ": y", "A. B", "i) z", "(a) b", "#. c", "= d", "+ e", "% f", "it's 5 o'clock",
               "a -- b", "wait...", "mail me@x.org", "@me hi", "Hello, world.", "e.g. this", "x = y", "I. Intro",
               "http://x.org/a", "50% off", "Straße café", "中文。", "Some examples::"]


@pytest.mark.parametrize("markup", ["markdown", "commonmark", "myst", "rst"])
def test_plain_text_without_pandoc_keys_as_pandocs_reading(markup):
    from editions.memory import markup as reading
    prepared = [reading._prepare(text, markup, i) for i, text in enumerate(PLAIN_TEXTS)]
    parsed = reading._parse([p[0] for p in prepared], [p[1] for p in prepared], markup, "test")
    for text, inlines in zip(PLAIN_TEXTS, parsed):
        fast = reading.plain_text(text, markup)
        if fast is not None:
            assert match_key(fast) == match_key(reading._written(text, inlines, ()).text), (markup, text)
    assert reading.plain_text("1. Parse", markup) == "1\\. Parse"


def test_heading_marks_an_older_mdbook_kept_are_the_heading_not_its_text(tmp_path):
    units = [unit_text("# Welcome to *Rust*\n", "commonmark"), unit_text("## 1. Parse ##\n", "commonmark"),
             "\\#hashtag here"]
    catalog = MDBOOK + po_entry("# Welcome to *Rust*", "# *Rust* へようこそ") + po_entry(
        "## 1. Parse ##", "## 1. 解析") + po_entry("#hashtag here", "#ハッシュタグ")
    matches, _ = lookup(tmp_path, catalog, units, tag="ja")
    assert published(matches) == [("exact", "*Rust* へようこそ"), ("exact", "1\\. 解析"), ("exact", "\\#ハッシュタグ")]


@pytest.mark.parametrize("catalog_header, reader", [(SPHINX, "rst"), (mdbook("fr"), "commonmark")])
def test_characters_the_unit_writer_escapes_match_as_read(tmp_path, catalog_header, reader):
    texts = ["It costs $5 * 3 ~ 15^2.", "Use snake_case, a {brace} and [brackets].", "A \\ backslash & @mention."]
    units = [unit_text(text + "\n", reader) for text in texts]
    assert units[0] == "It costs \\$5 \\* 3 \\~ 15\\^2."
    catalog = catalog_header + "".join(po_entry(text, f"T{i}") for i, text in enumerate(texts))
    matches, _ = lookup(tmp_path, catalog, units)
    assert published(matches) == [("exact", "T0"), ("exact", "T1"), ("exact", "T2")]
