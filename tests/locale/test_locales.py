"""Locales: CLDR facts, locale files and UI catalogs."""

from __future__ import annotations

import pytest

from editions.errors import EditionsError
from editions.locale.catalogs import compile_catalog
from editions.locale.settings import display_name, read_locale


def test_direction_and_names_come_from_cldr(project):
    arabic = read_locale(project, "ar", "en")
    assert arabic.direction == "rtl"
    assert arabic.fonts.italic is False
    assert read_locale(project, "fr", "en").direction == "ltr"
    assert display_name("zh-Hans") == "中文 (简体)"
    assert display_name("fr") == "Français"


def test_unknown_locale_tells_how_to_create_it(project):
    with pytest.raises(EditionsError, match="build.py new-locale it"):
        read_locale(project, "it", "en")


def test_tag_that_cldr_does_not_know(project):
    (project / "locales" / "xx-QQ").mkdir()
    (project / "locales" / "xx-QQ" / "locale.yaml").write_text("{}\n")
    with pytest.raises(EditionsError, match="unknown locale 'xx-QQ'"):
        read_locale(project, "xx-QQ", "en")


def test_catalog_is_compiled_at_build_time(project):
    import gettext
    import io
    mo = compile_catalog(project, read_locale(project, "fr", "en"))
    assert gettext.GNUTranslations(io.BytesIO(mo)).gettext("Contents") == "Sommaire"


def test_malformed_po_names_file_and_line(project):
    po = project / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b\n')
    with pytest.raises(EditionsError) as error:
        compile_catalog(project, read_locale(project, "fr", "en"))
    assert str(error.value).startswith("locales/fr/LC_MESSAGES/messages.po:6: malformed PO")


def test_markup_in_a_ui_string_is_refused(project):
    po = project / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text().replace('msgstr "Sommaire"', 'msgstr "<script>x</script>"'))
    with pytest.raises(EditionsError, match="markup"):
        compile_catalog(project, read_locale(project, "fr", "en"))


def test_catalogs_follow_the_templates_and_report_what_is_untranslated(project):
    from editions.locale.catalogs import extract, update_catalogs
    from editions.locale.scaffold import new_locale
    new_locale(project, "it")
    untranslated = update_catalogs(project, ["fr", "it"])
    template_ids = {m.id for m in extract() if m.id}
    assert set(untranslated["it"]) == template_ids and untranslated["fr"] == []
    assert (project / "locales" / "it" / "LC_MESSAGES" / "messages.mo").is_file()


def test_a_build_warns_before_publishing_ui_words_in_the_source_language(project):
    from editions.locale.preflight import check_ui_strings
    from editions.locale.scaffold import new_locale
    new_locale(project, "it")
    italian = read_locale(project, "it", "en")
    [issue] = check_ui_strings(italian, compile_catalog(project, italian))
    assert issue.code == "ui-untranslated" and "'Contents'" in issue.message
    french = read_locale(project, "fr", "en")
    assert check_ui_strings(french, compile_catalog(project, french)) == []


@pytest.mark.parametrize("reader", ["read_locale", "memory_markups"])
def test_a_yaml_alias_in_locale_yaml_is_refused_naming_its_line(project, reader):
    from editions.memory.settings import memory_markups
    path = project / "locales" / "fr" / "locale.yaml"
    path.write_text(path.read_text() + "\nx: &x [a, a, a]\ny: [*x, *x]\n", encoding="utf-8")
    line = path.read_text().count("\n")
    reading = (lambda: read_locale(project, "fr", "en")) if reader == "read_locale" else \
        (lambda: memory_markups(project / "locales" / "fr"))
    with pytest.raises(EditionsError) as error:
        reading()
    assert str(error.value).startswith(f"locales/fr/locale.yaml:{line}: invalid YAML: YAML aliases (*name)")
