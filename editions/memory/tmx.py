"""Reading TMX 1.4b memories as CAT tools write them.

Languages in any spelling (``xml:lang`` or the old ``lang``), ``srclang``
given or ``*all*``, inline codes (``bpt``/``ept``/``it``/``ph``/``ut``/``hi``)
mapped to our inline Markdown, and provenance kept: ``tuid``, props, notes,
creation and change ids and dates. The context is the ``tuid``, else an
``x-context`` prop (Translate Toolkit's po2tmx puts the PO msgctxt there).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from .. import __version__
from ..errors import EditionsError
from . import tool_codes
from .entry import Entry
from .languages import ALL, serves
from .xml import XML_LANG, local, parse

PROVENANCE_ATTRIBUTES = ("creationid", "creationdate", "changeid", "changedate", "creationtool")
# Props in which tools record a unit's state (Trados writes x-ConfirmationLevel).
STATE_PROPS = ("x-state", "x-status", "state", "x-confirmationlevel")
NEIGHBOUR_PROPS = {"prev": 0, "x-context-prev": 0, "next": 1, "x-context-next": 1}


def read_tmx(path: Path, source_tag: str, target_tag: str, where: str):
    root = parse(path, where)
    if local(root.tag) != "tmx":
        raise EditionsError("not a TMX file: the root element is not <tmx>", where, root.sourceline)
    header = next((c for c in root if local(c.tag) == "header"), None)
    srclang = header.get("srclang", ALL) if header is not None else ALL
    # Our own exports say their codes hold Markdown, to be taken back as written.
    markdown = header is not None and header.get("datatype", "").lower() == "markdown"
    if srclang != ALL and not serves(srclang, source_tag):
        return
    for tu in root.iter("tu"):
        variants = [(tuv.get(XML_LANG) or tuv.get("lang") or "", tuv) for tuv in tu.findall("tuv")]
        source = _best(variants, source_tag)
        target = _best(variants, target_tag)
        if source is None or target is None or source is target:
            continue
        text = _segment_text(target, markdown)
        if not text.strip():
            continue
        yield Entry(source=_segment_text(source, markdown), target=text, origin=f"{where}:{tu.sourceline}",
                    state=_state(tu), context=_context(tu), neighbours=_neighbours(tu),
                    provenance=_provenance(tu, target))


def _best(variants, tag: str):
    scored = [(serves(code, tag), tuv) for code, tuv in variants]
    scored = [item for item in scored if item[0] > 0]
    return max(scored, key=lambda item: item[0])[1] if scored else None


def _segment_text(tuv, markdown: bool = False) -> str:
    seg = tuv.find("seg")
    if seg is None:
        return ""
    return "".join(seg.itertext()) if markdown else segment_markdown(seg)


def segment_markdown(seg, opened: dict | None = None) -> str:
    """A ``<seg>``'s text with its inline codes turned into Markdown; an
    ``<ept>`` closes with whatever its ``<bpt>`` (same ``i``) opened."""
    opened = {} if opened is None else opened
    parts = [seg.text or ""]
    for child in seg:
        name = local(child.tag)
        native = "".join(child.itertext())
        if name == "bpt":
            opened[child.get("i")] = tool_codes.opening(native, child.get("type", ""))
            parts.append(opened[child.get("i")])
        elif name == "ept":
            parts.append(opened.pop(child.get("i"), None) or tool_codes.closing(native))
        elif name == "it":
            parts.append(tool_codes.opening(native, child.get("type", "")))
        elif name in ("ph", "ut"):
            parts.append(tool_codes.standalone(native))
        elif name == "hi":
            parts.append(segment_markdown(child, opened))
        parts.append(child.tail or "")
    return "".join(parts)


def _state(tu) -> str:
    for prop in tu.findall("prop"):
        if prop.get("type", "").lower() in STATE_PROPS and prop.text:
            value = prop.text.strip().lower()
            if "fuzzy" in value or value in ("draft", "needs-review", "needs-translation", "new", "stale",
                                             "alternative", "unspecified", "rejectedtranslation"):
                return "fuzzy"
            if value in ("approved", "final", "signed-off", "reviewed", "approvedtranslation",
                         "approvedsignoff"):
                return "approved"
    return "translated"


def _context(tu) -> str:
    """The ``tuid``, else the ``x-context`` prop Translate Toolkit's po2tmx writes (the msgctxt)."""
    if tu.get("tuid"):
        return tu.get("tuid")
    return next((p.text.strip() for p in tu.findall("prop")
                 if p.get("type", "").lower() == "x-context" and p.text and p.text.strip()), "")


def _neighbours(tu) -> tuple[str, str]:
    found = ["", ""]
    for prop in tu.findall("prop"):
        index = NEIGHBOUR_PROPS.get(prop.get("type", "").lower())
        if index is not None and prop.text:
            found[index] = prop.text
    return found[0], found[1]


def _provenance(tu, target) -> tuple[tuple[str, str], ...]:
    kept = [(name, element.get(name)) for element in (tu, target) for name in PROVENANCE_ATTRIBUTES
            if element.get(name)]
    kept += [(f"prop:{p.get('type', '')}", p.text or "") for p in tu.findall("prop")]
    kept += [("note", n.text or "") for n in tu.findall("note") + target.findall("note")]
    return tuple(kept)


def new_tmx(source_tag: str) -> etree._Element:
    """An empty TMX 1.4 document whose header names ``source_tag`` as the source language."""
    tmx = etree.Element("tmx", version="1.4")
    etree.SubElement(tmx, "header", creationtool="Editions", creationtoolversion=__version__, segtype="paragraph",
                     adminlang="en", srclang=source_tag, datatype="markdown", **{"o-tmf": "Editions"})
    etree.SubElement(tmx, "body")
    return tmx
