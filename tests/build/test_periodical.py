"""A periodical: two issues of a garden letter in one project, built into one release.

Issue 2 repeats two paragraphs of issue 1, whose translations are in the French and
Arabic memories: issue 2's leverage report shows them as exact matches. The release
(manifest, SHA256SUMS, site, OPDS 1.2 and 2.0 feeds) covers both issues; every EPUB
passes EPUBCheck with its own identifier; ``--publications`` builds only the named ones.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from builds import run_build, run_cli
from conftest import ROOT
from lxml import etree
from periodical import REPEATED, write_periodical
from report.opds import opds1_schema, opds2_validator
from validators import remembered, run_epubcheck

ATOM = {"a": "http://www.w3.org/2005/Atom", "dc": "http://purl.org/dc/terms/"}
ISSUES = ("2025-01", "2025-02")
TAGS = ("ar", "en", "fr")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    project = write_periodical(tmp_path_factory.mktemp("periodical") / "letter")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    return project, result


@pytest.fixture(scope="module")
def dist(built) -> Path:
    return built[0] / "dist"


def listed(dist: Path) -> list[dict]:
    return json.loads((dist / "manifest.json").read_text(encoding="utf-8"))["editions"]


def leverage_row(stdout: str, name: str) -> dict[str, str]:
    """The printed leverage report's row of ``name`` (SLUG/TAG): level -> "units/words"."""
    lines = stdout.splitlines()
    header = next(line for line in lines if line.startswith("locale") and "exact" in line)
    levels = re.findall(r"context|exact|sentences|fuzzy \S+|stale|new", header)
    row = next(line for line in lines if line.split() and line.split()[0] == name)
    return dict(zip(levels, row.split()[1:]))


def test_each_publication_is_published_in_its_own_folder(dist):
    editions = listed(dist)
    assert sorted((e["publication"], e["locale"], e["format"]) for e in editions) == sorted(
        (slug, tag, fmt) for slug in ISSUES for tag in TAGS for fmt in ("epub", "html", "pdf"))
    for edition in editions:
        assert edition["path"].startswith(f"{edition['publication']}/{edition['locale']}/")
        assert (dist / edition["path"]).is_file()


def test_sha256sums_covers_every_edition_and_passes_sha256sum_c(dist):
    checked = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=dist, capture_output=True, text=True,
                             check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert len(listed(dist)) == 18
    covers = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))["covers"]
    assert sorted((c["publication"], c["locale"]) for c in covers) == sorted((s, t) for s in ISSUES for t in TAGS)
    assert checked.stdout.count(": OK") == 18 + 2 * 6       # every edition, every cover and its thumbnail


def test_issue_2_finds_the_paragraphs_translated_for_issue_1(built):
    _project, result = built
    for tag in ("fr", "ar"):
        first, second = leverage_row(result.stdout, f"2025-01/{tag}"), leverage_row(result.stdout, f"2025-02/{tag}")
        assert first["exact"] == "6/35"          # issue 1: every unit its memory holds
        words = sum(len(paragraph.split()) for paragraph in REPEATED)
        assert second["exact"] == f"{len(REPEATED)}/{words}" == "2/16"
        assert second["context"] == second["sentences"] == "0/0"


def test_the_status_page_shows_each_publications_matches(dist):
    page = (dist / "status.html").read_text(encoding="utf-8")
    rows = re.findall(r'<th scope="row">([^<]*)<span lang="([^"]+)">.*?</tr>', page, re.DOTALL)
    assert [(name.strip(" :"), tag) for name, tag in rows] == [(slug, tag) for slug in ISSUES for tag in TAGS]
    second_french = page.split('<th scope="row">2025-02: <span lang="fr">')[1].split("</tr>")[0]
    assert 'title="exact: 2 units, 16 words"' in second_french


