"""Translate Toolkit, the library behind Pootle, Weblate and Virtaal's formats, reads
every export; its po2tmx and po2xliff outputs import and publish with their markup."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from test_cattools import matches

from editions.exchange.export import export
from editions.exchange.importer import import_file

factory = pytest.importorskip("translate.storage.factory")


@pytest.mark.parametrize("fmt, suffix", [("xliff", "xlf"), ("po", "po"), ("tmx", "tmx")])
def test_translate_toolkit_reads_every_export(project, fmt, suffix):
    path, count = export(project, "fr", fmt, everything=True, output=str(project / f"all.{suffix}"))
    store = factory.getobject(str(path))
    units = [u for u in store.units if not u.isheader() and u.source]
    expected = {u.id: u.source for u, _m in matches(project).values()}
    assert len(units) == count == len(expected)
    assert sorted(u.source for u in units) == sorted(expected.values())
    if fmt in ("xliff", "tmx"):
        ids = {u.getid().split("\x04")[-1] for u in units}
        assert ids == set(expected)
    published = {u.source: m.target for u, m in matches(project).values() if m.published}
    targets = {u.source: u.target for u in units if u.target}
    assert targets == published


def converter(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).parent / name)
    if not Path(found).exists():
        pytest.skip(f"{name} (Translate Toolkit) is not installed")
    return found


@pytest.mark.parametrize("tool, suffix", [("po2tmx", "tmx"), ("po2xliff", "xlf")])
def test_a_catalog_converted_by_translate_toolkit_imports(project, tool, suffix):
    path, count = export(project, "fr", "po", output=str(project / "fr.po"))
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = "FR " + entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalog.save(str(path))
    out = project / f"converted.{suffix}"
    command = [converter(tool), *(["-l", "fr"] if tool == "po2tmx" else []), str(path), str(out)]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    report = import_file(project, out, "fr")
    assert not [i for i in report.issues if i.severity == "error"], report.issues
    assert len(report.added) == count
    for unit, match in matches(project).values():
        assert match.published
        if match.target.startswith("FR "):
            assert match.target == "FR " + unit.source      # markup and all


def test_translate_toolkit_reads_xliff2_without_the_codes(project):
    """Its XLIFF 2.0 parser (the factory refuses 2.0) gets every unit and id, but drops
    the codes' Markdown: a text with markup comes through as its words only."""
    from translate.storage.xliff2 import Xliff2File
    path, count = export(project, "fr", "xliff2", everything=True, output=str(project / "all.xlf"))
    units = list(Xliff2File.parsefile(str(path)).units)
    expected = {u.id: u.source for u, _m in matches(project).values()}
    assert len(units) == count and {u.getid() for u in units} == set(expected)
    plain = [u for u in units if not any(c in expected[u.getid()] for c in "*`[")]
    assert plain and all(u.source == expected[u.getid()] for u in plain)
    marked = [u for u in units if "`code`" in expected[u.getid()]]
    assert marked and all("`" not in u.source for u in marked)


@pytest.mark.parametrize("fmt, suffix", [("xliff", "xlf"), ("tmx", "tmx"), ("po", "po")])
def test_a_file_filled_in_with_translate_toolkit_imports(project, fmt, suffix):
    """Targets set and saved through Translate Toolkit's own API, as Virtaal or Pootle do."""
    path, count = export(project, "fr", fmt, output=str(project / f"fr.{suffix}"))
    store = factory.getobject(str(path))
    store.settargetlanguage("fr")       # a TMX names only its source language; tools ask for the target
    for unit in store.units:
        if unit.isheader() or not unit.source:
            continue
        unit.target = "FR " + unit.source
        if hasattr(unit, "markfuzzy"):
            unit.markfuzzy(False)
    store.save()
    report = import_file(project, path, "fr")
    assert not [i for i in report.issues if i.severity == "error"], report.issues
    assert len(report.added) == count
    for unit, match in matches(project).values():
        assert match.published
        if match.target.startswith("FR "):
            assert match.target == "FR " + unit.source


def test_translate_toolkit_counts_source_copies_as_work_to_do(project, tmp_path):
    """``pocount`` and ``xliff2po`` on an ``xliff-copy`` export: no copy counts as
    translated; each becomes a fuzzy PO entry, so msgfmt would not use it."""
    path, count = export(project, "fr", "xliff-copy", output=str(tmp_path / "fr.xlf"))
    done = subprocess.run([converter("pocount"), "--csv", str(path)], check=False, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    header, row = done.stdout.strip().splitlines()[-2:]
    stats = dict(zip(header.split(","), row.split(",")))
    assert (stats["Translated Messages"], stats["Fuzzy Messages"]) == ("0", str(count))
    converted = tmp_path / "fr.po"
    done = subprocess.run([converter("xliff2po"), str(path), str(converted)],
                          check=False, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    entries = [e for e in polib.pofile(str(converted)) if e.msgid]
    assert len(entries) == count and not [e for e in entries if "fuzzy" not in e.flags]
    assert not polib.pofile(str(converted)).translated_entries()


def test_a_string_target_set_over_a_copy_keeps_its_codes(project, tmp_path):
    """Why the copies are not in the default XLIFF export: a tool that sets a target as a
    string through Translate Toolkit's API (as the filled-in test above does) keeps the
    copy's codes after its new text: the markup comes back twice, which the import's QA
    only warns about."""
    path, _count = export(project, "fr", "xliff-copy", output=str(tmp_path / "fr.xlf"))
    store = factory.getobject(str(path))
    unit = next(u for u in store.units if "**" in u.source)
    unit.target = "FR " + unit.source
    unit.markfuzzy(False)
    store.save()
    assert "FR second item with **strong** text<bpt" in path.read_text(encoding="utf-8")  # then the copy
    report = import_file(project, path, "fr")
    assert [i.code for i in report.issues] == ["qa-markup-differs"]
    match = matches(project)[report.added[0]][1]
    assert match.target == "FR second item with **strong** text**strong** text"
