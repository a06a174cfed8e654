"""Reading TMX 1.4b memories.

Parsed with lxml with every door shut: no DTD loading, no entity expansion,
no network. A memory is untrusted input: a DTD that declares entities is
refused outright rather than parsed cautiously.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..errors import EditionsError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True)


def parse_xml(path: Path, where: str) -> etree._ElementTree:
    try:
        tree = etree.parse(str(path), safe_parser())
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno else None
        raise EditionsError(f"malformed XML: {error.msg}", where, line) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise EditionsError("DTD entity declarations are refused in a memory file", where, 1)
    return tree


def language_matches(tag: str, wanted: str) -> int:
    """How well a TMX language code serves a locale: 2 exact, 1 same language, 0 not."""
    have = tag.replace("_", "-").lower()
    want = wanted.replace("_", "-").lower()
    if have == want:
        return 2
    return 1 if have.split("-")[0] == want.split("-")[0] else 0


def read_tmx(path: Path, source_tag: str, target_tag: str, where: str):
    """Yield (source, target, line) for each ``<tu>`` that has both languages."""
    root = parse_xml(path, where).getroot()
    if root.tag != "tmx":
        raise EditionsError("not a TMX file: the root element is not <tmx>", where, root.sourceline)
    for tu in root.iter("tu"):
        source = _best_seg(tu, source_tag)
        target = _best_seg(tu, target_tag)
        if source is not None and target is not None and target.strip():
            yield source, target, tu.sourceline


def _best_seg(tu, tag: str) -> str | None:
    best, best_score = None, 0
    for tuv in tu.findall("tuv"):
        score = language_matches(tuv.get(XML_LANG) or tuv.get("lang") or "", tag)
        seg = tuv.find("seg")
        if seg is not None and score > best_score:
            best, best_score = _seg_text(seg), score
    return best


def _seg_text(seg) -> str:
    """The text of a segment; inline codes (<ph>, <bpt>, ...) are left out."""
    parts = [seg.text or ""]
    for child in seg:
        parts.append(child.tail or "")
    return "".join(parts)
