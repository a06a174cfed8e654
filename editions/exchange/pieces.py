"""A unit's inline Markdown as a sequence a CAT tool can protect.

Text stays text; every piece of markup becomes a code whose native data is
the Markdown exactly as written: a container (emphasis, a link, a span) gives
the Markdown before and after its content, a leaf (code, a footnote mark, an
image, a line break) gives its whole Markdown. Quotation marks stay text, so
the translator sets the target language's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..source.unittext import from_markdown, split_note_marks, to_markdown

MARK = "\ue000"
CONTAINERS = {"Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps", "Link", "Span"}
KINDS = {"Emph": ("fmt", "xlf:i"), "Strong": ("fmt", "xlf:b"), "Underline": ("fmt", "xlf:u"), "Link": ("link", "")}


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


def pieces_of(texts: list[str]) -> list[tuple | None]:
    """Each unit text as Text/Paired/Placeholder pieces (None if it is not one paragraph)."""
    parsed = from_markdown(texts, "export")
    templates: list = []
    trees = [_collect(inlines, templates) if inlines is not None else None for inlines in parsed]
    natives = to_markdown([template for template, _ in templates]) if templates else []
    spelled = {id(node): native for (_template, node), native in zip(templates, natives)}
    return [tuple(_pieces(tree, spelled)) if tree is not None else None for tree in trees]


def _collect(inlines: list, templates: list) -> list:
    for inline in inlines:
        kind = inline["t"]
        if kind in CONTAINERS:
            content = inline["c"][1] if kind in ("Link", "Span") else inline["c"]
            shell = dict(inline, c=_with_content(inline, [{"t": "Str", "c": MARK}]))
            templates.append(([shell], inline))
            _collect(content, templates)
        elif kind in ("Code", "Math", "Image", "RawInline", "LineBreak", "Cite"):
            templates.append(([inline], inline))
        elif kind == "Quoted":
            _collect(inline["c"][1], templates)
    return inlines


def _with_content(inline: dict, content: list):
    if inline["t"] in ("Link", "Span"):
        return [inline["c"][0], content, *inline["c"][2:]]
    return content


def _pieces(inlines: list, spelled: dict):
    for inline in inlines:
        kind = inline["t"]
        if kind == "Str":
            yield from _text_with_note_marks(inline["c"])
        elif kind in ("Space", "SoftBreak"):
            yield Text(" ")
        elif kind == "Quoted":
            opening, closing = ("“", "”") if inline["c"][0]["t"] == "DoubleQuote" else ("‘", "’")
            yield Text(opening)
            yield from _pieces(inline["c"][1], spelled)
            yield Text(closing)
        elif kind in CONTAINERS:
            start, _, end = spelled[id(inline)].partition(MARK)
            content = inline["c"][1] if kind in ("Link", "Span") else inline["c"]
            yield Paired(kind, start, end, tuple(_pieces(content, spelled)))
        elif id(inline) in spelled:
            yield Placeholder(kind, spelled[id(inline)])


def _text_with_note_marks(text: str):
    for number, piece in split_note_marks(text):
        yield Text(piece) if number is None else Placeholder("Note", piece)


def markdown_of(pieces) -> str:
    """The Markdown the pieces stand for (what an import gives back)."""
    out = []
    for piece in pieces:
        if isinstance(piece, Text):
            out.append(piece.text)
        elif isinstance(piece, Paired):
            out.append(piece.start + markdown_of(piece.content) + piece.end)
        else:
            out.append(piece.native)
    return "".join(out)


def append_text(element, last, text: str) -> None:
    """Text after ``last`` (its tail), or at the start of ``element`` when nothing came before."""
    if last is None:
        element.text = (element.text or "") + text
    else:
        last.tail = (last.tail or "") + text
