"""OmegaT 3.6 (Debian's ``omegat``) both ways.

Two OmegaT projects: one of our PO (and plain XLIFF 1.2) exports, one of our
``xliff-copy`` export, each with our TMX export as its ``tm/auto/`` memory and
the translator's work in ``omegat/project_save.tmx`` (Markdown typed as text in
the PO route, OmegaT's tags in the XLIFF route).
``omegat --mode=console-translate`` fills every
segment that memory matches exactly and writes the target files and its own
``PROJECT-omegat.tmx``. Those come back with ``build.py import`` and the HTML
edition publishes them, markup and all. What OmegaT does not carry is asserted
as it is: ``docs/exchange.md`` lists it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from conftest import FRENCH, ROOT, tmx, write_project
from lxml import etree

from editions.exchange.export import export
from editions.locale.scaffold import empty_tmx
from editions.memory import read_memory_file

X12 = "{urn:oasis:names:tc:xliff:document:1.2}"
OPENING = "An opening paragraph with *emphasis*, `code` and a [link](https://example.org/).[^1]"
ADDED = "\nRun `make` with *care*.\n"
# What the translator typed in OmegaT's editor: a PO segment's source is our Markdown
# as text, so its markup is typed as Markdown too. OmegaT keeps such work in
# omegat/project_save.tmx, which console-translate reads as the project's translations.
TYPED = {
    "second item with **strong** text": "deuxième élément avec du texte **fort**",
    "A closing paragraph that links back to [the section](#section-one).":
        "Un paragraphe final qui renvoie à [la section](#section-one).",
    "Run `make` with *care*.": "Lancez `make` avec *soin*.",
}
# Work typed in the XLIFF route: there a code is one of OmegaT's tags, named by the first
# letter of the Markdown it holds ("f" when it has none: `make` is <m0/>) and numbered
# within the segment.
TAGGED = {
    "A closing paragraph that links back to <f0>the section</f0>.":
        "Un paragraphe final qui renvoie à <f0>la section</f0>.",
    "Run <m0/> with <f1>care</f1>.": "Lancez <m0/> avec <f1>soin</f1>.",
}
# What the tagged segments are as our Markdown, once the import has the codes back
TAGGED_MARKDOWN = {
    "A closing paragraph that links back to [the section](#section-one).":
        "Un paragraphe final qui renvoie à [la section](#section-one).",
    "Run `make` with *care*.": "Lancez `make` avec *soin*.",
}
# Units with markup the memory translates, besides the opening paragraph, whose footnote
# mark ends it: given to OmegaT in our TMX export only.
MARKUP_MEMORY = [
    ("second item with **strong** text", "deuxième élément avec du texte **fort**"),
    ("See [the second chapter](#next-steps).", "Voir [le second chapitre](#next-steps)."),
]
# OmegaT's preferences for external TMX (Options > Preferences > TM Matches): read the
# codes as tags ("level 2"), and a stand-alone one as <x0/> as the XLIFF filter does.
LEVEL2_PREFS = """<?xml version="1.0" encoding="UTF-8" ?>
<omegat>
  <preference version="1.0">
    <ext_tmx_show_level2>true</ext_tmx_show_level2>
    <ext_tmx_use_slash>true</ext_tmx_use_slash>
  </preference>
