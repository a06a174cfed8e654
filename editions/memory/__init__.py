"""Translation memories: every memory file of a locale read into one ``Memory``.

Formats are adapters: a reader is a plain function from a file to a list of
``Entry`` values, registered by file suffix in ``READERS``. The rest of the
build sees only ``Memory``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..segment import normalize
from .tmx import read_tmx

READERS = {".tmx": read_tmx}


@dataclass(frozen=True)
class Entry:
    """One source/target pair of a memory, with where it came from."""

    source: str
    target: str
    origin: str               # "locales/fr/memory.tmx:12"


@dataclass(frozen=True)
class Memory:
    """The translations a locale's memory files offer, keyed by normalized source."""

    entries: dict[str, tuple[Entry, ...]]
    files: tuple[str, ...] = ()

    def exact(self, source: str) -> Entry | None:
        found = self.entries.get(normalize(source))
        return found[0] if found else None

    def __len__(self) -> int:
        return sum(len(v) for v in self.entries.values())


def memory_files(folder: Path) -> list[Path]:
    """The memory files directly in a locale folder (the UI catalog is not one)."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in READERS)


def load_memory(folder: Path, target_tag: str, source_tag: str, root: Path) -> Memory:
    entries: dict[str, list[Entry]] = {}
    files = memory_files(folder) if folder.is_dir() else []
    for path in files:
        where = path.resolve().relative_to(root.resolve()).as_posix()
        for source, target, line in READERS[path.suffix.lower()](path, source_tag, target_tag, where):
            entry = Entry(source=source, target=target, origin=f"{where}:{line}")
            entries.setdefault(normalize(source), []).append(entry)
    return Memory(entries={k: tuple(v) for k, v in entries.items()},
                  files=tuple(str(p) for p in files))
