"""Importing safely: one import at a time under the project's lock, a file in another
language refused in one line, and a summary that counts refused translations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
import pytest
from builds import run_build, run_cli
from conftest import ROOT, write_project
from lxml import etree

from editions.output import build_lock, work_folder

APPENDIX = "".join(f"\n\nAppendix paragraph number {n} says something of its own.\n" for n in range(1, 61))


def cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    return run_cli(*args, "--project", str(project))


def start_import(project: Path, po: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "import", str(po), "--locale", "fr",
                             "--project", str(project)], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def memory_units(project: Path) -> int:
    return len(etree.parse(str(project / "locales" / "fr" / "memory.tmx")).findall(".//tu"))


@pytest.fixture
def long_project(tmp_path: Path) -> Path:
    project = write_project(tmp_path / "tiny")
    with (project / "content" / "two.md").open("a", encoding="utf-8") as chapter:
        chapter.write(APPENDIX)
    return project


def exported_po(project: Path) -> polib.POFile:
    out = project / "all.po"
    result = cli(project, "export", "--locale", "fr", "--format", "po", "-o", str(out))
    assert result.returncode == 0, result.stderr
    return polib.pofile(str(out))


def halves(project: Path) -> tuple[Path, Path, int]:
    """Two PO files, each translating a different half of the appendix's paragraphs."""
    catalog = exported_po(project)
    entries = [entry for entry in catalog if entry.msgid.startswith("Appendix paragraph")]
    paths = []
    for half in (0, 1):
        part = polib.POFile()
        part.metadata = catalog.metadata
        for entry in entries[half::2]:
            entry.msgstr = "Paragraphe d’annexe : " + entry.msgid[len("Appendix paragraph "):]
            part.append(entry)
        paths.append(project / f"half{half}.po")
        part.save(str(paths[-1]))
    return paths[0], paths[1], len(entries)


def test_two_imports_at_once_keep_both_files_translations(long_project):
    first, second, count = halves(long_project)
    before = memory_units(long_project)
    runs = [start_import(long_project, po) for po in (first, second)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert all(f"{count // 2} added" in out for out, _err in outputs)
    assert memory_units(long_project) == before + count == before + 60


def test_an_import_waits_for_the_build_lock_before_reading_the_memory(long_project):
    first, _second, _count = halves(long_project)
    memory = long_project / "locales" / "fr" / "memory.tmx"
    before = memory.read_bytes()
    with build_lock(work_folder(long_project.resolve()), lambda line: None):
        run = start_import(long_project, first)
        assert run.stderr.readline() == "waiting for another build of this project to finish…\n"
        assert memory.read_bytes() == before and run.poll() is None
    out, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    assert "30 added" in out and memory_units(long_project) == len(etree.fromstring(before).findall(".//tu")) + 30


@pytest.mark.parametrize("language", ["ja", "ja_JP"])
def test_a_po_file_of_another_language_is_one_line_naming_it(project, language):
    catalog = exported_po(project)
    for entry in catalog:
        entry.msgstr = "訳 " + entry.msgid
    catalog.metadata["Language"] = language
    catalog.save(str(project / "ja.po"))
    memory = project / "locales" / "fr" / "memory.tmx"
    before = memory.read_bytes()
    result = cli(project, "import", str(project / "ja.po"), "--locale", "fr")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"error: {project / 'ja.po'}: the file's translations are in {language}, not in fr: "
                             "import it into the locale of that language\n")
    assert memory.read_bytes() == before


def test_an_xliff_file_of_another_language_is_one_line_naming_it(project):
    out = project / "out.xlf"
    assert cli(project, "export", "--locale", "fr", "--format", "xliff", "-o", str(out)).returncode == 0
    tree = etree.parse(str(out))
    for element in tree.iter("{*}file"):
        element.set("target-language", "de")
    for unit in tree.iter("{*}trans-unit"):
        target = unit.find("{*}target")
        if target is None:
            target = etree.SubElement(unit, "{urn:oasis:names:tc:xliff:document:1.2}target")
        target.text = "Übersetzt"
        target.set("state", "translated")
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    result = cli(project, "import", str(out), "--locale", "fr")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == (f"error: {out}: the file's translations are in de, not in fr: "
                             "import it into the locale of that language\n")


