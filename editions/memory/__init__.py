"""Translation memories: every memory file of a locale read into one ``Memory``.

Formats are adapters: a reader is a plain function from a file to ``Entry``
values, registered by file suffix in ``READERS``. Every reader honours the
same contract (tested once for all formats in ``tests/test_memory_contract.py``):

- ``source`` and ``target`` are texts in the markup ``markup`` names: pandoc
  Markdown inline markup, inline codes of the file mapped to it (or dropped
  when they carry no markup we know), or a catalog's own markup (reST, MyST,
  CommonMark: see ``po.markup_of``); the index reads each in its markup and
  stores unit texts (``markup.read_messages``);
- ``state`` is ``translated``, ``fuzzy`` (a CAT tool or PO marked it so) or
  ``approved`` (reviewed/signed off);
- ``context`` is what the file says identifies the unit (TMX ``tuid``, PO
  ``msgctxt``, XLIFF ``resname`` or unit id), ``neighbours`` the previous and
  next source text when the file records them;
- ``provenance`` keeps what the file says of who made it (props, notes,
  creation and change ids and dates);
- a file that cannot be read raises ``EditionsError`` naming file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EditionsError, Issue
from .entry import Entry
from .po import read_po_memory
from .tmx import read_tmx
from .xliff import read_xliff

READERS = {".tmx": read_tmx, ".xlf": read_xliff, ".xliff": read_xliff, ".po": read_po_memory}


@dataclass(frozen=True)
class Memory:
    """All entries a locale's memory files offer, in file order."""

    entries: tuple[Entry, ...]
    files: tuple[str, ...] = ()
    issues: tuple[Issue, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.entries)


def memory_files(folder: Path) -> list[Path]:
    """The memory files directly in a locale folder (the UI catalog is not one), a link to a
    file anywhere among them (a shared memory, as CAT tools let a project name one), and a link
    to nothing too, so that reading it reports it rather than passing over it in silence."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in READERS
                  and (p.is_file() or p.is_symlink() and not p.exists()))


def project_path(path: Path, root: Path) -> str:
    """The name of memory file ``path`` in findings: its path in the project as listed, a link's
    own name rather than that of the file it points to, which may lie outside the project (a
    memory shared by several projects); the absolute path when it is not in the project."""
    for candidate, base in ((path.absolute(), root.absolute()), (path.parent.resolve() / path.name, root.resolve())):
        if candidate.is_relative_to(base):
            return candidate.relative_to(base).as_posix()
    return str(path)


def read_memory_file(path: Path, source_tag: str, target_tag: str, where: str) -> list[Entry]:
    """The entries of one memory file, read by the reader of its suffix; raises
    ``EditionsError`` for a file no reader knows or cannot read."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise EditionsError(f"not a memory file: its name ends in none of {', '.join(sorted(READERS))}", where)
    if not path.is_file():
        raise EditionsError("file not found" + (f" (a link to {path.readlink()})" if path.is_symlink() else ""),
                            where)
    try:
        return list(reader(path, source_tag, target_tag, where))
    except OSError as error:          # a shared memory another user's permissions close, say
        raise EditionsError(f"cannot read the file: {error.strerror or error}", where) from None


def unreadable(error: EditionsError, where: str, tag: str) -> Issue:
    """A memory file that cannot be read: reported, and the locale's other memories still load."""
    return Issue("memory-unreadable", "warning", error.message, error.place or where, tag)


def load_memory(folder: Path, target_tag: str, source_tag: str, root: Path) -> Memory:
    """Read every memory file of a locale; an unreadable one is reported and skipped."""
    entries: list[Entry] = []
    issues: list[Issue] = []
    files = memory_files(folder)
    for path in files:
        where = project_path(path, root)
        try:
            entries += read_memory_file(path, source_tag, target_tag, where)
        except EditionsError as error:
            issues.append(unreadable(error, where, target_tag))
    return Memory(entries=tuple(entries), files=tuple(str(p) for p in files), issues=tuple(issues))
