"""The commands' account of a build: a removed locale leaves the release, the summary
counts what failed, a strict build prints each finding once, a new locale's tag is spelled
as BCP 47 spells it, and a wrong project, option or environment is one line naming it."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from builds import manifest, run_build, run_cli
from conftest import ROOT, tmx, write_project
from periodical import write_periodical

from editions.errors import EditionsError
from editions.pipeline import BuildRequest, build


def arabic_paths(text: str) -> list[str]:
    """The paths into an ``ar`` folder that ``text`` names."""
    return re.findall(r"(?<![\w-])ar/[\w./-]*", text)


def release_text(dist: Path) -> str:
    """Every file of the release that lists editions, joined."""
    return "\n".join((dist / name).read_text(encoding="utf-8")
                     for name in ("manifest.json", "SHA256SUMS", "opds.xml", "opds.json", "index.html"))


def test_a_removed_locale_leaves_dist_and_every_list_of_the_release(project):
    assert run_build(project, "--formats", "html").returncode == 0
    dist = project / "dist"
    assert (dist / "ar").is_dir() and arabic_paths(release_text(dist)) and (dist / "a-tiny-book.ar.html").is_file()
    shutil.rmtree(project / "locales" / "ar")
    result = run_build(project, "--formats", "html")
    assert result.returncode == 0, result.stderr
    assert "locales/ar/ is gone: ar's editions leave dist/" in result.stderr
    assert sorted(e["locale"] for e in manifest(project)["editions"]) == ["en", "fr"]
    assert not (dist / "ar").exists() and not (dist / "a-tiny-book.ar.html").exists()
    text = release_text(dist)
    assert arabic_paths(text) == [] and 'hreflang="ar"' not in text
    assert "ar" not in json.loads((project / "build" / "editions-state.json").read_text())["locales"]
    again = run_build(project, "--formats", "html")
    assert "gone" not in again.stderr and again.stdout.count("0 built, 0 unchanged") == 0


def test_a_locale_removed_from_a_periodical_leaves_every_publication(tmp_path):
    project = write_periodical(tmp_path / "letter", covers=False)
    assert run_build(project, "--formats", "html").returncode == 0
    shutil.rmtree(project / "locales" / "ar")
    result = run_build(project, "--formats", "html")
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "is gone" in line] == [
        "locales/ar/ is gone: 2025-01/ar's editions leave dist/", "locales/ar/ is gone: 2025-02/ar's editions leave dist/"]
    assert {(e["publication"], e["locale"]) for e in manifest(project)["editions"]} == {
        (slug, tag) for slug in ("2025-01", "2025-02") for tag in ("en", "fr")}
    assert not list((project / "dist").glob("*/ar")) and arabic_paths(release_text(project / "dist")) == []


def test_the_summary_counts_an_edition_that_failed_as_failed(project):
    shutil.copytree(ROOT / "templates", project / "templates")
    page = project / "templates" / "epub" / "page.xhtml"
    page.write_text(page.read_text(encoding="utf-8") + "{% if %}", encoding="utf-8")
    result = run_build(project, "--formats", "html,epub", "--locales", "en")
    assert result.returncode == 1
    row = next(line for line in result.stdout.splitlines() if line.startswith("en "))
    assert row.endswith("1 built, 1 failed, 0 unchanged")
    assert "en epub: dist/en/a-tiny-book.en.epub: TemplateSyntaxError" in result.stderr


def test_the_summary_counts_an_edition_a_finding_stopped_as_failed(project):
    (project / "locales" / "fr" / "memory.tmx").write_text(tmx([("A Tiny Book", "Un livre ཀ")], "fr"),
                                                           encoding="utf-8")
    result = run_build(project, "--locales", "fr", "--formats", "html,pdf")
    assert result.returncode == 1
    row = next(line for line in result.stdout.splitlines() if line.startswith("fr "))
    assert row.endswith("1 built, 1 failed, 0 unchanged")
    assert "missing-glyph" in result.stderr


def test_a_strict_build_prints_each_finding_once(project):
    result = run_build(project, "--formats", "html", "--strict", "--locales", "fr")
    assert result.returncode == 1
    finding = "[fr] locales/fr/locale.yaml: warning: coverage 27% is below the required 100% (coverage-below-required)"
    assert result.stderr.splitlines() == [finding, "error: 1 of the findings above stopped editions from being built"]
    row = next(line for line in result.stdout.splitlines() if line.startswith("fr ")).split()
    assert row[4:] == ["1", "0", "0", "built,", "1", "failed,", "0", "unchanged"]    # warnings, errors, editions


def test_new_locale_writes_the_tag_as_bcp_47_spells_it(project):
    result = run_cli("new-locale", "zh-hans", "--project", project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("created locales/zh-Hans/ (Chinese (Simplified), ltr; 'zh-hans' written as BCP 47 spells it)")
    assert sorted(p.name for p in (project / "locales").iterdir() if p.is_dir()) == ["ar", "en", "fr", "zh-Hans"]
    shipped = polib.pofile(str(ROOT / "locales" / "zh-Hans" / "LC_MESSAGES" / "messages.po"))
    catalog = polib.pofile(str(project / "locales" / "zh-Hans" / "LC_MESSAGES" / "messages.po"))
    assert catalog.percent_translated() == shipped.percent_translated() > 0


@pytest.mark.parametrize(("given", "canonical"), [("FR-ca", "fr-CA"), ("sr_latn_rs", "sr-Latn-RS"),
                                                  ("PT-br", "pt-BR"), ("es-419", "es-419")])
def test_new_locale_spells_every_subtag_in_its_case(project, given, canonical):
    result = run_cli("new-locale", given, "--project", project)
    assert result.returncode == 0, result.stderr
    assert (project / "locales" / canonical / "locale.yaml").is_file()


@pytest.mark.parametrize("given", ["EN", "en", "Fr"])
def test_new_locale_refuses_a_locale_already_there_in_any_case(project, given):
    result = run_cli("new-locale", given, "--project", project)
    assert result.returncode == 1
    tag = given.lower()
    assert result.stderr == f"error: locales/{tag}/locale.yaml: locale '{tag}' already exists\n"


def test_new_locale_refuses_a_tag_whose_folder_is_there_in_another_case(project):
    shutil.copytree(project / "locales" / "fr", project / "locales" / "FR-ca")
    result = run_cli("new-locale", "fr-CA", "--project", project)
    assert result.returncode == 1
    assert result.stderr == ("error: locales/FR-ca/: locale 'fr-CA' is already there as 'FR-ca' (tags do not differ "
                             "by letter case): rename that folder to locales/fr-CA/\n")
    assert not (project / "locales" / "fr-CA").exists()


def test_init_writes_the_source_language_in_its_case(tmp_path):
    result = run_cli("init", tmp_path / "new", "--lang", "EN-gb")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "new" / "locales" / "en-GB" / "locale.yaml").is_file()
    assert "lang: en-GB " in (tmp_path / "new" / "content" / "publication.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [(), ("status",), ("new-locale", "it"), ("catalogs",), ("check",),
                                     ("export", "--locale", "fr"), ("merge", "elsewhere")])
def test_a_missing_project_folder_is_one_line_and_nothing_is_created(tmp_path, command):
    missing = tmp_path / "nowhere"
    result = run_cli(*command, "--project", missing)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"error: {missing}: no such folder; start a project there with: python build.py init {missing}\n"
    assert not missing.exists()


def test_a_folder_that_is_no_project_is_one_line(tmp_path):
    result = run_cli("new-locale", "it", "--project", tmp_path)
    assert result.returncode == 1
    assert result.stderr == (f"error: {tmp_path}: not a project: it has no content/ folder (content/publication.yaml); "
                             f"start one with: python build.py init {tmp_path}\n")
    assert list(tmp_path.iterdir()) == []


def test_a_project_whose_path_is_not_utf8_is_one_line_before_anything_is_built(tmp_path):
    """pandoc could not open the project's template copies there: every edition failed on its own."""
    project = write_project(tmp_path / os.fsdecode(b"caf\xe9"))
    with pytest.raises(EditionsError, match=r"^'.*caf\\udce9': the folder's path is not UTF-8 text") as raised:
        build(BuildRequest(root=project))
    assert "\n" not in str(raised.value)
    assert not (project / "dist").exists()


