"""The keys of ``publication.yaml`` that every edition needs well formed: the title,
the date and the list of chapters.

Each is checked as the YAML gives it, before pandoc reads the metadata, so that a
wrong value is one line naming the file and the key's line, never an edition
without a title (EPUB requires a non-empty ``dc:title``) or a ``dc:date`` that is
no date. It owns no other key: the slug, identifiers and series are read elsewhere.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import yaml

from ..errors import EditionsError
from ..model import PAPER_SIZES

# ISO 8601 calendar dates at the precisions the EPUB's dc:date and the feeds accept
# (W3C-DTF, https://www.w3.org/TR/NOTE-datetime): YYYY, YYYY-MM, YYYY-MM-DD.
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def check_metadata(config: dict, text: str, where: str) -> None:
    """Raise ``EditionsError`` (``where``, the key's line in ``text``) when the title is
    missing, empty or no text, the date is not ISO 8601, or the paper size is not one the
    print edition has (``model.PAPER_SIZES``): before any edition is made."""
    lines = _key_lines(text)
    title = config.get("title")
    if isinstance(title, bool) or not isinstance(title, (str, int, float)) or not str(title).strip():
        found = ("missing" if "title" not in config else "empty" if title is None or isinstance(title, str)
                 else f"{_shown(title)} is no text")
        raise EditionsError(f"title: {found}; every edition needs a title (title: The Title)",
                            where, lines.get("title"))
    if config.get("date") not in (None, ""):
        _check_date(config["date"], where, lines.get("date"))
    size = config.get("papersize")
    if size not in (None, "") and str(size).lower() not in PAPER_SIZES:
        raise EditionsError(f"papersize: {_shown(size)} is not one of {', '.join(PAPER_SIZES)}", where,
                            lines.get("papersize"))


def _check_date(value, where: str, line: int | None) -> None:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return
    found = ISO_DATE.match(str(value)) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    try:
        if found and found.group(2):
            datetime.date(int(found.group(1)), int(found.group(2)), int(found.group(3) or 1))
    except ValueError:
        found = None
    if not found:
        raise EditionsError(f"date: {_shown(value)} is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)",
                            where, line)


def chapter_files(config: dict, folder: Path, where: str, text: str) -> list[str]:
    """The ``chapters:`` entries, each a file name listed once (relative to ``folder``,
    the folder of ``publication.yaml``). Raises ``EditionsError`` naming the entry's line."""
    names = config.get("chapters")
    line = _key_lines(text).get("chapters")
    if not names or not isinstance(names, list):
        raise EditionsError("'chapters:' must list the chapter files in reading order", where, line)
    seen: dict[Path, int] = {}
    items = _item_lines(text, "chapters")
    for number, name in enumerate(names, 1):
        line = items[number - 1] if len(items) == len(names) else line
        if not isinstance(name, str) or not name.strip():
            raise EditionsError(f"chapters: entry {number} ({_shown(name)}) is not a file name", where, line)
        path = (folder / name).resolve()
        if path in seen:
            raise EditionsError(f"chapters: '{name}' is listed twice (entries {seen[path]} and {number}): "
                                "a chapter is read once", where, line)
        seen[path] = number
    return names


def _key_lines(text: str) -> dict[str, int]:
    """The line of each top-level key of a YAML mapping (aliases are not expanded)."""
    return {key.value: key.start_mark.line + 1 for key, _value in _top_level(text)}


def _item_lines(text: str, key: str) -> list[int]:
    """The line of each item of the top-level sequence ``key`` ([] when it is none)."""
    for name, value in _top_level(text):
        if name.value == key and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _top_level(text: str) -> list[tuple]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(node, yaml.MappingNode):
        return []
    return [(key, value) for key, value in node.value if isinstance(key, yaml.ScalarNode)]


def _shown(value) -> str:
    """A value for an error: a scalar as written (cut at 40 characters), else its kind
    (a list or mapping may be large: an alias bomb is not printed)."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    shown = "" if value is None else str(value)
    return repr(shown if len(shown) <= 40 else shown[:39] + "…")
