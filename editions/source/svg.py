"""SVG images: what is published of them.

An SVG is a document that can run scripts and name other files and URLs. The
copy every edition publishes (HTML folder, EPUB, PDF) is ``sanitized``: no
script, no event handler, no ``foreignObject``, no reference other than to a
fragment of the same image (``#id``), no ``url(…)``, ``image-set()``, ``@import``
or the like to anything else in a ``<style>``, a ``style`` or a presentation
attribute (read as CSS, escapes decoded: ``css``), no comments or processing
instructions. The source stage reports what was
taken out (``findings``, one warning per image); an SVG that is not
well-formed XML, or declares entities, is refused with one line.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..errors import EditionsError, Issue
from . import css

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                         remove_comments=True, remove_pis=True, huge_tree=False)
REMOVED = frozenset({"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"})


def is_svg(path: str) -> bool:
    return path.lower().endswith((".svg", ".svgz"))


def published_bytes(root: Path, path: str) -> bytes:
    """The bytes of project file ``path`` as editions publish them (an SVG sanitized)."""
    data = (root / path).read_bytes()
    return sanitized(data, path)[0] if is_svg(path) else data


def findings(root: Path, path: str) -> list[Issue]:
    """What publishing image ``path`` takes out of it, as one warning (none for other images)."""
    if not is_svg(path):
        return []
    _data, removed = sanitized((root / path).read_bytes(), path)
    if not removed:
        return []
    shown = ", ".join(dict.fromkeys(removed))
    return [Issue("svg-sanitized", "warning", f"not published from this SVG: {shown}", path)]


def sanitized(data: bytes, where: str) -> tuple[bytes, list[str]]:
    """``data`` (an SVG document) without what may not be published, and what was removed."""
    if where.lower().endswith(".svgz"):
        raise EditionsError("compressed SVG (.svgz) is not published: save it as .svg", where)
    try:
        tree = etree.ElementTree(etree.fromstring(data, PARSER))
    except etree.XMLSyntaxError as error:
        raise EditionsError(f"not a well-formed SVG: {error.msg}", where, error.lineno) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and list(dtd.iterentities()):
        raise EditionsError("an SVG that declares entities is refused", where)
    root = tree.getroot()
    if root.tag != f"{{{SVG_NS}}}svg":
        raise EditionsError("not an SVG image: its root element is not <svg> in the SVG namespace", where)
    removed = _remove_elements(root)
    for element in root.iter():
        if isinstance(element.tag, str):
            removed += _clean_attributes(element)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True), removed


def _remove_elements(root) -> list[str]:
    """Remove the elements that may not be published (script, foreignObject…); what was removed."""
    removed = []
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        if local in REMOVED and element.getparent() is not None:
            removed.append(f"<{local}>")
            element.getparent().remove(element)
    return removed


def _clean_attributes(element) -> list[str]:
    """Remove an element's event handlers and outside references, in place; what was removed."""
    removed = []
    for name, value in list(element.attrib.items()):
        local = etree.QName(name).localname
        if local.lower().startswith("on"):
            removed.append(f"the event handler '{local}'")
            del element.attrib[name]
        elif name in ("href", XLINK_HREF) and not value.strip().startswith("#"):
            removed.append(f"the reference '{value.strip()}'")
            del element.attrib[name]
        elif name == "{http://www.w3.org/XML/1998/namespace}base":
            removed.append("xml:base")
            del element.attrib[name]
        elif local == "style":
            removed += _clean_style(element, name, value)
        elif css.references(value):
            removed.append(f"the attribute '{local}', which names {css.references(value)[0]}")
            del element.attrib[name]
    if etree.QName(element).localname == "style":
        removed += _style_text_only(element)
        if element.text:
            removed += _clean_style(element, None, element.text)
    return removed


def _style_text_only(element) -> list[str]:
    """A ``<style>`` whose elements are taken out, their text too: a reader's style sheet is
    the element's own text, all of it (what follows a child element included), so that is
    what is checked and published."""
    if not len(element):
        return []
    text = (element.text or "") + "".join(child.tail or "" for child in element)
    for child in list(element):
        element.remove(child)
    element.text = text
    return ["the elements inside <style>"]


def _clean_style(element, attribute: str | None, text: str) -> list[str]:
    """Remove the declarations and rules naming an outside reference from a ``style``
    attribute (``attribute``) or, when None, the ``<style>`` element's sheet; what was removed.
    A style naming none is left as written."""
    cleaned, taken = css.without_references(text, stylesheet=attribute is None)
    if not taken:
        return []       # as written
    if attribute is None:
        element.text = cleaned
    else:
        element.attrib[attribute] = cleaned
    place = "<style>" if attribute is None else "'style'"
    return [f"the reference {found} in {place}" for found in taken]