class Home(HTMLParser):
    """The home page's publications: each title (the h2 link) and thumbnail."""

    def __init__(self):
        super().__init__()
        self.titles, self.thumbnails, self._in_title = [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in_title = self._in_title or tag == "h2"
        if tag == "img" and "thumbnail" in attrs.get("class", ""):
            self.thumbnails.append(attrs["src"])

    def handle_endtag(self, tag):
        self._in_title = self._in_title and tag != "h2"

    def handle_data(self, data):
        if self._in_title:
            self.titles.append(data)


def test_the_home_page_lists_every_publication_with_cover_and_source_title(dist):
    home = Home()
    home.feed((dist / "index.html").read_text(encoding="utf-8"))
    assert home.titles == ["Spring Planting", "Summer Care"]
    assert home.thumbnails == [f"covers/{slug}.en.thumbnail.png" for slug in ISSUES]   # the source language's
    assert all((dist / thumbnail).is_file() for thumbnail in home.thumbnails)
    for slug in ISSUES:
        for tag in TAGS:
            page = (dist / f"{slug}.{tag}.html").read_text(encoding="utf-8")
            assert f'href="{slug}/{tag}/{slug}.{tag}.epub"' in page


def test_opds1_lists_every_publication_and_validates(dist, tmp_path):
    document = etree.parse(str(dist / "opds.xml"))
    assert opds1_schema(tmp_path).validate(document)
    entries = document.xpath("/a:feed/a:entry", namespaces=ATOM)
    assert [(entry.xpath("string(dc:isPartOf)", namespaces=ATOM), entry.xpath("string(dc:language)", namespaces=ATOM))
            for entry in entries] == [(f"Garden Letter {n}", tag) for n in (1, 2) for tag in TAGS]
    assert document.xpath("string(/a:feed/a:title)", namespaces=ATOM) == "Garden Letter"
    links = document.xpath("//a:link[@rel='http://opds-spec.org/acquisition/open-access']/@href", namespaces=ATOM)
    assert sorted(links) == sorted(e["path"] for e in listed(dist) if e["format"] != "html")


def test_opds2_lists_every_publication_and_validates(dist):
    feed = json.loads((dist / "opds.json").read_text(encoding="utf-8"))
    errors = list(opds2_validator().iter_errors(feed))
    assert not errors, [error.message for error in errors]
    assert [(p["metadata"]["belongsTo"]["series"]["position"], p["metadata"]["language"])
            for p in feed["publications"]] == [(n, tag) for n in (1, 2) for tag in TAGS]
    assert [p["images"][0]["href"] for p in feed["publications"]] == [f"covers/{slug}.{tag}.jpg" for slug in ISSUES
                                                                      for tag in TAGS]   # each locale's own


def test_every_epub_passes_epubcheck_with_its_own_identifier(dist):
    identifiers = []
    for edition in (e for e in listed(dist) if e["format"] == "epub"):
        errors, warnings, report = run_epubcheck(dist / edition["path"])
        assert (errors, warnings) == (0, 0), report
        with zipfile.ZipFile(dist / edition["path"]) as epub:
            opf = next(name for name in epub.namelist() if name.endswith(".opf"))
            package = etree.fromstring(epub.read(opf))
        identifier = package.xpath("string(//dc:identifier)", namespaces={"dc": "http://purl.org/dc/elements/1.1/"})
        assert identifier.removeprefix("urn:uuid:") in edition["identifier"]
        identifiers.append(identifier)
    assert len(identifiers) == 6 and len(set(identifiers)) == 6


def test_a_rebuild_with_nothing_changed_rewrites_nothing(built):
    project, _result = built
    before = {path: path.stat().st_mtime_ns for path in (project / "dist").rglob("*")}
    again = run_build(project)
    assert again.returncode == 0, again.stderr
    assert re.findall(r"(\d+) built, (\d+) unchanged \((\S+)\)", again.stdout) == [
        ("0", "3", slug) for slug in ISSUES for _tag in TAGS]
    assert {path: path.stat().st_mtime_ns for path in (project / "dist").rglob("*")} == before


def test_publications_builds_only_the_named_one(tmp_path):
    project = write_periodical(tmp_path / "letter", covers=False)
    result = run_build(project, "--publications", "2025-02", "--formats", "html", "--locales", "en,fr")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (project / "dist").iterdir() if p.is_dir()) == ["2025-02"]
    assert {(e["publication"], e["locale"]) for e in listed(project / "dist")} == {("2025-02", "en"), ("2025-02", "fr")}
    assert "2025-01" not in (project / "dist" / "index.html").read_text(encoding="utf-8")


