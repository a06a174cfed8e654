"""locale.yaml values: each wrong one is one line naming the locale file."""

from __future__ import annotations

import pytest
from builds import run_cli

from editions.errors import EditionsError
from editions.locale.settings import read_locale

WHERE = "locales/fr/locale.yaml"


def _write(project, text: str) -> None:
    (project / WHERE).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("text, message", [
    ("required-coverage: abc\n", "required-coverage: expected a number from 0 to 1, not 'abc'"),
    ("required-coverage: 1.5\n", "required-coverage: expected a number from 0 to 1, not '1.5'"),
    ("required-coverage: true\n", "required-coverage: expected a number from 0 to 1, not 'True'"),
    ("fonts: 42\n", "fonts: expected a mapping (body:, heading:, italic:, packages:)"),
    ("fonts: {body: 42}\n", "fonts: body: expected a list of names"),
    ("fonts: {heading: [Noto Sans, {x: 1}]}\n", "fonts: heading: expected a list of names"),
    ("fonts: {italic: maybe}\n", "fonts: italic: expected true or false"),
    ("translator: {name: x}\n", "translator: expected text"),
])
def test_a_wrong_value_is_one_line_naming_the_locale_file(project, text, message):
    _write(project, text)
    with pytest.raises(EditionsError) as error:
        read_locale(project, "fr", "en")
    assert str(error.value) == f"{WHERE}: {message}"


def test_right_values_are_read(project):
    _write(project, "fonts: {body: Noto Serif, heading: [Noto Sans], italic: false}\n"
                    "required-coverage: 0.5\ntranslator: 42\n")
    locale = read_locale(project, "fr", "en")
    assert locale.fonts.body == ("Noto Serif",) and locale.fonts.heading == ("Noto Sans",)
    assert locale.fonts.italic is False and locale.required_coverage == 0.5 and locale.translator == "42"


def test_a_locale_file_that_is_not_utf8_is_one_line(project):
    (project / WHERE).write_bytes("translator: é\n".encode("latin-1"))
    with pytest.raises(EditionsError, match=f"^{WHERE}: not UTF-8 text$"):
        read_locale(project, "fr", "en")


@pytest.mark.parametrize("command", [("build", "--formats", "html", "--locales", "fr"), ("status",)])
def test_build_and_status_stop_with_one_line(project, command):
    _write(project, "required-coverage: abc\n")
    subcommand = [] if command[0] == "build" else [command[0]]
    result = run_cli(*subcommand, "--project", str(project), *command[1:])
    assert result.returncode != 0 and "Traceback" not in result.stderr + result.stdout
    assert f"{WHERE}: required-coverage: expected a number" in result.stderr
