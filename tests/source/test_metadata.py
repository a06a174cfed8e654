"""publication.yaml's title, date and chapter list, and chapters nested too deep:
each wrong value is one line naming the file (and the line where it is known)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from builds import run_build

from editions.errors import EditionsError
from editions.source import pandoc
from editions.source.metadata import ISO_DATE
from editions.source.publication import read_publication

CONFIG = "content/publication.yaml"


def _set(project, key: str, value: str | None) -> None:
    """Replace (or with None remove) a top-level line ``key: …`` of publication.yaml."""
    path = project / CONFIG
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith(f"{key}:")]
    if value is not None:
        lines.insert(0, f"{key}: {value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("value, message", [
    ('""', f"{CONFIG}:1: title: empty"),
    ("", f"{CONFIG}:1: title: empty"),
    ("'   '", f"{CONFIG}:1: title: empty"),
    (None, f"{CONFIG}: title: missing"),
    ("{x: 1}", f"{CONFIG}:1: title: a mapping is no text"),
    ("[a, b]", f"{CONFIG}:1: title: a list is no text"),
    ("true", f"{CONFIG}:1: title: 'True' is no text"),
])
def test_a_title_that_is_no_text_is_one_line(project, value, message):
    _set(project, "title", value)
    with pytest.raises(EditionsError) as error:
        read_publication(project)
    assert str(error.value).startswith(message)


def test_a_number_is_a_title(project):
    _set(project, "title", "1984")
    assert read_publication(project).meta["title"]["c"][0]["c"] == "1984"


@pytest.mark.parametrize("value", ["not-a-date", "2024-13", "2024-02-30", "24-06-01", "2024/06/01",
                                   "2024-06-24T10:00:00", "June 2024", "'20240624'", "[2024]"])
def test_a_date_that_is_not_iso_8601_is_one_line(project, value):
    _set(project, "date", value)
    with pytest.raises(EditionsError) as error:
        read_publication(project)
    assert str(error.value).startswith(f"{CONFIG}:1: date: ")
    assert "is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)" in str(error.value)


@pytest.mark.parametrize("value", ["2024", "2024-06", "2024-06-24", "'2024-06-24'", '""'])
def test_iso_8601_dates_at_each_precision_are_read(project, value):
    _set(project, "date", value)
    read_publication(project)
    assert ISO_DATE.match("2024") and ISO_DATE.match("2024-06") and not ISO_DATE.match("2024-6")


def test_a_chapter_listed_twice_is_one_line_naming_its_entry(project):
    path = project / CONFIG
    text = path.read_text(encoding="utf-8").replace("  - two.md\n", "  - two.md\n  - ./one.md\n")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  - ./one.md") + 1
    with pytest.raises(EditionsError) as error:
        read_publication(project)
    assert str(error.value) == (f"{CONFIG}:{line}: chapters: './one.md' is listed twice (entries 1 and 3): "
                                "a chapter is read once")


@pytest.mark.parametrize("entry, shown", [("{file: one.md}", "a mapping"), ("42", "'42'"), ("null", "''")])
def test_a_chapter_entry_that_is_no_file_name_is_one_line(project, entry, shown):
    path = project / CONFIG
    path.write_text(path.read_text(encoding="utf-8").replace("  - two.md\n", f"  - {entry}\n"), encoding="utf-8")
    with pytest.raises(EditionsError, match=rf"^{CONFIG}:\d+: chapters: entry 2 \({shown}\) is not a file name"):
        read_publication(project)


def test_publication_yaml_that_is_not_utf8_names_file_and_line(project):
    path = project / CONFIG
    path.write_bytes(path.read_bytes().replace(b"Tiny Press", "Tîny Press".encode("latin-1")))
    with pytest.raises(EditionsError, match=rf"^{CONFIG}:5: not UTF-8 text$"):
        read_publication(project)


# Past the limit: block quotes (just past it, and far past it), and a list. Emphasis 600 deep
# nests deeper than Python's JSON reader goes (its own error path). A list 600 deep took pandoc
# itself 6 s to read (about the cube of the depth); 70 levels are as refused.
@pytest.mark.parametrize("markdown", [">" * 200 + " deep", ">" * 66 + " deep", "*_" * 300 + "deep" + "_*" * 300,
                                      "".join("  " * depth + "- item\n" for depth in range(70))])
def test_a_chapter_nested_too_deep_is_one_line(project, markdown):
    (project / "content" / "two.md").write_text("# Deep\n\n" + markdown + "\n", encoding="utf-8")
    with pytest.raises(EditionsError, match=r"^content/two.md: elements nested (more than 64|too) deep"):
        read_publication(project)


# A list a thousand levels deep would take pandoc minutes (its reading slows with about the cube
# of the depth): a line indented past 256 columns, by spaces or by tabs (4 columns each), is
# refused before pandoc starts, naming that line. A list's level n is indented 2n columns.
@pytest.mark.parametrize("markdown, line", [
    ("".join("  " * depth + "- item\n" for depth in range(1000)), 3 + 129),
    ("Text\n\n" + "\t" * 65 + "indented by tabs\n", 5),
])
def test_a_line_indented_as_a_list_hundreds_deep_is_one_line_naming_it(project, markdown, line):
    (project / "content" / "two.md").write_text("# Deep\n\n" + markdown, encoding="utf-8")
    with pytest.raises(EditionsError, match=rf"^content/two.md:{line}: this line is indented more than 256 columns"):
        read_publication(project)


def test_indentation_in_fenced_code_is_read(project):
    (project / "content" / "two.md").write_text("# Code\n\n```text\n" + " " * 400 + "far right\n```\n",
                                                encoding="utf-8")
    publication = read_publication(project)
    blocks = [block for chapter in publication.chapters for block in chapter.blocks
              if block["t"] == "CodeBlock" and block["c"][0][1] == ["text"]]
    assert blocks and blocks[0]["c"][1] == " " * 400 + "far right"


def pandoc_children() -> list[str]:
    """The pandoc processes this process started that are still alive."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(") ", 1)
        except OSError:
            continue
        if fields[0].endswith("(pandoc") and int(fields[1].split()[1]) == os.getpid():
            found.append(stat.parent.name)
    return found


