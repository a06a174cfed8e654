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
from validators import run_epubcheck

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
    assert [p["images"][0]["href"] for p in feed["publications"]] == [f"covers/{slug}.{tag}.png" for slug in ISSUES
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


def test_check_refuses_a_periodical_in_one_line_rather_than_judge_one_issue(tmp_path):
    project = write_periodical(tmp_path / "letter", covers=False)
    result = run_cli("check", "--project", str(project))
    assert result.returncode == 1
    assert result.stderr.startswith("error: content/: build.py check does not validate a periodical yet")
    assert len(result.stderr.strip().splitlines()) == 1 and not (project / "dist").exists()


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
