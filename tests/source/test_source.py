"""Reading the publication: chapters, links between them, images, bad input."""

from __future__ import annotations

import pytest

from editions.errors import EditionsError
from editions.source.ast import stringify, walk_inlines
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


def test_link_to_a_file_that_is_no_chapter_is_a_warning_and_plain_text(project):
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text() + "\nSee [the other part](three.md#start).\n")
    publication = read_publication(project)
    [issue] = [i for i in publication.issues if i.code == "link-outside-publication"]
    assert issue.severity == "warning" and issue.location == "content/two.md:9"
    assert "three.md" in issue.message and "plain text" in issue.message
    inlines = [i for i in walk_inlines(publication.chapters[1].blocks) if i["t"] in ("Link", "Span")]
    assert not [i for i in inlines if i["t"] == "Link" and "three.md" in i["c"][2][0]]
    assert any(i["t"] == "Span" and "the other part" in stringify(i["c"][1]) for i in inlines)


def test_link_to_a_file_that_is_no_chapter_goes_to_the_base_url(project):
    config = project / "content" / "publication.yaml"
    config.write_text(config.read_text() + "base-url: https://example.org/course/\n")
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text() + "\nSee [the other part](three.md#start).\n")
    publication = read_publication(project)
    targets = [i["c"][2][0] for i in walk_inlines(publication.chapters[1].blocks) if i["t"] == "Link"]
    assert "https://example.org/course/content/three.md#start" in targets
    assert [i.code for i in publication.issues] == ["link-outside-publication"]


def test_a_strict_build_fails_on_a_link_outside_the_publication(project):
    from builds import run_build
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text() + "\nSee [other](three.md).\n")
    assert run_build(project, "--formats", "html", "--locales", "en").returncode == 0
    strict = run_build(project, "--formats", "html", "--locales", "en", "--strict")
    assert strict.returncode == 1 and "link-outside-publication" in strict.stderr


@pytest.mark.parametrize("content, message", [
    (b"not an image at all", "is not an image file this build can read"),
    (None, "more than the 40-megapixel limit"),
])
def test_an_image_that_is_no_image_or_too_large_is_one_clear_line(project, content, message):
    image = project / "content" / "img" / "photo.png"
    if content is None:
        from PIL import Image
        Image.new("1", (8000, 6000)).save(image)           # 48 megapixels, a small file
    else:
        image.write_bytes(content)
    with pytest.raises(EditionsError, match=message) as error:
        read_publication(project)
    assert str(error.value).startswith("content/one.md:")


