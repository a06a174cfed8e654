"""Reading the publication: ``content/publication.yaml`` and its chapters (in a
periodical, one of its publications: ``content/SLUG/publication.yaml``, found by
``identifiers.publication_places``).

Owns the checks that need the whole source at hand: images are local files
inside the project, links between chapters resolve, ids are unique. It knows
nothing of locales or translations.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from ..errors import EditionsError, Issue
from ..identifiers import (
    SINGLE,
    WEB_ADDRESS_KEYS,
    PublicationPlace,
    checked_slug,
    web_address,
)
from ..model import Chapter, Publication
from ..yamlfile import load_yaml
from . import pandoc, rawhtml, roles, svg
from .ast import elements, unwrap_soft_breaks, walk_inlines
from .formats import READERS, read_chapter_file, reader_of
from .ids import unique_ids
from .metadata import chapter_files, check_metadata

PUBLICATION_FILE = "content/publication.yaml"
REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
SCRIPTED = re.compile(r"^\s*(?:javascript|vbscript|data|file)\s*:", re.IGNORECASE)


def read_publication(root: Path, place: PublicationPlace = SINGLE) -> Publication:
    """The publication at ``place`` (the single layout's by default); a periodical's
    publication is named by its folder, whatever its ``slug:`` says."""
    root = root.resolve()
    config_path = root / place.file
    config, text = _read_yaml(config_path, root)
    for key in WEB_ADDRESS_KEYS:
        if config.get(key) not in (None, ""):
            config[key] = web_address(config[key], key, place.file, _key_line(config_path, key))
    chapter_names = chapter_files(config, config_path.parent, place.file, text)
    config.pop("chapters")
    check_metadata(config, text, place.file)
    meta = _yaml_to_meta(config, place.file)
    reading: list[Issue] = []
    chapters = _all_or_every_error([lambda name=name: _read_chapter(root, config_path.parent / str(name), place.file,
                                                                    reading)
                                    for name in chapter_names])
    chapters, renamed = unique_ids(chapters)
    anchors = {(root / c.path).resolve(): c.anchor for c in chapters}
    _render_roles(root, config_path.parent, chapters, anchors)
    images: list[str] = []
    issues: list[Issue] = list(reading)
    renames = {(root / path).resolve(): names for path, names in renamed.items()}
    _all_or_every_error([lambda chapter=chapter: _resolve_references(root, chapter, anchors, images, issues,
                                                                     str(config.get("base-url") or ""), renames)
                         for chapter in chapters])
    _check_raw_html(root, config_path.parent, meta, place.file, "", anchors, images, issues)
    _check_unique_ids(chapters)
    cover = config.get("cover-image")
    if cover:
        cover = _local_image(root, config_path.parent, str(cover), place.file)
    images = list(dict.fromkeys(images))
    for image in [*images, *([cover] if cover else [])]:
        issues += svg.findings(root, image)
    slug = place.slug or _slug(config, config_path, place.file)
    return Publication(root=root, slug=slug, meta=meta, chapters=tuple(chapters),
                       images=tuple(images), cover=cover, issues=tuple(dict.fromkeys(issues)))


def _slug(config: dict, path: Path, where: str) -> str:
    """The single publication's slug: its ``slug:`` (checked: it names files in ``dist/``),
    else one made of its title."""
    given = config.get("slug")
    if given in (None, ""):
        return _slugify(_plain(config.get("title", "publication")))
    return checked_slug(given, where, _key_line(path, "slug"))


def _key_line(path: Path, key: str) -> int | None:
    """The line of the top-level ``key:`` in the YAML file at ``path`` (None when not found)."""
    text = path.read_text(encoding="utf-8")
    found = re.search(rf"^{re.escape(key)}\s*:", text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else None


def source_language(publication: Publication) -> str:
    """The publication's language, as its metadata names it (English if it does not)."""
    value = publication.meta.get("lang")
    if not value:
        return "en"
    if value["t"] == "MetaString":
        return value["c"]
    return "".join(i["c"] for i in value["c"] if i["t"] == "Str") or "en"


def _read_yaml(path: Path, root: Path) -> tuple[dict, str]:
    """The mapping of a YAML file, and its text."""
    where = _relative(path, root)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise EditionsError("file not found", where) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise EditionsError("not UTF-8 text", where, data[:error.start].count(b"\n") + 1) from None
    data = load_yaml(text, where)
    if not isinstance(data, dict):
        raise EditionsError("expected a mapping of metadata fields", where)
    return data, text


def _yaml_to_meta(config: dict, where: str) -> dict:
    """Let pandoc read the metadata, so that values are parsed as pandoc Markdown. A key left
    empty (``author: ""``, as a new project's file has them) is no field: an empty creator or
    publisher would make the EPUB invalid."""
    config = {key: value for key, value in config.items() if value not in (None, "", [], {})}
    text = "---\n" + yaml.safe_dump(config, allow_unicode=True, sort_keys=True) + "---\n"
    return pandoc.read_markdown(text, what=where)["meta"]


def _read_chapter(root: Path, path: Path, listed_in: str = PUBLICATION_FILE,
                  issues: list[Issue] | None = None) -> Chapter:
    """A chapter in any format of ``formats.READERS``. Its title, where the document has
    one as pandoc reads it (Markdown front matter, a reST document's lone top section
    title, DOCX/ODT core properties, HTML ``<title>``), becomes its level-1 heading;
    without one, a heading the chapter opens with names it. ``listed_in``: the
    ``publication.yaml`` that names it, for errors; ``issues``: where pandoc's warnings go."""
    where = _relative(path, root)
    if not path.resolve().is_relative_to(root):
        raise EditionsError("chapter lies outside the project", where)
    reader_of(path, where)
    try:
        doc, text = read_chapter_file(root, path, where, issues)
    except FileNotFoundError:
        raise EditionsError(f"chapter file '{where}' not found", listed_in) from None
    blocks = _without_empty_heading_spans(unwrap_soft_breaks(doc["blocks"]))
    meta = doc["meta"]
    anchor = ""
    if "title" in meta:
        anchor = chapter_anchor(path.stem)
        title = copy.deepcopy(_meta_inlines(meta["title"]))
        header = {"t": "Header", "c": [1, [anchor, ["chapter"], []], title]}
        blocks = [header, *blocks]
    elif blocks and blocks[0]["t"] == "Header":
        anchor = blocks[0]["c"][1][0]
    return Chapter(path=where, anchor=anchor, meta=meta, blocks=blocks, text=text)


def chapter_anchor(stem: str) -> str:
    """The id of a titled chapter's heading, from its file name without extension."""
    return "chapter-" + _slugify(stem)


def _render_roles(root: Path, folder: Path, chapters: list[Chapter], anchors: dict) -> None:
    """Every role of a reST chapter as a reader sees it (``roles.rendered_blocks``), so
    its units hold that text. ``:doc:`` names a chapter's file without extension, from
    the chapter's folder or (``/name``) from the publication's; ``:ref:`` a label, the
    id pandoc gives the element after it. Each links there when the publication has
    it, else is its display text. ``folder``: the folder of ``publication.yaml``."""
    ids = {ident for chapter in chapters for ident in _ids(chapter.blocks)}
    ids |= {span["c"][0][0] for span in elements([c.blocks for c in chapters], {"Span"}) if span["c"][0][0]}
    for chapter in chapters:
        if READERS.get(Path(chapter.path).suffix.lower()) != "rst":
            continue
        base = (root / chapter.path).parent

        def link(role: str, target: str, base: Path = base) -> str | None:
            if role == "ref":
                return "#" + target if target in ids else None
            return _doc_anchor((folder if target.startswith("/") else base) / target.lstrip("/"), anchors)
        chapter.blocks[:] = roles.rendered_blocks(chapter.blocks, link)


def _doc_anchor(named: Path, anchors: dict) -> str | None:
    """``#anchor`` of the chapter a Sphinx document name (a path with or without its
    extension) is the file of; None when it is none, or a chapter with nothing to link to."""
    files = [named] if named.suffix.lower() in READERS else [named.with_name(named.name + ext) for ext in READERS]
    found = [anchors.get(path.resolve()) for path in files]
    return next(("#" + anchor for anchor in found if anchor), None)


def _without_empty_heading_spans(blocks: list) -> list:
    """Drop the empty spans of headings (the bookmarks ODT and Word put there, a ``[]{#id}``):
    a heading becomes an entry of the EPUB's table of contents, where an empty span is
    invalid (EPUBCheck RSC-005), and the heading's own id is the place to link to."""
    for header in elements(blocks, {"Header"}):
        header["c"][2] = [i for i in header["c"][2] if not (i["t"] == "Span" and not i["c"][1])]
    return blocks


def _resolve_references(root: Path, chapter: Chapter, anchors: dict, images: list[str],
                        issues: list[Issue], base_url: str = "", renames: dict | None = None) -> None:
    """Make images project paths and links between chapters in-document anchors, in
    Markdown and in raw HTML (which is checked and written back well-formed). A Markdown
    link to a file that is no chapter (the publication is often part of a larger source)
    is a warning; the link is kept as plain text, or made absolute on ``base_url``.
    ``renames``: chapter file -> {id: the id ``ids.unique_ids`` gave it instead}."""
    base = (root / chapter.path).parent
    errors: list[EditionsError] = []
    for inline in list(walk_inlines(chapter.blocks)):
        if inline["t"] not in ("Image", "Link"):
            continue
        target = inline["c"][2]
        try:
            if inline["t"] == "Image":
                written = target[0]
                target[0] = _local_image(root, base, written, chapter.path)
                images.append(target[0])
                issues += _missing_alt(inline, chapter, written)
            else:
                target[0] = _markdown_link(root, base, target[0], anchors, chapter.path, renames)
        except NotAChapter as error:
            issues.append(_outside_link(inline, error, base_url, chapter, root))
        except EditionsError as error:
            errors.append(EditionsError(error.message, chapter.path, _line_of(chapter.text, target[0])))
    if errors:
        raise EditionsError.together(errors)
    _check_raw_html(root, base, chapter.blocks, chapter.path, chapter.text, anchors, images, issues, renames)


def _missing_alt(image: dict, chapter: Chapter, url: str) -> list[Issue]:
    """An image with neither a description nor an ``alt`` attribute (``{alt=""}`` marks one
    that only decorates): a reader without sight learns nothing of it (WCAG 2.1, 1.1.1)."""
    if image["c"][1] or any(key == "alt" for key, _value in image["c"][0][2]):
        return []
    line = _line_of(chapter.text, url)
    return [Issue("image-alt", "warning", f"image '{url}' has no alt text: describe it, "
                  "![what it shows](file), or mark it decorative with {alt=\"\"}",
                  f"{chapter.path}:{line}" if line else chapter.path)]


def _all_or_every_error(steps: list) -> list:
    """Each step's result; when steps fail, every failure in one error (a user fixes them
    all in one go, not one per run)."""
    results, errors = [], []
    for step in steps:
        try:
            results.append(step())
        except EditionsError as error:
            errors.append(error)
    if errors:
        raise EditionsError.together(errors)
    return results


class NotAChapter(EditionsError):
    """A link to a file of the project that is not a chapter of the publication."""


def _outside_link(link: dict, error: NotAChapter, base_url: str, chapter: Chapter, root: Path) -> Issue:
    """Keep a link to a file outside the publication as plain text (a span of its words),
    or point it at ``base_url`` + the file's project path; the warning that says so."""
    url = link["c"][2][0]
    where = f"{chapter.path}:{_line_of(chapter.text, url) or 1}"
    target = ((root / chapter.path).parent / unquote(urlsplit(url).path)).resolve()
    if base_url and target.is_relative_to(root):
        relative = target.relative_to(root).as_posix()
        link["c"][2][0] = base_url.rstrip("/") + "/" + relative + (f"#{urlsplit(url).fragment}" if urlsplit(url).fragment else "")
        return Issue("link-outside-publication", "warning", f"{error.message}; linked on base-url instead", where)
    link["t"], link["c"] = "Span", [link["c"][0], link["c"][1]]
    hint = " (set base-url in content/publication.yaml to link it)" if target.is_relative_to(root) else ""
    return Issue("link-outside-publication", "warning", f"{error.message}; kept as plain text{hint}", where)


def _check_raw_html(root: Path, base: Path, tree, where: str, text: str, anchors: dict,
                    images: list[str], issues: list[Issue], renames: dict | None = None) -> None:
    """Raw HTML under ``tree`` checked and rewritten in place (``rawhtml``): its resources
    obey the rule of Markdown images, its links that of Markdown links."""
    place = rawhtml.Place(path=where, text=text, images=images, issues=issues,
                          image=lambda url: _local_image(root, base, url, where),
                          link=lambda url: _chapter_link(root, base, url, anchors, where, renames))
    rawhtml.clean(tree, place)
    rawhtml.clean_attributes(tree, place)


def _line_of(text: str, url: str) -> int | None:
    """The line of the first ``(url`` in the chapter as written (None when not found)."""
    found = text.find(f"({url}")
    return text.count("\n", 0, found) + 1 if found >= 0 else None


def _local_image(root: Path, base: Path, url: str, where: str) -> str:
    if not url:
        raise EditionsError("image without a file name", where)
    if REMOTE.match(url):
        raise EditionsError(f"remote image '{url}' refused: images must be local files", where)
    path = (base / unquote(url)).resolve()
    if not path.is_relative_to(root):
        raise EditionsError(f"image '{url}' lies outside the project", where)
    if not path.is_file():
        raise EditionsError(f"image '{url}' not found", where)
    _check_raster(path, url, where)
    return path.relative_to(root).as_posix()


MAX_IMAGE_PIXELS = 40_000_000   # 40 megapixels: an A3 page at 600 dpi; more is refused


def _check_raster(path: Path, url: str, where: str) -> None:
    """A raster image must be one Pillow reads, of at most ``MAX_IMAGE_PIXELS`` (SVG is checked
    by ``svg``): WeasyPrint drops an image it cannot decode from the PDF without a word."""
    if path.suffix.lower() in (".svg", ".svgz"):
        return
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            width, height = image.size
            kind = image.format
    except Image.DecompressionBombError:
        width, height, kind = MAX_IMAGE_PIXELS, 2, None   # far past the limit: Pillow would not even open it
    except (UnidentifiedImageError, OSError):
        raise EditionsError(f"image '{url}' is not an image file this build can read (PNG, JPEG, GIF, "
                            "WebP…)", where) from None
    if kind:
        _check_extension(path, url, kind, where)
    if width * height > MAX_IMAGE_PIXELS:
        size = f"{width}×{height} pixels" if height > 2 else "far larger"
        raise EditionsError(f"image '{url}' is {size}, more than the {MAX_IMAGE_PIXELS // 1_000_000}-megapixel "
                            "limit: scale it down", where)
    _check_whole(path, url, where)


def _check_whole(path: Path, url: str, where: str) -> None:
    """A raster image cut short or damaged is refused: WeasyPrint would draw part of it, and the
    EPUB would carry it, without a word. A PNG's chunks are checked against their CRCs without
    decoding; other formats are decoded, a JPEG at an eighth of its size (Pillow's draft mode)."""
    from PIL import Image, ImageFile

    # WeasyPrint, once imported, tells Pillow to load a truncated image as far as it goes.
    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with Image.open(path) as image:
            if image.format == "PNG":
                image.verify()
            else:
                image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
    except (OSError, SyntaxError, ValueError) as error:
        raise EditionsError(f"image '{url}' is damaged or cut short ({error}): export it again", where) from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def _markdown_link(root: Path, base: Path, url: str, anchors: dict, where: str, renames: dict | None) -> str:
    """A Markdown link's target: a chapter's anchor, a fragment or a remote URL. Any other
    path, a project file that is no chapter (an image, a PDF), an absolute path or one
    that leaves the project, is ``NotAChapter``: an edition carries no such file."""
    linked = _chapter_link(root, base, url, anchors, where, renames)
    if linked != url or REMOTE.match(url) or url.startswith("#") or not url:
        return linked
    target = (base / unquote(urlsplit(url).path)).resolve()
    if not target.is_relative_to(root):
        raise NotAChapter(f"link to '{url}': it points outside the project, and no edition carries it", where)
    raise NotAChapter(f"link to '{url}': no chapter of the publication is that file", where)


# The raster formats EPUB 3 readers must show (its core media types), by Pillow's name,
# with the extensions that give their media type.
RASTER_EXTENSIONS = {"PNG": (".png",), "JPEG": (".jpg", ".jpeg"), "GIF": (".gif",), "WEBP": (".webp",)}


def _check_extension(path: Path, url: str, kind: str, where: str) -> None:
    """An image's bytes must be of the format its extension names: the media type of an
    EPUB's manifest, and a browser's, is read from the name (EPUBCheck OPF-029)."""
    extensions = RASTER_EXTENSIONS.get(kind)
    if extensions is None:
        raise EditionsError(f"image '{url}' is a {kind} image: convert it to PNG, JPEG, GIF or WebP, "
                            "the formats every EPUB reader shows", where)
    if path.suffix.lower() not in extensions:
        raise EditionsError(f"image '{url}' is a {kind} file, not what its extension says: name it "
                            f"{path.stem}{extensions[0]}", where)


def _chapter_link(root: Path, base: Path, url: str, anchors: dict, where: str, renames: dict | None = None) -> str:
    # as a browser reads it: without tabs and line breaks, leading controls and spaces
    if SCRIPTED.match(re.sub(r"[\t\n\r]", "", url).lstrip("".join(map(chr, range(33))))):
        raise EditionsError(f"link '{url}' refused: a link may not run a script or name a local file", where)
    if REMOTE.match(url) or url.startswith("#") or not url:
        return url
    parts = urlsplit(url)
    if Path(parts.path).suffix.lower() not in READERS:
        return url
    target = (base / unquote(parts.path)).resolve()
    if target not in anchors:
        raise NotAChapter(f"link to '{url}': no chapter of the publication is that file", where)
    anchor = (renames or {}).get(target, {}).get(parts.fragment, parts.fragment) or anchors[target]
    if not anchor:
        raise EditionsError(f"link to '{url}': that chapter has no title to link to", where)
    return "#" + anchor


def _check_unique_ids(chapters: list[Chapter]) -> None:
    seen: dict[str, str] = {}
    for chapter in chapters:
        for ident in _ids(chapter.blocks):
            if ident in seen and seen[ident] != chapter.path:
                raise EditionsError(f"id '{ident}' is also used in {seen[ident]}; an id written in a "
                                    "chapter names one element: give one of them another {#id}", chapter.path)
            seen[ident] = chapter.path
    for chapter in chapters:            # raw HTML's ids: pandoc does not know them
        for ident in rawhtml.ids(chapter.blocks):
            if ident in seen:
                found = chapter.text.find(f'"{ident}"')
                raise EditionsError(f"id '{ident}' in raw HTML is also used in {seen[ident]}: an id names "
                                    "one element", chapter.path,
                                    chapter.text.count("\n", 0, found) + 1 if found >= 0 else None)
            seen[ident] = chapter.path


def _ids(node) -> list[str]:
    attributes = [(e["c"][1] if e["t"] == "Header" else e["c"][0])
                  for e in elements(node, {"Header", "Div", "Figure", "Table", "CodeBlock"})]
    return [attr[0] for attr in attributes if attr[0]]


def _meta_inlines(value: dict) -> list:
    if value["t"] == "MetaInlines":
        return value["c"]
    if value["t"] == "MetaString":
        return [{"t": "Str", "c": value["c"]}]
    if value["t"] == "MetaBlocks" and value["c"]:
        return value["c"][0]["c"]
    return []


def _plain(value) -> str:
    return value if isinstance(value, str) else str(value)


def _slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60].rstrip("-") or "publication"


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)
