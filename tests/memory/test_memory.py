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
    assert describe(catalog).splitlines() == [f"{catalog}: 1 translated units (2 empty entries)", "  source -> de: 1"]
    memory = tmp_path / "m.xlf"
    memory.write_text('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" '
                      'source-language="en" target-language="fr" datatype="plaintext"><body>'
                      '<trans-unit id="1"><source>One</source><target>Un</target></trans-unit>'
                      '<trans-unit id="2"><source>Two</source><target/></trans-unit>'
                      '<trans-unit id="3"><source>Three</source></trans-unit></body></file></xliff>', encoding="utf-8")
    assert describe(memory).splitlines()[0] == f"{memory}: 1 translated units (2 empty entries)"


SHARED_PO = ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
             'msgid "Hello"\nmsgstr "Bonjour"\n\nmsgid "Broken"\nmsgstr "Cassé"\n')


def shared_memory(tmp_path, target: str | None = None):
    """A project whose fr folder links to ``target`` (a shared PO memory outside the project by default)."""
    shared = tmp_path / "shared" / "tm.po"
    shared.parent.mkdir()
    shared.write_text(SHARED_PO, encoding="utf-8")
    folder = tmp_path / "project" / "locales" / "fr"
    folder.mkdir(parents=True)
    (folder / "shared.po").symlink_to(target or shared)
    return tmp_path / "project", folder


def test_a_memory_linked_from_outside_the_project_is_read_under_its_name_in_the_project(tmp_path):
    from editions.memory.store import open_index
    root, folder = shared_memory(tmp_path)
    memory = load_memory(folder, "fr", "en", root)
    assert [(e.source, e.target) for e in memory.entries] == [("Hello", "Bonjour"), ("Broken", "Cassé")]
    assert memory.issues == () and all(e.origin.startswith("locales/fr/shared.po") for e in memory.entries)
    index, issues = open_index(root, folder, "fr", "en", tmp_path / "index.sqlite")
    assert issues == [] and [index.entry(i).target for i in index.exact_matches("Hello")] == ["Bonjour"]


def test_a_link_to_nothing_is_reported_in_one_line_and_the_other_memories_load(tmp_path):
    from editions.memory.store import open_index
    root, folder = shared_memory(tmp_path, target=tmp_path / "gone" / "tm.po")
    (folder / "memory.tmx").write_text(tmx([("Hello", "Salut")], "fr"), encoding="utf-8")
    memory = load_memory(folder, "fr", "en", root)
    _index, index_issues = open_index(root, folder, "fr", "en", tmp_path / "index.sqlite")
    for [issue] in (list(memory.issues), index_issues):
        assert issue.code == "memory-unreadable" and issue.location == "locales/fr/shared.po"
        assert issue.message == f"file not found (a link to {tmp_path / 'gone' / 'tm.po'})"
    assert [e.target for e in load_memory(folder, "fr", "en", root).entries] == ["Salut"]


def test_a_build_translates_from_a_memory_linked_from_outside(tmp_path):
    from builds import run_build
    from conftest import write_project
    root = write_project(tmp_path / "project", french=[])
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "tm.tmx").write_text(tmx([("The First Chapter", "Le chapitre partagé")], "fr"),
                                                encoding="utf-8")
    (root / "locales" / "fr" / "shared.tmx").symlink_to(tmp_path / "shared" / "tm.tmx")
    result = run_build(root, "--formats", "html", "--locales", "fr")
    assert "Traceback" not in result.stderr and "is not in the subpath" not in result.stderr
    assert "Le chapitre partagé" in (root / "dist" / "fr" / "index.html").read_text(encoding="utf-8")


def test_memory_info_counts_suggestions_apart_from_translations(tmp_path):
    """A fuzzy PO entry, an XLIFF 1.2 target still needs-translation and an XLIFF 2.0 segment
    still initial are suggestions the build does not publish: not translated units."""
    from editions.memory.inspect import describe
    catalog = tmp_path / "book.po"
    catalog.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n"X-Source-Language: en\\n"\n'
                       '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                       'msgid "One"\nmsgstr "Eins"\n\n#, fuzzy\nmsgid "Two"\nmsgstr "Zwo"\n', encoding="utf-8")
    assert describe(catalog).splitlines() == [f"{catalog}: 1 translated units (0 empty entries, 1 suggestions)",
                                              "  en -> de: 1"]
    old = tmp_path / "m.xlf"
    old.write_text('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" '
                   'source-language="en" target-language="fr" datatype="plaintext"><body>'
                   '<trans-unit id="1"><source>One</source><target state="translated">Un</target></trans-unit>'
                   '<trans-unit id="2"><source>Two</source><target state="needs-translation">Deux</target>'
                   '</trans-unit></body></file></xliff>', encoding="utf-8")
    assert describe(old).splitlines()[0] == f"{old}: 1 translated units (0 empty entries, 1 suggestions)"
    new = tmp_path / "m2.xlf"
    new.write_text('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr">'
                   '<file id="f"><unit id="1"><segment state="final"><source>One</source><target>Un</target>'
                   '</segment></unit><unit id="2"><segment state="initial"><source>Two</source><target>Deux</target>'
                   '</segment></unit></file></xliff>', encoding="utf-8")
    assert describe(new).splitlines()[0] == f"{new}: 1 translated units (0 empty entries, 1 suggestions)"
