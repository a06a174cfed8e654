"""Memories: TMX read safely, looked up by exact match after normalization."""

from __future__ import annotations

import pytest

from conftest import tmx
from editions.errors import EditionsError
from editions.lookup import find_matches
from editions.memory import load_memory
from editions.model import Unit


def memory_in(tmp_path, text: str, tag: str = "fr"):
    folder = tmp_path / "locales" / tag
    folder.mkdir(parents=True)
    (folder / "memory.tmx").write_text(text, encoding="utf-8")
    return load_memory(folder, tag, "en", tmp_path)


def test_exact_match_after_normalization(tmp_path):
    memory = memory_in(tmp_path, tmx([("Cafe\u0301  au   lait", "Café crème")], "fr"))
    units = [Unit("u1", "paragraph", "Café au lait", "x.md:1"), Unit("u2", "paragraph", "Tea", "x.md:2")]
    matches = find_matches(units, memory)
    assert [m.level for m in matches] == ["exact", "none"]
    assert matches[0].target == "Café crème"
    assert matches[0].origin == "locales/fr/memory.tmx:3"


@pytest.mark.parametrize("code", ["fr", "FR-fr", "fr_CA"])
def test_language_codes_of_the_same_language_serve(tmp_path, code):
    memory = memory_in(tmp_path, tmx([("Hello", "Bonjour")], code))
    assert memory.exact("Hello").target == "Bonjour"


def test_other_languages_do_not_serve(tmp_path):
    memory = memory_in(tmp_path, tmx([("Hello", "Hallo")], "de"))
    assert memory.exact("Hello") is None


def test_malformed_tmx_names_file_and_line(tmp_path):
    with pytest.raises(EditionsError) as error:
        memory_in(tmp_path, '<?xml version="1.0"?>\n<tmx version="1.4">\n<body><tu>\n</body></tmx>\n')
    assert str(error.value).startswith("locales/fr/memory.tmx:4: malformed XML")


def test_entity_declarations_are_refused(tmp_path):
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
            '<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>&b;</seg></tuv>'
            '<tuv xml:lang="fr"><seg>x</seg></tuv></tu></body></tmx>\n')
    with pytest.raises(EditionsError, match="entity declarations are refused"):
        memory_in(tmp_path, bomb)


def test_external_entities_are_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    hostile = (f'<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM "file://{secret}">]>\n'
               '<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>Hi</seg></tuv>'
               '<tuv xml:lang="fr"><seg>&x;</seg></tuv></tu></body></tmx>\n')
    with pytest.raises(EditionsError):
        memory_in(tmp_path, hostile)


def test_not_a_tmx(tmp_path):
    with pytest.raises(EditionsError, match="not a TMX file"):
        memory_in(tmp_path, '<?xml version="1.0"?>\n<xliff/>\n')
