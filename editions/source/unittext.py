"""Unit text: a unit's inline content written as pandoc Markdown, and read back.

The form translators see and memories store. Writing is ours (``write``):
each inline element has one readable spelling (``*em*``, ``**strong**``,
``[text](url)``, ``H<sub>2</sub>O``, ``First\\`` + newline for a hard break,
``[^1]`` for a footnote), text is escaped just enough for pandoc's reader to
give back the same characters, and quotation marks typed as curly stay curly
(straight ones are the source's Quoted elements). The same walk cuts the text
into pieces for the exchange formats (text, paired codes and placeholders),
so every format spells a unit exactly as its text does.

The invariant: for every slot value V, ``read(write(V)) == V``. Segmentation
checks it for each unit (one pandoc call for all). A unit whose ordinary
spelling does not read back is written in a protected spelling: first with
only sub- and superscripts protected, then every emphasis, quotation and
the like as a span with a class of ours
(``[word]{.ed-emph}``) that reading turns back into the element, and all
ASCII punctuation of its text escaped. ``roundtrip_failures`` reports what
neither spelling can carry (a translation identical to the source text still
gives back the source exactly: see ``localize``).

Reading is for untrusted text (translations, memories): one paragraph of
inline Markdown. Raw HTML and TeX are read as raw codes so that a source's
own codes come back as they were; which codes, attributes and targets a
translation may carry is decided against its source (``markup_signature``).
Divs, metadata blocks, title blocks, native spans and TeX macros are off.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from . import pandoc, slowmarkup
from .ast import unwrap_soft_breaks

NOTE_MARK = re.compile(r"\[\^(\d+)\]")
DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]*\]:", re.MULTILINE)   # a note or link reference definition
SEPARATOR = "EDITIONS-UNIT-SEPARATOR-5b1e"
NOTE_LABEL = "EDITIONS-NOTE-5b1e-"
TRANSLATION_READER = ("-yaml_metadata_block-pandoc_title_block-implicit_figures-native_divs-fenced_divs"
                      "-markdown_in_html_blocks-native_spans-latex_macros-fancy_lists-example_lists"
                      "-definition_lists-line_blocks-pipe_tables-simple_tables-multiline_tables"
                      "-grid_tables-table_captions")
QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"',
                        "\u00bb": '"', "\u2032": "'", "\u00a0": " ", "\u202f": " "})
ASCII_PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
ALWAYS_ESCAPED = set("\\`*[]<$^~\"'{")
LINE_START = set("#>|%+-:=")
LIST_MARKER = re.compile(r"^\(?(?:\d+|[a-zA-Z]|[ivxlcdm]+|[IVXLCDM]+|#)([.)])$")
ENTITY = re.compile(r"&#?\w+;")
# Elements with an ordinary spelling of delimiters around their content.
DELIMITED = {"Emph": ("*", "*"), "Strong": ("**", "**"), "Strikeout": ("~~", "~~"),
             "Superscript": ("^", "^"), "Subscript": ("~", "~"),
             "SmallCaps": ("[", "]{.smallcaps}"), "Underline": ("[", "]{.underline}")}
# The protected spelling: a span of ours, turned back into the element when read.
PROTECTED = {"Emph": "ed-emph", "Strong": "ed-strong", "Strikeout": "ed-strikeout",
             "Superscript": "ed-superscript", "Subscript": "ed-subscript", "SmallCaps": "ed-smallcaps",
             "Underline": "ed-underline", "DoubleQuote": "ed-double-quote", "SingleQuote": "ed-single-quote"}
UNPROTECTED = {name: kind for kind, name in PROTECTED.items()}
# Spellings tried before the fully protected one: only some elements as spans
# (pandoc reads a literal "[^1]" in a subscript as a note mark when note 1 exists).
SPELLINGS = {"scripts": ("Superscript", "Subscript")}


# Pieces: a unit text cut for the exchange formats --------------------------------

@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Paired:
    kind: str
    start: str
    end: str
    content: tuple


@dataclass(frozen=True)
class Placeholder:
    kind: str
    native: str


def markdown_of(pieces) -> str:
    """The Markdown the pieces stand for: the unit text they were cut from."""
    out = []
    for piece in pieces:
        if isinstance(piece, Text):
            out.append(piece.text)
        elif isinstance(piece, Paired):
            out.append(piece.start + markdown_of(piece.content) + piece.end)
        else:
            out.append(piece.native)
    return "".join(out)


# Comparison keys ----------------------------------------------------------------

def normalize(text: str) -> str:
    """The form in which unit texts are compared: NFC, runs of spaces and tabs
    made one, and the ends trimmed of them. Line ends (a hard break is a
    backslash and a line end; two spaces before one are a break too), no-break
    spaces and other significant whitespace are kept."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n")
    text = re.sub(r"(?<!\\)[ \t]{2,}\n", "\\\\\n", text)     # two-space break, spelled as ours
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    return re.sub(r"[ \t]+", " ", text).strip(" \t\n")


