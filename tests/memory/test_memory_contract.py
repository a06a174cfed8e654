"""The contract every memory reader honours, run against files as real tools write them.

Each file of ``tests/data/memories/`` reproduces the quirks of one tool or
specification (its README says which). Every good file honours the contract
of ``editions.memory`` and gives exactly the entries of ``EXPECTED``; every
hostile or broken one is refused with its file and line, without anything
outside the folder being opened or any entity being expanded.
"""

from __future__ import annotations

import os
import re
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import ROOT

from editions.errors import EditionsError
from editions.memory import READERS, read_memory_file

DATA = ROOT / "tests" / "data" / "memories"
WHERE = "tests/data/memories"

# (line, state, context, source, target) of every entry, in file order, for en → fr.
EXPECTED = {
    "omegat-level2.tmx": [
        (7, "translated", "", "The press runs at night.", "La presse tourne la nuit."),
        (15, "translated", "", "Read the **proofs** twice.", "Relisez deux fois les **épreuves**."),
        (24, "translated", "", "It is cut to size.", "On la massicote au format."),
    ],
    "trados-utf16.tmx": [
        (8, "translated", "", "Proofs are due on Friday.", "Les épreuves sont attendues vendredi."),
        (19, "translated", "", "Click Save to keep the layout.",
         "Cliquez sur Enregistrer pour garder la mise en page."),
    ],
    "all-languages.tmx": [
        (6, "translated", "colophon-1", "Set in Noto Serif.", "Composé en Noto Serif."),
        (11, "translated", "colophon-2", "Printed on recycled paper.", "Imprimé sur papier recyclé."),
        (15, "translated", "colophon-3", "First edition.", "Première édition."),
    ],
    "inline-codes.tmx": [
        (5, "translated", "title-caps", "Set the **title** in *small* capitals.",
         "Composez le **titre** en *petites* capitales."),
        (9, "translated", "paper-note", "Paper was scarce.[^1]", "Le papier manquait.[^1]"),
        (14, "translated", "address", "Tiny Press\\\nLyon", "Éditions Tiny\\\nLyon"),
        (18, "translated", "ibid", "Ibid., page 12.", "Ibid., page 12."),
        (22, "translated", "leading", "Use leading generously.", "Soyez généreux en interlignage."),
        (26, "translated", "enter", "Press Enter to continue.", "Appuyez sur Entrée pour continuer."),
    ],
    "okapi.xlf": [
        (8, "approved", "title", "The **second** edition", "La **seconde** édition"),
        (12, "translated", "2", "See the *notes*.[^1]", "Voir les *notes*.[^1]"),
        (20, "fuzzy", "novel", "She reread *Les Misérables* every winter.",
         "Elle relisait *Les Misérables* chaque hiver."),
        (25, "translated", "4", "Read the credits.\\\nThank you.", "Lisez les remerciements.\\\nMerci."),
        (29, "approved", "colophon", "Printed in Lyon. Bound by hand.", "Imprimé à Lyon. Relié à la main."),
        (35, "fuzzy", "sidebar-title", "About this book", "À propos de ce livre"),
    ],
    "xliff2.xliff": [
        (15, "approved", "headline", "A **bold** claim", "Une affirmation **audacieuse**"),
        (26, "translated", "u2", "Chapter one begins.\\\nIt is short.",
         "Le premier chapitre commence.\\\nIl est court."),
        (33, "approved", "u2", "It ends *here*, with Editions.", "Il finit *ici*, avec Editions."),
        (39, "fuzzy", "note-call", "See the notes.[^1]", "Voir les notes.[^1]"),
        (45, "translated", "emphasis", "Never **skip** the proofs.", "Ne sautez **jamais** les épreuves."),
    ],
    "weblate-latin1.po": [
        (21, "translated", "cover", "Edition", "Édition"),
        (27, "translated", "colophon", "Edition", "Tirage"),
        (32, "translated", "", "Translated by %(name)s", "Traduit par %(name)s"),
        (37, "translated", "", "One photograph", "Une photographie"),
        (37, "translated", "", "%(count)d photographs", "%(count)d photographies"),
        (44, "fuzzy", "", "Printed and bound in %(city)s", "Imprimé à %(city)s"),
    ],
    "mdbook.po": [
        (14, "translated", "", "Getting started", "Premiers pas"),
        (18, "translated", "",
         "An _edition_ is built from one source and one memory per locale; run `make` to build them all.",
         "Une _édition_ se construit à partir d’une source et d’une mémoire par langue ; "
         "lancez `make` pour toutes les construire."),
        (26, "translated", "", "Each locale keeps its memory in **one** file,\nnext to its catalog.",
         "Chaque langue garde sa mémoire dans **un seul** fichier,\nà côté de son catalogue."),
        (34, "translated", "", "Edit `locale.yaml` to choose the fonts.",
         "Modifiez `locale.yaml` pour choisir les polices."),
        (38, "fuzzy", "", "See [the reference](reference.md) for every option.",
         "Voir [la référence](reference.md)."),
    ],
}
GOOD = sorted(EXPECTED)

