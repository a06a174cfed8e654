"""A new project: build.py init, a project without locales, hints that name the project."""

from __future__ import annotations

import re

import pytest
import yaml
from builds import run_build, run_cli
from conftest import ROOT

from editions.errors import EditionsError, hint_command
from editions.locale.scaffold import new_locale, new_project
from editions.pipeline import BuildRequest, build


def test_init_makes_a_project_that_builds_in_its_source_language(tmp_path):
    root = tmp_path / "book"
    message = new_project(root, "fr", "Un livre : essai")
    assert "locales/fr/" in message
    config = yaml.safe_load((root / "content" / "publication.yaml").read_text(encoding="utf-8"))
    assert config["lang"] == "fr" and config["title"] == "Un livre : essai" and config["chapters"] == ["chapter-1.md"]
    assert config["identifier"].startswith("urn:uuid:")
    catalog = (root / "locales" / "fr" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert 'msgstr "Sommaire"' in catalog                       # the tool's own French UI words
    result = build(BuildRequest(workers=1, root=root, formats=("html", "epub")), progress=lambda _line: None)
    assert result.failures == [] and not [i for i in result.issues if i.severity != "info"]
    assert (root / "dist" / "fr" / "un-livre-essai.fr.epub").is_file()


def test_every_key_of_the_new_publication_file_is_documented_in_the_readme(tmp_path):
    new_project(tmp_path / "book")
    text = (tmp_path / "book" / "content" / "publication.yaml").read_text(encoding="utf-8")
    keys = set(re.findall(r"^(?:# )?([a-z-]+):", text, re.MULTILINE))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## A new project", 1)[1].split("\n## ", 1)[0]
    assert keys and all(f"`{key}`" in section for key in keys), sorted(k for k in keys if f"`{k}`" not in section)


def test_init_refuses_to_overwrite_a_project(tmp_path):
    new_project(tmp_path / "book")
    with pytest.raises(EditionsError, match="already there"):
        new_project(tmp_path / "book")


def test_a_project_without_locales_says_so_with_the_command_that_helps(tmp_path):
    root = tmp_path / "book"
    new_project(root)
    (root / "locales" / "en" / "locale.yaml").unlink()
    result = run_build(root)
    assert result.returncode == 1
    assert "no locale to build" in result.stderr and f"new-locale en --project {root}" in result.stderr


def test_hints_name_the_project_unless_it_is_the_current_folder(tmp_path, monkeypatch):
    assert hint_command(tmp_path, "catalogs") == f"python build.py catalogs --project {tmp_path}"
    monkeypatch.chdir(tmp_path)
    assert hint_command(tmp_path, "catalogs") == "python build.py catalogs"


def test_a_new_locale_starts_from_the_tools_own_ui_words(tmp_path):
    root = tmp_path / "book"
    new_project(root)
    new_locale(root, "de")
    catalog = (root / "locales" / "de" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert 'msgid "Contents"' in catalog and 'msgstr "Inhalt"' in catalog


@pytest.mark.parametrize("title", ["", "   "])
def test_init_refuses_an_empty_title(tmp_path, title):
    with pytest.raises(EditionsError, match="^--title: a publication needs a title"):
        new_project(tmp_path / "book", title=title)
    assert not (tmp_path / "book" / "content").exists()


def test_init_says_when_the_title_gives_no_slug(tmp_path):
    message = new_project(tmp_path / "book", "ja", "日本の本")
    assert "slug 'publication'" in message
    assert yaml.safe_load((tmp_path / "book" / "content" / "publication.yaml").read_text())["slug"] == "publication"
    assert "slug" not in new_project(tmp_path / "other", "en", "A Book")


def test_init_on_a_file_is_one_line(tmp_path):
    (tmp_path / "book").write_text("x")
    result = run_cli("init", str(tmp_path / "book"))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"{tmp_path / 'book'}: is a file, not a folder for a new project" in result.stderr
