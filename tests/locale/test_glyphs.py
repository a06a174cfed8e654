"""The glyph gate: a character the locale's fonts lack stops that locale's PDF, before rendering,
with one line naming the character, its code point, its unit and an installed font that has it."""

from __future__ import annotations

import shutil

from builds import run_build
from conftest import FRENCH, tmx

from editions.locale.preflight import fonts_covering


def test_a_missing_glyph_stops_only_that_locales_pdf(project):
    (project / "locales" / "fr" / "memory.tmx").write_text(
        tmx([*FRENCH[1:], ("A Tiny Book", "Un livre ཀ")], "fr"), encoding="utf-8")
    result = run_build(project, "--locales", "fr,ar", "--formats", "html,pdf")
    assert result.returncode == 1
    line = next(line for line in result.stderr.splitlines() if "U+0F40" in line)
    assert line == ("[fr] content/publication.yaml (meta-title): fatal: 'ཀ' U+0F40 TIBETAN LETTER KA has "
                    "no glyph in the body fonts Noto Serif; an installed font that has it: Noto Serif Tibetan "
                    "(Debian package fonts-noto-core) (missing-glyph)")
    dist = project / "dist"
    assert (dist / "fr" / "index.html").is_file() and not list((dist / "fr").glob("*.pdf"))
    assert list((dist / "ar").glob("*.pdf"))


def test_the_line_names_the_unit_of_a_paragraph_and_says_when_no_font_has_it(project):
    source = "An opening paragraph with *emphasis*, `code` and a [link](https://example.org/).[^1]"
    (project / "locales" / "fr" / "memory.tmx").write_text(tmx([
        (source, "Un paragraphe \ue000 avec *emphase*, `code` et un [lien](https://example.org/).[^1]")],
        "fr"), encoding="utf-8")
    result = run_build(project, "--locales", "fr", "--formats", "pdf")
    assert result.returncode == 1
    line = next(line for line in result.stderr.splitlines() if "U+E000" in line)
    assert line.startswith("[fr] content/one.md:5 (one-")
    assert line.endswith("has no glyph in the body fonts Noto Serif; no installed font has it (missing-glyph)")


def test_headings_are_checked_against_the_heading_fonts_too(project):
    locale_file = project / "locales" / "fr" / "locale.yaml"
    locale_file.write_text(locale_file.read_text().replace('heading: ["Noto Sans"]',
                                                           'heading: ["Noto Serif Tibetan"]'))
    (project / "locales" / "fr" / "memory.tmx").write_text(tmx([("The First Chapter", "Le chapitre ཀ")], "fr"),
                                                          encoding="utf-8")
    result = run_build(project, "--locales", "fr", "--formats", "pdf")
    lines = [line for line in result.stderr.splitlines() if "missing-glyph" in line]
    # The Tibetan letter is not in the body font Noto Serif; the Latin letters of headings are not in
    # the Tibetan font but in the source locale's heading font after it (Noto Sans), which every
    # locale falls back to for text not yet translated.
    assert any("U+0F40" in line and "body fonts Noto Serif" in line for line in lines)
    assert not [line for line in lines if "heading fonts" in line]
    # Without a source locale to fall back to, the heading fonts are the locale's own.
    shutil.rmtree(project / "locales" / "en")
    lines = [line for line in run_build(project, "--locales", "fr", "--formats", "pdf").stderr.splitlines()
             if "missing-glyph" in line]
    assert any(line.startswith("[fr] content/two.md:2 (two-") and "'C' U+0043" in line
               and "heading fonts Noto Serif Tibetan; an installed font that has it: Noto Serif" in line
               for line in lines)


def test_fontconfig_names_fonts_that_cover_a_character():
    assert "Noto Serif Tibetan" in fonts_covering(0x0F40)
    assert fonts_covering(0xE000) == ()