def loose_key(text: str) -> str:
    """The key of an exact match: normalized, typographic quotes plain."""
    return normalize(text).translate(QUOTES)


# Writing --------------------------------------------------------------------------

class _Writer:
    def __init__(self, protected: bool | str):
        self.protected = protected is True                  # everything, and all punctuation escaped
        self.spans = set(PROTECTED) if protected is True else set(SPELLINGS.get(protected or "", ()))
        self.notes = 0
        self.line_start = True

    def pieces(self, inlines: list) -> list:
        out: list = []
        for index, inline in enumerate(inlines):
            written = self.inline(inline, inlines, index)
            if (index and inlines[index - 1]["t"] == "Note" and written and isinstance(written[0], Text)
                    and written[0].text.startswith(":")):
                written[0] = Text("\\" + written[0].text)   # "[^1]:" would define a note
            out.extend(written)
        return out

    def inline(self, inline: dict, siblings: list, index: int) -> list:
        kind, content = inline["t"], inline.get("c")
        at_start = self.line_start
        self.line_start = False
        if kind == "Str":
            return [Text(self.escape(content, at_start))]
        if kind in ("Space", "SoftBreak"):
            return [Text(" ")]
        if kind == "LineBreak":
            self.line_start = True
            return [Placeholder("LineBreak", "\\\n")]
        if kind in DELIMITED:
            return [self.delimited(kind, content)]
        if kind == "Quoted":
            return self.quoted(content)
        if kind == "Span":
            return [self.span("Span", content[1], content[0])]
        if kind in ("Link", "Image"):
            return [self.link(kind, content)]
        return [self.leaf(kind, content, inline)]

    def delimited(self, kind: str, content: list) -> Paired:
        """Emphasis, strong, strikeout, super- and subscript, small caps: their delimiters,
        or a protected span where pandoc would not read the delimiters back."""
        if kind in self.spans:
            return self.span(kind, content, ["", [PROTECTED[kind]], []])
        start, end = DELIMITED[kind]
        if kind == "Emph" and _edges_have(content, ("Strong", "Emph")):
            start = end = "_"
        elif kind == "Strong" and _edges_have(content, ("Emph", "Strong")):
            start = end = "__"
        return Paired(kind, start, end, tuple(self.pieces(content)))

    def quoted(self, content: list) -> list:
        quote, inner = content[0]["t"], content[1]
        if quote in self.spans:
            return [self.span("Quoted", inner, ["", [PROTECTED[quote]], []])]
        mark = '"' if quote == "DoubleQuote" else "'"
        return [Text(mark), *self.pieces(inner), Text(mark)]

    def link(self, kind: str, content: list):
        attr, text, (url, title) = content
        if kind == "Image":
            return Paired("Image", "![", f"]({_target(url, title)}){_attr(attr)}", tuple(self.pieces(text)))
        if (attr[1] in (["uri"], ["email"]) and not attr[0] and not attr[2]
                and text == [{"t": "Str", "c": url.removeprefix("mailto:")}]
                and not title and not re.search(r"[\s<>]", url)):
            return Placeholder("Link", f"<{url.removeprefix('mailto:') if attr[1] == ['email'] else url}>")
        return Paired("Link", "[", f"]({_target(url, title)}){_attr(attr)}", tuple(self.pieces(text)))

    def leaf(self, kind: str, content, inline: dict) -> Placeholder:
        """An element a translator keeps whole: code, math, raw HTML or TeX, a note mark, a citation."""
        if kind == "Code":
            return Placeholder("Code", _code(content[1]) + _attr(content[0]))
        if kind == "Math":
            fence = "$$" if content[0]["t"] == "DisplayMath" else "$"
            return Placeholder("Math", f"{fence}{content[1]}{fence}")
        if kind == "RawInline":
            fmt, text = content
            native = text if fmt in ("html", "tex") else f"{_code(text)}{{={fmt}}}"
            return Placeholder("RawInline", native)
        if kind == "Note":
            self.notes += 1
            return Placeholder("Note", f"[^{_note_number(inline) or self.notes}]")
        if kind == "Cite":
            return Placeholder("Cite", _verbatim(content[1]))
        raise ValueError(f"no unit text for a {kind}")

    def span(self, kind: str, content: list, attr: list) -> Paired:
        return Paired(kind, "[", "]" + (_attr(attr) or "{}"), tuple(self.pieces(content)))

    def escape(self, text: str, at_start: bool) -> str:
        out = []
        for position, ch in enumerate(text):
            before = text[position - 1] if position else ""
            after = text[position + 1] if position + 1 < len(text) else ""
            if self.protected and ch in ASCII_PUNCTUATION:
                escaped = True
            elif ch in ALWAYS_ESCAPED:
                escaped = True
            elif ch == "_":
                escaped = not (before.isalnum() and after.isalnum())
            elif ch == "@":
                escaped = not before.isalnum()
            elif ch == "&":
                escaped = bool(ENTITY.match(text, position))
            elif ch == "-":
                escaped = "-" in (before, after)
            elif ch == ".":
                escaped = "..." in text[max(0, position - 2):position + 3]
            else:
                escaped = False
            out.append("\\" + ch if escaped else ch)
        written = "".join(out)
        if at_start and written:
            marker = LIST_MARKER.match(text)
            if marker:
                written = written[:-1] + "\\" + written[-1]
            elif written[0] in LINE_START:
                written = "\\" + written
            if written[0] in "\u00a0\u2028\u2029\u202f" or written[0].isspace():
                written = _space_escape(written)
        return written