# What each file says of who made its entries: all of it must be kept.
PROVENANCE = {
    "omegat-level2.tmx": {("changeid", "marie"), ("creationdate", "20240311T094512Z"),
                          ("prop:file", "chapter-2.html")},
    "trados-utf16.tmx": {("creationid", "STUDIO\\jdupont"), ("changeid", "STUDIO\\lmartin"),
                         ("changedate", "20240102T164210Z"), ("prop:x-Origin", "TM")},
    "all-languages.tmx": {("creationid", "ABC"), ("creationdate", "20010412T120000Z")},
    "inline-codes.tmx": {("note", "Footnote reference kept as a placeholder.")},
    "okapi.xlf": {("file", "guide.html"), ("note", "Check the italics of the title.")},
    "xliff2.xliff": {("file", "article.html"), ("note", "Keep it short.")},
    "weblate-latin1.po": {("header:Last-Translator", "Marie Dupont <marie@example.org>"),
                          ("header:PO-Revision-Date", "2024-03-11T10:45:12+01:00"),
                          ("header:X-Generator", "Weblate 5.4"),
                          ("note", "Shown on the cover, above the edition number.")},
    "mdbook.po": {("header:Last-Translator", "Paul Martin <paul@example.org>")},
}

# Broken and hostile files: the line the error names, and what it says.
HOSTILE = {
    "unterminated.xlf": (11, "malformed XML"),
    "unterminated-string.po": (12, "malformed PO"),
    "entity-bomb.tmx": (3, "entity declarations are refused"),
    "external-entity.xlf": (3, "entity declarations are refused"),
    "external-dtd.xlf": (8, "entity reference &passwd; is refused"),
}
HOSTILE["external-dtd.tmx"] = (8, "entity reference &passwd; is refused")
HOSTILE_CASES = sorted(HOSTILE)
HOSTILE_LINES = HOSTILE

TAG_LEFT = re.compile(r"</?[a-zA-Z][\w:-]*[^>]*>|&lt;|&gt;|\{\\")


def read(name: str, source: str = "en", target: str = "fr"):
    return read_memory_file(DATA / name, source, target, f"{WHERE}/{name}")


def lines_of(name: str) -> list[str]:
    data = (DATA / name).read_bytes()
    return (data.decode("utf-16") if data.startswith(b"\xff\xfe") else data.decode("latin-1")).splitlines()


# The contract, for every format.

def test_every_format_has_good_files():
    assert set(READERS) <= {Path(name).suffix for name in GOOD}


@pytest.mark.parametrize("name", GOOD)
def test_entries_are_exactly_those_the_file_holds(name):
    found = [(int(e.origin.rsplit(":", 1)[1]), e.state, e.context, e.source, e.target) for e in read(name)]
    assert found == EXPECTED[name]


@pytest.mark.parametrize("name", GOOD)
def test_every_entry_has_a_source_and_a_target(name):
    assert all(entry.source.strip() and entry.target.strip() for entry in read(name))


@pytest.mark.parametrize("name", GOOD)
def test_origin_is_the_file_and_a_real_line(name):
    count = len(lines_of(name))
    for entry in read(name):
        found = re.fullmatch(rf"{re.escape(WHERE)}/{re.escape(name)}:(\d+)", entry.origin)
        assert found and 1 <= int(found.group(1)) <= count, entry.origin


@pytest.mark.parametrize("name", GOOD)
def test_state_is_translated_fuzzy_or_approved(name):
    assert {entry.state for entry in read(name)} <= {"translated", "fuzzy", "approved"}


@pytest.mark.parametrize("target", ["fr", "fr-FR", "FR", "fr_fr"])
@pytest.mark.parametrize("source", ["en", "EN-US", "en_us"])
@pytest.mark.parametrize("name", GOOD)
def test_language_spellings_resolve(name, source, target):
    pairs = [(entry.source, entry.target) for entry in read(name, source, target)]
    assert pairs == [(source_text, target_text) for _, _, _, source_text, target_text in EXPECTED[name]]


