"""Reading gettext PO catalogs as memories.

Read with polib, which takes any declared charset and headers other tools
write (ISO 8601 dates, unknown fields) without complaint. ``#, fuzzy`` entries
are kept as fuzzy, obsolete ``#~`` entries are ignored, ``msgctxt`` is the
context, and a plural entry gives its singular and plural forms. The catalog's
``Language`` header must serve the locale (a catalog without one is taken to
be in the folder's language).

A catalog's messages are in the markup of the documents it was extracted
from (``markup_of``): a header ``Generated-By`` or ``X-Generator`` naming
Sphinx means reStructuredText, or MyST when every reference (``#:``) is to a
``.md`` file; one naming mdbook, or the ``POT-Creation-Date`` in RFC 3339 form
that mdbook-i18n-helpers' ``mdbook-xgettext`` writes (gettext and Babel write
``2024-01-24 13:24+0100``), means CommonMark; otherwise pandoc Markdown. A
locale file's ``memories:`` setting overrides this (``locale.settings``).
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

from ..errors import EditionsError
from .entry import Entry
from .languages import serves

LINE = re.compile(r"line (\d+)")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")
_STRING = r'"(?:\\.|[^"\\])*"'
PO_LINE = re.compile(r'^\s*(?:#.*|(?:#~\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+'
                     + _STRING + r'\s*|(?:#~\s*)?' + _STRING + r'\s*|)$')


def check_po_lines(data: bytes, where: str) -> None:
    """polib and Babel forgive unterminated strings and stray text; a catalog we
    publish from must not be half-read, so every line is checked first."""
    for number, raw in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        if not PO_LINE.match(raw):
            raise EditionsError(f"malformed PO: cannot read {raw.strip()[:40]!r}", where, number)


def read_po_memory(path: Path, source_tag: str, target_tag: str, where: str):
    check_po_lines(path.read_bytes(), where)
    try:
        catalog = polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError, LookupError) as error:
        found = LINE.search(str(error))
        raise EditionsError(f"malformed PO: {error}", where, int(found.group(1)) if found else None) from None
    language = catalog.metadata.get("Language", "").strip()
    if language and not serves(language, target_tag):
        return
    markup = markup_of(catalog)
    provenance = tuple((f"header:{name}", catalog.metadata[name])
                       for name in ("Last-Translator", "Language-Team", "PO-Revision-Date", "X-Generator")
                       if catalog.metadata.get(name))
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        state = "fuzzy" if entry.fuzzy else "translated"
        origin = f"{where}:{entry.linenum}"
        notes = tuple(("note", text) for text in (entry.tcomment, entry.comment) if text)
        pairs = [(entry.msgid, entry.msgstr)]
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            pairs = [(entry.msgid, forms.get(0, "")), (entry.msgid_plural, forms.get(1, forms.get(0, "")))]
        for source, target in pairs:
            if target.strip():
                yield Entry(source=source, target=target, origin=origin, state=state,
                            context=entry.msgctxt or "", provenance=provenance + notes, markup=markup)


def markup_of(catalog: polib.POFile) -> str:
    """The markup of a catalog's messages, from its header (see the module's rules)."""
    generator = " ".join(catalog.metadata.get(name, "") for name in ("Generated-By", "X-Generator")).lower()
    if "sphinx" in generator:
        files = [path for entry in catalog for path, _line in entry.occurrences]
        return "myst" if files and all(path.lower().endswith(".md") for path in files) else "rst"
    if "mdbook" in generator or RFC3339.match(catalog.metadata.get("POT-Creation-Date", "").strip()):
        return "commonmark"
    return "markdown"
