"""The translator's round trip: export, fill as a CAT tool would, import, rebuild."""

from __future__ import annotations

import copy
import json
import os
import subprocess
from pathlib import Path

import polib
import pytest
from builds import run_cli
from conftest import schema_path
from lxml import etree

NS = {"x": "urn:oasis:names:tc:xliff:document:2.0"}


def cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    return run_cli(*args, "--project", str(project))


def coverage(project: Path, tag: str) -> float:
    manifest = json.loads((project / "dist" / "manifest.json").read_text(encoding="utf-8"))
    return next(e["coverage"] for e in manifest["editions"] if e["locale"] == tag)


def export(project: Path, fmt: str, *extra: str) -> Path:
    out = project / f"out.{'xlf' if fmt.startswith('xliff') else fmt}"
    result = cli(project, "export", "--locale", "fr", "--format", fmt, "-o", str(out), *extra)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(schema_path("xliff-2.0/xliff_core_2.0.xsd"))))


def translate_like_a_cat_tool(path: Path) -> None:
    """Copy each source to its target, translating the text and keeping every inline element."""
    tree = etree.parse(str(path))
    for segment in tree.iterfind(".//x:segment", NS):
        source = segment.find("x:source", NS)
        old = segment.find("x:target", NS)
        if old is not None:
            segment.remove(old)
        target = copy.deepcopy(source)
        target.tag = f"{{{NS['x']}}}target"
        target.text = "FR " + (target.text or "")
        segment.append(target)
        segment.set("state", "translated")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def translate_po(path: Path, catalog, prefix: str) -> None:
    """Fill every entry as a translator would in Poedit, confirming each one."""
    for entry in catalog:
        entry.msgstr = prefix + entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalog.save(str(path))


def test_xliff_round_trip(project, schema):
    assert cli(project, "--locales", "fr", "--formats", "html").returncode == 0
    assert coverage(project, "fr") < 1
    exported = export(project, "xliff2")
    schema.assertValid(etree.parse(str(exported)))
    document = exported.read_text(encoding="utf-8")
    assert 'subType="xlf:b"' in document and 'state="initial"' in document
    assert "**" not in document.split("<originalData>")[0].split("<source>")[-1]
    translate_like_a_cat_tool(exported)
    schema.assertValid(etree.parse(str(exported)))
    imported = cli(project, "import", str(exported), "--locale", "fr")
    assert imported.returncode == 0, imported.stderr + imported.stdout
    memory = project / "locales" / "fr" / "memory.tmx"
    before = memory.read_bytes()
    assert b'<prop type="x-context-prev">' in before and b'<prop type="x-context-next">' in before
    rebuilt = cli(project, "--locales", "fr", "--formats", "html")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert coverage(project, "fr") == 1.0
    page = (project / "dist" / "fr" / "index.html").read_text(encoding="utf-8")
    assert "FR second item with <strong>strong</strong> text" in page
    again = cli(project, "import", str(exported), "--locale", "fr")
    assert again.returncode == 0 and "memory unchanged" in again.stdout
    assert memory.read_bytes() == before


def test_every_unit_exports_with_protected_codes(project, schema):
    exported = export(project, "xliff2", "--all")
    schema.assertValid(etree.parse(str(exported)))
    document = exported.read_text(encoding="utf-8")
    assert '<ph id="2" dataRef="d2" type="other" disp="`code`"/>' in document
    assert 'type="link"' in document and ">[^1]</data>" in document
    assert 'state="translated"' in document       # what the memory already publishes, for review


def test_po_round_trip_passes_msgfmt(project):
    exported = export(project, "po")
    check = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(exported)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    catalog = polib.pofile(str(exported))
    assert all(entry.msgctxt for entry in catalog)
    translate_po(exported, catalog, "FR ")
    imported = cli(project, "import", str(exported), "--locale", "fr")
    assert imported.returncode == 0, imported.stderr
    assert cli(project, "--locales", "fr", "--formats", "html").returncode == 0
    assert coverage(project, "fr") == 1.0
    assert "FR A closing paragraph that links back to" in (project / "dist" / "fr" / "index.html").read_text()


def test_a_unit_whose_source_changed_is_refused(project):
    exported = export(project, "xliff2")
    translate_like_a_cat_tool(exported)
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text().replace("A closing paragraph", "A final paragraph"))
    memory = project / "locales" / "fr" / "memory.tmx"
    before = memory.read_bytes()
    result = cli(project, "import", str(exported), "--locale", "fr")
    assert result.returncode == 1
    assert "(import-stale)" in result.stderr and "source changed since the export" in result.stderr
    assert memory.read_bytes() != before        # the other units still merge
    assert b"A closing paragraph" not in memory.read_bytes()