def damaged(kind: str) -> bytes:
    """A photo-like image (noise, so it does not compress to nothing), cut short or altered."""
    import io
    import random

    from PIL import Image
    rng = random.Random(7)
    picture = Image.frombytes("RGB", (240, 160), bytes(rng.randrange(256) for _ in range(240 * 160 * 3)))
    data = io.BytesIO()
    picture.save(data, "JPEG" if kind == "cut-jpeg" else "PNG")
    whole = data.getvalue()
    if kind == "altered-png":           # one byte of the image data changed: its chunk's CRC no longer holds
        middle = len(whole) // 2
        return whole[:middle] + bytes([whole[middle] ^ 0xFF]) + whole[middle + 1:]
    return whole[:len(whole) // 2]


@pytest.mark.parametrize("kind", ["cut-png", "altered-png", "cut-jpeg"])
def test_an_image_cut_short_or_damaged_is_one_clear_line(project, kind):
    """The header reads (size and format are known) but the rest does not: refused before
    WeasyPrint draws part of it, WeasyPrint imported (it makes Pillow lenient) or not."""
    import weasyprint  # noqa: F401
    image = project / "content" / "img" / ("photo.jpg" if kind == "cut-jpeg" else "photo.png")
    image.write_bytes(damaged(kind))
    if kind == "cut-jpeg":
        chapter = project / "content" / "one.md"
        chapter.write_text(chapter.read_text(encoding="utf-8").replace("img/photo.png", "img/photo.jpg"),
                           encoding="utf-8")
    with pytest.raises(EditionsError, match=r"image 'img/photo\.(png|jpg)' is damaged or cut short") as error:
        read_publication(project)
    assert str(error.value).startswith("content/one.md:") and "\n" not in str(error.value)


def test_broken_yaml_names_file_and_line(project):
    (project / "content" / "publication.yaml").write_text("title: A\nchapters: [one.md\nlang: en\n")
    with pytest.raises(EditionsError) as error:
        read_publication(project)
    assert str(error.value).startswith("content/publication.yaml:3: invalid YAML")


def test_broken_front_matter_names_the_chapter(project):
    (project / "content" / "two.md").write_text("---\ntitle: [unclosed\n---\n\nText.\n")
    with pytest.raises(EditionsError, match="content/two.md"):
        read_publication(project)


def test_every_missing_image_and_chapter_is_reported_in_one_run(project):
    for name in ("one.md", "two.md"):
        chapter = project / "content" / name
        chapter.write_text(chapter.read_text() + "\n![missing](img/nothing.png)\n")
    with pytest.raises(EditionsError) as error:
        read_publication(project)
    assert str(error.value).split("\nerror: ") == ["content/one.md:26: image 'img/nothing.png' not found",
                                                   "content/two.md:9: image 'img/nothing.png' not found"]
    config = project / "content" / "publication.yaml"
    config.write_text(config.read_text().replace("  - two.md", "  - two.md\n  - three.md\n  - four.md"))
    with pytest.raises(EditionsError) as error:
        read_publication(project)
    assert str(error.value).count("not found") == 2 and "three.md" in str(error.value) and "four.md" in str(error.value)


@pytest.mark.parametrize("slug", ["../../../../escaped", "/tmp/x/abs", "a b<script>", "sub/book", ".hidden",
                                  "-flag", "'..'", "café"])
def test_a_slug_that_is_no_plain_file_name_is_refused_naming_its_line(project, slug):
    config = project / "content" / "publication.yaml"
    config.write_text(config.read_text() + f"slug: {slug}\n")
    line = config.read_text().count("\n")
    with pytest.raises(EditionsError) as error:
        read_publication(project)
    assert str(error.value).startswith(f"content/publication.yaml:{line}: slug ")
    assert "letters, digits" in error.value.message and "\n" not in str(error.value)


@pytest.mark.parametrize("slug, expected", [("my-book_2.0", "my-book_2.0"), (2024, "2024"), ("", "a-tiny-book")])
def test_a_plain_slug_names_the_editions(project, slug, expected):
    config = project / "content" / "publication.yaml"
    config.write_text(config.read_text() + f"slug: {slug!r}\n")
    assert read_publication(project).slug == expected


@pytest.mark.parametrize("folder", ["a b", "-x", "über"])
def test_a_periodical_folder_that_is_no_plain_slug_is_refused(tmp_path, folder):
    from editions.identifiers import publication_places
    (tmp_path / "content" / folder).mkdir(parents=True)
    (tmp_path / "content" / folder / "publication.yaml").write_text("title: X\n")
    with pytest.raises(EditionsError) as error:
        publication_places(tmp_path)
    assert str(error.value).startswith(f"content/{folder}/publication.yaml: a publication's folder name must be "
                                       "letters, digits")


def alias_bomb(levels: int = 7, width: int = 9) -> str:
    """YAML whose aliases, expanded, are ``width ** levels`` strings (4.8 million by default)."""
    lines = ['a0: &a0 "lol"']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * width)}]" for n in range(1, levels + 1)]
    return "\n".join(lines) + f"\ntitle: *a{levels}\n"


