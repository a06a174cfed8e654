"""Files as CAT tools read and write them: XLIFF 1.2, TMX without our ids, PO without msgctxt."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from builds import run_cli
from conftest import schema_path
from lxml import etree

from editions.exchange.export import export
from editions.exchange.importer import import_file
from editions.locale.assess import assess
from editions.locale.settings import read_locale
from editions.memory import read_memory_file
from editions.source import read_source

X12 = "urn:oasis:names:tc:xliff:document:1.2"
NS = {"x": X12}


def matches(project: Path, tag: str = "fr") -> dict:
    source = read_source(project.resolve())
    locale = read_locale(source.publication.root, tag, source.language)
    found = assess(source.publication.root, list(source.units), locale, source.language).matches
    return {unit.id: (unit, match) for unit, match in zip(source.units, found)}


def fill_xliff12(path: Path, prefix: str = "") -> None:
    """Copy each source to a target marked translated, codes and all, as OmegaT or Okapi would."""
    tree = etree.parse(str(path))
    for unit in tree.iterfind(".//x:trans-unit", NS):
        old = unit.find("x:target", NS)
        if old is not None:
            unit.remove(old)
        target = copy.deepcopy(unit.find("x:source", NS))
        target.tag = f"{{{X12}}}target"
        target.set("state", "translated")
        target.text = prefix + (target.text or "")
        unit.find("x:source", NS).addnext(target)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


@pytest.fixture
def schema12() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(schema_path("xliff-1.2/xliff-core-1.2-strict.xsd"))))


def test_xliff12_export_is_valid_and_keeps_suggestions_out_of_targets(project, schema12):
    path, count = export(project, "fr", "xliff", output=str(project / "fr.xlf"))
    schema12.assertValid(etree.parse(str(path)))
    tree = etree.parse(str(path))
    units = tree.findall(".//x:trans-unit", NS)
    assert len(units) == count > 0
    assert all(u.get("id") == u.get("resname") for u in units)
    assert tree.getroot().get("version") == "1.2"
    files = tree.findall(".//x:file", NS)
    assert len(files) == 1 and files[0].get("target-language") == "fr" and files[0].get("datatype") == "x-markdown"
    assert {g.get("resname") for g in tree.iterfind(".//x:group", NS)} >= {"content/one.md", "content/two.md"}
    assert not tree.findall(".//x:trans-unit/x:target", NS)       # nothing translated yet: no target
    assert all(n.get("from") == "editions" for n in tree.iterfind(".//x:note", NS))
    text = path.read_text(encoding="utf-8")
    assert '<bpt id="1" ctype="bold">**</bpt>strong<ept id="1">**</ept>' in text
    assert "<source>\n" not in text and "<source> " not in text   # never indented inside a segment
    # what the memory publishes goes out as a translated target with --all
    everything, _ = export(project, "fr", "xliff", everything=True, output=str(project / "all.xlf"))
    schema12.assertValid(etree.parse(str(everything)))
    targets = etree.parse(str(everything)).findall(".//x:trans-unit/x:target", NS)
    assert targets and all(t.get("state") == "translated" for t in targets)


def test_xliff12_suggestion_is_an_alt_trans(tmp_path, schema12):
    from conftest import FRENCH, write_project
    french = FRENCH + [("A closing paragraph that links back to the section.",
                        "Un paragraphe final qui renvoie à la section.")]
    project = write_project(tmp_path / "tiny", french)
    path, _ = export(project, "fr", "xliff", output=str(project / "fr.xlf"))
    schema12.assertValid(etree.parse(str(path)))
    tree = etree.parse(str(path))
    alts = tree.findall(".//x:alt-trans", NS)
    assert alts and all(a.get("match-quality", "").isdigit() and a.get("origin") for a in alts)
    assert any("".join(a.find("x:target", NS).itertext()).startswith("Un paragraphe final") for a in alts)
    assert not tree.findall(".//x:trans-unit/x:target", NS)
    # a suggestion is not read back as a translation
    assert read_memory_file(path, "en", "fr", "fr.xlf") == []


def test_xliff12_round_trip_gives_back_the_exact_unit_text(project, schema12):
    path, count = export(project, "fr", "xliff", output=str(project / "fr.xlf"))
    fill_xliff12(path)
    schema12.assertValid(etree.parse(str(path)))
    entries = read_memory_file(path, "en", "fr", "fr.xlf")
    before = matches(project)
    assert len(entries) == count
    for entry in entries:
        unit = before[entry.context][0]
        assert entry.source == unit.source and entry.target == unit.source
    report = import_file(project, path, "fr")
    assert len(report.added) == count, report.issues
    assert not [i for i in report.issues if i.severity == "error"]
    after = matches(project)
    for entry in entries:
        unit, match = after[entry.context]
        assert match.level in ("exact", "context") and match.published, (unit.source, match)
        assert match.target == unit.source


def add_tmx_targets(path: Path, tag: str, prefix: str, keep_tuid: bool = True) -> None:
    """Give every unit a target as a translator's tool would, replacing any there."""
    tree = etree.parse(str(path))
    for tu in tree.iter("tu"):
        tuvs = tu.findall("tuv")
        for extra in tuvs[1:]:
            tu.remove(extra)
        target = copy.deepcopy(tuvs[0])
        target.set("{http://www.w3.org/XML/1998/namespace}lang", tag)
        seg = target.find("seg")
        seg.text = prefix + (seg.text or "")
        tu.append(target)
        if not keep_tuid:
            del tu.attrib["tuid"]
            for prop in tu.findall("prop"):
                tu.remove(prop)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def test_tmx_export_never_gives_a_suggestion_as_a_translation(tmp_path):
    from conftest import FRENCH, write_project
    french = FRENCH + [("A closing paragraph that links back to the section.",
                        "Un paragraphe final qui renvoie à la section.")]
    project = write_project(tmp_path / "tiny", french)
    before = matches(project)
    assert any(m.suggestion for _u, m in before.values() if not m.published)
    path, count = export(project, "fr", "tmx", output=str(project / "fr.tmx"))
    assert read_memory_file(path, "en", "fr", "fr.tmx") == []     # no target at all: nothing is translated
    assert b"Un paragraphe final" not in path.read_bytes()
    assert b'"x-state"' not in path.read_bytes()
    everything, _ = export(project, "fr", "tmx", everything=True, output=str(project / "all.tmx"))
    published = {e.context: e.target for e in read_memory_file(everything, "en", "fr", "all.tmx")}
    assert published == {uid: m.target for uid, (_u, m) in before.items() if m.published}


