"""Sphinx roles in a reStructuredText chapter, read as Sphinx shows them.

Pandoc keeps a role it has no element for as code of its raw content; a reST chapter
is read with every role rendered (``source.roles``), so each unit and each edition,
the source-language one too, holds what a reader of the built documentation sees.
``:doc:`` and ``:ref:`` link to a chapter or a label of the publication, or are
their display text. A Sphinx catalog written with the raw roles still translates
every unit.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from builds import edition, manifest, run_build
from conftest import ROOT
from lxml import html

from editions.memory.markup import read_messages
from editions.source import read_source, roles

# (role as written, its unit text, its HTML in the edition); each is a paragraph "N: ROLE."
ROLES = [
    (":class:`int`", "`int`", "<code>int</code>"),
    (":py:meth:`~pkg.Queue.put`", "`put`", "<code>put</code>"),
    (":file:`conf/a.txt`", "`conf/a.txt`", "<code>conf/a.txt</code>"),
    (":doc:`the guide <two>`", "[the guide](#chapter-two)", '<a href="#chapter-two">the guide</a>'),
    (":doc:`/two`", "[/two](#chapter-two)", '<a href="#chapter-two">/two</a>'),
    (":doc:`the guide <install>`", "the guide", "the guide"),           # no such chapter
    (":doc:`!two`", "two", "two"),                                      # "!": no link
    (":doc:`the third <three>`", "[the third](#first)", '<a href="#first">the third</a>'),  # untitled
    (":ref:`setting up <setup>`", "[setting up](#setup)", '<a href="#setup">setting up</a>'),
    (":ref:`missing-label`", "missing-label", "missing-label"),
    (":term:`translation memory`", "translation memory", "translation memory"),
    (":abbr:`LIFO (last-in, first-out)`", "LIFO", "LIFO"),
    (":guilabel:`&Cancel`", "Cancel", "Cancel"),
    (":menuselection:`Start --> Programs`", "Start ‣ Programs", "Start ‣ Programs"),
    (":pep:`8`", "PEP 8", "PEP 8"),
    (":math:`x^2`", "$x^2$", '<span class="math inline"><em>x</em><sup>2</sup></span>'),
    (":emphasis:`very`", "*very*", "<em>very</em>"),
    (":strong:`bold`", "**bold**", "<strong>bold</strong>"),
    (":dfn:`segment`", "*segment*", "<em>segment</em>"),
    (":sub:`2`", "~2~", "<sub>2</sub>"),
]
ONE = "One\n===\n\n" + "".join(f"{n}: {role}.\n\n" for n, (role, _unit, _html) in enumerate(ROLES))
ONE += """Roles in a note [#]_ and a list:

* Press :kbd:`C-x`.

.. [#] See :doc:`two`.
"""
TWO = """Two
===

.. _setup:

Setting up
----------

Back to :doc:`the start <one>`.

Running
-------

Run :program:`build`.
"""
PUBLICATION = """title: Roles
author: Ann Author
date: 2024-06-24
lang: en
publisher: Tiny Press
rights: All rights reserved.
identifier: urn:uuid:00000000-0000-4000-8000-000000000042
description: A book about roles.
chapters:
  - one.rst
  - two.rst
  - three.rst
"""
# No title: two top-level sections, and the chapter's anchor is the first one's id.
THREE = "First\n=====\n\nA.\n\nSecond\n======\n\nB.\n"
SPHINX = ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Generated-By: Sphinx 7.2.6\\n"\n\n')
# Every unit's message as Sphinx's gettext builder writes it (raw roles), and its translation.
FRENCH = [
    ("Roles", "Rôles"), ("Ann Author", "Ann Autrice"), ("Tiny Press", "Presses minuscules"),
    ("All rights reserved.", "Tous droits réservés."), ("A book about roles.", "Un livre sur les rôles."),
    ("Two", "Deux"), ("Setting up", "Installation"), ("Running", "Exécution"),
    ("Back to :doc:`the start <one>`.", "Retour au :doc:`début <one>`."),
    ("Run :program:`build`.", "Lancez :program:`build`."),
    ("See :doc:`the guide <two>`, :ref:`setting up <setup>` and :doc:`the manual <install>`.",
     "Voir :doc:`le guide <two>`, :ref:`l’installation <setup>` et :doc:`le manuel <install>`."),
]
# What the French edition shows for the last three messages.
FRENCH_SHOWN = ["Retour au début.", "Lancez build.", "Voir le guide, l’installation et le manuel."]


def write_publication(root: Path, one: str) -> Path:
    """The two reST chapters, the source locale and ``fr`` whose only memory is a Sphinx catalog."""
    (root / "content").mkdir(parents=True)
    (root / "content" / "publication.yaml").write_text(PUBLICATION, encoding="utf-8")
    (root / "content" / "one.rst").write_text(one, encoding="utf-8")
    (root / "content" / "two.rst").write_text(TWO, encoding="utf-8")
    (root / "content" / "three.rst").write_text(THREE, encoding="utf-8")
    for tag in ("en", "fr"):
        folder = root / "locales" / tag
        (folder / "LC_MESSAGES").mkdir(parents=True)
        shutil.copy(ROOT / "locales" / tag / "locale.yaml", folder / "locale.yaml")
        shutil.copy(ROOT / "locales" / tag / "LC_MESSAGES" / "messages.po", folder / "LC_MESSAGES" / "messages.po")
    catalog = SPHINX + "".join(f"#: one.rst:{n}\nmsgid {json.dumps(s, ensure_ascii=False)}\n"
                               f"msgstr {json.dumps(t, ensure_ascii=False)}\n\n" for n, (s, t) in enumerate(FRENCH, 1))
    (root / "locales" / "fr" / "docs.po").write_text(catalog, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    return read_source(write_publication(tmp_path_factory.mktemp("roles") / "p", ONE))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The project with a paragraph of the catalog's cross-references, built in HTML."""
    one = "One\n===\n\n" + "".join(f"{n}: {role}.\n\n" for n, (role, _u, _h) in enumerate(ROLES))
    one += "See :doc:`the guide <two>`, :ref:`setting up <setup>` and :doc:`the manual <install>`.\n"
    project = write_publication(tmp_path_factory.mktemp("roles-built") / "p", one)
    result = run_build(project, "--formats", "html", "--locales", "en,fr")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def unit_of(source, prefix: str) -> str:
    return next(unit.source for unit in source.units if unit.source.startswith(prefix))


@pytest.mark.parametrize("number, role, unit", [(n, r, u) for n, (r, u, _h) in enumerate(ROLES)])
def test_each_role_is_read_as_sphinx_shows_it(source, number, role, unit):
    assert unit_of(source, f"{number}: ") == f"{number}: {unit}."


def test_roles_in_notes_lists_and_other_chapters_are_rendered_too(source):
    texts = [unit.source for unit in source.units]
    assert "Press `C-x`." in texts
    assert "See [two](#chapter-two)." in texts
    assert "Back to [the start](#chapter-one)." in texts and "Run `build`." in texts
    assert not [text for text in texts if "interpreted-text" in text]
    assert not source.publication.issues             # a role naming no chapter is no warning


def test_rendered_blocks_leave_a_document_without_roles_as_it_is():
    blocks = [{"t": "Para", "c": [{"t": "Str", "c": "a"}, {"t": "Space"}, {"t": "Code", "c": [["", [], []], "x"]}]}]
    assert roles.rendered_blocks(blocks) == blocks
    role = {"t": "Code", "c": [["", ["interpreted-text"], [["role", "ref"]]], "go <here>"]}
    assert roles.rendered_blocks([{"t": "Plain", "c": [role]}], lambda name, target: f"#{target}") == [
        {"t": "Plain", "c": [{"t": "Link", "c": [["", [], []], [{"t": "Str", "c": "go"}], ["#here", ""]]}]}]
    assert roles.target("!not.linked") is None and roles.target("~a.b") == "a.b"


def test_a_catalog_message_reads_as_the_units_of_the_chapter(source):
    """The memory side's readings of a message with roles: as pandoc reads it, rendered
    (the roles' display text), and linked as a publication may link its cross-references,
    one reading per choice of them, among which the one this publication makes."""
    reading = read_messages([FRENCH[-1][0]], "rst", "test")[0]
    assert "interpreted-text" in reading.text
    assert reading.rendered == "See the guide, setting up and the manual."
    linked = dict(reading.linked)
    assert len(linked) == 7
    assert linked[frozenset({("doc", "install"), ("doc", "two"), ("ref", "setup")})] == (
        "See [the guide](#chapter-two), [setting up](#setup) and [the manual](#chapter-install).")
    built_here = linked[frozenset({("doc", "two"), ("ref", "setup")})]
    assert built_here == "See [the guide](#chapter-two), [setting up](#setup) and the manual."


def paragraph(page, prefix: str):
    return next(p for p in page.iter("p") if (p.text or "").startswith(prefix))


def inner_html(element) -> str:
    text = (element.text or "") + "".join(html.tostring(child, encoding="unicode") for child in element)
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("number, role, shown", [(n, r, h) for n, (r, _u, h) in enumerate(ROLES)])
def test_the_source_edition_shows_each_role_as_sphinx_does(built, number, role, shown):
    page = html.fromstring(edition(built, "en", "html").read_bytes())
    assert inner_html(paragraph(page, f"{number}: ")) == f"{number}: {shown}."


def test_every_translated_message_of_the_sphinx_catalog_is_published(built):
    entry = next(e for e in manifest(built)["editions"] if e["locale"] == "fr")
    assert entry["coverage"] < 1.0             # the role paragraphs have no translation
    page = html.fromstring(edition(built, "fr", "html").read_bytes())
    text = re.sub(r"[\s\u00a0\u202f]+", " ", page.text_content())
    assert [shown for shown in FRENCH_SHOWN if shown in text] == FRENCH_SHOWN
    text += " ".join(page.xpath("//meta[@name='description']/@content"))
    assert [t for _s, t in FRENCH[:5] if t in text] == [t for _s, t in FRENCH[:5]]
    assert [t for _s, t in FRENCH[5:8] if page.xpath(f"//h2[normalize-space()='{t}'] | //h1[normalize-space()='{t}']")] \
        == ["Deux", "Installation", "Exécution"]
    links = [(a.text, a.get("href")) for a in paragraph(page, "Voir").iter("a")]
    assert links == [("le guide", "#chapter-two"), ("l’installation", "#setup")]
    assert [(a.text, a.get("href")) for a in paragraph(page, "Retour").iter("a")] == [("début", "#chapter-one")]