def test_a_new_issue_leaves_the_earlier_issues_up_to_date(tmp_path):
    project = write_periodical(tmp_path / "letter", issues=("2025-01",), covers=False)
    assert run_build(project, "--formats", "html", "--locales", "en").returncode == 0
    write_periodical(tmp_path / "next", covers=False)
    shutil.copytree(tmp_path / "next" / "content" / "2025-02", project / "content" / "2025-02")
    result = run_build(project, "--formats", "html", "--locales", "en")
    assert result.returncode == 0, result.stderr
    assert re.findall(r"(\d+) built, (\d+) unchanged \((\S+)\)", result.stdout) == [
        ("0", "1", "2025-01"), ("1", "0", "2025-02")]
    assert [e["publication"] for e in listed(project / "dist")] == ["2025-01", "2025-02"]


def test_an_unknown_publication_is_one_line_naming_the_known_ones(tmp_path):
    project = write_periodical(tmp_path / "letter", covers=False)
    result = run_build(project, "--publications", "2025-03")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: content/: no publication named 2025-03: the project's publications are 2025-01, 2025-02"]
    assert not (project / "dist").exists() or not any((project / "dist").rglob("*.html"))


def test_a_broken_issue_is_one_line_and_the_others_are_still_built(tmp_path):
    project = write_periodical(tmp_path / "letter", covers=False)
    (project / "content" / "2025-01" / "publication.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    result = run_build(project, "--formats", "html", "--locales", "en")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [
        "error: content/2025-01/publication.yaml:2: invalid YAML: expected ',' or ']', but got '<stream end>'"]
    assert [e["publication"] for e in listed(project / "dist")] == ["2025-02"]


def test_a_broken_issue_loses_nothing_already_built(tmp_path):
    project = write_periodical(tmp_path / "letter", covers=False)
    assert run_build(project, "--formats", "html", "--locales", "en").returncode == 0
    before = {path: path.read_bytes() for path in (project / "dist").rglob("*") if path.is_file()}
    (project / "content" / "2025-02" / "letter.md").unlink()
    result = run_build(project, "--formats", "html", "--locales", "en")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "error: content/2025-02/publication.yaml: chapter file 'content/2025-02/letter.md' not found" \
        in result.stderr.splitlines()
    assert {path: path.read_bytes() for path in (project / "dist").rglob("*") if path.is_file()} == before


def test_a_locales_findings_name_their_publication(built):
    _project, result = built
    assert "[2025-02/fr] locales/fr/locale.yaml: warning: coverage 29% is below the required 100% " \
           "(coverage-below-required)" in result.stderr.splitlines()


def test_status_shows_each_publications_matches(built):
    project, _result = built
    result = run_cli("status", "--json", "--project", str(project), "--locales", "fr")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)["publications"]
    assert list(found) == list(ISSUES)
    assert [found[slug]["locales"][0]["levels"]["exact"] for slug in ISSUES] == [[6, 35], [2, 16]]


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """``build.py check`` on the two-issue periodical, in the source language (the checkers'
    time grows with the editions; the other locales are judged as any publication's are)."""
    project = write_periodical(tmp_path_factory.mktemp("checked") / "letter", covers=False)
    with pytest.MonkeyPatch.context() as monkeypatch:
        remembered(monkeypatch, ONE_FILE_CHECKERS)     # judged for real here, and their verdicts kept
        return project, run_cli("check", "--project", str(project), "--locales", "en")


# The checkers whose verdict depends on the edition's file alone, remembered by its bytes.
ONE_FILE_CHECKERS = ("epubcheck", "ace", "nu-html", "axe", "pdf")


def check_rows(stdout: str) -> dict[tuple[str, str, str], list[str]]:
    """The check table's rows: (publication, locale, format) -> its cells after the coverage."""
    rows = [line.split() for line in stdout.splitlines() if line.split() and line.split()[0] in ISSUES
            and len(line.split()) > 4]
    return {(row[0], row[1], row[2]): row[4:] for row in rows}