</omegat>
"""
NOT_AUTO = ("Tiny Press", "Éditions Minuscules")
# A unit the memory only suggests a translation for (a fuzzy match: its source has a link)
CLOSING = ("A closing paragraph that links back to the section.", "Un paragraphe final qui renvoie à la section.")
# Any network access OmegaT attempted would go to a closed local port and fail.
OFFLINE = ("-Djava.awt.headless=true -Djava.net.useSystemProxies=false -Dhttp.proxyHost=127.0.0.1 "
           "-Dhttp.proxyPort=9 -Dhttps.proxyHost=127.0.0.1 -Dhttps.proxyPort=9")


def omegat_command() -> str:
    """The ``omegat`` launcher; the test is skipped without it, or fails under EDITIONS_REQUIRE_TOOLS=1."""
    found = shutil.which("omegat")
    if found is None:
        reason = "omegat is not on PATH (Debian package omegat, group test of system-packages.txt)"
        if os.environ.get("EDITIONS_REQUIRE_TOOLS", "") not in ("", "0"):
            pytest.fail(f"{reason}; required by EDITIONS_REQUIRE_TOOLS", pytrace=False)
        pytest.skip(reason)
    return found


@dataclass(frozen=True)
class OmegaTRun:
    project: Path          # the publication, its French memory emptied
    folder: Path           # the OmegaT project
    memory: dict           # source -> target of the TMX export OmegaT was given in tm/auto/
    output: str            # what omegat printed


PROJECT_FILE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>en</source_lang>
    <target_lang>fr</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneFrenchTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def translator_work(pairs: dict[str, str]) -> bytes:
    """An OmegaT project_save.tmx holding ``pairs`` as default translations."""
    tmx = etree.Element("tmx", version="1.4")
    etree.SubElement(tmx, "header", creationtool="OmegaT", creationtoolversion="3.6", segtype="paragraph",
                     adminlang="EN-US", srclang="en", datatype="plaintext", **{"o-tmf": "OmegaT TMX"})
    body = etree.SubElement(tmx, "body")
    for source, target in pairs.items():
        tu = etree.SubElement(body, "tu")
        for lang, text in (("en", source), ("fr", target)):
            tuv = etree.SubElement(tu, "tuv", {"lang": lang})
            etree.SubElement(tuv, "seg").text = text
    return etree.tostring(tmx, xml_declaration=True, encoding="UTF-8")


def omegat_project(root: Path) -> tuple[Path, Path, dict]:
    """The publication and an OmegaT project of it: our TMX export in tm/auto/, then the
    French memory emptied and what is left to translate exported as XLIFF 1.2 and PO."""
    project = write_project(root / "tiny")
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + ADDED, encoding="utf-8")
    folder = project_folders(root)
    exported, _ = export(project, "fr", "tmx", everything=True, output=str(folder / "tm" / "auto" / "tiny-fr.tmx"))
    memory = {e.source: e.target for e in read_memory_file(exported, "en", "fr", "tiny-fr.tmx")}
    # A memory in tm/ itself, beside tm/auto/: console-translate should not apply it.
    (folder / "tm" / "reference.tmx").write_text(tmx([NOT_AUTO], "fr"), encoding="utf-8")
    (project / "locales" / "fr" / "memory.tmx").write_bytes(empty_tmx("en"))
    export(project, "fr", "xliff", output=str(folder / "source" / "tiny.xlf"))
    export(project, "fr", "po", output=str(folder / "source" / "tiny.po"))
    (folder / "omegat" / "project_save.tmx").write_bytes(translator_work(TYPED))
    return project, folder, memory


def xliff_project(root: Path) -> tuple[Path, Path, dict]:
    """The publication and an OmegaT project of its ``xliff-copy`` export: our TMX export,
    with markup units translated, in tm/auto/; the translator's tagged work."""
    project = write_project(root / "tiny", [*FRENCH, *MARKUP_MEMORY])
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + ADDED, encoding="utf-8")
    folder = project_folders(root)
    exported, _ = export(project, "fr", "tmx", everything=True, output=str(folder / "tm" / "auto" / "tiny-fr.tmx"))
    memory = {e.source: e.target for e in read_memory_file(exported, "en", "fr", "tiny-fr.tmx")}
    (project / "locales" / "fr" / "memory.tmx").write_bytes(empty_tmx("en"))
    export(project, "fr", "xliff-copy", output=str(folder / "source" / "tiny.xlf"))
    (folder / "omegat" / "project_save.tmx").write_bytes(translator_work(TAGGED))
    return project, folder, memory


def console_translate(folder: Path, preferences: str = "") -> str:
    """Run OmegaT's console-translate on the project ``folder``, offline, with a HOME and
    configuration of its own beside it (``preferences``: its omegat.prefs); its output."""
    command = omegat_command()
    home = folder.parent / f"home-{folder.name}"
    (home / "config").mkdir(parents=True)
    if preferences:
        (home / "config" / "omegat.prefs").write_text(preferences, encoding="utf-8")
    env = {**os.environ, "HOME": str(home), "JAVA_TOOL_OPTIONS": OFFLINE}
    done = subprocess.run([command, "--mode=console-translate", "--no-team", "--disable-project-locking",
                           f"--config-dir={home / 'config'}", str(folder)],
                          check=False, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout + done.stderr


def project_folders(root: Path) -> Path:
    folder = root / "omt"
    for sub in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (folder / sub).mkdir(parents=True)
    (folder / "omegat.project").write_text(PROJECT_FILE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> OmegaTRun:
    omegat_command()
    project, folder, memory = omegat_project(tmp_path_factory.mktemp("omegat"))
    return OmegaTRun(project, folder, memory, console_translate(folder))


@pytest.fixture(scope="module")
def xliff_runs(tmp_path_factory) -> tuple[OmegaTRun, OmegaTRun]:
    """The XLIFF project translated with OmegaT's level-2 TMX preferences, and a copy of it
    translated with OmegaT's default preferences."""
    omegat_command()
    project, folder, memory = xliff_project(tmp_path_factory.mktemp("omegat-xliff"))
    default = shutil.copytree(folder, folder.parent / "omt-default")
    return (OmegaTRun(project, folder, memory, console_translate(folder, LEVEL2_PREFS)),
            OmegaTRun(project, default, memory, console_translate(default)))


@pytest.fixture(scope="module")
def xliff_run(xliff_runs) -> OmegaTRun:
    return xliff_runs[0]


def cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args, "--project", str(project)],
                          check=False, capture_output=True, text=True)


