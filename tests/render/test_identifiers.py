"""Edition identifiers: stable UUIDs, ISBNs checked, the series read."""

from __future__ import annotations

import uuid

import pytest
from conftest import write_project

from editions import identifiers
from editions.errors import EditionsError


def test_uuid_is_stable_and_differs_per_locale_and_format(project):
    first = identifiers.edition_identifier(project, "tiny", "fr", "epub")
    assert first == identifiers.edition_identifier(project, "tiny", "fr", "epub")
    assert uuid.UUID(first.removeprefix("urn:uuid:")).version == 5
    others = {identifiers.edition_identifier(project, "tiny", tag, fmt)
              for tag in ("en", "fr") for fmt in ("html", "epub", "pdf")}
    assert len(others) == 6


def test_uuid_follows_the_publication_identifier(tmp_path):
    one = write_project(tmp_path / "one")
    two = write_project(tmp_path / "two")
    yaml_file = two / "content" / "publication.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("0000-4000-8000-000000000001", "0000-4000-8000-000000000002"))
    assert identifiers.edition_identifier(one, "tiny", "fr", "pdf") != identifiers.edition_identifier(
        two, "tiny", "fr", "pdf")


@pytest.mark.parametrize("given, urn", [("978-0-306-40615-7", "urn:isbn:9780306406157"),
                                        ("0-306-40615-2", "urn:isbn:0306406152"),
                                        (9781861972712, "urn:isbn:9781861972712")])
def test_isbns_are_normalized(given, urn):
    assert identifiers.isbn_urn(given, "here") == urn


@pytest.mark.parametrize("given", ["978-0-306-40615-8", "12345", "0-306-40615-3"])
def test_bad_isbns_are_refused(given):
    with pytest.raises(EditionsError, match="not a valid ISBN"):
        identifiers.isbn_urn(given, "here")


def test_locale_isbn_wins_over_the_publication_and_html_has_none(project):
    (project / "locales" / "fr" / "locale.yaml").open("a").write("isbn: {pdf: '9781861972712'}\n")
    config = {"identifier": "x", "isbn": {"fr": {"pdf": "978-0-306-40615-7", "epub": "978-0-306-40615-7"}}}
    assert identifiers.edition_identifier(project, "tiny", "fr", "pdf", config) == "urn:isbn:9781861972712"
    assert identifiers.edition_identifier(project, "tiny", "fr", "epub", config) == "urn:isbn:9780306406157"
    assert identifiers.edition_identifier(project, "tiny", "fr", "html", config).startswith("urn:uuid:")


def test_series():
    assert identifiers.series_of({}) is None
    assert identifiers.series_of({"series": {"title": "S", "number": 2}}) == identifiers.Series("S", "2")
    assert identifiers.series_of({"series": "S"}) == identifiers.Series("S")


@pytest.mark.parametrize("setting, said", [
    ('isbn: "9780306406157"\n', "isbn: must map locale tags to their ISBNs per format"),
    ("series: {title: Tiny Tests, number: three}\n", "series: number must be the issue's position as a number"),
])
def test_a_setting_that_would_be_ignored_is_one_clear_line(project, setting, said):
    from builds import run_build
    yaml = project / "content" / "publication.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + setting, encoding="utf-8")
    result = run_build(project, "--formats", "epub", "--locales", "fr")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == \
        [line for line in result.stderr.splitlines() if said in line]
    assert said in result.stderr