def test_check_judges_every_edition_of_every_issue(checked):
    project, result = checked
    assert result.returncode == 0, result.stdout + result.stderr
    rows = check_rows(result.stdout)
    assert list(rows) == [(slug, "en", fmt) for slug in ISSUES for fmt in ("html", "epub", "pdf")]
    assert all(cell in ("-", "0/0") or cell.startswith("0/") for cells in rows.values() for cell in cells)
    assert "6 editions, 0 failing" in result.stdout
    reports = project / "build" / "reports"
    for slug in ISSUES:     # each issue's reports in its own folder: neither overwrites the other's
        assert {path.name.split(".")[0] for path in (reports / slug / "en").iterdir()} == {"html", "epub", "pdf"}
    findings = json.loads((reports / "findings.json").read_text(encoding="utf-8"))
    assert all(record["publication"] in ISSUES for record in findings)


def test_check_fails_a_defect_in_one_issue_naming_that_issue(checked, tmp_path):
    project = tmp_path / "letter"
    shutil.copytree(checked[0], project)
    page = project / "dist" / next(e["path"] for e in listed(project / "dist")
                                   if (e["publication"], e["locale"], e["format"]) == ("2025-02", "en", "html"))
    text = page.read_text(encoding="utf-8")
    assert "<main" in text
    page.write_text(text.replace("<main", "<div").replace("</main>", "</div>"), encoding="utf-8")
    with pytest.MonkeyPatch.context() as monkeypatch:
        remembered(monkeypatch, ONE_FILE_CHECKERS)     # the edited page is judged anew: its bytes changed
        result = run_cli("check", "--project", str(project), "--locales", "en")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    rows = check_rows(result.stdout)
    failing = {key for key, cells in rows.items() if any(cell not in ("-",) and not cell.startswith("0/")
                                                         for cell in cells)}
    # the page without its main landmark, and the PDF checkers that read the page as the edition's text
    assert ("2025-02", "en", "html") in failing and {slug for slug, _tag, _fmt in failing} == {"2025-02"}, result.stdout
    assert f"6 editions, {len(failing)} failing" in result.stdout
    findings = json.loads((project / "build" / "reports" / "findings.json").read_text(encoding="utf-8"))
    errors = [record for record in findings if record["severity"] == "error"]
    assert errors and {record["publication"] for record in errors} == {"2025-02"}
    assert all(record["location"].startswith("2025-02/en/") for record in errors)
    assert all(record["locale"] == "2025-02/en" for record in errors)
    assert any(record["code"] == "axe-landmark-one-main" for record in errors)


def test_check_with_publications_builds_and_judges_only_those(tmp_path):
    project = write_periodical(tmp_path / "letter", covers=False)
    with pytest.MonkeyPatch.context() as monkeypatch:
        remembered(monkeypatch, ONE_FILE_CHECKERS)     # the same editions as the first check's, built elsewhere
        result = run_cli("check", "--project", str(project), "--locales", "en", "--publications", "2025-01")
    assert result.returncode == 0, result.stdout + result.stderr
    assert list(check_rows(result.stdout)) == [("2025-01", "en", fmt) for fmt in ("html", "epub", "pdf")]
    assert not (project / "dist" / "2025-02").exists()


XLIFF = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


def fill_xliff(path: Path, prefix: str) -> list[str]:
    """Give every trans-unit of an XLIFF 1.2 export a translated target (``prefix`` + its
    source), as a CAT tool would; return the sources, in order."""
    tree = etree.parse(str(path))
    sources = []
    for unit in tree.iterfind(".//x:trans-unit", XLIFF):
        source = unit.find("x:source", XLIFF).text
        target = etree.SubElement(unit, f"{{{XLIFF['x']}}}target", state="translated")
        target.text = prefix + source
        sources.append(source)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return sources


def french_status(project: Path) -> dict[str, dict]:
    result = run_cli("status", "--json", "--project", str(project), "--locales", "fr")
    assert result.returncode == 0, result.stderr
    return {slug: data["locales"][0] for slug, data in json.loads(result.stdout)["publications"].items()}