def plain(run: OmegaTRun) -> dict[str, str]:
    """The memory's translations of units without markup: OmegaT matches these exactly."""
    return {s: t for s, t in run.memory.items() if not any(mark in s for mark in "*`[")}


def omegat_tmx(run: OmegaTRun) -> Path:
    found = list(run.folder.glob("*-omegat.tmx"))
    assert len(found) == 1, sorted(p.name for p in run.folder.iterdir())
    return found[0]


def test_omegat_fills_po_segments_from_exact_tm_auto_matches(run):
    """Plain segments take the tm/auto/ memory's translation (one in tm/ is not applied); a
    segment with markup does not match its TMX unit (OmegaT reads our codes as tags, the
    PO's Markdown as text) and stays empty; the translator's own work is written as typed."""
    assert OPENING in run.memory and "tm/auto/tiny-fr.tmx" in run.output and "tm/reference.tmx" in run.output
    catalog = polib.pofile(str(run.folder / "target" / "tiny.po"))
    plain_units = plain(run)
    assert len(plain_units) >= 4
    for entry in catalog:
        assert entry.msgstr == (plain_units.get(entry.msgid) or TYPED.get(entry.msgid, "")), entry.msgid
    filled = {e.msgid for e in catalog if e.msgstr}
    assert filled == set(plain_units) | set(TYPED)
    assert next(e for e in catalog if e.msgid == OPENING).msgstr == ""
    assert next(e for e in catalog if e.msgid == NOT_AUTO[0]).msgstr == ""
    assert not [e for e in catalog if "fuzzy" in e.flags]
    # the unit ids and the comments (kind, state, neighbours) come back as they went
    sent = polib.pofile(str(run.folder / "source" / "tiny.po"))
    assert [(e.msgctxt, e.msgid, e.comment, e.occurrences) for e in catalog] == \
        [(e.msgctxt, e.msgid, e.comment, e.occurrences) for e in sent]


def test_omegat_finds_no_segment_in_an_xliff_without_targets(run):
    """OmegaT 3.6's XLIFF filter translates <target> and leaves <source> alone: our export,
    which has no <target> for a unit still to translate, comes back as it went."""
    source = etree.parse(str(run.folder / "source" / "tiny.xlf"))
    target = etree.parse(str(run.folder / "target" / "tiny.xlf"))
    ids = [u.get("id") for u in source.iter(f"{X12}trans-unit")]
    assert ids and ids == [u.get("id") for u in target.iter(f"{X12}trans-unit")]
    assert not list(target.iter(f"{X12}target"))
    assert [t.text for t in source.iter(f"{X12}source")] == [t.text for t in target.iter(f"{X12}source")]


def test_omegat_tmx_is_plain_text_without_ids(run):
    """Its project TMX (TMX 1.1): one unit per translated source, languages as ``lang``,
    no tuid, prop or note; read back, it gives the translations as the PO has them."""
    path = omegat_tmx(run)
    tree = etree.parse(str(path))
    assert tree.getroot().get("version") == "1.1"
    assert not tree.xpath("//tu[@tuid] | //prop | //note | //bpt | //ph")
    entries = {e.source: e.target for e in read_memory_file(path, "en", "fr", path.name)}
    plain_units = plain(run)
    assert entries == {**plain_units, **TYPED}


@pytest.fixture
def project(run, tmp_path) -> Path:
    """A copy of the publication, so each test imports into a memory of its own."""
    return shutil.copytree(run.project, tmp_path / "tiny")


