"""Importing returned translations into a locale's ``memory.tmx``.

A returned file is read with the memory readers (XLIFF, PO or TMX, hostile
input refused). Each translation is matched to its unit by id; one whose
source changed since the export is refused as stale, one still marked fuzzy
is left out, and QA runs on the rest: an error refuses it, warnings are
reported. Accepted translations are appended to the memory in document
order: an identical pair is not added twice, and a different translation of
a source the memory already translates is kept as an alternative and
reported, never replacing or deleting anything. The memory file is rewritten
in one rename, and only if it changed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import EditionsError, Issue
from ..locale.qa import check_translations
from ..locale.settings import LOCALES_DIR, read_locale
from ..memory import read_memory_file
from ..memory.store import canonical_sources
from ..memory.tmx import new_tmx
from ..memory.xml import XML_LANG, indent, parse
from ..model import Match, Unit
from ..output import write_bytes
from ..source import read_source
from ..source.unittext import loose_key
from .pieces import pieces_of
from .tmx import add_unit

MEMORY_FILE = "memory.tmx"


@dataclass
class ImportReport:
    memory: str
    added: list[str] = field(default_factory=list)
    duplicates: int = 0
    alternatives: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    changed: bool = False


def import_file(root: Path, path: Path, tag: str) -> ImportReport:
    source = read_source(root.resolve())
    source_tag = source.language
    locale = read_locale(source.publication.root, tag, source_tag)
    where = str(path)
    entries = read_memory_file(path, source_tag, tag, where)
    units = {u.id: (n, u) for n, u in enumerate(source.units)}
    report = ImportReport(memory=f"{LOCALES_DIR}/{tag}/{MEMORY_FILE}")
    accepted = _accepted(entries, units, tag, report)
    memory_path = locale.folder / MEMORY_FILE
    tree, doctype = _open_memory(memory_path, report.memory, source_tag)
    _merge(tree, accepted, units, source_tag, tag, report)
    indent(tree)
    data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", doctype=doctype) + b"\n"
    report.changed = write_bytes(memory_path, data) if (report.added or report.alternatives) else False
    return report


def _accepted(entries, units: dict, tag: str, report: ImportReport) -> list[tuple[Unit, object]]:
    sources = canonical_sources([e.source for e in entries])
    candidates = []
    for entry, source in zip(entries, sources):
        found = units.get(entry.context)
        if found is None or not _same_source(entry.source, source, found[1].source):
            report.issues.append(Issue("import-stale", "error",
                                       f"unit '{entry.context}': its source changed since the export "
                                       "(or it is no longer in the publication); not merged", entry.origin, tag))
        elif entry.state == "fuzzy":
            report.issues.append(Issue("import-unconfirmed", "warning",
                                       f"unit '{entry.context}': still marked fuzzy or initial; not merged",
                                       entry.origin, tag))
        else:
            candidates.append((found[1], entry))
    findings = check_translations([u for u, _ in candidates],
                                  [Match(u.id, "exact", 100, e.target, published=True) for u, e in candidates], tag)
    report.issues += findings
    refused = {i.unit for i in findings if i.severity == "error"}
    return [(unit, entry) for unit, entry in candidates if unit.id not in refused]


def _same_source(returned: str, canonical: str | None, current: str) -> bool:
    """Whether a returned source is the unit's current one: as returned (our
    own exports give it back character for character), or in our spelling."""
    key = loose_key(current)
    return loose_key(returned) == key or (canonical is not None and loose_key(canonical) == key)


def _open_memory(path: Path, where: str, source_tag: str):
    if not path.is_file():
        return new_tmx(source_tag), '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
    data = path.read_bytes()
    doctype = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">' if b"<!DOCTYPE tmx" in data else None
    root = parse(path, where)
    if root.find("body") is None:
        raise EditionsError("not a TMX memory: no <body>", where, root.sourceline)
    return root, doctype


def _merge(tree, accepted, units: dict, source_tag: str, tag: str, report: ImportReport) -> None:
    known: dict[str, set[str]] = {}
    for tu in tree.iter("tu"):
        texts = {_language(tuv): "".join(tuv.find("seg").itertext()) for tuv in tu.findall("tuv")
                 if tuv.find("seg") is not None}
        source = next((t for lang, t in texts.items() if lang.split("-")[0] == source_tag.split("-")[0]), None)
        target = next((t for lang, t in texts.items() if lang.lower() == tag.lower()), None)
        if source is not None and target is not None:
            known.setdefault(loose_key(source), set()).add(loose_key(target))
    body = tree.find("body")
    order = [unit for _n, unit in sorted(units.values(), key=lambda pair: pair[0])]
    ordered = sorted(accepted, key=lambda pair: units[pair[0].id][0])
    pieces = pieces_of([text for unit, entry in ordered for text in (unit.source, entry.target)])
    for number, (unit, entry) in enumerate(ordered):
        targets = known.setdefault(loose_key(unit.source), set())
        if loose_key(entry.target) in targets:
            report.duplicates += 1
            continue
        alternative = bool(targets)
        targets.add(loose_key(entry.target))
        position = units[unit.id][0]
        props = [("x-kind", unit.kind)] + ([("x-state", "alternative")] if alternative else [])
        props += [(name, order[at].source) for name, at in (("x-context-prev", position - 1),
                                                             ("x-context-next", position + 1))
                  if 0 <= at < len(order)]
        add_unit(body, unit.id, source_tag, pieces[2 * number], tag, pieces[2 * number + 1], props,
                 _provenance(entry))
        (report.alternatives if alternative else report.added).append(unit.id)
        if alternative:
            report.issues.append(Issue("import-conflict", "warning",
                                       f"unit '{unit.id}' already has a different translation; the new one is "
                                       "kept as an alternative", entry.origin, tag))


def _language(tuv) -> str:
    return tuv.get(XML_LANG) or tuv.get("lang") or ""


def _provenance(entry) -> dict[str, str]:
    """Who made the translation and with what, as TMX attributes."""
    found = dict(entry.provenance)
    translator = found.get("header:Last-Translator") or found.get("creationid") or found.get("changeid") or "import"
    tool = found.get("header:X-Generator") or found.get("creationtool") or "unknown"
    when = found.get("changedate") or found.get("creationdate") or time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    return {"creationid": translator, "creationtool": tool, "creationdate": _tmx_date(when)}


def _tmx_date(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    return f"{digits[:8]}T{digits[8:14].ljust(6, '0')}Z" if len(digits) >= 8 else value
