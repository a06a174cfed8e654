"""UI catalogs at build time: a translation whose placeholders do not fit its msgid is
left out (the msgid shown) with a warning naming the PO file and line."""

from __future__ import annotations

import gettext
import io

import pytest
from builds import run_build

from editions.locale.catalogs import read_catalog
from editions.locale.settings import read_locale

PO = "locales/fr/LC_MESSAGES/messages.po"


def _replace(project, old: str, new: str) -> int:
    """Swap a msgstr of the French catalog; the line of its msgid."""
    path = project / PO
    text = path.read_text(encoding="utf-8")
    assert old in text
    before = text[:text.index(old)]
    path.write_text(text.replace(old, new), encoding="utf-8")
    return before.count("\n")          # the msgid sits on the line above the msgstr


@pytest.mark.parametrize("msgid, good, bad, reason", [
    ("Figure %(number)s", 'msgstr "Figure %(number)s"', 'msgstr "Figure %(nombre)s"', "nombre"),
    ("Figure %(number)s", 'msgstr "Figure %(number)s"', 'msgstr "Figure %(number)d"', "number"),
    ("Figure %(number)s", 'msgstr "Figure %(number)s"', 'msgstr "Figure %(number)s à 5 %"', "%%"),
    ("Translated by %(translator)s", 'msgstr "Traduit par %(translator)s"', 'msgstr "Traduit par"',
     "%(translator)s"),
    ("Contents", 'msgstr "Sommaire"', 'msgstr "Sommaire à 100 %"', "%%"),
])
def test_a_misfit_translation_is_left_out_with_a_warning(project, msgid, good, bad, reason):
    line = _replace(project, good, bad)
    compiled = read_catalog(project, read_locale(project, "fr", "en"))
    [issue] = compiled.issues
    assert (issue.code, issue.severity, issue.location) == ("ui-placeholder", "warning", f"{PO}:{line}")
    assert reason in issue.message
    assert gettext.GNUTranslations(io.BytesIO(compiled.mo)).gettext(msgid) == msgid


def test_a_fitting_catalog_has_no_warning(project):
    compiled = read_catalog(project, read_locale(project, "fr", "en"))
    assert compiled.issues == ()
    translations = gettext.GNUTranslations(io.BytesIO(compiled.mo))
    assert translations.gettext("Figure %(number)s") == "Figure %(number)s"
    assert translations.gettext("Translated by %(translator)s") == "Traduit par %(translator)s"


def test_a_build_with_a_misfit_translation_publishes_every_edition(project):
    _replace(project, 'msgstr "Figure %(number)s"', 'msgstr "Figure %(nombre)s"')
    _replace(project, 'msgstr "Traduit par %(translator)s"', 'msgstr "Traduit par"')
    result = run_build(project, "--formats", "html", "--locales", "fr")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert f"{PO}:" in result.stdout + result.stderr
    html = (project / "dist" / "fr" / "index.html").read_text(encoding="utf-8")
    assert "Figure 1" in html


def test_a_plural_forms_header_gettext_cannot_read_is_one_line_naming_its_line(project):
    """Found by a new-user trial: a broken Plural-Forms expression was a traceback from gettext."""
    path = project / PO
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, 1) if text.startswith('"Plural-Forms:'))
    lines[line - 1] = '"Plural-Forms: nplurals=2; plural=(n > 1 ? 0 :;\\n"'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_build(project, "--formats", "html", "--locales", "fr")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"{PO}:{line}: the Plural-Forms header cannot be read" in result.stderr
