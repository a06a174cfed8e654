"""Leverage on the sample article: a sentence-segmented memory from a CAT tool,
and a source edited after translation."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from builds import run_build, run_cli
from conftest import ROOT

DATA = ROOT / "tests" / "data" / "leverage"


def build(project: Path, *args: str) -> subprocess.CompletedProcess:
    return run_build(project, *args)


def sample(tmp_path: Path, *tags: str) -> Path:
    project = tmp_path / "sample"
    shutil.copytree(ROOT / "content", project / "content")
    for tag in tags:
        shutil.copytree(ROOT / "locales" / tag, project / "locales" / tag)
    return project


def state(project: Path) -> dict:
    return json.loads((project / "build" / "editions-state.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def italian(tmp_path_factory) -> Path:
    project = sample(tmp_path_factory.mktemp("it"), "en")
    created = run_cli("new-locale", "it", "--project", str(project))
    assert created.returncode == 0, created.stderr
    shutil.copy(DATA / "it-omegat.tmx", project / "locales" / "it" / "omegat-project.tmx")
    return project


def test_sentence_segmented_memory_is_leveraged_per_level(italian):
    result = build(italian, "--locales", "it", "--formats", "html")
    assert result.returncode == 0, result.stderr
    levels = state(italian)["locales"]["it"]["status"]["levels"]
    units = {level: count[0] for level, count in levels.items()}
    assert units["exact"] >= 20 and units["sentences"] >= 5
    assert units["fuzzy 95-99"] >= 1 and units["fuzzy 75-84"] >= 1 and units["new"] >= 20
    assert sum(units.values()) == 71
    words = {level: count[1] for level, count in levels.items()}
    assert all(words[level] > 0 for level, count in units.items() if count)
    assert "units / words per match level" in result.stdout
    page = (italian / "dist" / "it" / "index.html").read_text(encoding="utf-8")
    assert "<em>Rivista Qiushi</em>" in page          # OmegaT's <i0> tag became emphasis
    assert "per la scienza e la tecnologia 2022" not in page and "tecnologia 2023." not in page


def test_fuzzy_matches_are_published_only_when_accepted(italian):
    strict = build(italian, "--locales", "it", "--formats", "html")
    accepted = build(italian, "--locales", "it", "--formats", "html", "--accept-fuzzy", "75")
    assert accepted.returncode == 0, accepted.stderr
    manifest = json.loads((italian / "dist" / "manifest.json").read_text(encoding="utf-8"))
    [entry] = [e for e in manifest["editions"] if e["locale"] == "it"]
    assert entry["fuzzy"] >= 3
    assert strict.returncode == 0
    page = (italian / "dist" / "it" / "index.html").read_text(encoding="utf-8")
    # the memory entry was made when the source said 2022: the year is patched
    assert "insignite dei Premi nazionali per la scienza e la tecnologia 2023." in page


def test_an_edited_paragraph_is_stale_in_every_locale(tmp_path):
    tags = ("ar", "de", "en", "es", "fr", "ru", "zh-Hans")
    project = sample(tmp_path, *tags)
    article = project / "content" / "article.md"
    old = "We must strike a balance between openness and security"
    assert old in article.read_text(encoding="utf-8")
    article.write_text(article.read_text(encoding="utf-8").replace(
        old, "We must always strike a careful balance between openness and security"), encoding="utf-8")
    result = build(project, "--formats", "html", "--locales", "ar,es,fr,ru,zh-Hans")
    assert result.returncode == 0, result.stderr
    stale = [line for line in result.stderr.splitlines() if "(unit-stale)" in line]
    assert sorted(line.split("]")[0].lstrip("[") for line in stale) == ["ar", "es", "fr", "ru", "zh-Hans"]
    assert all("old translation:" in line and "content/article.md:" in line for line in stale)
    french = (project / "dist" / "fr" / "index.html").read_text(encoding="utf-8")
    assert "We must always strike a careful balance" in french      # the source stays, marked
    accepted = build(project, "--formats", "html", "--locales", "fr", "--accept-fuzzy", "80")
    assert accepted.returncode == 0
    assert "We must always strike" not in (project / "dist" / "fr" / "index.html").read_text(encoding="utf-8")
