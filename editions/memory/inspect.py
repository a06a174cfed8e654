"""What a memory file holds, for ``memory info``: per language pair, the units that carry a
translation, how many entries are empty (a PO template's untranslated messages, an XLIFF unit
with no target) and so give nothing, and how many hold only a suggestion (PO ``#, fuzzy``,
an XLIFF target still ``new``/``needs-*``, an XLIFF 2.0 segment still ``initial``), which
the build does not publish either."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..errors import EditionsError
from . import READERS
from .xml import XML_LANG, local, parse


def describe(path: Path) -> str:
    """Lines: ``FILE: N translated units (E empty entries)`` (``, S suggestions`` when some
    are), then ``  SOURCE -> TARGET: N`` per language pair; raises ``EditionsError`` naming
    file and line for a file it cannot read."""
    where = str(path)
    if not path.is_file():
        raise EditionsError("file not found", where)
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise EditionsError(f"not a memory file (known: {', '.join(sorted(READERS))})", where)
    pairs, empty, suggestions = language_pairs(path, where)
    held = f", {suggestions} suggestions" if suggestions else ""
    lines = [f"{where}: {sum(pairs.values())} translated units ({empty} empty entries{held})"]
    lines += [f"  {source} -> {target}: {count}" for (source, target), count in sorted(pairs.items())]
    return "\n".join(lines)


def language_pairs(path: Path, where: str) -> tuple[Counter, int, int]:
    """Per (source, target) language code as the file spells them (a PO file's source is its
    ``X-Source-Language`` header, else ``source``; a missing code ``?``), its units that carry
    a translation; the empty entries; the entries holding only a suggestion."""
    if path.suffix.lower() == ".po":
        return _pairs_po(path, where)
    return _pairs_xml(parse(path, where), where)


def _text(element) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def _pairs_xml(root, where: str) -> tuple[Counter, int, int]:
    name = local(root.tag)
    if name == "tmx":
        return _pairs_tmx(root)
    if name == "xliff":
        return _pairs_xliff(root)
    raise EditionsError(f"not a memory file: root element <{name}>", where, root.sourceline)


def _pairs_tmx(root) -> tuple[Counter, int, int]:
    header = next((c for c in root if local(c.tag) == "header"), None)
    srclang = header.get("srclang", "*all*") if header is not None else "*all*"
    pairs, empty = Counter(), 0
    for tu in root.iter("tu"):
        variants = [(tuv.get(XML_LANG) or tuv.get("lang") or "?", tuv) for tuv in tu.findall("tuv")]
        source = srclang if srclang != "*all*" else (variants[0][0] if variants else "?")
        for lang, tuv in variants:
            if lang.lower() == source.lower():
                continue
            if _text(tuv.find("seg")):
                pairs[(source, lang)] += 1
            else:
                empty += 1
    return pairs, empty, 0


UNCONFIRMED = ("new", "needs-translation", "needs-l10n", "needs-adaptation", "needs-review-translation",
               "needs-review-l10n", "needs-review-adaptation", "initial")


def _pairs_xliff(root) -> tuple[Counter, int, int]:
    pairs, empty, suggestions = Counter(), 0, 0
    files = [e for e in root.iter() if local(e.tag) == "file" and e.get("source-language")]
    groups = [(f, f.get("source-language"), f.get("target-language", "?"), "trans-unit") for f in files]
    if root.get("srcLang"):
        groups.append((root, root.get("srcLang"), root.get("trgLang", "?"), "segment"))
    for holder, source, target, unit in groups:
        for element in (e for e in holder.iter() if local(e.tag) == unit):
            found = next((c for c in element if local(c.tag) == "target"), None)
            if not _text(found):
                empty += 1
            elif (found.get("state") or element.get("state") or "") in UNCONFIRMED or \
                    (unit == "segment" and not element.get("state")):    # XLIFF 2.0: no state is initial
                suggestions += 1
            else:
                pairs[(source, target)] += 1
    return pairs, empty, suggestions


def _pairs_po(path: Path, where: str) -> tuple[Counter, int, int]:
    import polib

    from .po import check_po_lines
    check_po_lines(path.read_bytes(), where)
    catalog = polib.pofile(str(path))
    language = catalog.metadata.get("Language", "?")
    source = catalog.metadata.get("X-Source-Language") or "source"
    entries = [e for e in catalog if e.msgid and not e.obsolete]
    filled = [e for e in entries if e.msgstr or any(e.msgstr_plural.values())]
    suggestions = sum(1 for e in filled if "fuzzy" in e.flags)
    return Counter({(source, language): len(filled) - suggestions}), len(entries) - len(filled), suggestions