def test_a_file_of_a_regional_variant_of_the_locale_is_imported(project):
    catalog = exported_po(project)
    for entry in catalog:
        entry.msgstr = "FR " + entry.msgid
    catalog.metadata["Language"] = "fr_CA"
    catalog.save(str(project / "fr.po"))
    result = cli(project, "import", str(project / "fr.po"), "--locale", "fr")
    assert result.returncode == 0, result.stderr
    assert f"{len(catalog)} added" in result.stdout


def test_the_summary_counts_refused_translations_not_their_errors(project):
    catalog = exported_po(project)
    for number, entry in enumerate(catalog):
        # two errors each (raw markup the source lacks: qa-raw-markup and qa-markup)
        entry.msgstr = f"FR <b>{entry.msgid}</b>" if number < 2 else "FR " + entry.msgid
    catalog.save(str(project / "fr.po"))
    result = cli(project, "import", str(project / "fr.po"), "--locale", "fr")
    assert result.returncode == 1
    assert result.stderr.count("(qa-raw-markup)") == 2 and result.stderr.count("(qa-markup)") == 2, result.stderr
    assert f"{len(catalog) - 2} added, 0 kept as alternatives, 0 already there, 2 refused" in result.stdout


def test_stale_and_failing_translations_are_each_refused_once(project):
    catalog = exported_po(project)
    for number, entry in enumerate(catalog):
        entry.msgstr = f"FR <b>{entry.msgid}</b>" if number == 0 else "FR " + entry.msgid
    catalog[1].msgid = catalog[1].msgid.replace(" ", "  ", 1) + " (since changed)"
    catalog[1].msgctxt = ""
    catalog.save(str(project / "fr.po"))
    result = cli(project, "import", str(project / "fr.po"), "--locale", "fr")
    assert result.stderr.count("(import-stale)") == 1
    assert f"{len(catalog) - 2} added, 0 kept as alternatives, 0 already there, 2 refused" in result.stdout


def test_a_corrected_translation_replaces_the_one_the_build_refused(project):
    """The memory holds a translation QA refuses (markup its source lacks): the unit falls back.
    A corrected translation imported for it is published; the refused one stays as an alternative."""
    from conftest import FRENCH, tmx

    from editions.exchange.importer import import_file
    source = "A closing paragraph that links back to [the section](#section-one)."
    refused = "Un paragraphe final <script>x()</script> qui renvoie à [la section](#section-one)."
    fixed = "Un paragraphe final qui renvoie à [la section](#section-one)."
    (project / "locales" / "fr" / "memory.tmx").write_text(tmx([*FRENCH, (source, refused)], "fr"), encoding="utf-8")
    first = run_build(project, "--locales", "fr", "--formats", "html")
    assert "(qa-raw-markup)" in first.stderr                                    # refused: the unit falls back
    assert "A closing paragraph" in (project / "dist" / "fr" / "index.html").read_text(encoding="utf-8")
    returned = project / "fixed.tmx"
    returned.write_text(tmx([(source, fixed)], "fr"), encoding="utf-8")
    report = import_file(project, returned, "fr")
    assert report.added == [report.superseded[0]] and not report.alternatives
    memory = (project / "locales" / "fr" / "memory.tmx").read_text(encoding="utf-8")
    assert memory.count('<prop type="x-state">alternative</prop>') == 1 and "&lt;script&gt;" in memory
    assert run_build(project, "--locales", "fr", "--formats", "html").returncode == 0
    assert "Un paragraphe final qui renvoie" in (project / "dist" / "fr" / "index.html").read_text(encoding="utf-8")
