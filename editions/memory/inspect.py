"""What a memory file holds: its language pairs and unit counts, for ``memory info``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..errors import EditionsError
from . import READERS
from .xml import XML_LANG, local, parse


def describe(path: Path) -> str:
    where = str(path)
    if not path.is_file():
        raise EditionsError("file not found", where)
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise EditionsError(f"not a memory file (known: {', '.join(sorted(READERS))})", where)
    pairs = _pairs_po(path, where) if suffix == ".po" else _pairs_xml(parse(path, where), where)
    lines = [f"{where}: {sum(pairs.values())} units"]
    lines += [f"  {source} -> {target}: {count}" for (source, target), count in sorted(pairs.items())]
    return "\n".join(lines)


def _pairs_xml(root, where: str) -> Counter:
    name = local(root.tag)
    if name == "tmx":
        header = next((c for c in root if local(c.tag) == "header"), None)
        srclang = header.get("srclang", "*all*") if header is not None else "*all*"
        pairs = Counter()
        for tu in root.iter("tu"):
            langs = [tuv.get(XML_LANG) or tuv.get("lang") or "?" for tuv in tu.findall("tuv")]
            source = srclang if srclang != "*all*" else (langs[0] if langs else "?")
            for lang in langs:
                if lang.lower() != source.lower():
                    pairs[(source, lang)] += 1
        return pairs
    if name == "xliff":
        pairs = Counter()
        for element in root.iter():
            tag = local(element.tag)
            if tag == "file" and element.get("source-language"):
                count = sum(1 for e in element.iter() if local(e.tag) == "trans-unit")
                pairs[(element.get("source-language"), element.get("target-language", "?"))] += count
        if root.get("srcLang"):
            count = sum(1 for e in root.iter() if local(e.tag) == "segment")
            pairs[(root.get("srcLang"), root.get("trgLang", "?"))] += count
        return pairs
    raise EditionsError(f"not a memory file: root element <{name}>", where, root.sourceline)


def _pairs_po(path: Path, where: str) -> Counter:
    import polib

    from .po import check_po_lines
    check_po_lines(path.read_bytes(), where)
    catalog = polib.pofile(str(path))
    language = catalog.metadata.get("Language", "?")
    return Counter({("msgid", language): sum(1 for e in catalog if e.msgid and not e.obsolete)})