def test_a_yaml_alias_bomb_in_publication_yaml_is_refused_at_once_naming_its_line(project):
    import time
    config = project / "content" / "publication.yaml"
    config.write_text(config.read_text() + alias_bomb())
    started = time.monotonic()
    with pytest.raises(EditionsError) as error:
        read_publication(project)
    assert time.monotonic() - started < 5
    line = config.read_text().splitlines().index('a0: &a0 "lol"') + 2    # the first alias
    assert str(error.value) == (f"content/publication.yaml:{line}: invalid YAML: YAML aliases (*name) are not read "
                                "in this file: write the value out where it is repeated")


@pytest.mark.parametrize("text, line", [("defaults: &d {x: 1}\nother:\n  <<: *d\n", 3), ("a: &x 1\nb: *x\n", 2)])
def test_any_alias_is_refused_in_the_project_yaml_files(project, text, line):
    from editions.identifiers import publication_config
    config = project / "content" / "publication.yaml"
    config.write_text(text)
    with pytest.raises(EditionsError) as error:
        publication_config(project)
    assert str(error.value).startswith(f"content/publication.yaml:{line}: invalid YAML: YAML aliases")


def test_an_anchor_without_alias_is_plain_yaml(project):
    config = project / "content" / "publication.yaml"
    config.write_text(config.read_text().replace("title: A Tiny Book", "title: &t A Tiny Book"))
    assert read_publication(project).slug == "a-tiny-book"


@pytest.mark.parametrize("key", ["base-url", "site-url"])
@pytest.mark.parametrize("value", ["javascript:alert(document.domain)//", "JavaScript:alert(1)", "data:text/html,x",
                                   "file:///etc/passwd", "//evil.example/", "https://", "http://exa mple.org/",
                                   'https://example.org/"><script>', "example.org/manual/", "ftp://example.org/"])
def test_a_web_address_that_is_no_http_url_is_refused_naming_its_line(project, key, value):
    config = project / "content" / "publication.yaml"
    config.write_text(config.read_text() + f"{key}: '{value}'\n")
    line = config.read_text().count("\n")
    with pytest.raises(EditionsError) as error:
        read_publication(project)
    assert str(error.value) == (f"content/publication.yaml:{line}: {key}: {value!r} is not a web address: "
                                "write an http:// or https:// URL (https://example.org/manual/)")


@pytest.mark.parametrize("value", ["https://example.org/course/", "HTTP://Example.org", "http://127.0.0.1:8000/a?b=c"])
def test_an_http_web_address_is_kept(project, value):
    config = project / "content" / "publication.yaml"
    config.write_text(config.read_text() + f"base-url: '{value}'\nsite-url: '{value}'\n")
    meta = read_publication(project).meta
    assert [stringify(meta[key]["c"]) for key in ("base-url", "site-url")] == [value, value]


def test_a_yaml_alias_bomb_in_a_chapters_front_matter_is_refused_before_pandoc_expands_it(project):
    import time
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text() + "\n---\n" + alias_bomb() + "...\n")
    line = chapter.read_text().splitlines().index('a0: &a0 "lol"') + 2
    started = time.monotonic()
    with pytest.raises(EditionsError) as error:
        read_publication(project)
    assert time.monotonic() - started < 5
    assert str(error.value) == (f"content/two.md:{line}: invalid YAML: YAML aliases (*name) are not read "
                                "in this file: write the value out where it is repeated")


def test_yaml_aliases_in_fenced_code_of_a_chapter_are_text(project):
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text() + "\n```yaml\n\n---\nbase: &b {x: 1}\nother: *b\n---\n```\n")
    publication = read_publication(project)
    assert "other: *b" in repr(publication.chapters[1].blocks)


@pytest.mark.parametrize("markdown, warned", [
    ("![](img/photo.png)", True),
    ("An inline ![](img/photo.png) image.", True),
    ("![](img/photo.png){alt=\"\"}", False),            # marked decorative
    ("![A grey square.](img/photo.png)", False),
    ("![](img/photo.png){alt=\"A grey square.\"}", False),
])
def test_an_image_without_alt_text_is_a_warning_naming_file_and_line(project, markdown, warned):
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text() + "\n" + markdown + "\n")
    line = chapter.read_text().splitlines().index(markdown) + 1
    found = [str(i) for i in read_publication(project).issues if i.code == "image-alt"]
    expected = (f"content/two.md:{line}: warning: image 'img/photo.png' has no alt text: describe it, "
                '![what it shows](file), or mark it decorative with {alt=""} (image-alt)')
    assert found == ([expected] if warned else [])


