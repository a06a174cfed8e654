"""TMX memories read safely; language codes resolved; broken files reported, not fatal."""

from __future__ import annotations

import pytest
from conftest import tmx

from editions.errors import EditionsError
from editions.memory import load_memory, read_memory_file
from editions.memory.languages import serves


def write(tmp_path, text: str, name: str = "memory.tmx", tag: str = "fr"):
    folder = tmp_path / "locales" / tag
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def read(path, tag: str = "fr"):
    return read_memory_file(path, "en", tag, f"locales/{tag}/{path.name}")


@pytest.mark.parametrize("code, locale, expected", [
    ("fr", "fr", 4), ("FR", "fr", 4), ("fr-FR", "fr", 3), ("fr_ca", "fr", 1), ("EN-US", "en", 3),
    ("en_us", "en", 3), ("zh-CN", "zh-Hans", 3), ("zh", "zh-Hans", 2), ("zh-TW", "zh-Hans", 0),
    ("de", "fr", 0), ("", "fr", 0),
])
def test_language_codes_serve_in_a_documented_order(code, locale, expected):
    assert serves(code, locale) == expected


def test_entries_keep_place_context_and_provenance(tmp_path):
    path = write(tmp_path, tmx([("Hello", "Bonjour")], "fr-FR").replace("<tu>", '<tu tuid="u1" creationid="ann">'))
    [entry] = read(path)
    assert (entry.source, entry.target, entry.context) == ("Hello", "Bonjour", "u1")
    assert entry.origin == "locales/fr/memory.tmx:3"
    assert ("creationid", "ann") in entry.provenance


def test_malformed_tmx_names_file_and_line(tmp_path):
    path = write(tmp_path, '<?xml version="1.0"?>\n<tmx version="1.4">\n<body><tu>\n</body></tmx>\n')
    with pytest.raises(EditionsError) as error:
        read(path)
    assert str(error.value).startswith("locales/fr/memory.tmx:4: malformed XML")


def test_entity_declarations_are_refused(tmp_path):
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
            '<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>&b;</seg></tuv>'
            '<tuv xml:lang="fr"><seg>x</seg></tuv></tu></body></tmx>\n')
    with pytest.raises(EditionsError, match=r"memory.tmx:2: DTD entity declarations are refused"):
        read(write(tmp_path, bomb))


def test_external_entities_are_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    hostile = (f'<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM "file://{secret}">]>\n'
               '<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>Hi</seg></tuv>'
               '<tuv xml:lang="fr"><seg>&x;</seg></tuv></tu></body></tmx>\n')
    with pytest.raises(EditionsError, match="refused"):
        read(write(tmp_path, hostile))


def test_not_a_tmx(tmp_path):
    with pytest.raises(EditionsError, match="not a TMX file"):
        read(write(tmp_path, '<?xml version="1.0"?>\n<xliff/>\n'))


def test_a_broken_file_is_reported_and_the_others_load(tmp_path):
    write(tmp_path, "<tmx>\n<body>", "broken.tmx")
    write(tmp_path, tmx([("Hello", "Bonjour")], "fr"), "good.tmx")
    memory = load_memory(tmp_path / "locales" / "fr", "fr", "en", tmp_path)
    assert [e.target for e in memory.entries] == ["Bonjour"]
    [issue] = memory.issues
    assert issue.code == "memory-unreadable" and issue.location == "locales/fr/broken.tmx:2"


def test_the_ui_catalog_is_not_a_memory(tmp_path):
    write(tmp_path, tmx([("Hello", "Bonjour")], "fr"))
    (tmp_path / "locales" / "fr" / "LC_MESSAGES").mkdir()
    (tmp_path / "locales" / "fr" / "LC_MESSAGES" / "messages.po").write_text('msgid "Hello"\nmsgstr "Salut"\n')
    memory = load_memory(tmp_path / "locales" / "fr", "fr", "en", tmp_path)
    assert [e.target for e in memory.entries] == ["Bonjour"]


def test_memory_info_counts_only_entries_that_carry_a_translation(tmp_path):
    from editions.memory.inspect import describe
    catalog = tmp_path / "book.po"
    catalog.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                       'msgid "One"\nmsgstr "Eins"\n\nmsgid "Two"\nmsgstr ""\n\nmsgid "Three"\nmsgstr ""\n',
                       encoding="utf-8")
    assert describe(catalog).splitlines() == [f"{catalog}: 1 translated units (2 empty entries)", "  msgid -> de: 1"]
    memory = tmp_path / "m.xlf"
    memory.write_text('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" '
                      'source-language="en" target-language="fr" datatype="plaintext"><body>'
                      '<trans-unit id="1"><source>One</source><target>Un</target></trans-unit>'
                      '<trans-unit id="2"><source>Two</source><target/></trans-unit>'
                      '<trans-unit id="3"><source>Three</source></trans-unit></body></file></xliff>', encoding="utf-8")
    assert describe(memory).splitlines()[0] == f"{memory}: 1 translated units (2 empty entries)"
