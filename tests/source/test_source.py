"""Reading the publication: chapters, links between them, images, bad input."""

from __future__ import annotations

import pytest

from editions.errors import EditionsError
from editions.source.ast import walk_inlines
from editions.source.publication import read_publication


def test_two_chapters_in_order_with_resolved_links(project):
    publication = read_publication(project)
    assert [c.path for c in publication.chapters] == ["content/one.md", "content/two.md"]
    links = [i["c"][2][0] for c in publication.chapters for i in walk_inlines(c.blocks) if i["t"] == "Link"]
    assert links == ["https://example.org/", "#next-steps", "#section-one"]
    assert publication.images == ("content/img/photo.png",)
    assert publication.chapters[0].blocks[0]["t"] == "Header"


def test_remote_image_is_refused(project):
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text() + "\n![x](https://example.org/p.png)\n")
    with pytest.raises(EditionsError, match=r"content/two.md:\d+: remote image 'https://example.org/p.png' refused"):
        read_publication(project)


def test_missing_image_names_the_chapter(project):
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text() + "\n![x](nowhere.png)\n")
    with pytest.raises(EditionsError, match=r"content/two.md:\d+: image 'nowhere.png' not found"):
        read_publication(project)


def test_image_outside_the_project_is_refused(project):
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text() + "\n![x](../../outside.png)\n")
    (project.parent / "outside.png").write_bytes(b"x")
    with pytest.raises(EditionsError, match="outside the project"):
        read_publication(project)


def test_link_to_a_file_that_is_no_chapter(project):
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text() + "\nSee [other](three.md).\n")
    with pytest.raises(EditionsError, match="no chapter of the publication is that file"):
        read_publication(project)


def test_broken_yaml_names_file_and_line(project):
    (project / "content" / "publication.yaml").write_text("title: A\nchapters: [one.md\nlang: en\n")
    with pytest.raises(EditionsError) as error:
        read_publication(project)
    assert str(error.value).startswith("content/publication.yaml:3: invalid YAML")


def test_broken_front_matter_names_the_chapter(project):
    (project / "content" / "two.md").write_text("---\ntitle: [unclosed\n---\n\nText.\n")
    with pytest.raises(EditionsError, match="content/two.md"):
        read_publication(project)
