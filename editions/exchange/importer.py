"""Importing returned translations into a locale's ``memory.tmx``.

A returned file is read with the memory readers (XLIFF, PO or TMX, hostile
input refused). Each translation is matched to its unit by id when the file
carries ours, else by its source text (CAT tools' own TMX exports and
converted files carry no id, or other ids), a unit with the same neighbours
first; one whose source matches no unit is refused as stale, one still marked
fuzzy is left out (a target of our ``xliff-copy`` export that the translator
changed counts as translated even if the tool left its ``needs-translation``:
``state_kept`` lists them), and QA runs on the rest: an error refuses it,
warnings are reported. Accepted translations are appended to the memory in document
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
from ..identifiers import SINGLE, PublicationPlace
from ..locale.qa import check_translations
from ..locale.settings import LOCALES_DIR, read_locale
from ..memory import read_memory_file
from ..memory.inspect import language_pairs
from ..memory.languages import serves
from ..memory.store import canonical_sources
from ..memory.tmx import new_tmx
from ..memory.xliff import STATE_KEPT
from ..memory.xml import XML_LANG, indent, parse
from ..model import Match, Unit
from ..output import build_lock, work_folder, write_bytes
from ..source import read_source
from ..source.unittext import loose_key
from .pieces import Text, pieces_of
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
    state_kept: list[str] = field(default_factory=list)   # added though the tool left needs-translation
    superseded: list[str] = field(default_factory=list)   # units whose refused translation the new one replaced
    refused: int = 0          # translations not merged because of an error (stale, or failing QA)


def import_file(root: Path, path: Path, tag: str, place: PublicationPlace = SINGLE,
                progress=lambda line: None) -> ImportReport:
    """Merge the translations of the file at ``path`` into locale ``tag``'s memory, matched to
    the units of the publication at ``place`` (a periodical's, by slug).

    The memory is read and rewritten holding the project's build lock (``output.build_lock``;
    ``progress`` says when it waits): two imports at once, or an import during a build,
    would otherwise each write the memory they read and lose the other's translations.
    Raises ``EditionsError`` for a file in another language than the locale's."""
    source = read_source(root.resolve(), place)
    source_tag = source.language
    locale = read_locale(source.publication.root, tag, source_tag)
    where = str(path)
    entries = read_memory_file(path, source_tag, tag, where)
    if not entries:
        _check_target_language(path, where, tag)
    units = {u.id: (n, u) for n, u in enumerate(source.units)}
    report = ImportReport(memory=f"{LOCALES_DIR}/{tag}/{MEMORY_FILE}")
    accepted = _accepted(entries, units, tag, report)
    memory_path = locale.folder / MEMORY_FILE
    with build_lock(work_folder(root.resolve()), progress):
        tree, doctype = _open_memory(memory_path, report.memory, source_tag)
        _merge(tree, accepted, units, source_tag, tag, report)
        indent(tree)
        data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", doctype=doctype) + b"\n"
        report.changed = write_bytes(memory_path, data) if (report.added or report.alternatives) else False
    return report


def _check_target_language(path: Path, where: str, tag: str) -> None:
    """A file that gave no entry for locale ``tag`` because its translations are in other
    languages: an error naming them (the readers skip, rather than refuse, the entries of a
    language a locale's memory file may also hold)."""
    pairs, _empty, _suggestions = language_pairs(path, where)
    targets = sorted({target for (_source, target), count in pairs.items() if count and target != "?"})
    if targets and not any(serves(target, tag) for target in targets):
        raise EditionsError(f"the file's translations are in {', '.join(targets)}, not in {tag}: "
                            f"import it into the locale of that language", where)


def _accepted(entries, units: dict, tag: str, report: ImportReport) -> list[tuple[Unit, object]]:
    sources = canonical_sources([e.source for e in entries])
    by_text: dict[str, list[int]] = {}
    order = [unit for _n, unit in sorted(units.values(), key=lambda pair: pair[0])]
    for position, unit in enumerate(order):
        by_text.setdefault(loose_key(unit.source), []).append(position)
    taken: set[str] = set()
    candidates = []
    for entry, source in zip(entries, sources):
        unit = _unit_of(entry, source, units, order, by_text, taken)
        if unit is None:
            report.refused += 1
            named = f"unit '{entry.context}'" if entry.context else f"'{_short(entry.source)}'"
            report.issues.append(Issue("import-stale", "error",
                                       f"{named}: its source changed since the export "
                                       "(or it is no longer in the publication); not merged", entry.origin, tag))
        elif entry.state == "fuzzy":
            report.issues.append(Issue("import-unconfirmed", "warning",
                                       f"unit '{unit.id}': still marked fuzzy or initial; not merged",
                                       entry.origin, tag))
        else:
            taken.add(unit.id)
            candidates.append((unit, entry))
    findings = check_translations([u for u, _ in candidates],
                                  [Match(u.id, "exact", 100, e.target, published=True) for u, e in candidates], tag)
    report.issues += findings
    refused = {i.unit for i in findings if i.severity == "error"}
    report.refused += len(refused)
    return [(unit, entry) for unit, entry in candidates if unit.id not in refused]