# pandoc reads some short texts in exponential time (pandoc issues #1735, #11687): every run
# has a time bound (30 s and more; 0.3 s here), and the error names the chapter, and the line
# where brackets nest deepest when that is the cause.
@pytest.mark.parametrize("markdown, message", [
    ("Text.\n\nSee " + "[" * 20 + "x" + "]" * 20 + ".\n",
     r"^content/two.md:5: pandoc gave no reading in 0.3 s: brackets nested more than 8 deep here"),
    ("\n".join(["[a.__b__]"] * 30) + "\n",
     r"^content/two.md: pandoc gave no reading in 0.3 s: the text holds markup pandoc reads very slowly"),
])
def test_a_chapter_pandoc_reads_in_exponential_time_is_one_line_and_pandoc_is_ended(project, monkeypatch,
                                                                                     markdown, message):
    monkeypatch.setattr(pandoc, "SECONDS_BASE", 0.3)
    monkeypatch.setattr(pandoc, "SECONDS_PER_MB", 0.0)
    (project / "content" / "two.md").write_text("# Slow\n\n" + markdown, encoding="utf-8")
    with pytest.raises(EditionsError, match=message):
        read_publication(project)
    assert pandoc_children() == []


@pytest.mark.parametrize("reader, line", [("markdown", 2), ("html", None)])
def test_brackets_are_named_as_the_cause_only_in_markdown(monkeypatch, reader, line):
    """Bytes of another reader (a DOCX's zip, an HTML page) are no Markdown: brackets in
    them say nothing of why pandoc was slow."""
    monkeypatch.setattr(pandoc, "SECONDS_BASE", 0.001)
    monkeypatch.setattr(pandoc, "SECONDS_PER_MB", 0.0)
    with pytest.raises(pandoc.TooSlow) as raised:
        pandoc.run_bytes(["-f", reader, "-t", "json"], b"text\n" + b"[" * 20 + b"x" + b"]" * 20, what="chapter")
    assert raised.value.line == line
    assert ("brackets nested more than 8 deep" in raised.value.message) == (line is not None)


def test_a_build_with_an_empty_title_stops_with_one_line_and_keeps_what_was_built(project):
    assert run_build(project, "--formats", "html", "--locales", "en").returncode == 0
    built = (project / "dist" / "en" / "index.html").read_bytes()
    _set(project, "title", '""')
    result = run_build(project, "--formats", "html", "--locales", "en")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"{CONFIG}:1: title: empty" in result.stderr
    assert (project / "dist" / "en" / "index.html").read_bytes() == built


def test_a_paper_size_the_print_edition_has_not_is_one_line_before_any_edition(project):
    _set(project, "papersize", "b7")
    with pytest.raises(EditionsError, match=rf"^{CONFIG}:\d+: papersize: 'b7' is not one of a4, letter, a5$"):
        read_publication(project)
    result = run_build(project, "--formats", "html", "--locales", "en")
    assert result.returncode == 1 and not (project / "dist" / "en").exists()