def test_a_filled_in_tmx_imports_and_publishes(project):
    path, count = export(project, "fr", "tmx", output=str(project / "fr.tmx"))
    add_tmx_targets(path, "fr", "FR ")
    report = import_file(project, path, "fr")
    assert len(report.added) == count, report.issues
    after = matches(project)
    assert all(m.published for _u, m in after.values())
    closing = next(m for u, m in after.values() if u.source.startswith("A closing paragraph"))
    assert closing.target.startswith("FR A closing paragraph")


SPRINGS = """

## Seasons

Spring

The season after winter.

## Watches

Spring

The part that stores the energy.
"""


@pytest.fixture
def springs(project) -> Path:
    """The same source, "Spring", in two places that mean two things."""
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + SPRINGS, encoding="utf-8")
    return project


def spring_units(project: Path) -> tuple[str, str]:
    """The ids of the season's Spring and the watch's Spring, in that order."""
    ids = [u.id for u, _m in matches(project).values() if u.source == "Spring"]
    assert len(ids) == 2
    return ids[0], ids[1]


def translate_springs(catalog, drop_context: bool = False) -> None:
    """Translate as a translator reading each entry's comments: the season, or the watch part."""
    for entry in catalog:
        if entry.msgid == "Spring":
            entry.msgstr = "printemps" if "previous: Seasons" in entry.comment else "ressort"
        else:
            entry.msgstr = "FR " + entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        if drop_context:
            entry.msgctxt = None


def test_a_tmx_without_unit_ids_is_matched_by_source_text(springs):
    path, count = export(springs, "fr", "tmx", output=str(springs / "fr.tmx"))
    add_tmx_targets(path, "fr", "FR ", keep_tuid=False)
    assert b"tuid" not in path.read_bytes()
    report = import_file(springs, path, "fr")
    assert not [i for i in report.issues if i.code == "import-stale"], report.issues
    assert all(m.published for _u, m in matches(springs).values())


