"""How a locale's memory files are read, as its locale file says (``memories:``).

The locale file ``locales/TAG/locale.yaml`` belongs to the locale stage, which
reads the rest of it; this module reads the one key that is the memories' own,
so the memory stage needs nothing from the stages above it.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import EditionsError
from ..yamlfile import load_yaml
from .markup import MARKUPS

LOCALE_FILE = "locale.yaml"


def memory_markups(folder: Path) -> dict[str, str]:
    """The markup each memory file of a locale folder names in its locale file
    (file name -> one of ``memory.markup.MARKUPS``); a file not named is read as
    its header says (see ``memory.po``). Raises ``EditionsError`` naming the
    locale file when it is not YAML or names a markup we do not read::

        memories:
          docs.po: {markup: rst}
    """
    path = folder / LOCALE_FILE
    where = f"locales/{folder.name}/{LOCALE_FILE}"
    if not path.is_file():
        return {}
    data = load_yaml(path.read_text(encoding="utf-8"), where) or {}
    return markups_of(data if isinstance(data, dict) else {}, where)


def markups_of(data: dict, where: str) -> dict[str, str]:
    """The ``memories:`` key of a locale file's ``data``, checked (see ``memory_markups``)."""
    memories = data.get("memories") or {}
    if not isinstance(memories, dict):
        raise EditionsError("memories: expected a mapping of memory file names to settings", where)
    found = {}
    for name, settings in memories.items():
        if not isinstance(settings, dict) or set(settings) - {"markup"}:
            raise EditionsError(f"memories: {name}: expected a mapping with the key markup", where)
        markup = settings.get("markup")
        if markup not in MARKUPS:
            raise EditionsError(f"memories: {name}: markup must be one of {', '.join(MARKUPS)}, "
                                f"not {markup!r}", where)
        found[str(name)] = markup
    return found