def _space_escape(text: str) -> str:
    """Leading whitespace a paragraph would lose, as numeric entities."""
    head = len(text) - len(text.lstrip())
    return "".join(f"&#x{ord(ch):X};" for ch in text[:head]) + text[head:]


def _edges_have(content: list, kinds: tuple) -> bool:
    return bool(content) and (content[0]["t"] in kinds or content[-1]["t"] in kinds)


def _note_number(inline: dict) -> int | None:
    blocks = inline["c"]
    if (len(blocks) == 1 and blocks[0]["t"] == "Para" and len(blocks[0]["c"]) == 1
            and blocks[0]["c"][0]["t"] == "Str" and blocks[0]["c"][0]["c"].startswith(NOTE_LABEL)):
        return int(blocks[0]["c"][0]["c"][len(NOTE_LABEL):])
    return None


def _verbatim(inlines: list) -> str:
    """A citation as it was written: pandoc keeps its text in the Cite."""
    return "".join(_word(inline) if _word(inline) is not None else markdown_of(_Writer(False).pieces([inline]))
                   for inline in inlines)


def _word(inline: dict) -> str | None:
    """The text of a word or a space; None for any other element."""
    if inline["t"] == "Str":
        return inline["c"]
    return " " if inline["t"] in ("Space", "SoftBreak") else None


