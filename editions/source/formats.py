"""Chapter files by extension: the pandoc reader of each, and a packaged chapter's images.

A chapter is pandoc Markdown (``.md``), reStructuredText (``.rst``), HTML (``.html``,
``.htm``), Word (``.docx``) or OpenDocument text (``.odt``), chosen by its extension;
every reader gives the same pandoc AST, so units, memories and renderers do not know
which a chapter was. The images a DOCX or ODT file carries inside it are extracted into
the work folder, ``build/media/<chapter path>/``, each named by its content
(``<sha256 prefix>.<ext>``): the name, and so every unit that shows the image, stays the
same across rebuilds and across edits of the document that leave the image alone (Word
renumbers its internal names). The folder is the build's own (never published as such,
removed by ``make clean``, made again by the next read), so no file the user wrote is
touched. This module does not check the images: they become ordinary publication images
that ``publication`` checks like a Markdown chapter's.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from ..errors import EditionsError, Issue
from ..output import work_folder, write_bytes
from ..yamlfile import refuse_aliases
from . import pandoc
from .ast import elements, nesting_depth

# Elements nested deeper than this are refused: no real chapter comes near it, and
# renderers walk the tree recursively (WeasyPrint's layout exhausts Python's recursion
# at about 200 nested block quotes).
MAX_NESTING = 64

READERS = {".md": "markdown", ".rst": "rst", ".html": "html", ".htm": "html",
           ".docx": "docx", ".odt": "odt"}
PACKAGED = frozenset({"docx", "odt"})      # zip files with their images inside
MEDIA = "media"                             # under the work folder


def reader_of(path: Path, where: str) -> str:
    """The pandoc reader of the chapter file ``path`` (named ``where`` in errors).
    Raises ``EditionsError`` for an extension no reader is chosen for."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(READERS)
        raise EditionsError(f"chapter '{where}' is of no format this build reads (its extension must be "
                            f"one of {known})", "content/publication.yaml")
    return reader


def read_chapter_file(root: Path, path: Path, where: str, issues: list[Issue] | None = None) -> tuple[dict, str]:
    """The chapter file as a pandoc JSON document, and its text as written ("" for DOCX
    and ODT, which are no text). Raises ``EditionsError`` naming the file (and the line
    of a byte that is not UTF-8, or of an include pandoc could not load); pandoc's other
    warnings about the chapter go to ``issues`` (``reader_issues``)."""
    reader = reader_of(path, where)
    data = path.read_bytes()
    warnings: list[str] = []
    if reader in PACKAGED:
        doc, text = read_packaged(root, data, reader, where, warnings), ""
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise EditionsError("not UTF-8 text", where, data[:error.start].count(b"\n") + 1) from None
        if reader == "markdown":
            for line, block in metadata_blocks(text):
                refuse_aliases(block, where, line)     # pandoc would expand them all
        doc = (pandoc.read_markdown(text, what=where, warnings=warnings) if reader == "markdown"
               else pandoc.read_document(data, reader, what=where, warnings=warnings))
    found = reader_issues(warnings, where, text)
    if issues is not None:
        issues += found
    return _shallow(doc, where), text


INCLUDE = re.compile(r"^Could not load include file (?P<name>.+?) at line (?P<line>\d+)")
AT_LINE = re.compile(r"\bline (\d+)")


def reader_issues(warnings: list[str], where: str, text: str = "") -> list[Issue]:
    """pandoc's warnings on reading the chapter ``where`` as ``reader-warning`` issues, at
    their line where pandoc gives one. An include pandoc could not load (every include:
    pandoc runs sandboxed, reading no file a chapter names) is an ``EditionsError``: its
    text would be missing from every edition. ``text``: the chapter as written, where the
    include's own line is found (pandoc names the line after the directive)."""
    issues = []
    for warning in warnings:
        include = INCLUDE.match(warning)
        if include:
            written = re.search(r"^[ \t]*\.\.[ \t]+include::[ \t]*" + re.escape(include["name"]), text, re.MULTILINE)
            line = text.count("\n", 0, written.start()) + 1 if written else int(include["line"])
            raise EditionsError(f"include '{include['name']}' cannot be read: a chapter's includes are not "
                                "read; list that file as a chapter of its own or put its text here", where, line)
        line = AT_LINE.search(warning)
        issues.append(Issue("reader-warning", "warning", f"pandoc: {warning}",
                            f"{where}:{line.group(1)}" if line else where))
    return issues


def _shallow(doc: dict, where: str) -> dict:
    """``doc``, when no element in it nests deeper than ``MAX_NESTING``."""
    if nesting_depth(doc["blocks"]) > MAX_NESTING:
        raise EditionsError(f"elements nested more than {MAX_NESTING} deep (block quotes, lists, "
                            "emphasis): flatten the structure", where)
    return doc


FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def metadata_blocks(text: str) -> list[tuple[int, str]]:
    """(first line, YAML text) of every block pandoc's ``yaml_metadata_block`` may read in a
    Markdown text: a ``---`` line, at the start or after a blank line and not before one,
    up to a ``---`` or ``...`` line; fenced code is passed over."""
    lines, found, fence, index = text.splitlines(), [], "", 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if opening and (not fence or opening.group(1).startswith(fence)):
            fence = "" if fence else opening.group(1)[:3]
        elif not fence and lines[index].rstrip() == "---" and (index == 0 or not lines[index - 1].strip()) \
                and index + 1 < len(lines) and lines[index + 1].strip():
            end = next((j for j in range(index + 1, len(lines)) if lines[j].rstrip() in ("---", "...")), None)
            if end is not None:
                found.append((index + 2, "\n".join(lines[index + 1:end])))
                index = end
        index += 1
    return found


def read_packaged(root: Path, data: bytes, reader: str, where: str, warnings: list[str] | None = None) -> dict:
    """A DOCX or ODT chapter read, its images extracted into ``media_folder`` and named
    there by content; each image of the AST names its file relative to the chapter's
    folder, as a Markdown chapter would."""
    folder = media_folder(root, where)
    chapter_folder = (root / where).parent
    with tempfile.TemporaryDirectory(prefix="editions-media-") as scratch:
        doc = pandoc.read_document(data, reader, what=where, media=scratch, warnings=warnings)
        kept: dict[str, Path] = {}
        for image in elements(doc["blocks"], {"Image"}):
            url = image["c"][2][0]
            extracted = Path(url)
            if not (extracted.is_absolute() and extracted.resolve().is_relative_to(Path(scratch).resolve())):
                continue                     # an image the document links to: checked as written
            if url not in kept:
                kept[url] = _keep(extracted, folder)
            image["c"][2][0] = os.path.relpath(kept[url], chapter_folder)
    _remove_all_but(folder, set(kept.values()))
    return doc


def media_folder(root: Path, where: str) -> Path:
    """``build/media/<the chapter's project path, as one name>/``."""
    return work_folder(root) / MEDIA / re.sub(r"[^a-z0-9]+", "-", where.lower()).strip("-")


def _keep(extracted: Path, folder: Path) -> Path:
    data = extracted.read_bytes()
    kept = folder / (hashlib.sha256(data).hexdigest()[:16] + extracted.suffix.lower())
    write_bytes(kept, data)          # unchanged bytes are not rewritten
    return kept


def _remove_all_but(folder: Path, kept: set[Path]) -> None:
    """Images an earlier version of the chapter had, gone from this one."""
    if folder.is_dir():
        for path in folder.iterdir():
            if path.is_file() and path not in kept:
                path.unlink(missing_ok=True)
