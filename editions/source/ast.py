"""Small helpers over pandoc's JSON AST, shared by the stages that read it."""

from __future__ import annotations

from collections.abc import Iterator


def elements(node, kinds: frozenset[str] | set[str]) -> Iterator[dict]:
    """Every element of a type in ``kinds`` under ``node`` (a block, an inline, a list of
    them, metadata), depth first, in document order; nested elements come after their holder."""
    # A stack, not recursion: a generator nested as deep as the document costs every
    # element it yields one step per level, and a deep document its recursion limit.
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("t") in kinds:
                yield node
            content = node.get("c")
            if isinstance(content, (dict, list)):
                stack.append(content)
        elif isinstance(node, list):
            stack.extend(reversed(node))


def walk_inlines(node) -> Iterator[dict]:
    """Every inline element under ``node``, depth first, in document order."""
    return elements(node, INLINE_TYPES)


def unwrap_soft_breaks(node):
    """Turn soft line breaks into spaces, so a unit's text is one line however
    the Markdown was wrapped (a rewrap of the source changes no unit)."""
    if isinstance(node, list):
        return [unwrap_soft_breaks(item) if isinstance(item, (list, dict)) else item for item in node]
    if isinstance(node, dict):
        if node.get("t") == "SoftBreak":
            return {"t": "Space"}
        return {key: unwrap_soft_breaks(value) if isinstance(value, (list, dict)) else value
                for key, value in node.items()}
    return node


def stringify(node) -> str:
    """The plain text of an AST fragment, as pandoc's ``stringify`` gives it."""
    parts: list[str] = []
    _stringify(node, parts)
    return "".join(parts)


def _stringify(node, parts: list[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _stringify(item, parts)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("t")
    if kind in ("Str", "MetaString"):
        parts.append(node["c"])
    elif kind in ("Space", "SoftBreak", "LineBreak"):
        parts.append(" ")
    elif kind in ("Code", "Math"):
        parts.append(node["c"][1])
    elif kind == "Quoted":
        quote = "“”" if node["c"][0]["t"] == "DoubleQuote" else "‘’"
        parts.append(quote[0])
        _stringify(node["c"][1], parts)
        parts.append(quote[1])
    elif kind in ("Link", "Image", "Span", "Cite"):
        _stringify(node["c"][1], parts)
    elif kind in ("Note", "RawInline"):
        return
    else:
        _stringify(node.get("c"), parts)


def span(inlines: list, attributes: list[list[str]], classes: list[str] | None = None) -> dict:
    return {"t": "Span", "c": [["", classes or [], attributes], inlines]}


INLINE_TYPES = frozenset({
    "Str", "Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript",
    "SmallCaps", "Quoted", "Cite", "Code", "Space", "SoftBreak", "LineBreak", "Math",
    "RawInline", "Link", "Image", "Note", "Span",
})


def nesting_depth(node) -> int:
    """How many elements deep ``node`` nests at most (a paragraph in a block quote: 2).
    Walked with a stack of its own, so no depth of input exhausts Python's recursion."""
    deepest, stack = 0, [(node, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            depth += 1 if "t" in item else 0
            deepest = max(deepest, depth)
            stack.extend((value, depth) for value in item.values() if isinstance(value, (dict, list)))
        elif isinstance(item, list):
            stack.extend((value, depth) for value in item if isinstance(value, (dict, list)))
    return deepest