def _code(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _target(url: str, title: str) -> str:
    written = f"<{url}>" if (not url or re.search(r"[\s()<>]", url)) and "<" not in url and ">" not in url \
        else url.replace("\\", "\\\\")
    if title:
        written += ' "' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return written


def _attr(attr: list) -> str:
    identifier, classes, pairs = attr
    parts = ([f"#{identifier}"] if identifier else []) + [f".{c}" for c in classes]
    parts += [f'{key}="' + value.replace("\\", "\\\\").replace('"', '\\"') + '"' for key, value in pairs]
    return "{" + " ".join(parts) + "}" if parts else ""


def as_inlines(value) -> list:
    """A slot value as inlines: a plain string (a credit) is one piece of text."""
    if not isinstance(value, str):
        return value
    inlines: list = []
    for number, word in enumerate(value.split(" ")):
        if number:
            inlines.append({"t": "Space"})
        if word:
            inlines.append({"t": "Str", "c": word})
    return inlines


def write(value, protected: bool | str = False) -> list:
    """The pieces of a slot value's unit text (inlines, or a plain string), in
    the ordinary spelling, a partly protected one (a name of ``SPELLINGS``) or
    the protected one (``True``)."""
    return _Writer(protected).pieces(as_inlines(value))


def to_markdown(values: list) -> list[str]:
    """Unit texts for slot values: each in its ordinary spelling when that reads
    back to the value, else in its protected spelling."""
    return [text for text, _ok in write_units(values)]


def write_units(values: list) -> list[tuple[str, bool]]:
    """(unit text, whether it reads back to the value) for each slot value;
    all checked in one pandoc call per spelling."""
    expected = [_comparable(value) for value in values]
    texts = [markdown_of(write(value)) for value in values]
    ok = [_same(read, want) for read, want in zip(from_markdown(texts, "segmentation"), expected)]
    for spelling in (*SPELLINGS, True):
        again = [i for i, good in enumerate(ok) if not good]
        if not again:
            break
        written = [markdown_of(write(values[i], protected=spelling)) for i in again]
        for index, text, read in zip(again, written, from_markdown(written, "segmentation")):
            if _same(read, expected[index]):
                texts[index], ok[index] = text, True
    return list(zip(texts, ok))


def _same(read, expected) -> bool:
    """Whether a unit text read back gives the value (a citation's note number
    counts notes of the whole document, so it is not compared)."""
    return read is not None and _without_note_numbers(read) == _without_note_numbers(expected)


def _without_note_numbers(node):
    if isinstance(node, list):
        return [_without_note_numbers(item) for item in node]
    if isinstance(node, dict):
        return {key: 0 if key == "citationNoteNum" else _without_note_numbers(value)
                for key, value in node.items()}
    return node


def roundtrip_failures(values: list) -> list[tuple[object, str]]:
    """The slot values whose unit text does not read back to them, with the text."""
    return [(value, text) for value, (text, ok) in zip(values, write_units(values)) if not ok]


def _comparable(value) -> list:
    """A slot value as reading its unit text gives it back: soft breaks are
    spaces and each footnote is its numbered mark."""
    inlines = unwrap_soft_breaks(as_inlines(value))
    number = 0

    def mark(inline):
        nonlocal number
        number += 1
        return _note_mark(number)
    return _map_notes(inlines, mark)


def _note_mark(number: int) -> dict:
    return {"t": "Note", "c": [{"t": "Para", "c": [{"t": "Str", "c": f"{NOTE_LABEL}{number}"}]}]}


def _map_notes(inlines: list, replace) -> list:
    """Inlines with every footnote (at any depth, outside other notes) replaced."""
    result = []
    for inline in inlines:
        if inline["t"] == "Note":
            result.append(replace(inline))
        elif isinstance(inline.get("c"), list):
            result.append(dict(inline, c=_map_content(inline, replace)))
        else:
            result.append(inline)
    return result


def _map_content(inline: dict, replace):
    kind, content = inline["t"], inline["c"]
    if kind in ("Link", "Image", "Span"):
        return [content[0], _map_notes(content[1], replace), *content[2:]]
    if kind == "Quoted":
        return [content[0], _map_notes(content[1], replace)]
    if kind == "Cite":
        return [content[0], _map_notes(content[1], replace)]
    if kind in DELIMITED:
        return _map_notes(content, replace)
    return content


# Reading ------------------------------------------------------------------------

def from_markdown(texts: list[str], where: str, known: dict[str, list | None] | None = None) -> list[list | None]:
    """Inline lists for unit texts; ``None`` for a text that is not one paragraph.
    A footnote mark ``[^n]`` reads as a note holding its number (see
    ``restore_notes``), our protected spans as the elements they stand for.
    ``known``: texts already read, taken from it, and where the texts this call reads
    are kept (a text's reading does not depend on the texts read with it); a text
    given twice then gives the same list twice."""
    if known is not None:
        missing = [text for text in dict.fromkeys(texts) if text not in known]
        known.update(zip(missing, from_markdown(missing, where)))
        return [known[text] for text in texts]
    if not texts:
        return []
    refused = [_no_unit(text) for text in texts]
    if any(refused):
        kept = [i for i, no_unit in enumerate(refused) if not no_unit]
        result: list[list | None] = [None] * len(texts)
        for index, inlines in zip(kept, from_markdown([texts[i] for i in kept], where)):
            result[index] = inlines
        return result
    marked = [bool(NOTE_MARK.search(text)) for text in texts]
    if any(marked) and not all(marked):
        # Notes defined only for texts that mark one: pandoc reads a literal
        # "[^1]" in a subscript as a mark whenever note 1 is defined.
        read = {False: iter(_read([t for t, m in zip(texts, marked) if not m], where)),
                True: iter(_read([t for t, m in zip(texts, marked) if m], where))}
        return [next(read[m]) for m in marked]
    return _read(texts, where)


def _no_unit(text: str) -> bool:
    """Whether ``text`` is no unit, known without reading it: it holds a definition (of a
    note or a link reference), which would hold for every text read with it; or what pandoc
    reads only slowly (``slowmarkup``): a line indented as lists hundreds deep, or brackets
    nested or left open past its limits (a unit with a link in brackets nests two)."""
    return (bool(DEFINITION.search(text)) or slowmarkup.deep_indent(text) is not None
            or slowmarkup.slow_brackets(text) is not None)


def split_at(blocks: list, separator: str) -> list[list]:
    """The blocks of a document read from texts joined by paragraphs holding only the word
    ``separator``, split back into the blocks of each text (one group more than separators)."""
    groups: list[list] = [[]]
    for block in blocks:
        if block["t"] == "Para" and block["c"] == [{"t": "Str", "c": separator}]:
            groups.append([])
        else:
            groups[-1].append(block)
    return groups


def _read(texts: list[str], where: str) -> list[list | None]:
    if not texts:
        return []
    numbers = sorted({int(n) for text in texts for n in NOTE_MARK.findall(text)})
    definitions = "".join(f"\n\n[^{n}]: {NOTE_LABEL}{n}" for n in numbers)
    joined = f"\n\n{SEPARATOR}\n\n".join(texts) + definitions + "\n"
    try:
        blocks = pandoc.read_markdown(joined, what=where, extensions=TRANSLATION_READER, soft_breaks=False)["blocks"]
    except pandoc.TooSlow:
        # One text pandoc reads in exponential time: it alone is no unit, the others are read.
        return [None] if len(texts) == 1 else [_read([text], where)[0] for text in texts]
    groups = split_at(blocks, SEPARATOR)
    if len(groups) != len(texts):
        if len(texts) == 1:
            return [None]
        return [_read([text], where)[0] for text in texts]
    return [_unprotect(group[0]["c"])
            if len(group) == 1 and group[0]["t"] in ("Para", "Plain") else None for group in groups]


def _unprotect(inlines: list) -> list:
    result = []
    for inline in inlines:
        kind = inline["t"]
        if kind == "Note":
            result.append(inline)
            continue
        if kind == "Span" and inline["c"][0][0] == "" and not inline["c"][0][2] \
                and len(inline["c"][0][1]) == 1 and inline["c"][0][1][0] in UNPROTECTED:
            meant = UNPROTECTED[inline["c"][0][1][0]]
            content = _unprotect(inline["c"][1])
            if meant in ("DoubleQuote", "SingleQuote"):
                result.append({"t": "Quoted", "c": [{"t": meant}, content]})
            else:
                result.append({"t": meant, "c": content})
            continue
        if isinstance(inline.get("c"), list) and kind not in ("Code", "Math", "RawInline"):
            inline = dict(inline, c=_map_content_plain(inline))
        result.append(inline)
    return result


def _map_content_plain(inline: dict):
    kind, content = inline["t"], inline["c"]
    if kind in ("Link", "Image", "Span", "Quoted", "Cite"):
        return [content[0], _unprotect(content[1]), *content[2:]]
    if kind in DELIMITED:
        return _unprotect(content)
    return content


def as_plain_text(inlines: list | None) -> str | None:
    """A plain-text slot's value (a credit) from its parsed unit text; ``None``
    if the text carries any markup."""
    if inlines is None:
        return None
    words = [_word(inline) for inline in inlines]
    return None if None in words else "".join(words)


# Footnotes ----------------------------------------------------------------------

def split_note_marks(text: str):
    """``text`` as pieces: ``(None, words)`` and ``(number, "[^n]")`` for each footnote mark."""
    position = 0
    for mark in NOTE_MARK.finditer(text):
        if mark.start() > position:
            yield None, text[position:mark.start()]
        yield int(mark.group(1)), mark.group(0)
        position = mark.end()
    if position < len(text):
        yield None, text[position:]


def restore_notes(inlines: list, notes: list[dict]) -> list | None:
    """Put a unit's footnotes back where its translation has ``[^n]``; ``None``
    if the translation does not carry each note exactly once (or carries a
    note of its own)."""
    used = []
    foreign = []

    def note(inline):
        number = _note_number(inline)
        if number is None or not 1 <= number <= len(notes):
            foreign.append(inline)
            return inline
        used.append(number)
        return notes[number - 1]
    result = _map_notes(inlines, note)
    return result if not foreign and sorted(used) == list(range(1, len(notes) + 1)) else None


def notes_of(inlines: list) -> list[dict]:
    """A unit's footnotes in the order its text marks them (not those inside a note)."""
    found: list[dict] = []
    _map_notes(inlines, lambda inline: found.append(inline) or inline)
    return found


# Markup a translation may carry -------------------------------------------------

def markup_signature(inlines: list) -> Counter:
    """What of a unit's markup a translation must carry as it is: link and image
    targets with their attributes, span and code attributes, raw codes, math,
    citations. Words and emphasis are the translator's."""
    found: Counter = Counter()
    _signature(inlines, found)
    return found


def _signature(inlines: list, found: Counter) -> None:
    for inline in inlines:
        kind, content = inline["t"], inline.get("c")
        if kind in ("Link", "Image"):
            found[(kind, content[2][0], content[2][1], json.dumps(content[0]))] += 1
            _signature(content[1], found)
        elif kind == "Span":
            found[(kind, json.dumps(content[0]))] += 1
            _signature(content[1], found)
        elif kind == "Code":
            if content[0] != ["", [], []]:
                found[(kind, json.dumps(content[0]))] += 1
        elif kind in ("RawInline", "Math"):
            found[(kind, json.dumps(content))] += 1
        elif kind == "Cite":
            found[(kind, json.dumps([c["citationId"] for c in content[0]]))] += 1
        elif kind == "Quoted":
            _signature(content[1], found)
        elif kind in DELIMITED:
            _signature(content, found)


def canonical(texts: list[str], where: str) -> list[str | None]:
    """Unit texts in our spelling, whatever tool wrote the Markdown (``_em_``
    becomes ``*em*``, hard-wrapped lines are joined); ``None`` for a text that
    is not one paragraph. A text our spelling cannot carry is kept as written."""
    parsed = from_markdown(texts, where)
    keep = [i for i, inlines in enumerate(parsed) if inlines is not None]
    written = write_units([parsed[i] for i in keep])
    result: list[str | None] = [None] * len(texts)
    for index, (text, ok) in zip(keep, written):
        result[index] = text if ok else texts[index]
    return result