@pytest.mark.parametrize("hostile", ["entity", "script"])
def test_hostile_import_leaves_the_memory_unchanged(project, hostile):
    exported = export(project, "xliff2")
    translate_like_a_cat_tool(exported)
    text = exported.read_text(encoding="utf-8")
    if hostile == "entity":
        text = text.replace("<xliff ", '<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<xliff ', 1)
        text = text.replace("FR ", "FR &x; ", 1)
    else:
        text = text.replace("FR ", "FR &lt;script&gt;alert(1)&lt;/script&gt; ")
    exported.write_text(text, encoding="utf-8")
    memory = project / "locales" / "fr" / "memory.tmx"
    before = memory.read_bytes()
    result = cli(project, "import", str(exported), "--locale", "fr")
    assert result.returncode == 1
    assert ("refused" in result.stderr) if hostile == "entity" else ("(qa-raw-markup)" in result.stderr)
    assert memory.read_bytes() == before


def test_a_conflicting_translation_is_kept_as_an_alternative(project):
    exported = export(project, "po", "--all")
    translate_po(exported, polib.pofile(str(exported)), "Autre ")
    result = cli(project, "import", str(exported), "--locale", "fr")
    assert result.returncode == 0, result.stderr
    assert "(import-conflict)" in result.stderr and "kept as alternatives" in result.stdout
    assert cli(project, "--locales", "fr", "--formats", "html").returncode == 0
    page = (project / "dist" / "fr" / "index.html").read_text(encoding="utf-8")
    assert "Un tout petit livre" in page and "Autre A Tiny Book" not in page


def test_status_and_status_page_agree_with_the_manifest(project):
    assert cli(project, "--formats", "html").returncode == 0
    result = cli(project, "status", "--json")
    assert result.returncode == 0, result.stderr
    statuses = {s["tag"]: s for s in json.loads(result.stdout)["locales"]}
    manifest = json.loads((project / "dist" / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["editions"]:
        assert statuses[entry["locale"]]["coverage"] == entry["coverage"]
    page = (project / "dist" / "status.html").read_text(encoding="utf-8")
    for tag, status in statuses.items():
        assert f'data-coverage="{status["coverage"]}"' in page
    assert statuses["fr"]["strict"].startswith("fail: coverage")
    assert 'href="status.html"' in (project / "dist" / "index.html").read_text(encoding="utf-8")


def test_review_proof_marks_every_unit_from_the_same_document(project):
    from lxml import html as lxml_html
    result = cli(project, "--locales", "fr", "--formats", "html", "--review")
    assert result.returncode == 0, result.stderr
    proof = lxml_html.fromstring((project / "build" / "review" / "fr" / "review.html").read_bytes())
    edition = lxml_html.fromstring((project / "dist" / "fr" / "index.html").read_bytes())
    states = {span.get("data-state").split()[0] for span in proof.xpath('//span[contains(@class, "unit")]')
              if span.get("data-state")}
    assert {"exact", "new:"} <= states
    marked = proof.xpath('//main//span[contains(@class, "state-fallback")]')
    assert marked and all(span.get("data-source") for span in marked)
    # the proof's text is the edition's text: the marks add no words to the document
    assert proof.xpath("string(//main)") == edition.xpath("string(//main)")
    assert not edition.xpath('//*[contains(@class, "state-")]')


def test_a_new_locale_from_scaffold_to_published_editions(project):
    created = cli(project, "new-locale", "pt-BR")
    assert created.returncode == 0, created.stderr
    out = project / "pt.xlf"
    exported = cli(project, "export", "--locale", "pt-BR", "--format", "xliff2", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    translate_like_a_cat_tool(out)
    imported = cli(project, "import", str(out), "--locale", "pt-BR")
    assert imported.returncode == 0, imported.stderr
    built = cli(project, "--locales", "pt-BR")
    assert built.returncode == 0, built.stderr
    manifest = json.loads((project / "dist" / "manifest.json").read_text(encoding="utf-8"))
    entries = [e for e in manifest["editions"] if e["locale"] == "pt-BR"]
    assert sorted(e["format"] for e in entries) == ["epub", "html", "pdf"]
    assert all(e["coverage"] == 1.0 for e in entries)
    assert "FR A closing paragraph" in (project / "dist" / "pt-BR" / "index.html").read_text(encoding="utf-8")


def test_importing_a_file_no_reader_knows_is_one_clear_line(tmp_path):

    from conftest import write_project
    project = write_project(tmp_path / "tiny")
    odd = tmp_path / "work.docx"
    odd.write_bytes(b"PK")
    result = run_cli("import", str(odd), "--locale", "fr", "--project", str(project))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().startswith(f"error: {odd}: not a memory file")