def _unit_of(entry, canonical: str | None, units: dict, order: list[Unit], by_text: dict[str, list[int]],
             taken: set[str]) -> Unit | None:
    """The unit a returned entry translates. By id when the file carries one of ours
    (context: PO ``msgctxt``, XLIFF ``resname``, TMX ``tuid``) and its source is still
    the unit's; otherwise by source text, a unit whose neighbours are the entry's
    preferred, then one this import has not filled yet, then the first in the
    document. None when no unit has that source (stale)."""
    found = units.get(entry.context)
    if found is not None and _same_source(entry.source, canonical, found[1].source):
        return found[1]
    positions = by_text.get(loose_key(entry.source)) or (by_text.get(loose_key(canonical)) if canonical else None)
    if not positions:
        return None
    previous, following = _neighbours_of(entry)

    def rank(position: int) -> tuple[int, int, int]:
        unit = order[position]
        around = (order[position - 1].source if position else "",
                  order[position + 1].source if position + 1 < len(order) else "")
        same = sum(1 for mine, theirs in zip(around, (previous, following))
                   if theirs and loose_key(mine) == loose_key(theirs))
        return (-same, unit.id in taken, position)
    return order[min(positions, key=rank)]


def _neighbours_of(entry) -> tuple[str, str]:
    """The previous and next source an entry records: TMX props, or the notes our
    own XLIFF and PO exports write ("previous: …", "next: …")."""
    previous, following = entry.neighbours
    for name, value in entry.provenance:
        if name != "note":
            continue
        for line in value.splitlines():
            if line.startswith("previous: ") and not previous:
                previous = line[len("previous: "):]
            elif line.startswith("next: ") and not following:
                following = line[len("next: "):]
    return previous, following


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


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


def _known_pairs(tree, units: dict, source_tag: str, tag: str) -> tuple[dict, dict]:
    """For each source text (its loose key): the (unit id or "", target) pairs the memory
    holds, and its ``<tu>`` elements with their target text. A translation of one unit does
    not conflict with the other translation of a unit elsewhere with the same source (Spring
    the season, Spring of a watch): lookup gives each unit its own."""
    known: dict[str, set[tuple[str, str]]] = {}
    held: dict[str, list[tuple[object, str]]] = {}
    for tu, source, target in _translations_in(tree, source_tag, tag):
        context = tu.get("tuid", "")
        known.setdefault(loose_key(source), set()).add((context if context in units else "", loose_key(target)))
        held.setdefault(loose_key(source), []).append((tu, target))
    return known, held


def _merge(tree, accepted, units: dict, source_tag: str, tag: str, report: ImportReport) -> None:
    known, held = _known_pairs(tree, units, source_tag, tag)
    body = tree.find("body")
    order = [unit for _n, unit in sorted(units.values(), key=lambda pair: pair[0])]
    ordered = sorted(accepted, key=lambda pair: units[pair[0].id][0])
    pieces = pieces_of([text for unit, entry in ordered for text in (unit.source, entry.target)])
    for number, (unit, entry) in enumerate(ordered):
        pairs = known.setdefault(loose_key(unit.source), set())
        mine = {target for context, target in pairs if context in ("", unit.id)}
        if loose_key(entry.target) in mine:
            report.duplicates += 1
            continue
        alternative = bool(mine) and not _supersedes(unit, held.get(loose_key(unit.source), []), tag, report)
        pairs.add((unit.id, loose_key(entry.target)))
        position = units[unit.id][0]
        props = [("x-kind", unit.kind)] + ([("x-state", "alternative")] if alternative else [])
        props += [(name, order[at].source) for name, at in (("x-context-prev", position - 1),
                                                             ("x-context-next", position + 1))
                  if 0 <= at < len(order)]
        # A text our writer does not spell the same way (straight quotes pandoc would
        # make typographic) goes in as plain text, exactly as the translator wrote it.
        add_unit(body, unit.id, source_tag, pieces[2 * number] or (Text(unit.source),), tag,
                 pieces[2 * number + 1] or (Text(entry.target),), props, _provenance(entry))
        (report.alternatives if alternative else report.added).append(unit.id)
        if STATE_KEPT in entry.provenance:
            report.state_kept.append(unit.id)
        if alternative:
            report.issues.append(Issue("import-conflict", "warning",
                                       f"unit '{unit.id}' already has a different translation; the new one is "
                                       "kept as an alternative", entry.origin, tag))


def _supersedes(unit: Unit, same_source: list, tag: str, report: ImportReport) -> bool:
    """Whether every translation the memory holds for ``unit`` (among ``same_source``, the
    ``<tu>``s of its source text) is one the build refuses (QA errors: markup the source
    lacks, changed code…): then the new one takes its place and they are kept as
    alternatives, so a corrected translation is published, not set aside."""
    held = [(tu, target) for tu, target in same_source
            if tu.get("tuid", unit.id) == unit.id and not _is_alternative(tu)]
    if not held:
        return False

    def refused(target: str) -> bool:
        return any(issue.severity == "error" for issue in
                   check_translations([unit], [Match(unit.id, "exact", 100, target, published=True)], tag))
    if not all(refused(target) for _tu, target in held):
        return False
    for tu, _target in held:
        state = etree.Element("prop", type="x-state")
        state.text = "alternative"
        tu.insert(next((i for i, child in enumerate(tu) if child.tag == "tuv"), len(tu)), state)
    report.superseded.append(unit.id)
    return True


def _translations_in(tree, source_tag: str, tag: str):
    """Each ``<tu>`` of the memory with its source and target text in ``tag``."""
    for tu in tree.iter("tu"):
        texts = {_language(tuv): "".join(tuv.find("seg").itertext()) for tuv in tu.findall("tuv")
                 if tuv.find("seg") is not None}
        source = next((t for lang, t in texts.items() if lang.split("-")[0] == source_tag.split("-")[0]), None)
        target = next((t for lang, t in texts.items() if lang.lower() == tag.lower()), None)
        if source is not None and target is not None:
            yield tu, source, target


def _is_alternative(tu) -> bool:
    return any(prop.get("type") == "x-state" and (prop.text or "").strip() == "alternative"
               for prop in tu.findall("prop"))


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
