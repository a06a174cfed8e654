"""A unit's inline Markdown as a sequence a CAT tool can protect.

Text stays text; every piece of markup becomes a code whose native data is
the Markdown exactly as the unit text spells it: a container (emphasis, a
link, a span) gives the Markdown before and after its content, a leaf (code,
a footnote mark, an image, a line break, raw HTML or TeX) gives its whole
Markdown. The pieces are cut by the same writer that spells unit texts, so
joined again they are the unit text, character for character, in every
format. Quotation marks stay text, so the translator sets the target
language's own.
"""

from __future__ import annotations

from ..source.unittext import (
    SPELLINGS,
    Paired,
    Placeholder,
    Text,
    from_markdown,
    markdown_of,
    write,
)

MARK = "\ue000"
KINDS = {"Emph": ("fmt", "xlf:i"), "Strong": ("fmt", "xlf:b"), "Underline": ("fmt", "xlf:u"), "Link": ("link", "")}

__all__ = ["Paired", "Placeholder", "Text", "append_text", "markdown_of", "pieces_of", "sources_and_targets"]


def sources_and_targets(work, target_of) -> list[tuple]:
    """(item, source pieces, target pieces) for each item of ``work`` (export's work items):
    its unit's source and ``target_of(item)`` cut in one reading, as ``pieces_of`` cuts them."""
    pieces = pieces_of([text for item in work for text in (item.unit.source, target_of(item) or "")])
    return [(item, pieces[2 * number], pieces[2 * number + 1]) for number, item in enumerate(work)]


def pieces_of(texts: list[str]) -> list[tuple | None]:
    """Each unit text as Text/Paired/Placeholder pieces whose Markdown is the
    text itself (None if it is not one paragraph, or a spelling our writer
    does not give: such a text goes out as plain text)."""
    parsed = from_markdown(texts, "export")
    result: list[tuple | None] = []
    for text, inlines in zip(texts, parsed):
        found = None
        if inlines is not None:
            for spelling in (False, *SPELLINGS, True):
                pieces = tuple(write(inlines, spelling))
                if markdown_of(pieces) == text:
                    found = pieces
                    break
        result.append(found)
    return result


def append_text(element, last, text: str) -> None:
    """Text after ``last`` (its tail), or at the start of ``element`` when nothing came before."""
    if last is None:
        element.text = (element.text or "") + text
    else:
        last.tail = (last.tail or "") + text