def test_init_in_a_folder_whose_path_is_not_utf8_is_one_line_and_makes_nothing(tmp_path):
    folder = tmp_path / os.fsdecode(b"new\xfeproject")
    result = run_cli("init", folder)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "the folder's path is not UTF-8 text" in result.stderr
    assert not folder.exists()


@pytest.mark.parametrize("score", ["200", "-1", "101"])
def test_accept_fuzzy_outside_0_to_100_is_refused(project, score):
    result = run_build(project, "--accept-fuzzy", score)
    assert (result.returncode, result.stderr) == (1, f"error: --accept-fuzzy {score}: a match score, from 0 to 100\n")
    assert not (project / "dist").exists()


@pytest.mark.parametrize("value", ["abc", "1.5", "-3", "99999999999999", "１２"])
@pytest.mark.parametrize("command", [(), ("export", "--locale", "fr"), ("merge", "elsewhere")])
def test_a_source_date_epoch_that_is_no_time_is_refused(project, monkeypatch, value, command):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = run_cli(*command, "--project", project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == (f"error: SOURCE_DATE_EPOCH '{value}': expected whole seconds since 1970-01-01 UTC, "
                             "at most 253402300799 (9999-12-31), e.g. 1735689600\n")
    assert not (project / "dist").exists() and not (project / "build" / "exchange").exists()


def test_export_of_a_periodical_names_its_publications(tmp_path):
    project = write_periodical(tmp_path / "letter", covers=False)
    result = run_cli("export", "--locale", "fr", "--project", project)
    assert result.returncode == 1
    assert result.stderr == ("error: content/: the project is a periodical: name the publication whose units to "
                             "exchange with --publication SLUG, one of 2025-01, 2025-02\n")


def test_the_summary_counts_the_print_layouts_warnings(project):
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n" + "x" * 300 + "\n", encoding="utf-8")
    result = run_build(project, "--formats", "pdf", "--locales", "en")
    assert result.returncode == 0, result.stderr
    overflows = result.stderr.count("(text-overflow)")
    row = next(line for line in result.stdout.splitlines() if line.startswith("en ")).split()
    assert overflows >= 1 and row[4:] == [str(overflows), "0", "1", "built,", "0", "unchanged"]
