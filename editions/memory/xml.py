"""Reading XML memory files safely, in whatever encoding the tool wrote them.

lxml with every door shut: no DTD loading, no entity expansion, no network.
A document that declares entities is refused outright. UTF-16 without a byte
order mark (some Windows tools write it) is recognised from the first bytes.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ..errors import EditionsError

DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>")


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True)


def parse(path: Path, where: str):
    """The root element of an XML file; ``EditionsError`` with the line otherwise."""
    data = _as_utf8(path.read_bytes())
    if re.search(rb"<!ENTITY", data):
        line = data[:data.index(b"<!ENTITY")].count(b"\n") + 1
        raise EditionsError("DTD entity declarations are refused in a memory file", where, line)
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as error:
        raise EditionsError(f"malformed XML: {error.msg}", where, error.lineno or None) from None
    entity = next(root.iter(etree.Entity), None)
    if entity is not None:
        # Declared by a DTD that is never loaded: the words it stands for would
        # silently be missing, so the file is refused.
        raise EditionsError(f"entity reference {entity.text} is refused in a memory file",
                            where, entity.sourceline)
    return root


def _as_utf8(data: bytes) -> bytes:
    """Bytes lxml reads the same way whatever the file's encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    elif data[:2] == b"<\x00":
        text = data.decode("utf-16-le")
    elif data[:2] == b"\x00<":
        text = data.decode("utf-16-be")
    elif data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8")
    else:
        return data
    return DECLARATION.sub(b"", text.encode("utf-8"), count=1)


def local(tag) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# Elements whose content is a segment's text and codes: never pretty-printed.
SEGMENTS = frozenset({"seg", "source", "target"})


def indent(element, space: str = "  ", level: int = 0) -> None:
    """Pretty-print like ``etree.indent``, but only between elements that hold
    no text: a segment's content (and any mixed content) is left exactly as it
    is, since whitespace there is part of the translation."""
    if len(element) == 0 or local(element.tag) in SEGMENTS or _mixed(element):
        return
    inner = "\n" + space * (level + 1)
    element.text = inner
    for child in element:
        child.tail = inner
        indent(child, space, level + 1)
    element[-1].tail = "\n" + space * level


def _mixed(element) -> bool:
    return bool((element.text or "").strip()) or any((child.tail or "").strip() for child in element)
