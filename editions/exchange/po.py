"""Writing gettext PO for translators (Poedit, Weblate, Lokalize).

One entry per unit: ``msgctxt`` is the unit id, ``msgid`` its Markdown text
(as mdbook-i18n-helpers catalogs carry it), the kind, neighbours and notes as
extracted comments, the source file and line as the reference. A pre-filled
suggestion is marked ``#, fuzzy``.
"""

from __future__ import annotations

import polib


def write_po(work, source_tag: str, target_tag: str, revision_date: str) -> bytes:
    catalog = polib.POFile(wrapwidth=0)
    catalog.metadata = {
        "Project-Id-Version": "Editions",
        "Language": target_tag,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "POT-Creation-Date": revision_date,
        "PO-Revision-Date": revision_date,
        "X-Source-Language": source_tag,
    }
    for item in work:
        comments = [f"kind: {item.unit.kind}", f"state: {item.state}"]
        if item.suggestion and not item.target:
            comments.append(f"pre-filled from the memory (score {item.score}): review it")
        if item.previous:
            comments.append(f"previous: {item.previous}")
        if item.following:
            comments.append(f"next: {item.following}")
        path, _, line = item.unit.location.partition(":")
        entry = polib.POEntry(msgctxt=item.unit.id, msgid=item.unit.source, msgstr=item.target or item.suggestion,
                              comment="\n".join(comments), occurrences=[(path, line)] if line else [(path, "")])
        if item.suggestion and not item.target:
            entry.flags.append("fuzzy")
        catalog.append(entry)
    return str(catalog).encode("utf-8")