def test_a_strict_build_fails_on_an_image_without_alt_text(project):
    from builds import run_build
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text() + "\n![](img/photo.png)\n")
    result = run_build(project, "--formats", "html", "--locales", "en", "--strict")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "image-alt" in result.stdout + result.stderr


@pytest.mark.parametrize("name, save_as, message", [
    ("photo.jpg", "PNG", "image 'img/photo.jpg' is a PNG file, not what its extension says: name it photo.png"),
    ("photo.png", "JPEG", "image 'img/photo.png' is a JPEG file, not what its extension says: name it photo.jpg"),
    ("photo.gif", "WEBP", "image 'img/photo.gif' is a WEBP file, not what its extension says: name it photo.webp"),
    ("photo.tif", "TIFF", "image 'img/photo.tif' is a TIFF image: convert it to PNG, JPEG, GIF or WebP"),
    ("photo.jpeg", "JPEG", None),
])
def test_an_image_whose_bytes_are_not_its_extensions_format_is_one_line(project, name, save_as, message):
    from PIL import Image
    Image.new("RGB", (4, 3)).save(project / "content" / "img" / name, format=save_as)
    chapter = project / "content" / "one.md"
    chapter.write_text(chapter.read_text().replace("img/photo.png", f"img/{name}"))
    if message is None:
        assert f"content/img/{name}" in read_publication(project).images
        return
    line = next(n for n, text in enumerate(chapter.read_text().splitlines(), 1) if f"img/{name}" in text)
    with pytest.raises(EditionsError) as error:
        read_publication(project)
    assert str(error.value).startswith(f"content/one.md:{line}: {message}")


@pytest.mark.parametrize("link, message, hint", [
    ("img/photo.png", "link to 'img/photo.png': no chapter of the publication is that file", True),
    ("notes.txt", "link to 'notes.txt': no chapter of the publication is that file", True),
    ("/etc/hostname", "link to '/etc/hostname': it points outside the project, and no edition carries it", False),
    ("../../etc/hostname", ("link to '../../etc/hostname': it points outside the project, and no edition "
                            "carries it"), False),
])
def test_a_link_to_a_file_that_is_no_chapter_or_outside_the_project_is_kept_as_text(project, link, message, hint):
    (project / "content" / "notes.txt").write_text("x")
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text() + f"\nSee [the file]({link}).\n")
    line = len(chapter.read_text().splitlines())
    publication = read_publication(project)
    [issue] = [i for i in publication.issues if i.code == "link-outside-publication"]
    assert (issue.severity, issue.location) == ("warning", f"content/two.md:{line}")
    assert issue.message == message + "; kept as plain text" + (
        " (set base-url in content/publication.yaml to link it)" if hint else "")
    inlines = list(walk_inlines(publication.chapters[1].blocks))
    assert not [i for i in inlines if i["t"] == "Link" and link in i["c"][2][0]]
    assert any(i["t"] == "Span" and stringify(i["c"][1]) == "the file" for i in inlines)


def test_a_link_outside_the_project_is_never_put_on_the_base_url(project):
    config = project / "content" / "publication.yaml"
    config.write_text(config.read_text() + "base-url: https://example.org/course/\n")
    chapter = project / "content" / "two.md"
    chapter.write_text(chapter.read_text() + "\nSee [up](../../etc/hostname) and [image](img/photo.png).\n")
    links = [i["c"][2][0] for i in walk_inlines(read_publication(project).chapters[1].blocks) if i["t"] == "Link"]
    assert "https://example.org/course/content/img/photo.png" in links
    assert not [url for url in links if "hostname" in url]