def test_a_po_without_msgctxt_is_matched_by_source_then_neighbours(springs):
    import polib
    path, count = export(springs, "fr", "po", output=str(springs / "fr.po"))
    catalog = polib.pofile(str(path))
    translate_springs(catalog, drop_context=True)
    catalog[:] = list(reversed(catalog))      # the watch's Spring first: only the neighbours tell them apart
    catalog.save(str(path))
    assert "msgctxt" not in path.read_text(encoding="utf-8")
    report = import_file(springs, path, "fr")
    assert not [i for i in report.issues if i.code in ("import-stale", "import-conflict")], report.issues
    assert len(report.added) == count
    after = matches(springs)
    season, watch = spring_units(springs)
    assert after[season][1].target == "printemps" and after[watch][1].target == "ressort"
    assert all(m.published for _u, m in after.values())


def test_an_entry_matching_no_unit_is_refused_as_stale(springs):
    import polib
    path, _ = export(springs, "fr", "po", output=str(springs / "fr.po"))
    catalog = polib.pofile(str(path))
    translate_springs(catalog, drop_context=True)
    catalog.append(polib.POEntry(msgid="Autumn", msgstr="automne"))
    catalog.save(str(path))
    report = import_file(springs, path, "fr")
    stale = [i for i in report.issues if i.code == "import-stale"]
    assert len(stale) == 1 and "Autumn" in stale[0].message


def test_the_same_source_in_two_contexts_keeps_both_translations(springs):
    import polib
    path, count = export(springs, "fr", "po", output=str(springs / "fr.po"))
    catalog = polib.pofile(str(path))
    translate_springs(catalog)
    catalog.save(str(path))
    report = import_file(springs, path, "fr")
    assert not [i for i in report.issues if i.code == "import-conflict"], report.issues
    assert not report.alternatives and len(report.added) == count
    season, watch = spring_units(springs)
    after = matches(springs)
    assert (after[season][1].target, after[season][1].level) == ("printemps", "context")
    assert (after[watch][1].target, after[watch][1].level) == ("ressort", "context")
    memory = (springs / "locales" / "fr" / "memory.tmx").read_text(encoding="utf-8")
    assert f'tuid="{season}"' in memory and f'tuid="{watch}"' in memory
    again = import_file(springs, path, "fr")
    assert not again.changed and again.duplicates == count


@pytest.mark.parametrize("written", ["„ja“, sagte sie – ‚vielleicht‘", 'He said "yes" and it\'s done',
                                     "« oui »\u202f!", "“curly” and 'single' -- dashes... as typed"])
def test_import_stores_the_translation_as_the_translator_wrote_it(project, written):
    import polib
    path, _ = export(project, "fr", "po", output=str(project / "fr.po"))
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgid == "Next steps")
    entry.msgstr = written
    catalog[:] = [entry]
    catalog.save(str(path))
    report = import_file(project, path, "fr")
    assert report.added == [entry.msgctxt], report.issues
    stored = read_memory_file(project / "locales" / "fr" / "memory.tmx", "en", "fr", "memory.tmx")
    assert [e.target for e in stored if e.context == entry.msgctxt] == [written]


def test_the_command_exports_xliff12_by_default_and_xliff2_on_request(project):

    for fmt, version in ((None, "1.2"), ("xliff2", "2.0")):
        out = project / f"{fmt or 'default'}.xlf"
        done = run_cli("export", "--locale", "fr", "-o", str(out), "--project", str(project),
                       *(["--format", fmt] if fmt else []))
        assert done.returncode == 0, done.stderr
        assert etree.parse(str(out)).getroot().get("version") == version


def test_typography_is_the_build_s_not_the_import_s(project):

    import polib
    path, _ = export(project, "fr", "po", output=str(project / "fr.po"))
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgid == "Next steps")
    entry.msgstr = 'Il a dit "oui"'
    catalog[:] = [entry]
    catalog.save(str(path))
    assert import_file(project, path, "fr").added == [entry.msgctxt]
    assert 'Il a dit "oui"' in (project / "locales" / "fr" / "memory.tmx").read_text(encoding="utf-8")
    built = run_cli("--locales", "fr", "--formats", "html", "--project", str(project))
    assert built.returncode == 0, built.stderr
    page = (project / "dist" / "fr" / "index.html").read_text(encoding="utf-8")
    assert "Il a dit «\u202foui\u202f»" in page or "Il a dit «\u00a0oui\u00a0»" in page


