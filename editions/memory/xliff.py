"""Reading XLIFF 1.2 and 2.0 files as memories.

Owns the XLIFF side of the reader contract (see ``editions.memory``): which
parts of a file are translations, their state, context and provenance, and the
walk over segment content that turns XLIFF inline codes into our inline
Markdown (the meaning of a code is ``inline``'s to decide, parsing is
``xml.parse``'s, language matching ``languages.serves``'s).

- XLIFF 1.2: one entry per ``<trans-unit>`` (in ``<group>`` too) whose
  ``<target>`` has text. In a ``<file datatype="x-markdown">`` (our exports) or
  of a ``.md`` original, codes hold Markdown and are taken back as written. ``<alt-trans>`` suggestions and ``<seg-source>`` are
  not read; ``<mrk>`` (segment marks in a target beside ``<seg-source>``) is read through.
  ``approved="yes"``, ``final`` and ``signed-off`` are approved,
  ``translated`` is translated, ``new`` and ``needs-*`` are fuzzy. In a file
  of ours (``<file tool-id="editions">``), a ``needs-translation`` target is
  the source's copy the export wrote: left equal to the source it gives no
  entry; changed, it is the translator's translation whatever the state says
  (OmegaT 3.6 writes none), read as translated with the ``STATE_KEPT`` mark.
- XLIFF 2.0: one entry per ``<segment>`` whose ``<target>`` has text. A
  segment without ``state`` is ``initial`` (the specification's default),
  hence fuzzy; ``reviewed`` and ``final`` are approved. Codes take their native
  markup from the unit's ``<originalData>``.

Context is ``resname`` (1.2) or the unit's ``name`` (2.0), else the unit id;
provenance is the ``<file original>`` and the unit's notes. A file whose
languages do not serve the source and target locales gives nothing. A file
that uses an entity (one its external DTD would declare; DTDs are never
loaded) is refused rather than read with words missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EditionsError
from . import tool_codes
from .entry import Entry
from .languages import serves
from .xml import parse

XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:"
MARKDOWN_SUFFIXES = (".md", ".markdown")
MARKDOWN_FORMAT = "{urn:editions:1}format"   # set by our 2.0 exports: native codes are Markdown
MARKDOWN_DATATYPES = ("x-markdown", "markdown")  # a 1.2 <file datatype> saying the same
OUR_TOOL = "editions"        # the <file tool-id> of our 1.2 exports
COPY_STATE = "needs-translation"   # the state of the source's copy they write as a unit's target
STATE_KEPT = ("state-kept", COPY_STATE)   # provenance of a changed copy whose state the tool left
V1_STATES = {"translated": "translated", "final": "approved", "signed-off": "approved", "new": "fuzzy"}
V2_STATES = {"initial": "fuzzy", "translated": "translated", "reviewed": "approved", "final": "approved"}


@dataclass
class Codes:
    """What the inline walk of one unit needs: native codes by id, hints of started codes."""

    data: dict[str, str] = field(default_factory=dict)
    started: dict[str, str] = field(default_factory=dict)
    markdown: bool = False    # the original is Markdown: native codes are our inline markup as written


def read_xliff(path: Path, source_tag: str, target_tag: str, where: str):
    """The entries of an XLIFF 1.2 or 2.0 file (the version is the root's)."""
    root = parse(path, where)
    if name_of(root) != "xliff":
        raise EditionsError("not an XLIFF file: the root element is not <xliff>", where, root.sourceline)
    if root.get("version", "").startswith("2") or root.tag.startswith("{" + XLIFF_NAMESPACE + "2"):
        yield from _read_v2(root, source_tag, target_tag, where)
    else:
        yield from _read_v1(root, source_tag, target_tag, where)


def name_of(element) -> str:
    """An XLIFF element's name; "" for comments, processing instructions and other vocabularies."""
    if not isinstance(element.tag, str):
        return ""
    namespace, _, name = element.tag[1:].partition("}") if element.tag.startswith("{") else ("", "", element.tag)
    return name if not namespace or namespace.startswith(XLIFF_NAMESPACE) else ""


def _children(element, name: str) -> list:
    return [child for child in element if name_of(child) == name]


def _child(element, name: str):
    return next(iter(_children(element, name)), None)


def _descendants(element, name: str) -> list:
    return [found for found in element.iter() if name_of(found) == name]


def _languages_serve(source_code: str, target_code: str, source_tag: str, target_tag: str) -> bool:
    """A language the file does not state is taken to be the one wanted."""
    return all(serves(code, tag) for code, tag in ((source_code, source_tag), (target_code, target_tag)) if code)


def _file_provenance(file) -> tuple[tuple[str, str], ...]:
    return (("file", file.get("original")),) if file.get("original") else ()


def _notes(unit) -> tuple[tuple[str, str], ...]:
    """Notes of a unit: ``<note>`` children (1.2) or those of ``<notes>`` (2.0)."""
    holders = [unit] + _children(unit, "notes")
    return tuple(("note", note.text.strip()) for holder in holders for note in _children(holder, "note")
                 if note.text and note.text.strip())


def _entry(source: str, target: str, origin: str, state: str, context: str, provenance) -> Entry | None:
    if not source.strip() or not target.strip():
        return None
    return Entry(source=source, target=target, origin=origin, state=state, context=context,
                 provenance=provenance)


# XLIFF 1.2

def _read_v1(root, source_tag: str, target_tag: str, where: str):
    for file in _children(root, "file"):
        if not _languages_serve(file.get("source-language", ""), file.get("target-language", ""),
                                source_tag, target_tag):
            continue
        markdown = (file.get("datatype", "").lower() in MARKDOWN_DATATYPES
                    or file.get("original", "").lower().endswith(MARKDOWN_SUFFIXES))
        ours = file.get("tool-id") == OUR_TOOL
        for unit in _descendants(file, "trans-unit"):
            entry = _v1_entry(unit, where, _file_provenance(file), markdown, ours)
            if entry is not None:
                yield entry


def _v1_entry(unit, where: str, provenance, markdown: bool = False, ours: bool = False) -> Entry | None:
    source, target = _child(unit, "source"), _child(unit, "target")
    if source is None or target is None or unit.get("restype") == "x-gettext-domain-header":
        return None     # the PO header po2xliff carries over is no translation
    codes = Codes(markdown=markdown)
    source_text, target_text = _v1_markdown(source, codes), _v1_markdown(target, codes)
    state = _v1_state(unit, target)
    if ours and state == "fuzzy" and target.get("state", "") == COPY_STATE:
        if target_text == source_text:
            return None         # still the copy of the source our export wrote: not translated
        # Changed by the translator in a tool that leaves states alone (OmegaT 3.6)
        state, provenance = "translated", provenance + (STATE_KEPT,)
    return _entry(source_text, target_text, f"{where}:{unit.sourceline}", state,
                  unit.get("resname") or unit.get("id", ""), provenance + _notes(unit))


def _v1_state(unit, target) -> str:
    if unit.get("approved", "").lower() == "yes":
        return "approved"
    state = target.get("state", "translated").lower()
    return "fuzzy" if state.startswith("needs-") else V1_STATES.get(state, "translated")


def _markdown(element, codes: Codes, code) -> str:
    """An element's content with each inline code turned to Markdown by ``code``
    (``_v1_code`` for XLIFF 1.2, ``_v2_code`` for 2.0)."""
    parts = [element.text or ""]
    for child in element:
        parts += [code(child, codes), child.tail or ""]
    return "".join(parts)


def _v1_markdown(element, codes: Codes) -> str:
    return _markdown(element, codes, _v1_code)


def _v1_code(child, codes: Codes) -> str:
    name, hint = name_of(child), child.get("ctype", "")
    key = child.get("rid") or child.get("id", "")
    if codes.markdown and name in ("bpt", "ept", "it", "ph", "bx", "ex", "x"):
        # A Markdown original: the code holds (or its equiv-text gives) our markup as written.
        return _native(child) or child.get("equiv-text", "")
    if name == "g":
        return tool_codes.opening("", hint) + _v1_markdown(child, codes) + tool_codes.closing("", hint)
    if name in ("bpt", "bx"):
        codes.started[key] = hint
        return tool_codes.opening(_native(child), hint)
    if name in ("ept", "ex"):
        return tool_codes.closing(_native(child), codes.started.get(key, hint))
    if name == "it":
        convert = tool_codes.opening if child.get("pos") == "open" else tool_codes.closing
        return convert(_native(child), hint)
    if name in ("x", "ph"):
        return tool_codes.standalone(_native(child) or child.get("equiv-text", ""))
    if name == "mrk":
        return _v1_markdown(child, codes)
    return ""


def _native(code) -> str:
    """The native markup a 1.2 code element holds as text."""
    return "".join(code.itertext())


# XLIFF 2.0

def _read_v2(root, source_tag: str, target_tag: str, where: str):
    if not _languages_serve(root.get("srcLang", ""), root.get("trgLang", ""), source_tag, target_tag):
        return
    for file in _children(root, "file"):
        markdown = (file.get(MARKDOWN_FORMAT) == "markdown"
                    or file.get("original", "").lower().endswith(MARKDOWN_SUFFIXES))
        for unit in _descendants(file, "unit"):
            yield from _v2_entries(unit, where, _file_provenance(file), markdown)


def _v2_entries(unit, where: str, provenance, markdown: bool = False):
    codes = Codes(data=_original_data(unit), markdown=markdown)
    context = unit.get("name") or unit.get("id", "")
    for segment in _children(unit, "segment"):
        source, target = _child(segment, "source"), _child(segment, "target")
        if source is None or target is None:
            continue
        state = V2_STATES.get(segment.get("state", "initial").lower(), "fuzzy")
        entry = _entry(_v2_markdown(source, codes), _v2_markdown(target, codes),
                       f"{where}:{segment.sourceline}", state, context, provenance + _notes(unit))
        if entry is not None:
            yield entry


def _original_data(unit) -> dict[str, str]:
    """The native codes of a unit, by the id ``dataRef*`` attributes name."""
    return {data.get("id", ""): "".join(data.itertext())
            for holder in _children(unit, "originalData") for data in _children(holder, "data")}


def _v2_markdown(element, codes: Codes) -> str:
    return _markdown(element, codes, _v2_code)


def _v2_code(child, codes: Codes) -> str:
    name, hint = name_of(child), _v2_hint(child)
    opening, closing, standalone = ((_verbatim, _verbatim, _verbatim) if codes.markdown
                                    else (tool_codes.opening, tool_codes.closing, lambda native, _hint: tool_codes.standalone(native)))
    if name == "pc":
        return (opening(codes.data.get(child.get("dataRefStart", ""), ""), hint)
                + _v2_markdown(child, codes)
                + closing(codes.data.get(child.get("dataRefEnd", ""), ""), hint))
    if name == "sc":
        codes.started[child.get("id", "")] = hint
        return opening(codes.data.get(child.get("dataRef", ""), ""), hint)
    if name == "ec":
        hint = codes.started.get(child.get("startRef", ""), hint)
        return closing(codes.data.get(child.get("dataRef", ""), ""), hint)
    if name == "ph":
        native = codes.data.get(child.get("dataRef", ""), "")
        return standalone(native or child.get("equiv", "") or child.get("disp", ""), hint)
    if name == "mrk":
        return _v2_markdown(child, codes)
    return ""


def _verbatim(native: str, _hint: str = "") -> str:
    """A native code of a Markdown original: already our inline markup."""
    return native


def _v2_hint(code) -> str:
    """The first of ``subType`` and ``type`` that says what a code means."""
    candidates = (code.get("subType", ""), code.get("type", ""))
    return next((hint for hint in candidates if hint.lower() in tool_codes.FORMAT_HINTS), "")