def test_export_and_import_need_a_known_publication_in_a_periodical(tmp_path):
    project = write_periodical(tmp_path / "letter", covers=False)
    memory = (project / "locales" / "fr" / "memory.tmx").read_bytes()
    (tmp_path / "fr.xlf").write_text("<xliff/>", encoding="utf-8")
    missing = ("error: content/: the project is a periodical: name the publication whose units to exchange "
               "with --publication SLUG, one of 2025-01, 2025-02")
    unknown = "error: content/: no publication named 2025-03: the project's publications are 2025-01, 2025-02"
    for command in (("export", "--locale", "fr"), ("import", str(tmp_path / "fr.xlf"), "--locale", "fr")):
        for extra, line in (((), missing), (("--publication", "2025-03"), unknown)):
            result = run_cli(*command, *extra, "--project", str(project))
            assert (result.returncode, result.stderr.splitlines()) == (1, [line]), command
    assert (project / "locales" / "fr" / "memory.tmx").read_bytes() == memory
    assert not (project / "build" / "exchange").exists()


def test_a_publications_units_go_out_and_come_back_into_the_shared_memory(tmp_path):
    project = write_periodical(tmp_path / "letter", covers=False)
    result = run_cli("export", "--locale", "fr", "--publication", "2025-02", "--project", str(project))
    assert result.returncode == 0, result.stderr
    exported = project / "build" / "exchange" / "2025-02.fr.xlf"
    assert result.stdout.strip() == f"wrote 5 units to {exported}"
    sources = fill_xliff(exported, "FR ")
    # issue 2's own units (its title twice: metadata and heading); the two paragraphs issue 1's
    # translations cover are no work, the author, which the memory lacks, is
    assert sources == ["Summer Care", "Ann Gardener", "Notes for the summer garden.", "Summer Care",
                       "Mulch keeps the roots cool through July."]
    assert [status["coverage"] < 1 for status in french_status(project).values()] == [True, True]
    # imported as issue 1's, the file's units that issue 1 lacks are refused as stale; its author is issue 1's too
    wrong = run_cli("import", str(exported), "--locale", "fr", "--publication", "2025-01", "--project", str(project))
    assert wrong.returncode == 1 and wrong.stderr.count("(import-stale)") == 4
    assert wrong.stdout.startswith("locales/fr/memory.tmx: 1 added, 0 kept as alternatives, 0 already there, 4 refused")
    result = run_cli("import", str(exported), "--locale", "fr", "--publication", "2025-02", "--project", str(project))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("locales/fr/memory.tmx: 4 added, 0 kept as alternatives, 1 already there, 0 refused")
    # the memory is the periodical's: issue 1 finds issue 2's translation of the author too
    assert [status["coverage"] for status in french_status(project).values()] == [1, 1]
    memory = (project / "locales" / "fr" / "memory.tmx").read_text(encoding="utf-8")
    assert "FR Mulch keeps the roots cool through July." in memory and "Semez les pois" in memory
    again = run_cli("export", "--locale", "fr", "--publication", "2025-02", "--project", str(project))
    assert again.stdout.strip() == f"wrote 0 units to {exported}"


def test_two_builds_of_different_issues_at_once_give_one_complete_release(tmp_path):
    project = write_periodical(tmp_path / "letter", covers=False)
    command = [sys.executable, str(ROOT / "build.py"), "--project", str(project), "--formats", "html",
               "--locales", "en,ar"]
    running = [subprocess.Popen([*command, "--publications", slug], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, cwd=ROOT) for slug in ISSUES]
    for process in running:
        _out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    assert sorted((e["publication"], e["locale"]) for e in listed(project / "dist")) == [
        (slug, tag) for slug in ISSUES for tag in ("ar", "en")]
    checked = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=project / "dist", capture_output=True,
                             text=True, check=False)
    assert checked.returncode == 0 and checked.stdout.count(": OK") == 4
    home = Home()
    home.feed((project / "dist" / "index.html").read_text(encoding="utf-8"))
    assert home.titles == ["Spring Planting", "Summer Care"]