@pytest.mark.parametrize("name", GOOD)
def test_other_languages_give_nothing(name):
    assert read(name, "en", "it") == []


@pytest.mark.parametrize("name", GOOD)
def test_codes_become_our_markdown_or_plain_text(name):
    for entry in read(name):
        for text in (entry.source, entry.target):
            assert not TAG_LEFT.search(text), text
            assert text.count("*") % 2 == 0 and text.count("`") % 2 == 0, text


@pytest.mark.parametrize("name", GOOD)
def test_provenance_is_kept(name):
    kept = {item for entry in read(name) for item in entry.provenance}
    assert PROVENANCE[name] <= kept


@pytest.mark.parametrize("name", [name for name in GOOD if name.endswith(".po")])
def test_obsolete_po_entries_never_appear(name):
    obsolete = {re.search(r'"(.*)"', line).group(1) for line in lines_of(name) if line.startswith("#~ msgid ")}
    assert obsolete or name == "mdbook.po"
    assert not obsolete & {entry.source for entry in read(name)}


# What each format adds.

def test_plural_forms_give_both_forms():
    forms = [(e.source, e.target) for e in read("weblate-latin1.po") if e.origin.endswith(":37")]
    assert forms == [("One photograph", "Une photographie"), ("%(count)d photographs", "%(count)d photographies")]


def test_omegat_alternative_translation_keeps_its_neighbours():
    alternative = read("omegat-level2.tmx")[2]
    assert alternative.neighbours == ("Each sheet is folded.", "Then it is sewn.")


def test_tmx_all_languages_serves_any_language_it_holds():
    pairs = [(e.context, e.source, e.target) for e in read("all-languages.tmx", "en", "de")]
    assert pairs == [("colophon-1", "Set in Noto Serif.", "Gesetzt in der Noto Serif."),
                     ("colophon-4", "All rights reserved.", "Alle Rechte vorbehalten.")]


def test_xliff_reads_only_the_files_into_the_locale():
    pairs = [(e.source, e.target, e.origin) for e in read("okapi.xlf", "en", "de")]
    assert pairs == [("The **second** edition", "Die **zweite** Auflage", f"{WHERE}/okapi.xlf:51")]


def test_xliff_proposals_are_never_translations():
    targets = {e.target for name in ("okapi.xlf", "xliff2.xliff") for e in read(name)}
    assert not targets & {"Voyez les remarques.", "Révision en attente."}


# Hostile and broken files.

@pytest.mark.parametrize("name", HOSTILE_CASES)
def test_broken_and_hostile_files_are_refused_with_file_and_line(name):
    line, message = HOSTILE_LINES[name]
    with pytest.raises(EditionsError) as error:
        read(name)
    assert str(error.value).startswith(f"{WHERE}/{name}:{line}: ")
    assert message in str(error.value)


@pytest.mark.parametrize("name", HOSTILE_CASES)
def test_no_entity_is_expanded(name):
    try:
        texts = [text for entry in read(name) for text in (entry.source, entry.target)]
    except EditionsError as error:
        texts = [str(error)]
    assert not any("lollol" in text or "root:" in text for text in texts)


WATCHERS: list[list[str]] = []


def _record_opened(event: str, args: tuple) -> None:
    if event == "open" and WATCHERS and isinstance(args[0], (str, bytes, os.PathLike)):
        for opened in WATCHERS:
            opened.append(os.fsdecode(args[0]))


sys.addaudithook(_record_opened)


@contextmanager
def files_opened():
    """The paths Python opens meanwhile (the ``open`` audit event sees every one)."""
    opened: list[str] = []
    WATCHERS.append(opened)
    try:
        yield opened
    finally:
        WATCHERS.remove(opened)


def read_whatever_happens(name: str) -> None:
    try:
        read(name)
    except (EditionsError, ValueError):
        pass


@pytest.mark.parametrize("name", GOOD + sorted(HOSTILE) + ["external-dtd.tmx"])
def test_no_file_outside_the_folder_is_opened(name):
    read_whatever_happens(name)          # once first, so that CLDR data and codecs are loaded
    with files_opened() as opened:
        read_whatever_happens(name)
    resolved = {Path(path).resolve() for path in opened}
    assert DATA / name in resolved
    assert all(path.is_relative_to(DATA) for path in resolved), resolved
