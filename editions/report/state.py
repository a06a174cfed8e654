"""The build state: what is already built, and the figures of the build that made it.

One key per edition hashes everything it is made of: the publication's
content, the locale's folder, the templates, the code and the engines'
versions. An edition whose key and file are unchanged is not rebuilt, and
nothing in ``dist/`` is rewritten. The state is typed (an ``EditionRecord``
per edition, a ``LocaleRecord`` per locale) and saved as JSON in
``build/editions-state.json`` (a periodical: one per publication,
``build/SLUG/editions-state.json``); a state written by another version of the
format is ignored, which rebuilds everything once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import PACKAGE, __version__
from ..errors import EditionsError, Issue
from ..identifiers import ISBN_FORMATS, SINGLE, PublicationPlace, locale_isbns
from ..model import Edition, LocaleStatus
from ..output import write_bytes

STATE_FILE = "editions-state.json"          # in the project's build/
STATE_VERSION = 3


@dataclass(frozen=True)
class EditionRecord:
    """A built edition: what the manifest lists, the key it was built under and,
    for the print edition, its page map (``PageMap.to_json``) for the EPUB's page-list."""

    edition: Edition
    key: str
    page_map: dict | None = None


@dataclass(frozen=True)
class LocaleRecord:
    """The figures of the last work done for a locale: its status and every finding."""

    status: LocaleStatus
    issues: tuple[Issue, ...] = ()
    fuzzy_published: int = 0


@dataclass
class BuildState:
    editions: dict[str, EditionRecord] = field(default_factory=dict)   # "TAG/FORMAT" -> record
    locales: dict[str, LocaleRecord] = field(default_factory=dict)     # tag -> record
    source_language: str = ""                                         # of the publication last built
    slug: str = ""                                                    # its slug
    reported: bool = False          # the manifest and site were written after the last edition landed

    def fresh(self, dist: Path, tag: str, fmt: str, key: str) -> bool:
        """Whether the edition was built under ``key`` and its file is still there."""
        record = self.editions.get(f"{tag}/{fmt}")
        return bool(record and record.key == key and (dist / record.edition.path).is_file())

    def edition(self, tag: str, fmt: str) -> EditionRecord | None:
        return self.editions.get(f"{tag}/{fmt}")

    def record_edition(self, record: EditionRecord) -> None:
        self.editions[f"{record.edition.locale}/{record.edition.format}"] = record

    def locale_issues(self, tag: str) -> tuple[Issue, ...]:
        """The findings of the last work done for locale ``tag``."""
        record = self.locales.get(tag)
        return record.issues if record else ()

    def levels(self, tags: list[str]) -> dict[str, dict[str, list[int]]]:
        """tag -> units and words per match level, for the locales of ``tags`` that have a record."""
        return {tag: self.locales[tag].status.levels for tag in tags if tag in self.locales}

    def forget_locales(self, keep: list[str]) -> list[str]:
        """Drop the records of every locale not in ``keep``; the tags dropped, sorted."""
        gone = sorted(({record.edition.locale for record in self.editions.values()} | set(self.locales)) - set(keep))
        self.editions = {key: record for key, record in self.editions.items() if record.edition.locale not in gone}
        self.locales = {tag: record for tag, record in self.locales.items() if tag not in gone}
        return gone

    def on_disk(self, dist: Path) -> list[Edition]:
        """Every recorded edition whose file is in ``dist``, by locale and format."""
        return [record.edition for _key, record in sorted(self.editions.items())
                if (dist / record.edition.path).is_file()]


LAST_EPOCH = 253402300799        # 9999-12-31T23:59:59Z: the last second a four-digit year can write


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH``, the time reproducible builds stamp their output with, in whole
    seconds since 1970-01-01 UTC (reproducible-builds.org/specs/source-date-epoch); None when
    unset. Raises ``EditionsError`` for a value that is not such a number: ignoring it would
    stamp the editions with the clock instead, and silently lose reproducibility."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or int(value) > LAST_EPOCH:
        raise EditionsError(f"SOURCE_DATE_EPOCH '{value}': expected whole seconds since 1970-01-01 UTC, "
                            f"at most {LAST_EPOCH} (9999-12-31), e.g. 1735689600")
    return int(value)