def test_omegat_target_po_and_tmx_import_and_publish_with_markup(run, project):
    imported = cli(project, "import", str(run.folder / "target" / "tiny.po"), "--locale", "fr")
    assert imported.returncode == 0, imported.stderr
    count = len({**plain(run), **TYPED})
    assert f"{count} added, 0 kept as alternatives, 0 already there, 0 refused" in imported.stdout
    again = cli(project, "import", str(omegat_tmx(run)), "--locale", "fr")
    assert again.returncode == 0, again.stderr
    assert f"0 added, 0 kept as alternatives, {count} already there" in again.stdout
    built = cli(project, "--locales", "fr", "--formats", "html")
    assert built.returncode == 0, built.stderr
    page = etree.parse(str(project / "dist" / "fr" / "index.html"), etree.HTMLParser())
    text = " ".join(page.xpath("//body//text()"))
    assert "Un tout petit livre" in page.xpath("string(//title)")
    assert "Le premier chapitre" in text and "Une note qui explique." in text
    assert page.xpath("//strong[. = 'fort']") and page.xpath("//em[. = 'soin']")
    assert page.xpath("//code[. = 'make']")
    assert [a.get("href") for a in page.xpath("//a[. = 'la section']")] == ["#section-one"]
    # the paragraph OmegaT left empty is published in English, its markup intact
    assert page.xpath("//em[. = 'emphasis']") and page.xpath("//a[. = 'link']/@href") == ["https://example.org/"]


def test_omegat_tmx_alone_imports_by_source_text(run, project):
    imported = cli(project, "import", str(omegat_tmx(run)), "--locale", "fr")
    assert imported.returncode == 0, imported.stderr
    stored = read_memory_file(project / "locales" / "fr" / "memory.tmx", "en", "fr", "memory.tmx")
    plain_units = plain(run)
    assert {e.source: e.target for e in stored} == {**plain_units, **TYPED}
    assert all(e.context for e in stored)          # each matched to its unit, whose id the memory keeps
    # OmegaT names itself only in the TMX header, which the memory reader does not take as a unit's origin
    written = (project / "locales" / "fr" / "memory.tmx").read_text(encoding="utf-8")
    assert written.count('creationid="import" creationtool="unknown"') == len(stored)


def test_omegat_takes_a_po_s_translations_and_drops_its_suggestions(tmp_path):
    """A PO exported with --all brings every published translation into the OmegaT project,
    markup included; a suggestion (``#, fuzzy``) is not taken: its entry comes back empty and
    unflagged, and OmegaT's TMX leaves it out."""
    omegat_command()
    project = write_project(tmp_path / "tiny", [*FRENCH, CLOSING])
    folder = project_folders(tmp_path)
    export(project, "fr", "po", everything=True, output=str(folder / "source" / "all.po"))
    sent = polib.pofile(str(folder / "source" / "all.po"))
    suggested = [e for e in sent if "fuzzy" in e.flags]
    assert [e.msgstr for e in suggested] == [CLOSING[1]]
    console_translate(folder)
    back = polib.pofile(str(folder / "target" / "all.po"))
    assert [(e.msgid, e.msgstr) for e in back if e.msgstr] == \
        [(e.msgid, e.msgstr) for e in sent if e.msgstr and "fuzzy" not in e.flags]
    assert OPENING in {e.msgid for e in back if e.msgstr}
    closing = next(e for e in back if e.msgctxt == suggested[0].msgctxt)
    assert (closing.msgstr, closing.flags) == ("", [])
    tmx_back = folder / f"{folder.name}-omegat.tmx"
    assert {e.source for e in read_memory_file(tmx_back, "en", "fr", tmx_back.name)} == \
        {e.msgid for e in sent if e.msgstr and "fuzzy" not in e.flags}


def xliff_targets(path: Path) -> dict[str, tuple[str, str]]:
    """Each unit of an XLIFF 1.2 file: its source and target as our Markdown, and the target's state."""
    tree = etree.parse(str(path))
    found = {}
    for unit in tree.iter(f"{X12}trans-unit"):
        source, target = unit.find(f"{X12}source"), unit.find(f"{X12}target")
        found["".join(source.itertext())] = ("".join(target.itertext()), target.get("state"))
    return found