def test_an_import_records_the_translator_and_tool_a_po_names(project):
    import polib
    path, _ = export(project, "fr", "po", output=str(project / "fr.po"))
    catalog = polib.pofile(str(path))
    catalog.metadata["Last-Translator"] = "Marie Dupont <marie@example.org>"
    catalog.metadata["X-Generator"] = "Weblate 5.4"
    entry = next(e for e in catalog if e.msgid == "Next steps")
    entry.msgstr = "Prochaines étapes"
    catalog[:] = [entry]
    catalog.save(str(path))
    assert import_file(project, path, "fr").added == [entry.msgctxt]
    memory = etree.parse(str(project / "locales" / "fr" / "memory.tmx"))
    tu = memory.find(f".//tu[@tuid='{entry.msgctxt}']")
    assert (tu.get("creationid"), tu.get("creationtool")) == ("Marie Dupont <marie@example.org>", "Weblate 5.4")


def inner(element) -> tuple:
    """An element's content: its text, and each child with its attributes, text and tail."""
    return element.text, [(c.tag, dict(c.attrib), c.text, c.tail) for c in element]


def test_xliff_copy_gives_each_unit_to_translate_its_source_as_target(tmp_path, schema12):
    """``--format xliff-copy``: every unit the memory does not publish has a copy of its
    source (codes and all) as ``<target state="needs-translation">``; a suggestion stays an
    alt-trans; a published translation (--all) is a translated target; valid (strict)."""
    from conftest import FRENCH, write_project
    project = write_project(tmp_path / "tiny", FRENCH + [("A closing paragraph that links back to the section.",
                                                           "Un paragraphe final qui renvoie à la section.")])
    path, count = export(project, "fr", "xliff-copy", everything=True, output=str(project / "fr.xlf"))
    tree = etree.parse(str(path))
    schema12.assertValid(tree)
    published = {u.id for u, m in matches(project).values() if m.published}
    states = {}
    for unit in tree.iterfind(".//x:trans-unit", NS):
        source, target = unit.find("x:source", NS), unit.find("x:target", NS)
        states[unit.get("id")] = target.get("state")
        if target.get("state") == "needs-translation":
            assert inner(target) == inner(source), unit.get("id")
    assert len(states) == count and {i for i, s in states.items() if s == "translated"} == published
    assert set(states.values()) == {"translated", "needs-translation"}
    assert '<target state="needs-translation">second item with <bpt id="1" ctype="bold">**</bpt>' in \
        path.read_text(encoding="utf-8")
    assert [u.getparent().get("id") for u in tree.iterfind(".//x:alt-trans", NS)] and all(
        states[a.getparent().get("id")] == "needs-translation" for a in tree.iterfind(".//x:alt-trans", NS))


@pytest.mark.parametrize("ours, changed, added, kept", [
    (True, False, 0, 0),     # the copy left as it was: not translated, nothing to report
    (True, True, 1, 1),      # changed, state left by the tool: the translator's translation
    (False, True, 0, 0),     # another tool's needs-translation targets all stay unconfirmed
])
def test_a_needs_translation_copy_imports_only_when_changed(project, ours, changed, added, kept):
    path, count = export(project, "fr", "xliff-copy", output=str(project / "fr.xlf"))
    tree = etree.parse(str(path))
    if not ours:
        tree.find(".//x:file", NS).set("tool-id", "okapi")
    unit = next(u for u in tree.iterfind(".//x:trans-unit", NS)
                if "strong" in "".join(u.find("x:source", NS).itertext()))
    target = unit.find("x:target", NS)
    if changed:
        target.text = "deuxième élément avec du texte "
        target[-1].tail = ""
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    report = import_file(project, path, "fr")
    assert (len(report.added), len(report.state_kept)) == (added, kept)
    assert sum(i.code == "import-unconfirmed" for i in report.issues) == (0 if ours else count)
    assert not [i for i in report.issues if i.severity == "error"]
    if added:
        match = matches(project)[unit.get("id")][1]
        assert match.published and match.target == "deuxième élément avec du texte **strong**"