def edition_keys(root: Path, templates: Path, tags: list[str], formats: tuple[str, ...],
                 all_tags: list[str], accept_fuzzy: int | None = None,
                 source_tag: str = "", place: PublicationPlace = SINGLE) -> dict[tuple[str, str], str]:
    """(tag, format) -> the key of that edition: a SHA-256 over its inputs, hex. A translation's
    EPUB and PDF also depend on the ISBNs of the source locale (``source_tag``): they name the
    source-language edition by its identifier. A periodical's publication (``place``) depends on
    its own folder and what ``content/`` holds outside every publication's folder, not on the
    other publications: a new issue leaves the earlier ones' editions up to date."""
    shared = hashlib.sha256()
    _content_digest(root, place, shared)
    for folder in (templates, PACKAGE):
        _tree_digest(folder, shared)
    engines = [__version__, _version("pypandoc-binary"), _version("weasyprint"), ",".join(all_tags),
               str(source_date_epoch() or ""), str(accept_fuzzy)]
    shared.update("\0".join(engines).encode())
    source_isbns = locale_isbns(root, source_tag) if source_tag else ""
    keys = {}
    for tag in tags:
        locale = shared.copy()
        _tree_digest(root / "locales" / tag, locale)
        for fmt in formats:
            key = locale.copy()
            key.update(f"\0{fmt}".encode())
            if tag != source_tag and fmt in ISBN_FORMATS:
                key.update(f"\0{source_isbns}".encode())
            keys[(tag, fmt)] = key.hexdigest()
    return keys


def _content_digest(root: Path, place: PublicationPlace, digest) -> None:
    content = root / "content"
    if not place.slug:
        _tree_digest(content, digest)
        return
    others = {path.parent.name for path in content.glob("*/publication.yaml")} - {place.slug}
    _tree_digest(content, digest, skip=lambda relative: relative.parts[0] in others)


def _tree_digest(folder: Path, digest, skip=lambda relative: False) -> None:
    if not folder.exists():
        return
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                       and not skip(p.relative_to(folder))):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def _version(distribution: str) -> str:
    """An engine's version: its wheel's (pypandoc-binary carries the pandoc binary)."""
    from importlib.metadata import version
    return version(distribution)


def state_folder(work: Path, place: PublicationPlace) -> Path:
    """Where the state of the publication at ``place`` is kept under ``work`` (the project's build/)."""
    return work / place.prefix if place.prefix else work


def load_state(work: Path) -> BuildState:
    """The state saved in ``work`` (the project's build/, or ``state_folder``); an empty one
    when there is none or it cannot be read."""
    try:
        return state_from_json(json.loads((work / STATE_FILE).read_text(encoding="utf-8")))
    except (FileNotFoundError, ValueError):
        return BuildState()


def state_from_json(data: dict) -> BuildState:
    """A state from its JSON form (``state_to_json``); an empty one for another version or a broken one."""
    try:
        if data.get("version") != STATE_VERSION:
            return BuildState()
        return BuildState(
            editions={key: EditionRecord(edition=Edition(**value["edition"]), key=value["key"],
                                         page_map=value.get("page_map"))
                      for key, value in data["editions"].items()},
            locales={tag: LocaleRecord(status=LocaleStatus(**value["status"]),
                                       issues=tuple(Issue(**issue) for issue in value["issues"]),
                                       fuzzy_published=value["fuzzy_published"])
                     for tag, value in data["locales"].items()},
            source_language=data.get("source_language", ""), slug=data.get("slug", ""),
            reported=bool(data.get("reported")))
    except (ValueError, KeyError, TypeError, AttributeError):
        return BuildState()


def state_to_json(state: BuildState) -> dict:
    return {"version": STATE_VERSION,
            "editions": {key: dataclasses.asdict(record) for key, record in state.editions.items()},
            "locales": {tag: dataclasses.asdict(record) for tag, record in state.locales.items()},
            "source_language": state.source_language, "slug": state.slug, "reported": state.reported}


def save_state(work: Path, state: BuildState) -> None:
    data = state_to_json(state)
    write_bytes(work / STATE_FILE, (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode())
