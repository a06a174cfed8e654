"""Every TMX Editions writes is valid TMX 1.4b: checked against the standard's DTD
(``tmx-1.4/tmx14.dtd`` in the schemas folder, read by lxml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
import pytest
from conftest import FRENCH, ROOT, schema_path, write_project
from lxml import etree
from test_cattools import add_tmx_targets, fill_xliff12

from editions.exchange.export import export
from editions.exchange.importer import import_file

CLOSING = ("A closing paragraph that links back to the section.", "Un paragraphe final qui renvoie à la section.")


@pytest.fixture(scope="module")
def dtd() -> etree.DTD:
    return etree.DTD(str(schema_path("tmx-1.4/tmx14.dtd")))


def assert_valid(dtd: etree.DTD, path: Path) -> None:
    tree = etree.parse(str(path))
    assert dtd.validate(tree), f"{path}: {dtd.error_log.filter_from_errors()}"


HEADER = ('<header creationtool="t" creationtoolversion="1" segtype="paragraph" o-tmf="t" adminlang="en" '
          'srclang="en" datatype="plaintext"/>')


@pytest.mark.parametrize("body", ["<body><tu/></body>",
                                  '<body><tu><tuv xml:lang="en"><seg><bpt>*</bpt>x</seg></tuv></tu></body>',
                                  '<body><tu><tuv xml:lang="en"><seg>x</seg><prop type="a">b</prop></tuv></tu></body>'],
                         ids=["unit-without-variant", "code-without-i", "prop-after-seg"])
def test_the_dtd_refuses_what_tmx_forbids(dtd, body):
    """The check can fail."""
    assert dtd.validate(etree.fromstring(f'<tmx version="1.4">{HEADER}<body/></tmx>'))
    assert not dtd.validate(etree.fromstring(f'<tmx version="1.4">{HEADER}{body}</tmx>'))


@pytest.mark.parametrize("everything", [False, True], ids=["needs-work", "all"])
def test_tmx_exports_are_valid(tmp_path, dtd, everything):
    """What needs work (a fuzzy suggestion among it, left out) and every unit with the translations."""
    project = write_project(tmp_path / "tiny", FRENCH + [CLOSING])
    path, count = export(project, "fr", "tmx", everything=everything, output=str(project / "fr.tmx"))
    assert count > 0
    assert_valid(dtd, path)
    empty, _ = export(project, "ar", "tmx", output=str(project / "ar.tmx"))
    assert_valid(dtd, empty)


def translated_po(project: Path) -> Path:
    path, _ = export(project, "fr", "po", output=str(project / "fr.po"))
    catalog = polib.pofile(str(path))
    catalog.metadata["Last-Translator"] = "Tr Anslator <tr@example.org>"
    for entry in catalog:
        entry.msgstr = "FR " + entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalog.save(str(path))
    return path


def translated_xliff(project: Path) -> Path:
    path, _ = export(project, "fr", "xliff", output=str(project / "fr.xlf"))
    fill_xliff12(path, "FR ")
    return path


def translated_tmx_without_ids(project: Path) -> Path:
    path, _ = export(project, "fr", "tmx", output=str(project / "fr.tmx"))
    add_tmx_targets(path, "fr", "FR ", keep_tuid=False)
    return path


@pytest.mark.parametrize("returned", [translated_po, translated_xliff, translated_tmx_without_ids])
def test_the_memory_an_import_writes_is_valid(tmp_path, dtd, returned):
    project = write_project(tmp_path / "tiny")
    report = import_file(project, returned(project), "fr")
    assert report.added
    assert_valid(dtd, project / "locales" / "fr" / "memory.tmx")


def test_a_memory_created_by_an_import_with_alternatives_is_valid(tmp_path, dtd):
    project = write_project(tmp_path / "tiny")
    (project / "locales" / "fr" / "memory.tmx").unlink()
    first = import_file(project, translated_po(project), "fr")
    path, _ = export(project, "fr", "po", everything=True, output=str(project / "again.po"))
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = "AUTRE " + entry.msgid
    catalog.save(str(path))
    second = import_file(project, path, "fr")
    assert first.added and second.alternatives
    memory = project / "locales" / "fr" / "memory.tmx"
    assert memory.read_bytes().count(b"<!DOCTYPE tmx") == 1
    assert_valid(dtd, memory)


def test_a_new_locale_s_memory_is_valid(tmp_path, dtd):
    project = write_project(tmp_path / "tiny")
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "new-locale", "pt-BR", "--project", str(project)],
                          check=False, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert_valid(dtd, project / "locales" / "pt-BR" / "memory.tmx")


@pytest.mark.parametrize("memory", sorted(str(p.relative_to(ROOT)) for p in
                                          [*ROOT.glob("locales/*/memory.tmx"),
                                           *ROOT.glob("samples/*/locales/*/memory.tmx")]))
def test_the_samples_memories_are_valid(dtd, memory):
    assert_valid(dtd, ROOT / memory)