def test_omegat_translates_the_targets_of_an_xliff_copy_export(xliff_run):
    """With its level-2 TMX preferences, every target is a segment: plain ones and ones with
    markup are filled from the exact tm/auto/ matches of our TMX export, others from the
    translator's tagged work, our codes back in place; the rest stay the source's copy,
    among them the opening paragraph, whose footnote mark at its end OmegaT leaves outside
    the segment. No state is changed."""
    sent = xliff_targets(xliff_run.folder / "source" / "tiny.xlf")
    back = xliff_targets(xliff_run.folder / "target" / "tiny.xlf")
    assert list(back) == list(sent) and {state for _t, state in back.values()} == {"needs-translation"}
    changed = {source: target for source, (target, _state) in back.items() if target != source}
    assert changed == {**plain(xliff_run), **dict(MARKUP_MEMORY), **TAGGED_MARKDOWN}
    assert xliff_run.memory.get(OPENING) and back[OPENING] == (OPENING, "needs-translation")
    text = (xliff_run.folder / "target" / "tiny.xlf").read_text(encoding="utf-8")
    assert ('<target state="needs-translation">Lancez <ph id="1" ctype="x-code">`make`</ph> avec '
            '<bpt id="2" ctype="italic">*</bpt>soin<ept id="2">*</ept>.</target>') in text
    assert ('<target state="needs-translation">deuxième élément avec du texte <bpt id="1" ctype="bold">**</bpt>'
            'fort<ept id="1">**</ept></target>') in text


def test_omegat_default_preferences_do_not_match_our_tmx_codes(xliff_runs):
    """With OmegaT's default preferences a TMX's codes are read without their content (TMX
    level 1), so no unit with markup matches its tagged segment: only plain units are filled
    from tm/auto/, the tagged ones from the translator's work."""
    default = xliff_runs[1]
    back = xliff_targets(default.folder / "target" / "tiny.xlf")
    changed = {source: target for source, (target, _state) in back.items() if target != source}
    assert changed == {**plain(default), **TAGGED_MARKDOWN}
    for source, _target in MARKUP_MEMORY:
        assert back[source] == (source, "needs-translation")


def test_omegat_xliff_imports_and_publishes_with_markup(xliff_run, tmp_path):
    """The target file imports by unit id: each changed target is the translator's, reported
    as still marked needs-translation; the copies are not merged and not reported. The HTML
    edition has the markup of the tagged segments."""
    project = shutil.copytree(xliff_run.project, tmp_path / "tiny")
    imported = cli(project, "import", str(xliff_run.folder / "target" / "tiny.xlf"), "--locale", "fr")
    assert imported.returncode == 0, imported.stderr
    count = len(plain(xliff_run)) + len(MARKUP_MEMORY) + len(TAGGED_MARKDOWN)
    assert (f"{count} added, 0 kept as alternatives, 0 already there, 0 refused; {count} of them changed "
            "by the translator but still marked needs-translation, taken as translated") in imported.stdout
    assert "import-unconfirmed" not in imported.stderr
    stored = read_memory_file(project / "locales" / "fr" / "memory.tmx", "en", "fr", "memory.tmx")
    assert {e.source: e.target for e in stored}.items() >= {**dict(MARKUP_MEMORY), **TAGGED_MARKDOWN}.items()
    assert OPENING not in {e.source for e in stored}
    built = cli(project, "--locales", "fr", "--formats", "html")
    assert built.returncode == 0, built.stderr
    page = etree.parse(str(project / "dist" / "fr" / "index.html"), etree.HTMLParser())
    assert page.xpath("//strong[. = 'fort']") and page.xpath("//em[. = 'soin']")
    assert page.xpath("//code[. = 'make']")
    assert [a.get("href") for a in page.xpath("//a[. = 'la section']")] == ["#section-one"]
    assert page.xpath("//a[. = 'le second chapitre']/@href") == ["#next-steps"]


def test_omegat_tmx_of_the_xliff_route_holds_its_tags_as_text(xliff_run, tmp_path):
    """In the XLIFF route OmegaT's project TMX spells a tagged segment with its own tags as
    text (``<f0>``), which are not our markup: those units are refused as stale (exit 1),
    the plain ones import by source text. The target XLIFF is the file to import."""
    path = omegat_tmx(xliff_run)
    assert "second item with &lt;f0&gt;strong&lt;/f0&gt; text" in path.read_text(encoding="utf-8")
    project = shutil.copytree(xliff_run.project, tmp_path / "tiny")
    imported = cli(project, "import", str(path), "--locale", "fr")
    tagged = len(TAGGED) + len(MARKUP_MEMORY)
    assert imported.returncode == 1 and imported.stderr.count("(import-stale)") == tagged
    assert f"{len(plain(xliff_run))} added, 0 kept as alternatives, 0 already there, {tagged} refused" \
        in imported.stdout
